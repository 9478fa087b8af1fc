"""End-to-end flows through the registry pages in headless Chromium against a live server.

Each test builds its own data through the services (the live server implies a transactional database
that is flushed after every test) and asserts only what a person sees in the browser, plus, where the
page cannot show it, the state of the database once the browser is done."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from straiik.accounts.roles import Role
from straiik.accounts.services import user_create
from straiik.registry import demo, selectors, services
from straiik.registry.models import Organisation, OrganisationKind, Visibility
from straiik.registry.taxonomies import Area, province_choices

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]

PASSWORD = "correct-horse-battery-staple"


# --- helpers ------------------------------------------------------------------------------------------


def make_user(username: str, roles: list[str] | None = None):  # type: ignore[no-untyped-def]
    from tests.conftest import enrol_if_required

    user = user_create(actor=None, username=username, password=PASSWORD, roles=roles or [])
    enrol_if_required(user)  # a role that needs a second factor gets the tests' TOTP secret
    return user


def make_demo_ecosystem(n: int = 40) -> list[Organisation]:
    return services.organisations_bulk_create(user=None, specs=list(demo.generate(n, seed=3)), is_demo=True)


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the sign-in page in whatever language it speaks (the fields have fixed ids); a user with
    a second factor then types the TOTP code (pyotp)."""
    from tests.conftest import totp_code

    page.goto("/accounts/login/")
    page.locator("#id_login").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    expect(page.locator("#current-user").or_(page.locator("#id_code"))).to_be_visible()
    if page.locator("#id_code").count():
        # A code once used is refused (replay protection); the server accepts the previous, current and next
        # period's code, so one user can sign in three times within 30 seconds.
        for offset in (0, 1, -1):
            page.locator("#id_code").fill(totp_code(offset_periods=offset))
            page.locator("#id_code").press("Enter")
            expect(page.locator("#current-user").or_(page.locator("#id_code_error"))).to_be_visible()
            if page.locator("#current-user").count():
                break
    expect(page.locator("#current-user")).to_have_text(username)


def result_rows(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("#organisation-table tbody tr")


def result_names(page: Page) -> list[str]:
    return page.locator("#organisation-table tbody td:first-child a").all_inner_texts()


def facts(page: Page) -> dict[str, str]:
    """The detail page's facts list as {term: description}."""
    terms = page.locator("dl.facts").first.locator("dt").all_inner_texts()
    values = page.locator("dl.facts").first.locator("dd").all_inner_texts()
    return dict(zip(terms, values, strict=True))


# --- 1. log in → search → edit → see the history ------------------------------------------------------


def test_member_logs_in_searches_edits_and_sees_the_history(page: Page, screenshot) -> None:  # type: ignore[no-untyped-def]
    make_demo_ecosystem()
    member = make_user("mira")
    organisation = services.organisation_create(
        user=member,
        data={"name": "Zilvermeeuw Optronics B.V.", "kind": OrganisationKind.SME, "country": "NL",
              "province": "NL-ZH", "city": "Leiden", "description": "Thermal cameras for naval vessels."},
        areas=[Area.SENSORS],
    )
    total = Organisation.objects.count()

    log_in(page, "mira")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Registry").click()
    expect(page).to_have_url(re.compile(r"/registry/$"))
    expect(page.locator(".pagination").first).to_contain_text(f"of {total}")
    assert result_rows(page).count() > 1

    # Typing in the search box refreshes the results in place (htmx, after a 300 ms pause).
    page.locator("#id_q").press_sequentially("zilvermeeuw", delay=20)
    expect(result_rows(page)).to_have_count(1)
    expect(page).to_have_url(re.compile(r"[?&]q=zilvermeeuw"))
    expect(page.locator("#organisation-table")).to_contain_text("Zilvermeeuw Optronics B.V.")
    expect(page.locator(".pagination").first).to_contain_text("1–1 of 1")
    screenshot("search-results")

    page.get_by_role("link", name="Zilvermeeuw Optronics B.V.").click()
    expect(page.locator("h1")).to_have_text("Zilvermeeuw Optronics B.V.")
    expect(page).to_have_url(re.compile(rf"/registry/{organisation.slug}/$"))
    screenshot("detail-before")

    page.locator("#edit-organisation").click()
    expect(page.locator("h1")).to_have_text("Edit Zilvermeeuw Optronics B.V.")
    expect(page.locator("#id_city")).to_have_value("Leiden")
    page.locator("#id_city").fill("Den Helder")
    page.locator("#id_description").fill("Thermal and infrared cameras for frigates and patrol vessels.")
    screenshot("edit-form")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(rf"/registry/{organisation.slug}/$"))
    expect(page.locator(".messages .success")).to_have_text("The changes have been saved.")
    assert facts(page)["Location"].startswith("Den Helder, Zuid-Holland")
    expect(page.locator(".description")).to_have_text("Thermal and infrared cameras for frigates and patrol vessels.")

    history = page.locator("#history")
    expect(history).to_be_visible()
    latest = history.locator("details.change").first
    expect(latest).to_have_attribute("open", "")
    expect(latest.locator(".change-user")).to_have_text("mira")
    expect(latest.locator("summary")).to_contain_text("Zilvermeeuw Optronics B.V.")
    diff = {
        row.locator("td").nth(0).inner_text(): (row.locator("td.before").inner_text(),
                                                row.locator("td.after").inner_text())
        for row in latest.locator("table.diff tbody tr").all()
    }
    # Only the two fields that were edited changed; the form round-trips everything else unchanged.
    assert diff == {
        "City": ("Leiden", "Den Helder"),
        "Description": ("Thermal cameras for naval vessels.",
                        "Thermal and infrared cameras for frigates and patrol vessels."),
    }
    # The registration is the older entry, also by mira.
    expect(history.locator("details.change")).to_have_count(2)
    expect(history.locator("details.change").nth(1).locator(".change-user")).to_have_text("mira")
    screenshot("detail-after-with-history")

    organisation.refresh_from_db()
    assert organisation.city == "Den Helder"


