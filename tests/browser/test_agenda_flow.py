"""STRAIIK-D in the browser: the programme office adds an action (a bad deadline is explained first), the owner
reports progress, the area dashboard shows the action as overdue, and the progress report downloads as a PDF."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from straiik.accounts.roles import Role
from straiik.agenda import services
from straiik.agenda.models import Action
from straiik.registry.models import Membership, Organisation
from tests.browser.test_registry_flow import log_in, make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]


def test_add_an_action_report_progress_see_the_dashboard_and_download_the_report(page: Page, screenshot: Any,
                                                                                  tmp_path: Any) -> None:
    today = timezone.localdate()
    year = today.year
    office = make_user("office", [Role.PROGRAMME_OFFICE])
    owner = make_user("owner")
    organisation = Organisation.objects.create(name="Defensie Materieel Organisatie", slug="dmo", kind="government",
                                               country="NL")
    Membership.objects.create(user=owner, organisation=organisation)
    agenda = services.agenda_create(user=office, year=year, summary="De actieagenda van dit jaar.")
    services.ambition_set(user=office, agenda=agenda, area="sensors", text="Sterk in radar en sensoren.")
    deadline = max(today - dt.timedelta(days=1), dt.date(year, 1, 1))

    log_in(page, "office")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="STRAIIK-D").click()
    page.locator("#current-agenda h2 a").click()
    expect(page.locator("h1")).to_contain_text(f"STRAIIK-D {year}")
    page.locator("#add-action").click()
    page.locator("#id_title").fill("Gun 8 haalbaarheidsstudies in de SDIR-oproep drones")
    page.locator("#id_area").select_option("sensors")
    page.locator("#id_owner").fill("dmo")
    page.locator("#id_owner_person").fill("hoofd innovatief inkopen")
    page.locator("#id_deadline").fill(f"{year - 1}-12-31")
    page.locator("#id_indicator_name").fill("haalbaarheidsstudies gegund")
    page.locator("#id_baseline").fill("0")
    page.locator("#id_target").fill("8")
    page.locator("#id_unit").fill("studies")
    page.locator("#save-action").click()
    expect(page.locator(".field.has-error")).to_contain_text(f"lies before the agenda year {year}")
    screenshot("bad-deadline")
    page.locator("#id_deadline").fill(deadline.isoformat())
    page.locator("#save-action").click()
    expect(page.locator("h1")).to_contain_text(f"{year}-01 Gun 8 haalbaarheidsstudies")
    expect(page.locator("#verdict")).to_contain_text("concrete and executable")
    page.locator("form.inline").get_by_role("button", name="Log out").click()

    log_in(page, "owner")
    page.goto(f"/agenda/{year}/")
    page.get_by_role("link", name="Gun 8 haalbaarheidsstudies in de SDIR-oproep drones").first.click()
    expect(page.locator("#no-progress")).to_be_visible()
    page.locator("#id_status").select_option("delayed")
    page.locator("#id_progress").fill("40")
    page.locator("#id_value").fill("3")
    page.locator("#id_text").fill("Drie studies gegund; de rest wacht op bezwaarprocedures.")
    page.locator("#post-progress").click()  # htmx posts the form; the page reloads with the report
    expect(page.locator("#progress .update-text")).to_contain_text("Drie studies gegund")
    expect(page.locator("#action-status")).to_have_text("Delayed")
    expect(page.locator("#action-progress")).to_have_text("40 %")
    expect(page.locator("#current-value")).to_contain_text("3 studies")
    screenshot("progress-reported")

    page.goto(f"/agenda/{year}/areas/sensors/")
    expect(page.locator("#actions .action-row")).to_have_count(1)
    expect(page.locator("#action-count")).to_have_text("1")
    expect(page.locator("#concrete-share")).to_contain_text("100")
    if deadline < today:
        expect(page.locator("#overdue-count")).to_have_text("1")
        expect(page.locator("#actions .action-row.overdue .overdue-flag")).to_have_text("overdue")
        expect(page.locator("svg.timeline g.action-bar.overdue")).to_have_count(1)
    expect(page.locator("#ambition")).to_contain_text("Sterk in radar en sensoren.")
    screenshot("area-dashboard")

    page.goto(f"/agenda/{year}/")
    page.locator("#report select[name=language]").select_option("nl")
    page.locator("#report select[name=format]").select_option("pdf")
    with page.expect_download() as download_info:
        page.locator("#download-report").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-nl.pdf")
    path = tmp_path / "report.pdf"
    download.save_as(path)
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages).split())
    assert f"STRAIIK-D {year}: voortgangsrapportage" in text and "Gun 8 haalbaarheidsstudies" in text
    action = Action.objects.get()
    assert (action.status, action.progress, action.updates.count()) == ("delayed", 40, 1)
