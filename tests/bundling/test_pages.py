"""Bundling pages: who sees what, forms with bad input, the results page and the exports."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from straiik.bundling import services
from straiik.bundling.models import BundlingRun, Demand, JointProcurement, Offer
from tests.bundling.conftest import offer_of
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(bundling_round: Any, office: Any) -> BundlingRun:
    queued = services.run_request(user=office, round=bundling_round, enqueue=False, label="Base run")
    return services.run_execute(queued.pk)


def test_anonymous_visitors_are_sent_to_log_in(bundling_round: Any, run: BundlingRun) -> None:
    for url in ("/bundling/", bundling_round.get_absolute_url(), run.get_absolute_url()):
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client_for(None).get("/api/v1/bundling/rounds").status_code == 401


def test_what_each_role_sees(bundling_round: Any, run: BundlingRun, office: Any, nl_buyer: Any,
                             supplier_member: Any) -> None:
    outsider = make_user()
    round_url, run_url = bundling_round.get_absolute_url(), run.get_absolute_url()
    # the office and defence buyers see every demand and offer and the results
    for user in (office, nl_buyer):
        page = client_for(user).get(round_url)
        assert page.status_code == 200
        assert page.content.count(b'class="demand-row"') == 4 and b"Munitiewerk Twente" in page.content
        assert client_for(user).get(run_url).status_code == 200
    # a supplier's member sees its own offer, no demand, no results
    page = client_for(supplier_member).get(round_url)
    assert page.content.count(b'class="demand-row"') == 0 and b"Munitiewerk Twente" in page.content
    assert client_for(supplier_member).get(run_url).status_code == 403
    # someone signed in without a role or organisation sees the round and its rules only
    page = client_for(outsider).get(round_url)
    assert b"Buyers per joint contract" in page.content and b"Munitiewerk" not in page.content
    for url in (run_url, f"/bundling/runs/{run.pk}/export/json/", "/bundling/procurements/",
                f"/bundling/{bundling_round.pk}/demand/new/", f"/bundling/{bundling_round.pk}/rules/"):
        assert client_for(outsider).get(url).status_code == 403, url
    assert client_for(outsider).post(f"/bundling/{bundling_round.pk}/runs/", {}).status_code == 403


def test_the_office_opens_a_round_with_a_form(office: Any) -> None:
    client = client_for(office)
    bad = client.post("/bundling/new/", {"name": "R", "periods_text": "Q1; Q1", "currency": "EUR", "min_buyers": 3,
                                         "min_eu_buyers": 2, "funding_min_eu_content": "0.65",
                                         "funding_share": "0.15", "funding_share_with_ukraine": "0.2",
                                         "ukraine_country": "UA", "time_limit": 60})
    assert bad.status_code == 200 and b"A period is given twice" in bad.content
    good = client.post("/bundling/new/", {"name": "R", "periods_text": "2028-H1; 2028-H2", "currency": "eur",
                                          "min_buyers": 3, "min_eu_buyers": 2, "funding_min_eu_content": "0.65",
                                          "funding_share": "0.15", "funding_share_with_ukraine": "0.2",
                                          "ukraine_country": "ua", "time_limit": 60})
    assert good.status_code == 302
    page = client.get(good["Location"])
    assert b"2028-H1, 2028-H2" in page.content


def test_a_buyer_registers_demand_and_bad_input_is_explained(bundling_round: Any, nl_buyer: Any,
                                                              agencies: dict) -> None:
    client = client_for(nl_buyer)
    url = f"/bundling/{bundling_round.pk}/demand/new/"
    form = client.get(url)
    assert b'value="agency-nl"' in form.content  # the buyer's own agency is filled in
    bad = client.post(url, {"buyer": "agency-de", "item": "99999999", "standard": "", "quantity": "-3",
                            "solo_unit_price": "abc"})
    text = bad.content.decode()
    assert bad.status_code == 200
    for message in ("is not an organisation you may register for", "is not in CPV 2008", "This field is required",
                    "greater than or equal to 1", "Enter a number"):
        assert message in text, message
    assert Demand.objects.count() == 4
    good = client.post(url, {"buyer": "agency-nl", "item": "35331000", "standard": "STANAG-4425", "quantity": "7",
                             "periods": ["2027-Q2"], "solo_unit_price": "101.50",
                             "reference": "<script>alert(1)</script>"})
    assert good.status_code == 302
    demand = Demand.objects.latest("id")
    assert demand.quantity == 7 and demand.periods == ["2027-Q2"] and demand.buyer == agencies["NL"]
    page = client.get(bundling_round.get_absolute_url())
    assert b"<script>alert(1)</script>" not in page.content and b"&lt;script&gt;" in page.content


def test_a_supplier_registers_an_offer_with_tiers_and_capacity(bundling_round: Any, supplier_member: Any) -> None:
    client = client_for(supplier_member)
    url = f"/bundling/{bundling_round.pk}/offers/new/"
    data = {"supplier": "munitiewerk-twente-bv", "item": "35331000", "standards": "STANAG-4425; AQAP-2110",
            "eu_content": "85", "contract_cost": "1000", "tiers": "100: 90; 0: 99", "capacity_0": "500"}
    bad = client.post(url, data)
    assert b"The first tier must start at quantity 0" in bad.content
    data["tiers"] = "0: 99\n200: 90"
    good = client.post(url, data)
    assert good.status_code == 302, good.content.decode()[:3000]
    offer = Offer.objects.latest("id")
    assert offer.tiers == [{"min_quantity": 0, "unit_price": 99.0}, {"min_quantity": 200, "unit_price": 90.0}]
    assert offer.capacity == {"2027-Q1": 500} and float(offer.eu_content) == 0.85
    assert offer.standards == ["STANAG-4425", "AQAP-2110"]


def test_runs_are_started_from_the_round_page(bundling_round: Any, office: Any,
                                              django_capture_on_commit_callbacks: Any) -> None:
    client = client_for(office)
    url = f"/bundling/{bundling_round.pk}/runs/"
    bad = client.post(url, {"time_limit": "0", "cap_units": "5"})
    assert bad.status_code == 400
    assert b"Ensure this value is greater than or equal to 1" in bad.content
    assert b"Choose the supplier to cap" in bad.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"label": "Without Ukraine", "drop_buyers": ["UA"], "time_limit": "5"})
    assert response.status_code == 302
    run = BundlingRun.objects.get()
    assert run.variation == {"drop_buyers": ["UA"]} and run.time_limit == 5 and run.task_id


def test_results_page_shows_contracts_savings_and_ukraine(run: BundlingRun, office: Any) -> None:
    page = client_for(office).get(run.get_absolute_url()).content.decode()
    assert "Optimal:" in page
    assert 'class="contract"' in page and "with Ukraine" in page
    assert "Savings per nation" in page and page.count('class="nation-bar"') == 4
    assert "participation changes" in page
    assert "3,945" in page and "3,340" in page  # partners' savings with and without Ukraine
    assert 'class="accept"' in page


def test_accepting_from_the_page(run: BundlingRun, office: Any, bundling_round: Any) -> None:
    offer = offer_of(bundling_round)
    asked = client_for(office).post(f"/bundling/runs/{run.pk}/accept/", {"offer": offer.code, "period": "2027-Q1"})
    page = asked.content.decode()
    assert asked.status_code == 200 and not JointProcurement.objects.exists()  # it asks first
    assert 'id="confirm"' in page and "Whose demand is bound" in page and "This cannot be undone." in page
    assert f'name="offer" value="{offer.code}"' in page and 'name="period" value="2027-Q1"' in page
    response = client_for(office).post(f"/bundling/runs/{run.pk}/accept/", {"offer": offer.code,
                                                                          "period": "2027-Q1", "confirmed": "yes"})
    procurement = JointProcurement.objects.get()
    assert response.status_code == 302 and response["Location"] == procurement.get_absolute_url()
    page = client_for(office).get(procurement.get_absolute_url()).content.decode()
    assert "Lead nation" in page and "<strong>BE</strong>" in page
    again = client_for(office).post(f"/bundling/runs/{run.pk}/accept/", {"offer": offer.code, "period": "2027-Q1"},
                                    follow=True)
    assert "already part of an agreed joint procurement" in again.content.decode()


def test_exports(run: BundlingRun, office: Any) -> None:
    client = client_for(office)
    solution = json.loads(client.get(f"/bundling/runs/{run.pk}/export/json/").content)
    assert solution["format"] == "straiik.bundling/1-solution" and solution["savings"] == pytest.approx(5260)
    problem = json.loads(client.get(f"/bundling/runs/{run.pk}/export/problem/").content)
    assert problem["format"] == "straiik.bundling/1" and len(problem["demands"]) == 4
    book = load_workbook(io.BytesIO(client.get(f"/bundling/runs/{run.pk}/export/xlsx/").content))
    assert book.sheetnames == ["Summary", "Joint contracts", "Per nation", "Bought alone"]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary["Savings"] == pytest.approx(5260) and summary["Status"] == "optimal"
    contracts = list(book["Joint contracts"].iter_rows(values_only=True))
    # the first row of every sheet is the marking and who exported it when (core.markings, issue 13)
    assert contracts[0][0] == "ONGERUBRICEERD" and "Exported by office" in contracts[0][1]
    assert contracts[2][4] == "BE" and contracts[2][7] == 160
    response = client.get(f"/bundling/runs/{run.pk}/export/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Joint procurement proposal" in text and "Munitiewerk Twente" in text
    assert "What Ukraine's participation changes" in text and "5,260" in text
    assert client.get(f"/bundling/runs/{run.pk}/export/docx/", follow=True).status_code == 200


def test_pdf_prints_ukrainian_names(bundling_round: Any, office: Any, agencies: dict) -> None:
    agency = agencies["UA"]
    agency.name = "Агенція оборонних закупівель"
    agency.save()
    from straiik.bundling.models import Offer as OfferModel

    supplier = OfferModel.objects.get().supplier
    supplier.name = "ТОВ «Дніпро Боєприпаси»"
    supplier.save()
    run = services.run_execute(services.run_request(user=office, round=bundling_round, enqueue=False).pk)
    response = client_for(office).get(f"/bundling/runs/{run.pk}/export/pdf/")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "ТОВ «Дніпро Боєприпаси»" in " ".join(text.split())  # a long name may wrap in its column
