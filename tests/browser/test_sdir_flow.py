"""An SDIR competition in the browser: the office drafts and publishes a call, a company applies with an attachment,
the call closes, a reviewer declares no conflict and scores, the office moderates, decides and awards, and the
dashboard shows it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from straiik.accounts.roles import Role
from straiik.registry.models import Membership, Organisation
from straiik.sdir.models import Award, Call
from tests.browser.test_registry_flow import log_in, make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]


def switch(page: Page, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username)


def local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M:%S")


def test_publish_apply_review_decide_award_and_see_the_dashboard(page: Page, screenshot: Any, tmp_path: Path) -> None:
    make_user("office", [Role.PROGRAMME_OFFICE])
    make_user("rev", [Role.REVIEWER])
    member = make_user("member")
    unit = Organisation.objects.create(name="Defence Materiel Organisation", slug="dmo", kind="defence-unit",
                                       country="NL", verification_status="verified")
    company = Organisation.objects.create(name="Velden Radar B.V.", slug="velden-radar", kind="sme", country="NL",
                                          verification_status="verified")
    Membership.objects.create(user=member, organisation=company)
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    (tmp_path / "fake.pdf").write_bytes(b"<html>not a pdf</html>")
    now = timezone.now()

    # the office drafts the call in the form and publishes it
    log_in(page, "office")
    page.goto("/sdir/")
    page.locator("#new-call").click()
    page.locator("#id_title").fill("Early warning of small drones")
    page.locator("#id_problem").fill("Units need to detect small drones around camps.")
    page.locator("#id_area").select_option("sensors")
    page.locator("#id_owning_unit").select_option(str(unit.pk))
    page.locator("#id_budget_eur").fill("1000000")
    page.locator("#id_max_award_eur").fill("500000")
    page.locator("#id_opens_at").fill(local(now - dt.timedelta(minutes=5)))
    page.locator("#id_closes_at").fill(local(now + dt.timedelta(hours=1)))
    page.locator("#id_reviewers_per_proposal").fill("1")
    page.get_by_label("rev", exact=True).check()
    page.locator("#save-call").click()
    expect(page.locator("#call-state")).to_have_text("Draft")
    expect(page.locator("#criteria")).to_contain_text("Desirable")
    page.locator("#do-publish").click()
    expect(page.locator("#call-state")).to_have_text("Open for proposals")
    screenshot("published")
    call = Call.objects.get()

    # a company applies, with an attachment; a fake PDF is refused
    switch(page, "member")
    page.goto(call.get_absolute_url())
    page.locator("#apply").click()
    page.locator("#id_title").fill("Passive RF drone detector")
    page.locator("#id_summary").fill("Listens for drone control links.")
    page.locator("#id_approach").fill("Three sensors, tested on a range.")
    page.locator("#id_amount_eur").fill("400000")
    page.locator("#id_duration_months").fill("6")
    page.locator("#submit-proposal").click()
    expect(page.locator("#receipt-number")).to_contain_text(call.reference)
    page.locator("#id_file").set_input_files(tmp_path / "fake.pdf")
    page.locator("#upload").click()
    expect(page.locator(".messages")).to_contain_text("claims to be a PDF file but is not one")
    page.locator("#id_file").set_input_files(tmp_path / "plan.pdf")
    page.locator("#upload").click()
    expect(page.locator("#attachments")).to_contain_text("plan.pdf")
    screenshot("proposal-with-receipt")

    # the call closes at its time (moved into the past between requests), the office starts the review
    page.goto("about:blank")
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    switch(page, "office")
    page.goto(call.get_absolute_url())
    expect(page.locator("#call-state")).to_have_text("Closed")
    page.locator("#do-start_review").click()
    expect(page.locator("#call-state")).to_have_text("In review")

    # the reviewer declares, then scores
    switch(page, "rev")
    page.goto("/sdir/review/")
    expect(page.locator("#count-pending")).to_have_text("1")
    page.locator("#queue a.button").first.click()
    expect(page.locator("#content")).to_have_count(0)
    page.locator("#id_conflict_0").check()
    page.locator("#declare").click()
    expect(page.locator("#content")).to_contain_text("Listens for drone control links.")
    for key, value in (("desirable", "8"), ("feasible", "7"), ("viable", "7")):
        page.locator(f"#id_{key}").fill(value)
        page.locator(f"#id_{key}_comment").fill(f"{key}: convincing")
    page.locator("#submit-scores").click()
    expect(page.locator("#assignment-state")).to_have_text("Scores submitted")
    screenshot("scored")

    # the office takes the means as the consensus, decides and awards
    switch(page, "office")
    page.goto(f"/sdir/calls/{call.pk}/moderation/")
    page.locator("#take-means").click()
    expect(page.locator("#moderation-table .consensus")).to_have_text("73.33")
    page.goto(f"/sdir/calls/{call.pk}/decision/")
    expect(page.locator("#ranking")).to_contain_text("Passive RF drone detector")
    # irreversible steps ask first, on a page of their own, and say what happens and to whom
    page.locator("#do-decide").click()
    expect(page.locator("#confirm-title")).to_contain_text("Decide and notify the applicants")
    expect(page.locator("#confirmation")).to_contain_text("1 of 1 proposals are funded, for € 400,000")
    expect(page.locator("#confirm-recipients")).to_have_text("Velden Radar B.V. — “Passive RF drone detector”: "
                                                             "selected")
    page.locator("#cancel-confirm").click()  # going back changes nothing
    expect(page.locator("#call-state")).to_have_text("In review")
    page.goto(f"/sdir/calls/{call.pk}/decision/")
    page.locator("#do-decide").click()
    page.locator("#confirm").focus()
    page.keyboard.press("Enter")  # with the keyboard alone
    expect(page.locator("#call-state")).to_have_text("Decided")
    page.locator("#do-award").click()
    expect(page.locator("#confirm-title")).to_contain_text("Award the contracts")
    expect(page.locator("#confirmation")).to_contain_text("1 contract is awarded, € 400,000 in all")
    expect(page.locator("#confirm-recipients")).to_contain_text("Velden Radar B.V. — € 400,000")
    screenshot("confirm-award")
    assert not Award.objects.exists()
    page.locator("#confirm").click()
    expect(page.locator("#call-state")).to_have_text("Awarded")
    expect(page.locator("#awards")).to_contain_text("Velden Radar B.V.")
    screenshot("awarded")
    award = Award.objects.get()
    assert award.amount_eur == 400_000 and award.milestones.count() == 2

    # the dashboard shows it
    page.goto("/sdir/dashboard/")
    expect(page.locator("#award-count")).to_have_text("1")
    expect(page.locator("#notify-share")).to_have_text("100 %")
    expect(page.locator("svg.chart g.call-bar")).to_have_count(1)
    expect(page.locator("#timeliness-table")).to_contain_text(call.reference)
    screenshot("dashboard")

    # the applicant reads the outcome and the letter is there
    switch(page, "member")
    page.goto("/sdir/notifications/")
    expect(page.locator("#notifications")).to_contain_text("Contract awarded")
    page.goto(award.proposal.get_absolute_url())
    expect(page.locator("#outcome")).to_contain_text("Selected for funding")
    expect(page.locator("#letter-link")).to_be_visible()
