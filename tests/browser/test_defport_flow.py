"""Defport in the browser: a defence buyer posts a need, sees ranked matches with their reasons (across
languages, with the multilingual model), and proposes an introduction; the company accepts it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect

from straiik.accounts.roles import Role
from straiik.defport.matching import reset_index
from straiik.defport.models import Introduction
from straiik.registry import services as registry_services
from straiik.registry.models import Membership
from tests.browser.test_registry_flow import log_in, make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]


@override_settings(STRAIIK_MATCHING_DENSE=True)
def test_post_a_need_see_matches_and_introduce(page: Page, screenshot: Any) -> None:
    reset_index()
    office = make_user("office", [Role.PROGRAMME_OFFICE])
    buyer = make_user("buyer", [Role.DEFENCE_BUYER])
    founder = make_user("founder")
    unit = registry_services.organisation_create(user=office, data={
        "name": "Innovatiecel Landmacht", "kind": "defence-unit", "country": "NL", "province": "NL-UT",
        "city": "Utrecht"}, areas=["sensors"])
    unit = registry_services.organisation_verify(user=office, organisation=unit, evidence="Defence letter")
    Membership.objects.create(user=buyer, organisation=unit)
    radar = registry_services.organisation_create(user=office, data={
        "name": "ТОВ Небесний Щит", "kind": "international", "country": "UA", "city": "Київ",
        "description": "Виробляємо портативні радари для виявлення малих безпілотників."}, areas=["sensors"])
    Membership.objects.create(user=founder, organisation=radar)
    registry_services.organisation_create(user=office, data={
        "name": "Skyguard Ltd", "kind": "international", "country": "GB", "city": "Bristol",
        "description": "Portable radar systems that detect small unmanned aircraft near field camps."},
        areas=["sensors"])
    registry_services.organisation_create(user=office, data={
        "name": "Bakkerij Jansen", "kind": "sme", "country": "NL", "province": "NL-UT", "city": "Utrecht",
        "description": "Brood en banket voor de kantine."}, areas=["smart-materials"])

    log_in(page, "buyer")
    page.goto("/defport/")
    page.locator("#post-need").click()
    page.locator("#id_title").fill("Waarnemen van vijandelijke quadcopters")
    page.locator("#id_description").fill("Eenheden willen vijandelijke quadcopters rond een kampement op afstand "
                                         "waarnemen, met draagbare radar. <script>alert(1)</script>")
    page.locator("#id_organisation").select_option(str(unit.pk))
    page.get_by_label("Sensors").check()
    page.locator("#submit-button").click()
    expect(page.locator(".messages")).to_contain_text("The programme office answers by")
    expect(page.locator("#state")).to_have_text("Submitted")
    expect(page.locator("#description")).to_contain_text("<script>alert(1)</script>")  # shown as text

    matches = page.locator("#matches li.match")
    expect(matches.first).to_be_visible()
    names = matches.locator("strong").all_inner_texts()
    assert "Innovatiecel Landmacht" not in names  # not the need's own organisation
    assert {"ТОВ Небесний Щит", "Skyguard Ltd"} <= set(names[:3]), names
    first = matches.filter(has_text="ТОВ Небесний Щит")
    expect(first.locator(".reasons")).to_contain_text("semantic similarity")
    expect(first.locator(".reasons")).to_contain_text("same priority area")
    screenshot("matches")
    first.locator("input[name=note]").fill("Kunnen jullie dit in maart laten zien?")
    first.get_by_role("button", name="Propose an introduction").click()
    expect(page.locator("#introductions")).to_contain_text("ТОВ Небесний Щит")
    expect(page.locator("#introductions .intro-state")).to_have_text("Proposed")

    page.context.clear_cookies()
    log_in(page, "founder")
    page.goto("/defport/")
    expect(page.locator("#introductions")).to_contain_text("Kunnen jullie dit in maart laten zien?")
    page.locator("#introductions").get_by_role("button", name="Accept").click()
    expect(page.locator(".messages")).to_contain_text("Your answer was recorded")
    screenshot("accepted")
    assert Introduction.objects.get().state == "accepted"
    reset_index()
