"""Being told, in the browser: an introduction is proposed to a company; its member sees the bell's count and
the notification, and gets the e-mail; the member accepts; the buyer who posted the need is told, in the
platform and by e-mail."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Page, expect

from straiik.accounts.roles import Role
from straiik.defport import services as defport
from straiik.defport.matching import reset_index
from straiik.registry import services as registry_services
from straiik.registry.models import Membership
from tests.browser.test_registry_flow import log_in, make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]


def run_worker() -> None:
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--interval", "0", verbosity=0)


def test_introduction_proposed_told_accepted_and_the_buyer_told(page: Page, screenshot: Any) -> None:
    reset_index()
    office = make_user("office", [Role.PROGRAMME_OFFICE])
    buyer = make_user("buyer", [Role.DEFENCE_BUYER])
    founder = make_user("founder")
    for user in (buyer, founder):
        user.email = f"{user.username}@example.org"
        user.save()
        # an address the platform knows as confirmed (sign-in asks for a confirmed address)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    unit = registry_services.organisation_create(user=office, data={
        "name": "Innovatiecel Landmacht", "kind": "defence-unit", "country": "NL", "province": "NL-UT",
        "city": "Utrecht"}, areas=["sensors"])
    unit = registry_services.organisation_verify(user=office, organisation=unit, evidence="test")
    Membership.objects.create(user=buyer, organisation=unit)
    company = registry_services.organisation_create(user=office, data={
        "name": "Velden Radar B.V.", "kind": "sme", "country": "NL", "province": "NL-ZH", "city": "Delft",
        "description": "Draagbare radar die kleine drones rond een kampement detecteert."}, areas=["sensors"])
    company = registry_services.organisation_verify(user=office, organisation=company, evidence="test")
    Membership.objects.create(user=founder, organisation=company)
    need = defport.submission_create(user=buyer, data={
        "kind": "need", "title": "Drones rond het kampement waarnemen", "organisation": unit,
        "description": "Eenheden willen kleine drones rond een kampement waarnemen met draagbare radar."},
        areas=["sensors"], confirmed_not_duplicate=True)
    defport.transition(user=office, submission=need, action="start_triage")
    defport.transition(user=office, submission=need, action="mark_matched")
    run_worker()
    mail.outbox.clear()

    # the buyer proposes the introduction from the need's ranked matches
    log_in(page, "buyer")
    page.goto(need.get_absolute_url())
    match = page.locator("#matches li.match").filter(has_text="Velden Radar B.V.")
    match.locator("input[name=note]").fill("Kunnen jullie dit in maart laten zien?")
    match.get_by_role("button", name="Propose an introduction").click()
    expect(page.locator("#introductions .intro-state")).to_have_text("Proposed")
    run_worker()
    assert [m.to for m in mail.outbox] == [["founder@example.org"]]
    proposal_mail = mail.outbox[0]
    # the founder never used the platform yet: told in its default language, Dutch
    assert proposal_mail.subject.startswith("[straiik] Een introductie voor Velden Radar B.V.")
    assert "Drones rond het kampement waarnemen" in proposal_mail.subject
    assert need.get_absolute_url() in proposal_mail.body and "in maart" in proposal_mail.body

    # the member sees the bell's count, the notification, and follows it
    page.context.clear_cookies()
    log_in(page, "founder")
    expect(page.locator("#bell-count")).to_have_text("1")
    screenshot("bell")
    page.locator("#bell").click()
    notification = page.locator("#notifications li.notification.unread")
    expect(notification).to_have_count(1)
    expect(notification.locator(".subject")).to_contain_text("Een introductie voor Velden Radar B.V.")
    screenshot("notifications")
    notification.get_by_role("button", name="Open").click()
    expect(page).to_have_url(f"{page.url.split('/defport/')[0]}{need.get_absolute_url()}")
    expect(page.locator("#bell-count")).to_be_hidden()  # read

    page.goto("/defport/")
    page.locator("#introductions").get_by_role("button", name="Accept").click()
    expect(page.locator(".messages")).to_contain_text("Your answer was recorded")
    mail.outbox.clear()
    run_worker()
    assert "buyer@example.org" in {m.to[0] for m in mail.outbox}
    accepted = [m for m in mail.outbox if m.to == ["buyer@example.org"] and "accepted" in m.subject]
    assert len(accepted) == 1 and "Velden Radar B.V." in accepted[0].subject

    # the buyer is told in the platform too, in English: the language the buyer last signed in with
    page.context.clear_cookies()
    log_in(page, "buyer")
    expect(page.locator("#bell-count")).not_to_have_text("0")
    page.locator("#bell").click()
    expect(page.locator("#notifications")).to_contain_text("Introduction accepted: Velden Radar B.V.")
    screenshot("buyer-told")
    reset_index()
