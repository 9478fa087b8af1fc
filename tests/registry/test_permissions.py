"""The permission matrix: every registry page and endpoint, anonymous, signed in without permission, and
with permission."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from straiik.accounts.services import api_token_issue
from straiik.registry.models import Organisation
from tests.conftest import add_capability, client_for, make_org, make_user

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "outsider", "member", "office", "admin", "buyer", "reviewer"]


@pytest.fixture
def people(member, outsider, office, admin_user, buyer, reviewer):  # noqa: ANN001
    return {"anonymous": None, "outsider": outsider, "member": member, "office": office, "admin": admin_user,
            "buyer": buyer, "reviewer": reviewer}


def status(client: Client, method: str, url: str, **kwargs) -> int:  # noqa: ANN003
    return getattr(client, method)(url, **kwargs).status_code


PAGE_MATRIX = [
    # (method, url template, {who: expected status})
    ("get", "/registry/", dict.fromkeys(WHO, 200)),
    ("get", "/registry/{slug}/", dict.fromkeys(WHO, 200)),
    ("get", "/registry/ecosystem/", dict.fromkeys(WHO, 200)),
    ("get", "/registry/export.csv", dict.fromkeys(WHO, 200)),
    ("get", "/registry/new/", {"anonymous": 302, "outsider": 200, "member": 200, "office": 200}),
    ("get", "/registry/{slug}/edit/",
     {"anonymous": 302, "outsider": 403, "member": 200, "office": 200, "admin": 200, "buyer": 403, "reviewer": 403}),
    ("get", "/registry/{slug}/capability/add/",
     {"anonymous": 302, "outsider": 403, "member": 200, "office": 200, "buyer": 403}),
    ("get", "/registry/import/",
     {"anonymous": 302, "outsider": 403, "member": 403, "office": 200, "admin": 200, "buyer": 403}),
    # the office is asked first (a confirmation page), then deletes (test_delete_asks_first)
    ("post", "/registry/{slug}/delete/",
     {"anonymous": 302, "outsider": 403, "member": 403, "buyer": 403, "reviewer": 403, "office": 200}),
]


@pytest.mark.parametrize("method,url,expected", PAGE_MATRIX, ids=[f"{m} {u}" for m, u, _ in PAGE_MATRIX])
def test_page_permissions(people, org: Organisation, method: str, url: str, expected: dict[str, int]) -> None:
    for who, code in expected.items():
        got = status(client_for(people[who]), method, url.format(slug=org.slug))
        assert got == code, f"{who}: {method.upper()} {url} gave {got}, expected {code}"
        if method == "post" and got == 302 and who == "office":
            assert not Organisation.objects.filter(pk=org.pk).exists()


def test_delete_asks_first(people, org: Organisation) -> None:  # noqa: ANN001
    office = client_for(people["office"])
    asked = office.post(f"/registry/{org.slug}/delete/").content.decode()
    assert 'id="confirm"' in asked and org.name in asked and Organisation.objects.filter(pk=org.pk).exists()
    assert office.post(f"/registry/{org.slug}/delete/", {"confirmed": "yes"}).status_code == 302
    assert not Organisation.objects.filter(pk=org.pk).exists()


def test_anonymous_is_sent_to_login(org: Organisation) -> None:
    response = Client().get(f"/registry/{org.slug}/edit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_registered_only_organisation_is_hidden_from_the_public(people, member) -> None:  # noqa: ANN001
    hidden = make_org(by=member, name="Geheime Innovatiecel", kind="defence-unit", visibility="registered")
    anonymous = Client()
    assert anonymous.get(f"/registry/{hidden.slug}/").status_code == 404
    assert "Geheime Innovatiecel" not in anonymous.get("/registry/").content.decode()
    assert "Geheime Innovatiecel" not in anonymous.get("/registry/export.csv").getvalue().decode()
    assert anonymous.get(f"/api/v1/registry/organisations/{hidden.slug}").status_code == 404
    names = [o["name"] for o in anonymous.get("/api/v1/registry/organisations").json()["results"]]
    assert "Geheime Innovatiecel" not in names
    signed_in = client_for(people["outsider"])
    assert signed_in.get(f"/registry/{hidden.slug}/").status_code == 200
    names = [o["name"] for o in signed_in.get("/api/v1/registry/organisations").json()["results"]]
    assert "Geheime Innovatiecel" in names


@pytest.mark.parametrize("who,sees", [("anonymous", False), ("outsider", False), ("reviewer", False),
                                      ("member", True), ("office", True), ("admin", True), ("buyer", True)])
def test_sensitive_facts_need_to_know(people, member, who: str, sees: bool) -> None:  # noqa: ANN001
    office = make_user("programme-office")
    org = make_org(by=member, name="Eigendom B.V.")
    from straiik.registry.services import organisation_update

    organisation_update(user=office, organisation=org,
                        data={"foreign_ownership_pct": 60, "foreign_control_country": "CN",
                              "clearance_status": "refused"})
    client = client_for(people[who])
    page = client.get(f"/registry/{org.slug}/").content.decode()
    assert ('id="sensitive"' in page) is sees
    detail = client.get(f"/api/v1/registry/organisations/{org.slug}").json()
    assert (detail["sensitive"] is not None) is sees
    if sees:
        assert detail["sensitive"]["foreign_control_country"] == "CN"
    export_header = client.get("/registry/export.csv").getvalue().decode().splitlines()[0]
    assert ("foreign_control_country" in export_header) is (who in ("office", "admin", "buyer"))


def test_contacts_only_for_signed_in_users(people, org: Organisation, member) -> None:  # noqa: ANN001
    from straiik.registry.models import Contact
    from straiik.registry.services import child_create

    child_create(user=member, organisation=org, model=Contact,
                 data={"name": "Anna de Vries", "email": "anna@x.example"})
    assert "Anna de Vries" not in Client().get(f"/registry/{org.slug}/").content.decode()
    assert Client().get(f"/api/v1/registry/organisations/{org.slug}").json()["contacts"] is None
    assert "Anna de Vries" in client_for(people["outsider"]).get(f"/registry/{org.slug}/").content.decode()


@pytest.mark.parametrize("who,sees", [("anonymous", False), ("outsider", False), ("buyer", False),
                                      ("member", True), ("office", True)])
def test_history_is_for_those_who_may_edit(people, org: Organisation, who: str, sees: bool) -> None:  # noqa: ANN001
    client = client_for(people[who])
    assert ('id="history"' in client.get(f"/registry/{org.slug}/").content.decode()) is sees
    assert client.get(f"/api/v1/registry/organisations/{org.slug}/history").status_code == (200 if sees else 403)


def test_a_member_of_one_organisation_cannot_edit_another(member) -> None:  # noqa: ANN001
    other_member = make_user()
    other = make_org(by=other_member, name="Andere Partij B.V.")
    client = client_for(member)
    assert client.get(f"/registry/{other.slug}/edit/").status_code == 403
    response = client.post(f"/registry/{other.slug}/edit/", {"name": "Overgenomen", "kind": "sme", "country": "NL"})
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.name == "Andere Partij B.V."


def test_only_members_may_change_children(people, org: Organisation, member) -> None:  # noqa: ANN001
    capability = add_capability(org, by=member, title="Radar")
    url = f"/registry/{org.slug}/capability/{capability.pk}/delete/"
    assert client_for(people["outsider"]).post(url).status_code == 403
    assert client_for(None).post(url).status_code == 302  # to the login page
    assert org.capabilities.count() == 1
    assert client_for(member).post(url).status_code == 302
    assert org.capabilities.count() == 0


API = "/api/v1/registry/organisations"


def test_api_write_matrix(people, org: Organisation) -> None:  # noqa: ANN001
    body = json.dumps({"name": "Nieuw B.V.", "kind": "startup", "areas": ["quantum"]})
    assert Client().post(API, body, content_type="application/json").status_code == 401
    assert client_for(people["outsider"]).post(API, body, content_type="application/json").status_code == 201

    patch = json.dumps({"city": "Leiden"})
    url = f"{API}/{org.slug}"
    expected = {"anonymous": 401, "outsider": 403, "buyer": 403, "reviewer": 403, "member": 200, "office": 200}
    for who, code in expected.items():
        got = client_for(people[who]).patch(url, patch, content_type="application/json").status_code
        assert got == code, f"{who}: PATCH gave {got}, expected {code}"

    expected = {"anonymous": 401, "outsider": 403, "member": 403, "buyer": 403, "office": 204}
    for who, code in expected.items():
        got = client_for(people[who]).delete(url).status_code
        assert got == code, f"{who}: DELETE gave {got}, expected {code}"


def test_api_bearer_token(member, org: Organisation) -> None:  # noqa: ANN001
    _token, key = api_token_issue(user=member, name="script", scopes={"registry": "write"})
    client = Client()
    response = client.patch(f"{API}/{org.slug}", json.dumps({"city": "Rotterdam"}), content_type="application/json",
                            HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200, response.content
    assert response.json()["city"] == "Rotterdam"
    bad = client.get(API, HTTP_AUTHORIZATION="Bearer stk_wrong", HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 401
    assert "This token is not known" in bad.json()["message"]


def test_api_session_writes_need_csrf(member, org: Organisation) -> None:  # noqa: ANN001
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.patch(f"{API}/{org.slug}", json.dumps({"city": "Breda"}), content_type="application/json")
    assert response.status_code in (401, 403)
    org.refresh_from_db()
    assert org.city == "Delft"


def test_non_staff_cannot_set_sensitive_fields_through_the_api(people, org: Organisation) -> None:  # noqa: ANN001
    client = client_for(people["outsider"])
    response = client.post(API, json.dumps({"name": "Stiekem B.V.", "kind": "sme", "clearance_status": "secret"}),
                           content_type="application/json")
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Stiekem B.V.").exists()
