"""Foreign-influence disclosures: versions with their history, sign-off, return, renewal and its reminder."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from straiik.core.models import ObjectChange
from straiik.protection import services
from straiik.protection.models import Disclosure, ScreeningHit
from straiik.registry.models import Membership
from tests.conftest import client_for, make_user
from tests.protection.conftest import load
from tests.sdir.test_flow import run_worker

pytestmark = pytest.mark.django_db

FIRST = {"owners": [{"name": "Jan de Vries", "kind": "person", "country": "NL", "share_pct": "60"},
                    {"name": "Nordic Ventures AB", "kind": "entity", "country": "SE", "share_pct": "40"}],
         "key_people": [{"name": "Jan de Vries", "role": "CEO", "nationalities": "NL"}],
         "foreign_funding": [{"source": "Nordic Ventures AB", "kind": "funding", "country": "SE",
                              "amount_eur": 250000, "year": 2026}]}


def test_versions_keep_their_history(office: Any, member: Any, org: Any) -> None:
    first = services.disclosure_declare(user=member, organisation=org, data=FIRST)
    assert (first.version, first.status) == (1, "submitted")
    assert first.owners[0] == {"name": "Jan de Vries", "kind": "person", "country": "NL", "share_pct": "60",
                               "state_backed": False, "birth_date": ""}
    with pytest.raises(ValidationError) as error:
        services.disclosure_review(user=office, disclosure=first, sign_off=False, note="")
    assert "note" in error.value.message_dict
    services.disclosure_review(user=office, disclosure=first, sign_off=False, note="Name the state fund behind "
                                                                                   "Nordic Ventures.")
    second = services.disclosure_declare(user=member, organisation=org, data={
        **FIRST, "owners": [FIRST["owners"][0], {**FIRST["owners"][1], "state_backed": True}]})
    services.disclosure_review(user=office, disclosure=second, sign_off=True)
    versions = list(org.disclosures.order_by("version").values_list("version", "status"))
    assert versions == [(1, "returned"), (2, "signed-off")]
    first.refresh_from_db()
    assert first.owners[1]["state_backed"] is False  # the first version is as it was declared
    assert ObjectChange.objects.filter(changed_object_type__model="disclosure", related_object_id=org.pk).count() == 4
    with pytest.raises(ValidationError, match="already reviewed"):
        services.disclosure_review(user=office, disclosure=second, sign_off=True)


def test_faults_are_named_by_section(member: Any, org: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.disclosure_declare(user=member, organisation=org, data={
            "owners": [{"name": "A", "country": "XX", "share_pct": "70"}, {"name": "B", "country": "NL",
                                                                          "share_pct": "40"}],
            "control_chain": [{"name": "Holding", "country": "NL"}],
            "key_people": [{"name": "C", "nationalities": ""}]})
    errors = error.value.message_dict
    assert any("Owner 1" in m and "XX" in m for m in errors["owners"])
    assert any("more than 100" in m for m in errors["owners"])
    assert any("controlling party" in m for m in errors["controlling_party"])
    assert any("nationality" in m for m in errors["key_people"])
    assert not Disclosure.objects.exists()


def test_only_administrators_declare(org: Any) -> None:
    colleague = make_user(username="colleague")
    Membership.objects.create(user=colleague, organisation=org, is_admin=False)
    with pytest.raises(PermissionDenied):
        services.disclosure_declare(user=colleague, organisation=org, data=FIRST)
    assert client_for(colleague).get(f"/protection/organisations/{org.slug}/").status_code == 404


@override_settings(STRAIIK_DISCLOSURE_RENEWAL_DAYS=30)
def test_renewal_is_due_after_the_period_and_reminded_once(office: Any, member: Any, org: Any,
                                                           django_capture_on_commit_callbacks: Any) -> None:
    member.email = "admin@velden.example"
    member.save()
    disclosure = services.disclosure_declare(user=member, organisation=org, data=FIRST)
    services.disclosure_review(user=office, disclosure=disclosure, sign_off=True)
    assert services.disclosures_due() == []
    later = timezone.now() + dt.timedelta(days=31)
    assert services.disclosures_due(later) == [disclosure]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_renewal_reminders(later) == 1
    run_worker()  # e-mail goes out from the worker (the platform's notifications)
    assert mail.outbox[-1].to == ["admin@velden.example"] and "Renew" in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_renewal_reminders(later + dt.timedelta(days=1)) == 0  # once per due date
    # a new version ends it
    services.disclosure_declare(user=member, organisation=org, data=FIRST)
    assert services.disclosures_due(later) == []


def test_the_reminder_command(office: Any, member: Any, org: Any) -> None:
    disclosure = services.disclosure_declare(user=member, organisation=org, data=FIRST)
    services.disclosure_review(user=office, disclosure=disclosure, sign_off=True)
    Disclosure.objects.filter(pk=disclosure.pk).update(signed_off_at=timezone.now() - dt.timedelta(days=400))
    from io import StringIO

    out = StringIO()
    call_command("protection_remind", stdout=out)
    assert "1 organisations reminded" in out.getvalue()


def test_disclosed_owners_are_screened(office: Any, member: Any, org: Any, django_capture_on_commit_callbacks: Any
                                       ) -> None:
    load(office, "eu", capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.disclosure_declare(user=member, organisation=org, data={
            "owners": [{"name": "Іванов Олександр", "kind": "person", "country": "UA", "share_pct": "30",
                        "birth_date": "1971-03-14"}],
            "controlling_party": {"name": "Zvezda Oboronprom", "kind": "entity", "country": "RU"}})
    found = {(h.subject_kind, h.entry_key) for h in ScreeningHit.objects.filter(organisation=org)}
    assert found == {("owner", "eu:90001"), ("controller", "eu:90003")}


def test_pages_and_api(office: Any, member: Any, org: Any) -> None:
    page = client_for(member).get(f"/protection/organisations/{org.slug}/disclose/")
    assert page.status_code == 200 and "owners-TOTAL_FORMS" in page.content.decode()
    posted = client_for(member).post(f"/protection/organisations/{org.slug}/disclose/", {
        "owners-TOTAL_FORMS": "1", "owners-INITIAL_FORMS": "0", "owners-0-name": "Jan de Vries",
        "owners-0-kind": "person", "owners-0-country": "NL", "owners-0-share_pct": "100",
        **{f"{p}-{k}": "0" for p in ("control_chain", "key_people", "foreign_funding", "listed_ties")
           for k in ("TOTAL_FORMS", "INITIAL_FORMS")},
        "controller_name": "", "statement": "Wholly owned by its founder."})
    assert posted.status_code == 302, posted.content.decode()[:2000]
    declared = Disclosure.objects.get()
    assert declared.owners[0]["name"] == "Jan de Vries" and declared.statement == "Wholly owned by its founder."
    api = client_for(member).post(f"/api/v1/protection/organisations/{org.slug}/disclosures",
                                  {"owners": [{"name": "X", "country": "QQ", "share_pct": 10}]},
                                  content_type="application/json")
    assert api.status_code == 422 and "owners" in api.json()["errors"]
    reviewed = client_for(office).post(f"/api/v1/protection/disclosures/{declared.pk}/review", {"sign_off": True},
                                       content_type="application/json")
    assert reviewed.status_code == 200 and reviewed.json()["renewal_due_at"]
    record = client_for(member).get(f"/api/v1/protection/organisations/{org.slug}").json()
    assert [d["version"] for d in record["disclosures"]] == [1] and record["blocked"] == []
    assert client_for(member).get("/api/v1/protection/dashboard").status_code == 403
    assert client_for(office).get("/api/v1/protection/dashboard").json()["disclosures_to_sign_off"] == 0


def test_the_registry_page_links_to_the_protection_page_for_those_who_may_see_it(office: Any, member: Any,
                                                                                  org: Any) -> None:
    link = f'href="/protection/organisations/{org.slug}/"'
    assert link in client_for(office).get(org.get_absolute_url()).content.decode()
    assert link in client_for(member).get(org.get_absolute_url()).content.decode()
    assert link not in client_for(make_user(username="reader")).get(org.get_absolute_url()).content.decode()
