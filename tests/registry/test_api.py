"""The registry REST API: pagination, filters, validation errors as JSON, constant query counts."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from straiik.registry import demo
from straiik.registry.models import Organisation
from straiik.registry.services import organisations_bulk_create
from tests.conftest import add_capability, client_for, make_org

pytestmark = pytest.mark.django_db
API = "/api/v1/registry/organisations"


@pytest.fixture
def ecosystem(db) -> list[Organisation]:  # noqa: ANN001
    return organisations_bulk_create(user=None, specs=list(demo.generate(120, seed=5)), is_demo=True)


def test_pagination_and_counts(ecosystem) -> None:  # noqa: ANN001
    public = Organisation.objects.filter(visibility="public").count()
    body = Client().get(API, {"page_size": 50, "page": 2}).json()
    assert body["count"] == public and body["page"] == 2 and body["page_size"] == 50
    assert body["pages"] == -(-public // 50)
    assert len(body["results"]) == min(50, public - 50)
    names = [o["name"] for o in body["results"]]
    assert names == sorted(names, key=str.casefold) or names == sorted(names)


def test_filters_combine(ecosystem) -> None:  # noqa: ANN001
    body = Client().get(API, {"kind": "sme", "area": "sensors", "page_size": 100}).json()
    expected = Organisation.objects.filter(visibility="public", kind="sme", areas="sensors").count()
    assert body["count"] == expected > 0
    assert all(o["kind"] == "sme" and "sensors" in o["areas"] for o in body["results"])
    trl = Client().get(API, {"trl_min": 8, "page_size": 100}).json()
    assert trl["count"] > 0 and all(o["max_trl"] >= 8 for o in trl["results"])
    cpv = Client().get(API, {"cpv": "35700000", "page_size": 100}).json()  # military electronic systems
    for item in cpv["results"]:
        org = Organisation.objects.get(slug=item["slug"])
        codes = {c.code for cap in org.capabilities.all() for c in cap.cpv_codes.all()}
        assert any(code.startswith("357") for code in codes)


def test_cpv_filter_includes_descendants(member) -> None:  # noqa: ANN001
    org = make_org(by=member, name="Radarbouw B.V.")
    add_capability(org, by=member, title="Luchtafweerradar", cpv=["35723000"])
    for code in ("35723000", "35720000", "35700000", "35000000"):
        assert Client().get(API, {"cpv": code}).json()["count"] == 1, code
    assert Client().get(API, {"cpv": "34500000"}).json()["count"] == 0
    from straiik.registry.services import child_delete

    child_delete(user=member, child=org.capabilities.get())
    assert Client().get(API, {"cpv": "35700000"}).json()["count"] == 0  # the CPV index follows the edit


@pytest.mark.parametrize("params,field", [
    ({"kind": "unicorn"}, "kind"),
    ({"area": "warp"}, "area"),
    ({"page_size": 1000}, "page_size"),
    ({"page": 0}, "page"),
    ({"trl_min": 10}, "trl_min"),
    ({"cpv": "radar"}, "cpv"),
    ({"sort": "; DROP TABLE"}, "sort"),
])
def test_bad_filters_get_422_naming_the_field(params, field) -> None:  # noqa: ANN001
    response = Client().get(API, params)
    assert response.status_code == 422
    body = response.json()
    assert field in body["message"] and body["errors"][0]["field"] == field


def test_a_page_past_the_end_is_404_with_a_message(ecosystem) -> None:  # noqa: ANN001
    response = Client().get(API, {"page": 999})
    assert response.status_code == 404 and "does not exist" in response.json()["message"]


def test_unknown_organisation_is_json_404() -> None:
    response = Client().get(f"{API}/no-such-thing")
    assert response.status_code == 404 and response.json() == {"message": "Not found, or you may not see it."}


def test_create_validation_errors_are_json_and_store_nothing(outsider) -> None:  # noqa: ANN001
    client = client_for(outsider)
    cases = [
        ({"kind": "sme"}, "name"),
        ({"name": "X", "kind": "sme", "country": "XX"}, "country"),
        ({"name": "X", "kind": "sme", "province": "NL-ZZ"}, "province"),
        ({"name": "X", "kind": "sme", "country": "BE", "province": "NL-ZH"}, "province"),
        ({"name": "X", "kind": "sme", "founded": 1200}, "founded"),
        ({"name": "X", "kind": "sme", "areas": ["warp"]}, "areas"),
        ({"name": "X" * 201, "kind": "sme"}, "name"),
    ]
    for payload, field in cases:
        response = client.post(API, json.dumps(payload), content_type="application/json")
        assert response.status_code == 422, (payload, response.content)
        assert field in response.json()["message"], (payload, response.json())
    bad_json = client.post(API, "{not json", content_type="application/json")
    assert bad_json.status_code in (400, 422) and "message" in bad_json.json()
    assert Organisation.objects.count() == 0


def test_create_update_round_trip(outsider) -> None:  # noqa: ANN001
    client = client_for(outsider)
    created = client.post(API, json.dumps({
        "name": "Nieuwe Kwantum B.V.", "kind": "startup", "province": "NL-ZH", "city": "Delft",
        "region": "mindbase-delft", "areas": ["quantum"], "foreign_ownership_pct": "12.5"}),
        content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["region"] == "mindbase-delft" and body["areas"] == ["quantum"]
    assert float(body["sensitive"]["foreign_ownership_pct"]) == 12.5  # the registrant is a member and sees it
    slug = body["slug"]
    patched = client.patch(f"{API}/{slug}", json.dumps({"areas": ["quantum", "space"], "description": None}),
                           content_type="application/json")
    assert patched.status_code == 200 and sorted(patched.json()["areas"]) == ["quantum", "space"]
    cap = client.post(f"{API}/{slug}/capabilities", json.dumps(
        {"title": "Kwantumsensor", "trl": 4, "cpv_codes": ["38300000-8"], "areas": ["quantum"]}),
        content_type="application/json")
    assert cap.status_code == 201 and cap.json()["cpv_codes"] == ["38300000"]
    bad_cap = client.post(f"{API}/{slug}/capabilities", json.dumps({"title": "X", "cpv_codes": ["12345678"]}),
                          content_type="application/json")
    assert bad_cap.status_code == 422 and "12345678" in bad_cap.json()["message"]
    history = client.get(f"{API}/{slug}/history").json()
    assert [h["action"] for h in history] == ["create", "update", "create"]


def test_text_in_the_api_is_returned_verbatim_not_interpreted(outsider) -> None:  # noqa: ANN001
    client = client_for(outsider)
    payload = {"name": "<script>alert(1)</script>", "kind": "sme", "description": "a" * 20_000}
    response = client.post(API, json.dumps(payload), content_type="application/json")
    assert response.status_code == 201
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["name"] == "<script>alert(1)</script>"
    too_long = client.post(API, json.dumps({**payload, "description": "a" * 20_001}), content_type="application/json")
    assert too_long.status_code == 422


@pytest.mark.parametrize("url", [API, "/registry/"])
def test_query_count_does_not_grow_with_page_size(ecosystem, outsider, url: str) -> None:  # noqa: ANN001
    counts = {}
    for client in (Client(), client_for(outsider)):
        for size in (25, 50, 100):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, {"page_size": size, "q": ""}).status_code == 200
            counts.setdefault(id(client), set()).add(len(queries))
    assert all(len(c) == 1 for c in counts.values()), counts


def test_openapi_schema_and_docs_are_served_offline() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/registry/organisations" in schema["paths"]
    docs = Client().get("/api/v1/docs").content.decode()
    assert "cdn" not in docs.lower() and "/static/ninja/" in docs


def test_taxonomy_endpoints() -> None:
    assert len(Client().get("/api/v1/registry/areas").json()) == 6
    regions = Client().get("/api/v1/registry/regions").json()
    assert sum(r["network"] == "MINDbase" for r in regions) == 6
    radar = Client().get("/api/v1/registry/cpv", {"q": "radar"}).json()
    assert {"35722000", "35723000"} <= {c["code"] for c in radar}
    assert Client().get("/api/v1/registry/cpv", {"q": "3572"}).json()[0]["code"] == "35720000"


def test_cpv_suggestions_for_the_capability_form() -> None:
    page = Client(HTTP_ACCEPT_LANGUAGE="nl").get("/registry/cpv/", {"cpv_q": "radar"}).content.decode()
    assert "35722000" in page and "Luchtafweerradar" in page
    assert "No CPV codes" in Client(HTTP_ACCEPT_LANGUAGE="en").get("/registry/cpv/", {"cpv_q": "zzzz"}).content.decode()
