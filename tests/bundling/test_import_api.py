"""Importing demand and offers from CSV/XLSX, and bundling over the REST API."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from straiik.bundling import importing
from straiik.bundling.models import BundlingRun, Demand, Offer
from straiik.core.models import ObjectChange
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

DEMAND_CSV = """buyer;reference;item;standard;quantity;periods;solo_unit_price
agency-nl;NL-1;35331000;STANAG-4425;1000;"2027-Q1; 2027-Q2";4100,50
Agency DE;DE-1;35331000-3;STANAG-4425;2000;2027-Q2;4200
"""


def upload(text: str, name: str = "demand.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"))


def test_demand_import_reads_both_rows(bundling_round: Any, office: Any) -> None:
    before = Demand.objects.count()
    report = importing.import_table(user=office, round=bundling_round, kind="demand", handle=upload(DEMAND_CSV),
                                    filename="demand.csv")
    assert report.ok and report.imported == 2, report.as_dict()
    rows = list(Demand.objects.order_by("-id")[:2])[::-1]
    assert rows[0].periods == ["2027-Q1", "2027-Q2"] and float(rows[0].solo_unit_price) == 4100.5
    assert rows[1].buyer.country == "DE" and rows[1].item_id == "35331000"
    assert Demand.objects.count() == before + 2
    assert ObjectChange.objects.filter(changed_object_id=rows[1].pk, action="create").exists()


def test_bad_rows_are_named_and_nothing_is_stored(bundling_round: Any, office: Any) -> None:
    text = ("buyer,item,standard,quantity,periods,solo_unit_price\n"
            "agency-nl,35331000,STANAG-4425,ten,2027-Q1,100\n"
            "nobody,1234,STANAG-4425,5,2031-Q4,100\n"
            "agency-be,35331000,STANAG-4425,5,2027-Q1,100\n")
    before = Demand.objects.count()
    report = importing.import_table(user=office, round=bundling_round, kind="demand", handle=upload(text),
                                    filename="d.csv")
    problems = {(i.row, i.column) for i in report.errors}
    assert problems == {(2, "quantity"), (3, "buyer"), (3, "item"), (3, "periods")}
    assert report.imported == 0 and Demand.objects.count() == before
    kept = importing.import_table(user=office, round=bundling_round, kind="demand", handle=upload(text),
                                  filename="d.csv", keep_valid_rows=True)
    assert kept.imported == 1 and Demand.objects.count() == before + 1


def test_missing_columns_and_foreign_files(bundling_round: Any, office: Any) -> None:
    report = importing.import_table(user=office, round=bundling_round, kind="demand",
                                    handle=upload("buyer,item\nagency-nl,35331000\n"), filename="d.csv")
    assert "Required columns are missing: standard, quantity, periods, solo_unit_price" in report.file_error
    report = importing.import_table(user=office, round=bundling_round, kind="offers",
                                    handle=upload("not a workbook", "offers.xlsx"), filename="offers.xlsx")
    assert "not an Excel workbook" in report.file_error


def test_offer_import_from_xlsx(bundling_round: Any, supplier_member: Any) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["leverancier", "artikel", "normen", "eu_aandeel", "contractkosten", "staffels", "capaciteit"])
    sheet.append(["munitiewerk-twente-bv", "35331000", "STANAG-4425; AQAP-2110", "80%", "250000",
                  "0: 4000; 50000: 3600", "2027-Q1: 30000; 2027-Q2: 30000"])
    sheet.append(["munitiewerk-twente-bv", "35331000", "STANAG-4425", "0.7", "1", "50000: 3600; 0: 4000",
                  "2027-Q3: 5"])
    out = io.BytesIO()
    book.save(out)
    handle = SimpleUploadedFile("offers.xlsx", out.getvalue())
    report = importing.import_table(user=supplier_member, round=bundling_round, kind="offers", handle=handle,
                                    filename="offers.xlsx", keep_valid_rows=True)
    assert report.imported == 1
    assert {(i.row, i.column) for i in report.errors} == {(3, "tiers"), (3, "capacity")}
    offer = Offer.objects.latest("id")
    assert float(offer.eu_content) == 0.8 and offer.capacity == {"2027-Q1": 30000, "2027-Q2": 30000}


def test_import_page(bundling_round: Any, office: Any) -> None:
    client = client_for(office)
    response = client.post(f"/bundling/{bundling_round.pk}/import/",
                           {"kind": "demand", "file": upload("buyer,item\nx,y\n")})
    assert b"Required columns are missing" in response.content
    response = client.post(f"/bundling/{bundling_round.pk}/import/", {"kind": "demand", "file": upload(DEMAND_CSV)})
    assert response.status_code == 302


def test_api_round_demand_offer_run_and_accept(bundling_round: Any, office: Any, nl_buyer: Any,
                                               django_capture_on_commit_callbacks: Any) -> None:
    office_client, buyer_client = client_for(office), client_for(nl_buyer)
    created = office_client.post("/api/v1/bundling/rounds", {"name": "API round", "periods": ["P1"]},
                                 content_type="application/json")
    assert created.status_code == 201 and created.json()["periods"] == ["P1"]
    forbidden = buyer_client.post("/api/v1/bundling/rounds", {"name": "x", "periods": ["P1"]},
                                  content_type="application/json")
    assert forbidden.status_code == 403 and "message" in forbidden.json()
    url = f"/api/v1/bundling/rounds/{bundling_round.pk}/demands"
    bad = buyer_client.post(url, {"buyer": "agency-nl", "item": "35331000", "standard": "S", "quantity": 5,
                                  "periods": ["2099-Q1"], "solo_unit_price": 10}, content_type="application/json")
    assert bad.status_code == 422 and "periods" in bad.json()["errors"]
    bad = buyer_client.post(url, {"buyer": "agency-nl", "item": "123", "standard": "S", "quantity": -5,
                                  "periods": ["2027-Q1"], "solo_unit_price": 10}, content_type="application/json")
    assert bad.status_code == 422
    good = buyer_client.post(url, {"buyer": "agency-nl", "item": "35331000", "standard": "STANAG-4425",
                                   "quantity": 5, "periods": ["2027-Q1"], "solo_unit_price": 10},
                             content_type="application/json")
    assert good.status_code == 201 and good.json()["nation"] == "NL"
    demand_id = good.json()["id"]
    patched = buyer_client.patch(f"/api/v1/bundling/demands/{demand_id}", {"quantity": 6},
                                 content_type="application/json")
    assert patched.status_code == 200 and patched.json()["quantity"] == 6
    assert buyer_client.delete(f"/api/v1/bundling/demands/{demand_id}").status_code == 204
    assert len(buyer_client.get(url).json()) == 4
    problem = office_client.get(f"/api/v1/bundling/rounds/{bundling_round.pk}/problem").json()
    assert problem["format"] == "straiik.bundling/1" and {b["id"] for b in problem["buyers"]} == {
        "NL", "DE", "BE", "UA"}

    with django_capture_on_commit_callbacks(execute=True):
        queued = office_client.post(f"/api/v1/bundling/rounds/{bundling_round.pk}/runs",
                                    {"label": "api", "variation": {"rules": {"min_buyers": 2}}},
                                    content_type="application/json")
    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    run_id = queued.json()["id"]
    early = office_client.get(f"/api/v1/bundling/runs/{run_id}/solution")
    assert early.status_code in (400, 422) and "no solution yet" in early.json()["message"] + str(early.json())
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--interval", "0", verbosity=0)
    status = office_client.get(f"/api/v1/bundling/runs/{run_id}").json()
    assert status["status"] == "done" and status["solution_status"] == "optimal"
    solution = office_client.get(f"/api/v1/bundling/runs/{run_id}/solution").json()
    assert solution["format"] == "straiik.bundling/1-solution"
    refused = office_client.post(f"/api/v1/bundling/runs/{run_id}/accept",
                                 {"offer": solution["lots"][0]["offer"], "period": "2027-Q1"},
                                 content_type="application/json")
    assert refused.status_code in (400, 422) and "what-if" in str(refused.json())
    assert BundlingRun.objects.count() == 1
