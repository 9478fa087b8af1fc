"""Verified organisations: identifiers checked and unique, the programme office's verification (who, when,
against what), kinds with authority, and what a declared organisation may not do yet (page and API)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from straiik.core.models import ObjectChange
from straiik.registry import identifiers
from straiik.registry.models import Organisation
from straiik.registry.services import organisation_create, organisation_update, organisation_verify
from tests.conftest import client_for, make_org, make_user

pytestmark = pytest.mark.django_db
API = "/api/v1/registry/organisations"

VALID = {
    "kvk_number": ["69599084", "6959 9084"],
    "rsin": ["123456782", "0044.95.445"],  # pass the elfproef
    "lei": ["724500VKKSH9QOLTFR81", "5299 00T8 BM49 AURS DO55"],
    "ncage": ["H1234", "1abc2", "B12A3"],
    "eu_pic": ["999999999", "940 321 880"],
    "vat_number": ["NL004495445B01", "DE 136 695 976", "EL094259216"],
    "edrpou": ["32855961", "00032129"],
}
INVALID = {
    "kvk_number": ["1234567", "123456789", "1234567A"],
    "rsin": ["123456789", "12345678"],  # 123456789 fails the elfproef
    "lei": ["724500VKKSH9QOLTFR82", "724500VKKSH9QOLTFR8", "724500VKKSH9QOLTFR8X"],
    "ncage": ["H123", "H12345", "H12-3?"],
    "eu_pic": ["99999999", "9999999999", "99999999X"],
    "vat_number": ["NL123456789B01", "DE136695978", "US123456789", "123456789"],
    "edrpou": ["32855962", "3285596", "3285596A"],
}
VALIDATORS = {i.field: i.validate for i in identifiers.IDENTIFIERS}


@pytest.mark.parametrize(("field", "value"), [(f, v) for f, values in VALID.items() for v in values])
def test_valid_identifiers(field: str, value: str) -> None:
    VALIDATORS[field](value)


@pytest.mark.parametrize(("field", "value"), [(f, v) for f, values in INVALID.items() for v in values])
def test_invalid_identifiers(field: str, value: str) -> None:
    with pytest.raises(ValidationError):
        VALIDATORS[field](value)


def test_ncage_structure_follows_the_country() -> None:
    identifiers.validate_ncage_for_country("12AB3", "US")
    with pytest.raises(ValidationError, match="begins and ends with a digit"):
        identifiers.validate_ncage_for_country("H1234", "US")
    with pytest.raises(ValidationError, match="letter at its start or end"):
        identifiers.validate_ncage_for_country("12345", "NL")


def test_identifiers_are_stored_compact_unique_and_searchable(outsider: Any) -> None:
    org = organisation_create(user=outsider, data={"name": "Ident B.V.", "kind": "sme", "kvk_number": "6959 9084",
                                                   "lei": "724500vkksh9qoltfr81", "vat_number": "nl0044.95445.b01"})
    assert (org.kvk_number, org.lei, org.vat_number) == ("69599084", "724500VKKSH9QOLTFR81", "NL004495445B01")
    with pytest.raises(ValidationError) as duplicate:
        organisation_create(user=make_user(), data={"name": "Copy B.V.", "kind": "sme", "kvk_number": "69599084"})
    assert "Ident B.V. already has this KvK" in duplicate.value.message_dict["kvk_number"][0]
    # VAT numbers may repeat: the members of a fiscal unity share one
    organisation_create(user=make_user(), data={"name": "Zuster B.V.", "kind": "sme", "vat_number": "NL004495445B01"})
    assert Organisation.objects.filter(search_document__matches="69599084").get() == org
    assert Organisation.objects.filter(search_document__matches="724500vkk").get() == org
    listed = client_for(None).get(API, {"q": "69599084"}).json()
    assert [o["slug"] for o in listed["results"]] == [org.slug]


def test_the_api_refuses_a_bad_identifier_with_its_field(outsider: Any) -> None:
    response = client_for(outsider).post(API, json.dumps({"name": "X", "kind": "sme", "lei": "724500VKKSH9QOLTFR82"}),
                                         content_type="application/json")
    assert response.status_code == 422
    assert "lei" in response.json()["errors"] and "check digits" in response.json()["message"]


def test_authority_kinds_are_for_the_programme_office(outsider: Any, office: Any) -> None:
    payload = {"name": "Koninklijke Marine (Defensie)", "kind": "defence-unit"}
    api = client_for(outsider).post(API, json.dumps(payload), content_type="application/json")
    assert api.status_code == 403 and "Only the programme office registers defence units" in api.json()["message"]
    page = client_for(outsider).post("/registry/new/", {**payload, "country": "NL", "visibility": "public"})
    assert page.status_code == 200 and "Select a valid choice" in page.content.decode()  # not offered
    assert 'value="defence-unit"' not in client_for(outsider).get("/registry/new/").content.decode()
    assert not Organisation.objects.filter(kind="defence-unit").exists()
    company = make_org(by=outsider, verified=False)
    with pytest.raises(PermissionDenied):
        organisation_update(user=outsider, organisation=company, data={"kind": "government"})
    unit = organisation_create(user=office, data=payload)
    assert unit.kind == "defence-unit" and not unit.is_verified


def test_the_office_verifies_with_evidence_audited_and_shown_everywhere(member: Any, office: Any) -> None:
    org = make_org(by=member, verified=False, name="Badge B.V.", kvk_number="69599084")
    client = client_for(member)
    assert "declared" in client.get(org.get_absolute_url()).content.decode()
    assert client_for(None).get(f"{API}/{org.slug}").json()["verification"]["status"] == "declared"
    refused = client.post(f"/registry/{org.slug}/verify/", {"evidence": "trust me"})
    assert refused.status_code == 403 and "Only the programme office verifies" in refused.content.decode()
    office_client = client_for(office)
    assert office_client.post(f"{API}/{org.slug}/verification", "{}", content_type="application/json"
                              ).status_code == 422
    office_client.post(f"/registry/{org.slug}/verify/", {"evidence": "KvK extract of 1 December 2026"})
    org.refresh_from_db()
    assert org.is_verified and org.verified_by == office and org.verified_at is not None
    assert org.verification_evidence == "KvK extract of 1 December 2026"
    change = ObjectChange.objects.filter(changed_object_id=org.pk, user=office).latest("time")
    assert change.postchange_data["verification_status"] == "verified"
    detail = client.get(org.get_absolute_url()).content.decode()
    assert "badge-verified" in detail and "KvK extract of 1 December 2026" in detail
    assert "badge-verified" in client_for(None).get("/registry/", {"q": "badge"}).content.decode()
    public = client_for(None).get(f"{API}/{org.slug}").json()
    assert public["verification"]["status"] == "verified" and public["verification"]["evidence"] is None
    assert client.get(f"{API}/{org.slug}").json()["verification"]["verified_by"] == "office"
    assert client_for(None).get(API, {"q": "badge"}).json()["results"][0]["verification_status"] == "verified"
    # a member who changes what was checked makes it declared again
    organisation_update(user=member, organisation=org, data={"kvk_number": "6959 9084"})  # same number
    org.refresh_from_db()
    assert org.is_verified
    organisation_update(user=member, organisation=org, data={"kvk_number": "12345678"})
    org.refresh_from_db()
    assert not org.is_verified and org.verified_by is None


# --- what a declared organisation may not do yet -------------------------------------------------------------

def test_an_unverified_unit_cannot_post_a_need(office: Any) -> None:
    buyer = make_user("defence-buyer")
    unit = make_org(by=buyer, verified=False, name="Nieuwe Eenheid", kind="defence-unit")
    body = {"kind": "need", "title": "Drone detectie", "description": "Draagbare radar voor drones",
            "organisation": unit.slug}
    api = client_for(buyer).post("/api/v1/defport/submissions", body, content_type="application/json")
    assert api.status_code == 403
    assert "Nieuwe Eenheid is not verified yet, so it cannot post needs" in api.json()["message"]
    assert 'id="verification-notice"' in client_for(buyer).get("/defport/new/need/").content.decode()
    page = client_for(buyer).post("/defport/new/need/", {**body, "organisation": unit.pk, "sensitivity": "open"})
    assert "Nieuwe Eenheid is not verified yet" in page.content.decode()
    from straiik.defport.models import Submission

    assert not Submission.objects.exists()
    organisation_verify(user=office, organisation=unit, evidence="Defence letter 2026-12")
    assert 'id="verification-notice"' not in client_for(buyer).get("/defport/new/need/").content.decode()
    assert client_for(buyer).post("/api/v1/defport/submissions", body, content_type="application/json"
                                  ).status_code == 201


def test_an_unverified_company_cannot_submit_an_sdir_proposal(office: Any) -> None:
    from tests.sdir.conftest import make_call

    unit = make_org(name="DMO", kind="defence-unit")
    call = make_call(office, unit)
    member = make_user()
    company = make_org(by=member, verified=False, name="Ongeverifieerd B.V.")
    body = {"organisation": company.slug, "title": "Passive RF", "summary": "s", "approach": "a",
            "amount_eur": 1000, "duration_months": 6}
    api = client_for(member).post(f"/api/v1/sdir/calls/{call.pk}/proposals", {**body, "submit": True},
                                  content_type="application/json")
    assert api.status_code == 403 and "cannot submit SDIR proposals" in api.json()["message"]
    draft = client_for(member).post(f"/api/v1/sdir/calls/{call.pk}/proposals", body, content_type="application/json")
    assert draft.status_code == 201  # a draft is kept until the office has verified
    submit = client_for(member).post(f"/api/v1/sdir/proposals/{draft.json()['id']}/submit")
    assert submit.status_code == 403 and "ask the programme office to verify it" in submit.json()["message"]
    form = client_for(member).get(f"/sdir/calls/{call.pk}/apply/").content.decode()
    assert 'id="verification-notice"' in form and "Ongeverifieerd B.V. is not verified yet" in form
    page = client_for(member).post(f"/sdir/calls/{call.pk}/apply/", {**body, "organisation": company.pk,
                                                                    "submit_now": "1"})
    assert page.status_code == 200 and "Ongeverifieerd B.V. is not verified yet" in page.content.decode()
    page = client_for(member).post(f"/sdir/proposals/{draft.json()['id']}/submit/", follow=True)
    assert "Ongeverifieerd B.V. is not verified yet" in page.content.decode()
    from straiik.sdir.models import Proposal

    assert list(Proposal.objects.values_list("state", flat=True)) == ["draft"]


def test_an_unverified_supplier_cannot_register_bundling_offers(office: Any) -> None:
    from straiik.bundling import services as bundling
    from tests.bundling.conftest import ITEM, round_data

    member = make_user()
    supplier = make_org(by=member, verified=False, name="Nieuwe Leverancier B.V.", kind="prime")
    round = bundling.round_create(user=office, data=round_data())
    body = {"supplier": supplier.slug, "item": ITEM, "standards": ["STANAG-4425"], "eu_content": 0.9,
            "contract_cost": 500, "tiers": [{"min_quantity": 0, "unit_price": 100}], "capacity": {"2027-Q1": 10}}
    api = client_for(member).post(f"/api/v1/bundling/rounds/{round.pk}/offers", body,
                                  content_type="application/json")
    assert api.status_code == 403, api.content
    assert "cannot register demand or offers in a bundling round" in api.json()["message"]
    assert 'id="verification-notice"' in client_for(member).get(f"/bundling/{round.pk}/offers/new/").content.decode()
    page = client_for(member).post(f"/bundling/{round.pk}/offers/new/", {
        "supplier": supplier.slug, "item": ITEM, "standards": "STANAG-4425", "eu_content": "90",
        "contract_cost": "500", "tiers": "0: 100", "capacity_0": "10"})
    assert "Nieuwe Leverancier B.V. is not verified yet" in page.content.decode()
    assert not round.offers.exists()


def test_a_member_cannot_verify_its_own_organisation_by_any_door(member: Any) -> None:
    org = make_org(by=member, verified=False, name="Zelf B.V.")
    client = client_for(member)
    patched = client.patch(f"{API}/{org.slug}", json.dumps({"verification_status": "verified", "city": "Ede"}),
                           content_type="application/json")
    assert patched.status_code == 200 and patched.json()["verification"]["status"] == "declared"
    assert client.post(f"{API}/{org.slug}/verification", json.dumps({"evidence": "me"}),
                       content_type="application/json").status_code == 403
    client.post(f"/registry/{org.slug}/edit/", {"name": "Zelf B.V.", "kind": "sme", "country": "NL",
                                               "visibility": "public", "verification_status": "verified"})
    with pytest.raises(PermissionDenied):
        organisation_verify(user=member, organisation=org, evidence="me")
    org.refresh_from_db()
    assert not org.is_verified