# --- 2. the anonymous public -------------------------------------------------------------------------


def test_anonymous_visitor_sees_public_organisations_only_and_cannot_edit(page: Page, screenshot) -> None:  # type: ignore[no-untyped-def]
    office = make_user("office", roles=[Role.PROGRAMME_OFFICE])
    public = services.organisation_create(
        user=office,
        data={"name": "Aalscholver Composites B.V.", "kind": OrganisationKind.SUPPLIER, "country": "NL",
              "province": "NL-OV", "city": "Enschede", "visibility": Visibility.PUBLIC,
              "description": "Composite armour panels.", "foreign_ownership_pct": 51,
              "foreign_control_country": "US"},
        areas=[Area.SMART_MATERIALS],
    )
    services.child_create(user=office, organisation=public, model=services.CHILD_MODELS["contact"],
                          data={"name": "Anna de Vries", "role": "CEO", "email": "anna@aalscholver.example",
                                "phone": ""})
    hidden = services.organisation_create(
        user=office,
        data={"name": "Innovatiecel Sensing Kwartel", "kind": OrganisationKind.DEFENCE_UNIT, "country": "NL",
              "province": "NL-UT", "city": "Soesterberg", "visibility": Visibility.REGISTERED},
        areas=[Area.SENSORS],
    )

    page.goto("/registry/")
    expect(page.locator("#current-user")).to_have_count(0)
    expect(result_rows(page)).to_have_count(1)
    assert result_names(page) == ["Aalscholver Composites B.V."]
    expect(page.locator("#organisation-table")).not_to_contain_text("Kwartel")
    # Searching for it does not reveal it either.
    page.locator("#id_q").press_sequentially("kwartel", delay=20)
    expect(page.locator("#organisation-table .empty")).to_have_text("No organisations match these filters.")
    expect(page.get_by_role("link", name="Register an organisation")).to_have_count(0)
    expect(page.get_by_role("link", name="Import", exact=True)).to_have_count(0)
    screenshot("list-anonymous")

    page.goto(public.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Aalscholver Composites B.V.")
    expect(page.locator("#edit-organisation")).to_have_count(0)
    expect(page.get_by_role("button", name="Delete")).to_have_count(0)
    expect(page.locator("#sensitive")).to_have_count(0)
    expect(page.locator("#history")).to_have_count(0)
    expect(page.locator("#contact-list")).to_have_count(0)  # contacts are personal data
    expect(page.locator("main")).not_to_contain_text("anna@aalscholver.example")
    expect(page.locator("main")).not_to_contain_text("Foreign ownership")
    screenshot("detail-anonymous")

    # The edit page sends the visitor to log in and back.
    page.goto(f"/registry/{public.slug}/edit/")
    expect(page).to_have_url(re.compile(rf"/accounts/login/\?next=/registry/{public.slug}/edit/$"))
    expect(page.locator("h1")).to_have_text("Sign In")

    # The registered-only organisation's page does not exist for the public.
    response = page.goto(hidden.get_absolute_url())
    assert response is not None and response.status == 404
    expect(page.locator("main")).not_to_contain_text("Kwartel")


# --- 3. switching the language -------------------------------------------------------------------------


def test_language_switch_to_dutch(page: Page, screenshot) -> None:  # type: ignore[no-untyped-def]
    make_demo_ecosystem(12)
    page.goto("/registry/?kind=sme")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#language-select")).to_have_value("en")
    expect(page.locator("nav.mainnav a")).to_have_text(["Registry", "Ecosystem", "SDIR", "STRAIIK-D", "API"])
    expect(page.locator("h1")).to_have_text("Ecosystem registry")

    page.wait_for_load_state("load")  # the deferred static script makes the menu submit itself
    page.locator("#language-select").select_option(label="Nederlands")  # submits the form on change

    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("#language-select")).to_have_value("nl")
    expect(page).to_have_url(re.compile(r"/registry/\?kind=sme$"))  # back where we were, filter kept
    expect(page.locator("#id_kind")).to_have_value("sme")
    # The labels come from the Dutch catalogue (src/straiik/locale/nl), not the English source text.
    expect(page.locator("nav.mainnav a")).to_have_text(["Register", "Ecosysteem", "SDIR", "STRAIIK-D", "API"])
    expect(page.locator("h1")).to_have_text("Ecosysteemregister")
    expect(page.locator("#filters").get_by_role("button")).to_have_text("Filteren")
    expect(page.locator("label[for=id_q]")).to_have_text("Zoeken")
    expect(page.locator("#organisation-table thead th").first).to_have_text("Naam")
    expect(page.locator("#organisation-table tbody td:nth-child(2)").first).to_have_text("Bedrijf — mkb")
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()
    screenshot("registry-in-dutch")

    # The choice sticks (cookie) even though the browser keeps asking for English.
    page.locator("nav.mainnav a", has_text="Ecosysteem").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("h1")).to_have_text("Het ecosysteem in één oogopslag")

    # And back to English (the menu submits itself through a deferred static script: wait for the page's load).
    page.wait_for_load_state("load")
    page.locator("#language-select").select_option(label="English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("The ecosystem at a glance")


# --- 4. the ecosystem picture ---------------------------------------------------------------------------


def test_ecosystem_heatmap_cells_link_to_the_filtered_list(page: Page, screenshot) -> None:  # type: ignore[no-untyped-def]
    make_demo_ecosystem()
    with translation.override("en"):  # the test thread runs in the default language, nl
        provinces = province_choices()
        area_labels = {code: str(label) for code, label in Area.choices}

    page.goto("/registry/ecosystem/")
    expect(page.locator("h1")).to_have_text("The ecosystem at a glance")
    heatmap = page.locator("svg#heatmap")
    expect(heatmap).to_be_visible()
    expect(heatmap.locator("rect.cell")).to_have_count(len(provinces) * len(Area.choices))
    expect(heatmap.locator("text.row-label")).to_have_text([name for _code, name in provinces])
    expect(heatmap.locator("text.col-label")).to_have_count(len(Area.choices))
    screenshot("ecosystem")

    # Pick the fullest cell and check the picture counts what the list will show.
    cells = heatmap.locator("a")
    counts = [int(n) for n in cells.locator("text").all_text_contents()]  # SVG has no innerText
    assert sum(counts) > 0
    best = cells.nth(counts.index(max(counts)))
    href = best.get_attribute("href")
    assert href is not None
    match = re.search(r"province=(NL-\w+)&area=([\w-]+)", href)
    assert match, href
    province, area = match.groups()
    expected = sorted(
        selectors.organisation_list(
            user=None, filters=selectors.OrganisationFilters(province=province, area=area)
        ).values_list("name", flat=True)
    )
    assert len(expected) == max(counts)
    area_label = area_labels[area]
    province_label = dict(provinces)[province]
    expect(best.locator("rect title")).to_have_text(f"{province_label} · {area_label}: {len(expected)}")

    best.click()

    expect(page).to_have_url(re.compile(rf"/registry/\?province={province}&area={area}$"))
    expect(page.locator("#id_province")).to_have_value(province)
    expect(page.locator("#id_area")).to_have_value(area)
    expect(result_rows(page)).to_have_count(len(expected))
    assert sorted(result_names(page)) == expected
    for row in result_rows(page).all():
        expect(row.locator("td").nth(2)).to_contain_text(province_label)
        expect(row.locator("td").nth(3)).to_contain_text(area_label)
    screenshot("filtered-list")


# --- 5. importing through the browser -------------------------------------------------------------------


IMPORT_ROWS = [
    "name,kind,country,province,city,areas,description,capability,trl,contact_name,contact_email",
    "Kiekendief Sensors B.V.,sme,NL,NL-ZH,Delft,sensors,Acoustic drone detection.,Acoustic detection,6,"
    "Bram Bos,bram@kiekendief.example",
    "Roerdomp Systems,spaceship,NL,NL-NB,Eindhoven,maritime,Unmanned surface vessels.,,,,",  # unknown kind
]


def test_programme_office_imports_a_csv_with_a_bad_row(page: Page, screenshot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_user("office", roles=[Role.PROGRAMME_OFFICE])
    upload = tmp_path / "organisations.csv"
    upload.write_text("\n".join(IMPORT_ROWS) + "\n", encoding="utf-8")

    log_in(page, "office")
    page.goto("/registry/")
    page.get_by_role("link", name="Import", exact=True).click()
    expect(page.locator("h1")).to_have_text("Import organisations")

    # First attempt: all or nothing, so the bad row stops the whole file.
    page.locator("#id_file").set_input_files(upload)
    expect(page.locator("#id_keep_valid_rows")).not_to_be_checked()
    page.get_by_role("button", name="Check and import").click()

    expect(page.locator("#import-summary")).to_contain_text("2 rows read, 1 valid, 0 imported.")
    expect(page.locator("#import-summary")).to_contain_text("Nothing was imported")
    errors = page.locator("#import-errors tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first.locator("td")).to_have_text(["3", "kind", re.compile(r"unknown kind “spaceship”")])
    expect(page.locator(".messages")).to_have_count(0)
    screenshot("import-report-errors")
    assert not Organisation.objects.exists()

    # Second attempt: keep the valid rows.
    page.locator("#id_file").set_input_files(upload)
    page.locator("#id_keep_valid_rows").check()
    page.get_by_role("button", name="Check and import").click()

    expect(page.locator("#import-summary")).to_contain_text("2 rows read, 1 valid, 1 imported.")
    expect(page.locator("#import-summary")).not_to_contain_text("Nothing was imported")
    expect(page.locator("#import-errors tbody tr")).to_have_count(1)  # the bad row is still reported
    expect(page.locator(".messages .success")).to_contain_text("imported")
    screenshot("import-report-imported")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Registry").click()
    expect(result_rows(page)).to_have_count(1)
    assert result_names(page) == ["Kiekendief Sensors B.V."]
    expect(result_rows(page).first).to_contain_text("Delft, Zuid-Holland")
    expect(result_rows(page).first.locator("td").nth(4)).to_have_text("6")  # highest TRL of its capabilities
    page.get_by_role("link", name="Kiekendief Sensors B.V.").click()
    expect(page.locator("#capabilities")).to_contain_text("Acoustic detection")
    expect(page.locator("#contact-list")).to_contain_text("bram@kiekendief.example")
    screenshot("imported-detail")
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Kiekendief Sensors B.V."]


def test_ecosystem_heatmap_column_labels_do_not_overlap(page: Page) -> None:
    page.goto("/registry/ecosystem/")
    boxes = [label.bounding_box() for label in page.locator("svg#heatmap text.col-label").all()]
    assert len(boxes) == len(Area.choices) and all(boxes)
    overlaps = [
        (i, i + 1) for i, (left, right) in enumerate(zip(boxes, boxes[1:], strict=False))
        if left["x"] + left["width"] > right["x"]  # type: ignore[index]
    ]
    assert overlaps == []
