"""Imports: bad rows get a clear report naming row and column, and nothing is lost."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import Workbook

from straiik.core.models import ObjectChange
from straiik.registry.importing import import_organisations
from straiik.registry.models import Organisation
from tests.conftest import client_for, make_org

pytestmark = pytest.mark.django_db

HEADER = "name,kind,country,province,city,areas,description,employees,founded,capability,trl,cpv_codes\n"


def csv_file(body: str, header: str = HEADER, name: str = "orgs.csv") -> io.BytesIO:
    handle = io.BytesIO((header + body).encode("utf-8"))
    handle.name = name
    return handle


def run(user, handle, keep=False):  # noqa: ANN001, ANN201
    return import_organisations(user=user, handle=handle, filename=handle.name, keep_valid_rows=keep)


def test_a_clean_file_imports_every_row_with_capabilities(office) -> None:  # noqa: ANN001
    report = run(office, csv_file(
        "Noordlicht Sensing B.V.,sme,NL,Zuid-Holland,Delft,sensors;maritime,Sonar,40,2011,Sonar arrays,6,35512000\n"
        "Oost Quantum,startup,NL,NL-OV,Enschede,quantum,,5,2022,,,\n"
        "Kyiv Drones,international,UA,,Київ,intelligent-systems,Дрони,80,2015,FPV drones,8,35613000 34711200\n"
    ))
    assert report.ok and report.imported == 3, report.as_dict()
    sensing = Organisation.objects.get(name="Noordlicht Sensing B.V.")
    assert sensing.province == "NL-ZH" and sensing.max_trl == 6
    assert sorted(a.code for a in sensing.areas.all()) == ["maritime", "sensors"]
    assert [c.code for c in sensing.capabilities.get().cpv_codes.all()] == ["35512000"]
    assert Organisation.objects.get(name="Kyiv Drones").country == "UA"
    assert ObjectChange.objects.filter(action="create", user=office).count() >= 3
    # Imported organisations are searchable at once.
    assert Organisation.objects.filter(search_document__matches="sonar").count() == 1


def test_bad_rows_are_reported_and_nothing_is_stored_by_default(office) -> None:  # noqa: ANN001
    make_org(name="Bestaand B.V.")
    count = Organisation.objects.count()
    report = run(office, csv_file(
        "Goed B.V.,sme,NL,NL-ZH,Delft,sensors,,10,2000,,,\n"
        "Fout Type,sme,NL,NL-ZH,Delft,sensors,,veel,2000,,,\n"          # row 3: employees not a number
        "Onbekende CPV,sme,NL,,Delft,,,,,Radar,5,99999999\n"             # row 4: unknown CPV code
        "Goed B.V.,sme,NL,NL-ZH,Delft,sensors,,10,2000,,,\n"             # row 5: duplicate of row 2
        "Bestaand B.V.,sme,NL,NL-ZH,Delft,,,,,,,\n"                       # row 6: already registered
        ",unicorn,XX,Atlantis,Delft,space;warp,,,3000,,12,\n"             # row 7: many errors
    ))
    assert not report.ok and report.imported == 0
    assert Organisation.objects.count() == count
    errors = {(e.row, e.column) for e in report.errors}
    assert (3, "employees") in errors
    assert (4, "cpv_codes") in errors
    assert (5, "name") in errors and any("duplicate of row 2" in e.message for e in report.errors)
    assert (6, "name") in errors and any("already registered" in e.message for e in report.errors)
    assert {(7, c) for c in ("name", "kind", "country", "areas", "founded", "trl")} <= errors
    assert report.bad_rows == [3, 4, 5, 6, 7]
    assert report.valid_rows == 1


def test_keep_valid_rows_stores_the_good_ones_only(office) -> None:  # noqa: ANN001
    report = run(office, csv_file("Goed B.V.,sme,NL,NL-ZH,Delft,sensors,,,,,,\nSlecht,???,NL,,,,,,,,,\n"), keep=True)
    assert report.imported == 1 and report.bad_rows == [3]
    assert Organisation.objects.filter(name="Goed B.V.").exists()
    assert not Organisation.objects.filter(name="Slecht").exists()


def test_html_in_text_is_kept_as_text_with_a_warning_and_shown_escaped(office) -> None:  # noqa: ANN001
    row = '"<script>alert(1)</script> B.V.",sme,NL,,,,"<b>vet</b> <img src=x onerror=alert(1)>",,,,,\n'
    report = run(office, csv_file(row))
    assert report.imported == 1
    assert {w.column for w in report.warnings} == {"name", "description"}
    org = Organisation.objects.get()
    assert org.description == "<b>vet</b> <img src=x onerror=alert(1)>"
    page = client_for(None).get(f"/registry/{org.slug}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


@pytest.mark.parametrize("content,message", [
    (b"", "The file is empty."),
    (b"name,kind\n", "The file has a header but no rows."),
    (b"city,areas\nDelft,space\n", "Missing required column(s): name, kind"),
    (b"name,kind,name\nA,sme,B\n", "Column(s) appear twice: name"),
    (b"\x00\x01\x02binary\x00", "The file looks binary"),
])
def test_file_level_problems_get_a_clear_message(office, content: bytes, message: str) -> None:  # noqa: ANN001
    handle = io.BytesIO(content)
    handle.name = "orgs.csv"
    report = run(office, handle)
    assert message in report.file_error
    assert report.imported == 0 and Organisation.objects.count() == 0


def test_a_20_mb_file_is_refused_before_reading(office) -> None:  # noqa: ANN001
    row = "Groot B.V.,sme,NL,,,,," + "x" * 200 + ",,,,\n"
    handle = csv_file(row * (20 * 1024 * 1024 // len(row) + 1))
    report = run(office, handle)
    assert "MB; the limit is 10.0 MB" in report.file_error
    assert Organisation.objects.count() == 0


@override_settings(STRAIIK_IMPORT_MAX_ROWS=3)
def test_too_many_rows_are_refused(office) -> None:  # noqa: ANN001
    report = run(office, csv_file("".join(f"Org {i},sme,NL,,,,,,,,,\n" for i in range(5))))
    assert "the limit on rows is 3" in report.file_error


def test_a_fake_xlsx_is_refused(office) -> None:  # noqa: ANN001
    handle = io.BytesIO(b"name,kind\nA,sme\n")
    handle.name = "orgs.xlsx"
    assert "not an Excel workbook" in run(office, handle).file_error


def test_xlsx_with_dutch_headers_and_semicolon_csv(office) -> None:  # noqa: ANN001
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Naam", "Soort", "Provincie", "Gebieden", "Medewerkers"])
    sheet.append(["Zeeuwse Scheepsbouw B.V.", "Company — supplier", "Zeeland", "Maritime industry", 120])
    out = io.BytesIO()
    workbook.save(out)
    out.name = "bedrijven.xlsx"
    out.seek(0)
    report = run(office, out)
    assert report.imported == 1, report.as_dict()
    org = Organisation.objects.get(name="Zeeuwse Scheepsbouw B.V.")
    assert (org.kind, org.province, org.employees) == ("supplier", "NL-ZE", 120)
    semicolon = csv_file("Puntkomma B.V.;sme;NL\n", header="name;kind;country\n")
    assert run(office, semicolon).imported == 1


def test_export_then_import_round_trips(office) -> None:  # noqa: ANN001
    make_org(name="Rondje B.V.", description="=HYPERLINK(\"http://evil\")", areas=("space", "quantum"))
    client = client_for(office)
    exported = client.get("/registry/export.xlsx")
    assert exported.status_code == 200
    Organisation.objects.all().delete()
    handle = io.BytesIO(exported.content)
    handle.name = "export.xlsx"
    report = run(office, handle)
    assert report.imported == 1, report.as_dict()
    org = Organisation.objects.get(name="Rondje B.V.")
    assert org.description == "=HYPERLINK(\"http://evil\")"
    assert sorted(a.code for a in org.areas.all()) == ["quantum", "space"]


def test_csv_export_neutralises_formulas(office) -> None:  # noqa: ANN001
    make_org(name="=cmd|' /C calc'!A0")
    body = client_for(office).get("/registry/export.csv").getvalue().decode("utf-8-sig")
    assert "'=cmd|" in body


def test_the_import_page_shows_the_report(office) -> None:  # noqa: ANN001
    client = client_for(office)
    upload = SimpleUploadedFile("orgs.csv", (HEADER + "Fout,sme,NL,,,,,veel,,,,\n").encode())
    response = client.post("/registry/import/", {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="import-errors"' in page and "employees" in page and "veel" in page
    assert "Nothing was imported" in page
    empty = client.post("/registry/import/", {"file": SimpleUploadedFile("leeg.csv", b"")})
    assert empty.status_code == 400
