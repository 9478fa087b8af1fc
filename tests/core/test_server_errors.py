"""No server errors: what schemathesis found, and everything of its kind, answered with a clear 4xx that the
OpenAPI schema declares (core/api.py, core/conflicts.py, core/limits.py)."""

from __future__ import annotations

from typing import Any

import pytest

from straiik.accounts import tokens
from straiik.core.api import COMMON_ERRORS
from straiik.core.models import ObjectChange
from straiik.registry.models import Organisation
from tests.conftest import client_for, make_org, make_user

pytestmark = pytest.mark.django_db


def bearer(user: Any) -> dict[str, str]:
    _token, key = tokens.token_issue(user=user, name="test", scopes=dict.fromkeys(tokens.API_APPS, "write"))
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_every_operation_declares_the_common_error_statuses() -> None:
    from straiik.config.api import api

    schema = api.get_openapi_schema()
    operations = [(method, path, op) for path, item in schema["paths"].items() for method, op in item.items()]
    assert len(operations) > 90
    for method, path, operation in operations:
        declared = {int(status) for status in operation["responses"]}
        assert set(COMMON_ERRORS) <= declared, (method, path, sorted(declared))
        assert any(200 <= status < 300 for status in declared), (method, path)


def _referenced_organisation(office: Any) -> Organisation:
    """An organisation that a bundling demand refers to (on_delete=PROTECT)."""
    from straiik.bundling import services
    from straiik.registry.models import CpvCode

    buyer = make_org(by=office, name="Agency Referred", kind="government")
    round = services.round_create(user=office, data={"name": "R", "periods": ["P1"]})
    services.demand_create(user=office, round=round, data={
        "buyer": buyer, "item": CpvCode.objects.get(code="35331000"), "standard": "S", "quantity": 1,
        "periods": ["P1"], "solo_unit_price": 10, "reference": ""})
    return buyer


def test_deleting_a_record_others_refer_to_is_a_conflict_naming_them(office: Any) -> None:
    organisation = _referenced_organisation(office)
    auth = bearer(office)  # issuing the token is a change of its own
    changes = ObjectChange.objects.count()
    response = client_for(None).delete(f"/api/v1/registry/organisations/{organisation.slug}", **auth)
    assert response.status_code == 409
    body = response.json()
    assert body["message"] == ("This record cannot be deleted: other records still refer to it (1 demand). "
                               "Remove or change those first.")
    assert body["errors"] == [{"model": "bundling.demand", "name": "demand", "count": 1}]
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert ObjectChange.objects.count() == changes  # the audit entry of the delete was rolled back with it
    # the page says the same, with the error page, not a server error
    page = client_for(office).post(f"/registry/{organisation.slug}/delete/", {"confirmed": "yes"})
    assert page.status_code == 409 and b"other records still refer to it (1 demand)" in page.content
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_unknown_filter_values_are_refused_by_the_api_and_dropped_by_the_pages() -> None:
    client = client_for(None)
    for query, field in (("phase=x", "phase"), ("state=bogus", "state"), ("area=%C2%85j", "area")):
        response = client.get(f"/api/v1/sdir/calls?{query}")
        assert response.status_code == 422, query
        assert response.json()["errors"][0]["field"] == field
    assert client.get("/api/v1/sdir/calls?phase=1&area=space&state=open").status_code == 200
    nul = client.get("/api/v1/sdir/calls?area=%00")
    assert nul.status_code == 400 and "NUL character" in nul.json()["message"]
    page = client.get("/sdir/?phase=x&area=%C2%85&state=bogus")
    assert page.status_code == 200
    assert client.get("/registry/?q=%00").status_code == 400


def test_malformed_multipart_is_a_bad_request(office: Any) -> None:
    response = client_for(None).generic("POST", "/api/v1/sdir/proposals/1/attachments", b"",
                                        CONTENT_TYPE="multipart/form-data", **bearer(office))
    assert response.status_code == 400
    assert response.json()["message"].startswith("The request cannot be read (Invalid boundary in multipart")


def test_a_nul_character_in_json_is_refused_and_nothing_stored(office: Any) -> None:
    response = client_for(None).post("/api/v1/registry/organisations", '{"kind": "sme", "name": "A\\u0000B"}',
                                     content_type="application/json", **bearer(office))
    assert response.status_code == 422 and "NUL character" in response.json()["message"]
    assert not Organisation.objects.filter(name__startswith="A").exists()
    # a backslash written as text is not a NUL character
    text = client_for(None).post("/api/v1/registry/organisations", '{"kind": "sme", "name": "A\\\\u0000B"}',
                                 content_type="application/json", **bearer(office))
    assert text.status_code == 201 and Organisation.objects.get(name="A\\u0000B")


def test_an_introduction_without_an_organisation_is_invalid_input(office: Any) -> None:
    from straiik.defport import services

    submission = services.submission_create(user=make_user(), data={
        "kind": "idea", "title": "A lighter helmet liner", "description": "A liner of recycled fibre."},
        areas=[], cpv=[], confirmed_not_duplicate=True)
    response = client_for(None).post(f"/api/v1/defport/submissions/{submission.pk}/introductions",
                                     {"organisation": ""}, content_type="application/json", **bearer(office))
    assert response.status_code == 422 and response.json()["errors"] == {
        "organisation": ["the slug of the organisation to introduce is required"]}
