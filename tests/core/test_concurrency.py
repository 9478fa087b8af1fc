"""No lost updates: two people saving the same record from the same version. The first is saved; the second
is told and nothing of the first is overwritten — in the edit forms of the five edited records, in their
services, and in the API's PATCH with If-Match."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms
from django.test import Client

from straiik.accounts.models import User
from straiik.agenda import services as agenda_services
from straiik.bundling import services as bundling_services
from straiik.core.concurrency import ConcurrentEditError, version_of
from straiik.defport import services as defport_services
from straiik.registry import services as registry_services
from straiik.registry.models import Membership
from straiik.sdir import services as sdir_services
from tests.agenda.conftest import action_data
from tests.bundling.conftest import round_data
from tests.conftest import PASSWORD, make_org, make_user
from tests.defport.conftest import need_data
from tests.sdir.conftest import make_call

pytestmark = pytest.mark.django_db


def browser(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def opened_version(client: Client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, url
    match = re.search(r'<input type="hidden" name="version" value="(\d+)"', page.content.decode())
    assert match, "the edit form carries the version it was opened at"
    return match.group(1)


def posted(form: Any, **changes: Any) -> dict[str, Any]:
    """What a browser posts for `form` as it was opened (its initial values), with `changes`."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = str(value)
    data.update(changes)
    return data


@pytest.fixture
def second_office(db: Any) -> User:
    return make_user("programme-office", username="office2")


def records(office: User) -> dict[str, tuple[Any, Any]]:
    """Each edited record, and a function saving a change to it from a given version."""
    org = make_org(by=office, name="Rivierland Optics B.V.")
    unit = make_org(by=office, name="Innovatiecel", kind="defence-unit")
    submitter = make_user("defence-buyer", username="needbuyer")
    Membership.objects.create(user=submitter, organisation=unit)
    submission = defport_services.submission_create(user=submitter, data=need_data(unit), submit=False)
    call = make_call(office, unit, publish=False)
    agenda = agenda_services.agenda_create(user=office, year=2026, summary="Test agenda")
    action = agenda_services.action_create(user=office, agenda=agenda, data=action_data(None))
    round = bundling_services.round_create(user=office, data=round_data())
    return {
        "organisation": (org, lambda obj, text, version: registry_services.organisation_update(
            user=office, organisation=obj, data={"description": text}, expected_version=version)),
        "submission": (submission, lambda obj, text, version: defport_services.submission_update(
            user=submitter, submission=obj, data={"description": text}, expected_version=version)),
        "call": (call, lambda obj, text, version: sdir_services.call_update(
            user=office, call=obj, data={"problem": text}, expected_version=version)),
        "action": (action, lambda obj, text, version: agenda_services.action_update(
            user=office, action=obj, data={"description": text}, expected_version=version)),
        "round": (round, lambda obj, text, version: bundling_services.round_update(
            user=office, round=obj, data={"description": text}, expected_version=version)),
    }


TEXT_FIELD = {"organisation": "description", "submission": "description", "call": "problem",
              "action": "description", "round": "description"}


@pytest.mark.parametrize("kind", list(TEXT_FIELD))
def test_services_refuse_a_save_from_an_older_version(kind: str, office: User) -> None:
    record, save = records(office)[kind]
    opened = version_of(record)  # both people opened the record at this version
    save(record, "first person's text", opened)
    with pytest.raises(ConcurrentEditError) as refused:
        save(record, "second person's text", opened)
    record.refresh_from_db()
    assert refused.value.code == "stale" and refused.value.current_version == version_of(record) != opened
    assert getattr(record, TEXT_FIELD[kind]) == "first person's text"
    save(record, "second person's text, after reading the first", version_of(record))  # from the new version: ok
    save(record, "a script that sends no version", None)  # no version given: nothing to check


