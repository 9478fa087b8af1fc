"""Demand bundling in the browser: import demand and offers, run the optimiser as a background task, see the
proposed joint contracts and the savings per nation, accept one."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from straiik.accounts.roles import Role
from straiik.bundling import services
from straiik.bundling.models import BundlingRun, JointProcurement
from straiik.registry.models import Organisation
from tests.browser.test_registry_flow import log_in, make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]

DEMAND = """buyer,reference,item,standard,quantity,periods,solo_unit_price
agency-nl,NL-155-1,35331000,STANAG-4425,20000,2027-Q1;2027-Q2,4200
agency-de,DE-155-1,35331000,STANAG-4425,30000,2027-Q1,4300
agency-be,BE-155-1,35331000,STANAG-4425,8000,2027-Q1;2027-Q2,4150
agency-pl,PL-155-1,35331000,STANAG-4425,25000,2027-Q2,4250
agency-ua,UA-155-1,35331000,STANAG-4425,40000,2027-Q1;2027-Q2,4100
agency-nl,NL-UAV-1,35613000,STANAG-4586,900,2027-Q2,2400
"""
OFFERS = """supplier,reference,item,standards,eu_content,contract_cost,tiers,capacity
munitiewerk-twente,MT-155,35331000,STANAG-4425,90%,250000,0: 4000; 50000: 3600; 100000: 3400,"2027-Q1: 80000;
 2027-Q2: 80000"
munitiewerk-twente,MT-155-B,35331000,STANAG-4425,0.6,100000,0: 3950; 60000: 3700,2027-Q2: 50000
"""


def test_import_run_and_see_the_joint_contracts(page: Page, screenshot: Any, tmp_path: Path) -> None:
    office = make_user("office", [Role.PROGRAMME_OFFICE])
    for country in ("NL", "DE", "BE", "PL", "UA"):
        Organisation.objects.create(name=f"Agency {country}", slug=f"agency-{country.lower()}", kind="government",
                                    country=country, verification_status="verified")
    Organisation.objects.create(name="Munitiewerk Twente B.V.", slug="munitiewerk-twente", kind="prime",
                                country="NL", verification_status="verified")
    services.round_create(user=office, data={"name": "Artillery 2027", "periods": ["2027-Q1", "2027-Q2"],
                                                     "time_limit": 10})
    (tmp_path / "demand.csv").write_text(DEMAND)
    (tmp_path / "offers.csv").write_text(OFFERS)

    log_in(page, "office")
    page.goto("/bundling/")
    page.get_by_role("link", name="Artillery 2027").click()
    expect(page.locator("#demand-table")).to_contain_text("No demand")
    page.locator("#import-link").click()
    page.locator("#id_kind_0").check()  # demand
    page.locator("#id_file").set_input_files(tmp_path / "demand.csv")
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator(".messages")).to_contain_text("6 rows were imported")
    page.locator("#import-link").click()
    page.locator("#id_kind_1").check()  # offers
    page.locator("#id_file").set_input_files(tmp_path / "offers.csv")
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator(".messages")).to_contain_text("2 rows were imported")
    expect(page.locator("#demand-table tbody tr")).to_have_count(6)
    expect(page.locator("#offer-table tbody tr")).to_have_count(2)
    screenshot("round-with-inputs")

    page.locator("#id_label").fill("Artillery as it is")
    page.locator("#run-button").click()
    expect(page.locator("h1")).to_have_text("Artillery as it is")
    expect(page.locator("#run-status")).to_have_text("Queued")
    screenshot("queued")
    # The browser leaves while the worker solves (the page polls the shared test database otherwise);
    # coming back shows the stored result: progress and results live in the database, not in the page.
    page.goto("about:blank")
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--interval", "0", verbosity=0)
    run = BundlingRun.objects.get()
    assert run.status == "done", run.error
    page.goto(run.get_absolute_url())

    expect(page.locator("#quality")).to_contain_text("Optimal")
    expect(page.locator("#contract-table tr.contract")).to_have_count(1)
    expect(page.locator("#contract-table")).to_contain_text("Munitiewerk Twente")
    expect(page.locator("#contract-table")).to_contain_text("with Ukraine")
    expect(page.locator("svg.chart g.nation-bar")).to_have_count(5)
    expect(page.locator("#nation-table")).to_contain_text("Ukraine")
    expect(page.locator("#ukraine")).to_contain_text("Partners' savings")
    screenshot("results")

    participants = page.locator("#contract-table tr.contract").first.locator("td").nth(3).inner_text()
    page.locator("button.accept").first.click()
    # accepting binds the nations' demand: a page of its own says so first
    expect(page.locator("#confirm-title")).to_contain_text("Accept the joint procurement")
    expect(page.locator("#confirm-recipients li")).to_have_count(len(re.findall(r"\b[A-Z]{2} \d", participants)))
    expect(page.locator("#confirm-recipients")).to_contain_text("Ukraine")
    assert not JointProcurement.objects.exists()
    page.locator("#confirm").click()
    expect(page.locator("h1")).to_contain_text("JP-")
    expect(page.locator("#procurement-facts")).to_contain_text("Lead nation")
    screenshot("joint-procurement")
    procurement = JointProcurement.objects.get()
    assert procurement.lead_nation in {"NL", "DE", "BE", "PL"}
