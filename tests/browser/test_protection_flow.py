"""Protection in the browser: the programme office loads the EU sanctions list, a possible match appears in the
screening queue for an applicant, the office confirms it, and the applicant's SDIR award is blocked with the reason
on the call's page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from straiik.accounts.roles import Role
from straiik.protection.models import ScreeningHit
from straiik.registry import services as registry_services
from straiik.registry.models import Membership, Organisation
from straiik.sdir import services as sdir
from straiik.sdir.models import Award
from tests.browser.test_registry_flow import log_in, make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]
EU_FILE = Path(__file__).resolve().parents[1] / "protection" / "data" / "eu-sanctions-small.xml"


def decided_call(office: Any, company: Organisation, member: Any) -> Any:
    """A call whose only proposal, the company's, is selected: the next step is the award."""
    reviewer = make_user("rev", [Role.REVIEWER])
    unit = Organisation.objects.create(name="Defence Materiel Organisation", slug="dmo", kind="defence-unit",
                                       country="NL")
    now = timezone.now()
    later = now + dt.timedelta(hours=2)
    call = sdir.call_create(user=office, reviewers=[reviewer], data={
        "title": "Early warning of small drones", "problem": "Units need early warning of small drones.",
        "area": "sensors", "owning_unit": unit, "phase": 1, "budget_eur": 1_000_000, "max_award_eur": 600_000,
        "opens_at": now - dt.timedelta(hours=1), "closes_at": now + dt.timedelta(hours=1), "scheme": "dasa",
        "reviewers_per_proposal": 1})
    sdir.transition(user=office, call=call, action="publish")
    proposal = sdir.proposal_create(user=member, call=call, submit=True, data={
        "organisation": company, "title": "Passive RF detector", "summary": "Listens for control links.",
        "approach": "Three sensors, tested on a range.", "amount_eur": 400_000, "duration_months": 6, "trl": 4})
    sdir.transition(user=office, call=call, action="start_review", now=later)
    assignment = proposal.assignments.get()
    sdir.declare_interest(user=reviewer, assignment=assignment, conflict=False, now=later)
    sdir.scores_save(user=reviewer, assignment=assignment, now=later,
                     scores=dict.fromkeys(("desirable", "feasible", "viable"), (8, "good")))
    sdir.consensus_from_means(user=office, call=call, now=later)
    sdir.transition(user=office, call=call, action="decide", now=later)
    return call


def test_load_a_list_confirm_a_hit_and_the_award_is_blocked(page: Page, screenshot: Any) -> None:
    office = make_user("office", [Role.PROGRAMME_OFFICE])
    member = make_user("member")
    company = Organisation.objects.create(name="ACME Defence Systems Ltd", slug="acme", kind="sme", country="NL")
    company = registry_services.organisation_verify(user=office, organisation=company, evidence="KvK extract")
    Membership.objects.create(user=member, organisation=company, is_admin=True)
    call = decided_call(office, company, member)

    # the office loads the EU list from its file
    log_in(page, "office")
    page.locator(".mainnav").get_by_role("link", name="Protection").click()
    expect(page.locator("#open-hits")).to_have_text("0")
    page.get_by_role("link", name="Load a sanctions list").click()
    page.locator("#id_source").select_option("eu")
    page.locator("#id_file").set_input_files(str(EU_FILE))
    page.locator("#load-list").click()
    expect(page.locator(".messages")).to_contain_text("version 900001 loaded: 5 entries")

    # the possible match is in the queue, with the listed name
    row = page.locator("#hits tbody tr", has_text="ACME Defence Systems Ltd")
    expect(row).to_contain_text("ACME DEFENCE SYSTEMS LIMITED")
    screenshot("queue")
    row.locator("a.review-hit").click()
    page.get_by_label("Confirm: it is the listed party").check()
    page.locator("#id_reason").fill("Same company: registration number 7701234567 on its letters.")
    page.locator("#decide").click()
    expect(page.locator("#hit-status")).to_contain_text("Confirmed")
    assert ScreeningHit.objects.get().status == "confirmed"

    # the award is refused with the reason
    page.goto(call.get_absolute_url())
    expect(page.locator("#protection-panel")).to_contain_text("ACME Defence Systems Ltd is blocked")
    page.locator("#do-award").click()
    page.locator("#confirm").click()  # awarding asks first (what happens, to whom); the service then refuses
    expect(page.locator(".messages")).to_contain_text(
        "ACME Defence Systems Ltd is blocked: the organisation “ACME Defence Systems Ltd” is confirmed as "
        "ACME DEFENCE SYSTEMS LIMITED on the EU consolidated financial sanctions list (EU.9002.02).")
    screenshot("award-blocked")
    assert not Award.objects.exists()

    # the company's administrator sees it on its protection page; the dashboard counts it
    page.context.clear_cookies()
    log_in(page, "member")
    page.locator(".mainnav").get_by_role("link", name="Protection").click()
    page.get_by_role("link", name="ACME Defence Systems Ltd").click()
    expect(page.locator("#blocked")).to_contain_text("EU.9002.02")