def test_two_people_editing_an_organisation_the_second_is_told(office: User, second_office: User) -> None:
    org = make_org(by=office, name="Rivierland Optics B.V.", description="before")
    url = f"/registry/{org.slug}/edit/"
    first, second = browser(office), browser(second_office)
    version_first, version_second = opened_version(first, url), opened_version(second, url)
    assert version_first == version_second
    from straiik.registry import permissions
    from straiik.registry.forms import OrganisationForm

    form = posted(OrganisationForm(instance=org,
                                   sensitive_fields=permissions.settable_sensitive_fields(office, org)))
    saved = first.post(url, {**form, "description": "first", "version": version_first})
    assert saved.status_code == 302, saved.context["form"].errors
    page = second.post(url, {**form, "description": "second", "version": version_second})
    assert page.status_code == 200
    text = page.content.decode()
    # In Dutch, the platform's default language: "… was changed by office at …, your changes were not saved".
    assert "is gewijzigd door office om" in text and "Uw wijzigingen zijn niet opgeslagen" in text
    assert "second" in text, "the second person's input stays in the form"
    org.refresh_from_db()
    assert org.description == "first"


def test_two_people_editing_a_bundling_round_the_second_is_told(office: User, second_office: User) -> None:
    round = bundling_services.round_create(user=office, data=round_data())
    url = f"/bundling/{round.pk}/rules/"
    first, second = browser(office), browser(second_office)
    version = opened_version(first, url)
    assert opened_version(second, url) == version
    from straiik.bundling.forms import RoundForm

    form = posted(RoundForm(instance=round))
    assert first.post(url, {**form, "description": "first", "version": version}).status_code == 302
    page = second.post(url, {**form, "description": "second", "version": version})
    assert "Uw wijzigingen zijn niet opgeslagen" in page.content.decode()
    round.refresh_from_db()
    assert round.description == "first"


def test_api_patch_with_if_match(office: User) -> None:
    org = make_org(by=office, name="Rivierland Optics B.V.", description="before")
    api = Client()
    api.login(username="office", password=PASSWORD)
    url = f"/api/v1/registry/organisations/{org.slug}"
    etag = api.get(url)["ETag"]
    assert etag == f'"{version_of(org)}"'

    first = api.patch(url, {"description": "first"}, content_type="application/json", headers={"If-Match": etag})
    assert first.status_code == 200 and first["ETag"] != etag
    stale = api.patch(url, {"description": "second"}, content_type="application/json", headers={"If-Match": etag})
    assert stale.status_code == 412
    body = stale.json()
    assert "nadat u het opende" in body["message"] and body["errors"]["current_version"] == first["ETag"].strip('"')
    assert stale["ETag"] == first["ETag"]
    org.refresh_from_db()
    assert org.description == "first"
    again = api.patch(url, {"description": "second"}, content_type="application/json",
                      headers={"If-Match": f'W/{first["ETag"]}'})
    assert again.status_code == 200
    assert api.patch(url, {"description": "no precondition"}, content_type="application/json").status_code == 200


@pytest.mark.parametrize("kind", ["call", "action"])
def test_api_patch_of_calls_and_actions_honours_if_match(kind: str, office: User) -> None:
    record, _save = records(office)[kind]
    api = browser(office)
    headers: dict[str, str] = {}
    url = {"call": f"/api/v1/sdir/calls/{record.pk}", "action": f"/api/v1/agenda/actions/{record.pk}"}[kind]
    field = {"call": "problem", "action": "description"}[kind]
    etag = api.get(url, headers=headers)["ETag"]
    ok = api.patch(url, {field: "first"}, content_type="application/json", headers={**headers, "If-Match": etag})
    assert ok.status_code == 200, ok.content
    stale = api.patch(url, {field: "second"}, content_type="application/json", headers={**headers, "If-Match": etag})
    assert stale.status_code == 412
    record.refresh_from_db()
    assert getattr(record, field) == "first"


def test_the_openapi_schema_declares_412_on_the_guarded_operations() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    for path, method in [("/api/v1/registry/organisations/{slug}", "patch"), ("/api/v1/sdir/calls/{call_id}", "patch"),
                         ("/api/v1/agenda/actions/{action_id}", "patch")]:
        assert "412" in schema["paths"][path][method]["responses"], path
