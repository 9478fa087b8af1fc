"""Lists loaded as files, the registry screened on every import and every change, the review queue."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from straiik.core.models import ObjectChange
from straiik.protection import services
from straiik.protection.models import ListedParty, SanctionsList, ScreeningHit
from straiik.registry.models import Contact
from straiik.registry.services import child_create, organisation_update
from tests.conftest import client_for, make_org, make_user
from tests.protection.conftest import EU_FILE, UN_FILE, load
from tests.sdir.test_flow import run_worker

pytestmark = pytest.mark.django_db


def test_an_import_records_the_version_and_screens_the_registry(office: Any, django_capture_on_commit_callbacks: Any
                                                                ) -> None:
    acme = make_org(by=office, name="ACME Defence Systems Ltd", country="GB", province="")
    make_org(by=office, name="ACME Marine Systems B.V.")
    loaded = load(office, "eu", capture=django_capture_on_commit_callbacks)
    assert (loaded.version, loaded.entry_count, loaded.is_current) == ("900001", 5, True)
    assert loaded.generated.startswith("2026-11-30") and len(loaded.sha256) == 64
    [hit] = ScreeningHit.objects.all()
    assert hit.organisation == acme and hit.entry_key == "eu:90002" and hit.status == "open"
    assert hit.entry_name == "ACME DEFENCE SYSTEMS LIMITED" and hit.entry_reference == "EU.9002.02"
    assert ObjectChange.objects.filter(changed_object_type__model="sanctionslist").count() == 1


def test_a_changed_contact_is_screened(office: Any, django_capture_on_commit_callbacks: Any) -> None:
    org = make_org(by=office, name="Velden Radar B.V.")
    load(office, "un", capture=django_capture_on_commit_callbacks)
    assert not ScreeningHit.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        contact = child_create(user=office, organisation=org, model=Contact, data={"name": "Сергій Козлов",
                                                                                   "role": "sales"})
    [hit] = ScreeningHit.objects.all()
    assert (hit.subject_kind, hit.subject_name, hit.entry_key) == ("contact", "Сергій Козлов", "un:7900001")
    assert ["transliterated", "uk"] in hit.reasons
    # renamed to someone else: the open hit lapses
    with django_capture_on_commit_callbacks(execute=True):
        contact.name = "Serhii Kozak"
        contact.save()
    assert ScreeningHit.objects.get().status == "lapsed"


def test_a_registry_import_is_screened_at_once(office: Any, django_capture_on_commit_callbacks: Any) -> None:
    """Bulk imports (the registry's CSV/XLSX import, the demo) send no post_save: they are screened when their
    transaction commits, not only at the next list load."""
    from django.utils.text import slugify

    from straiik.registry.services import OrganisationSpec, organisations_bulk_create

    load(office, "eu", capture=django_capture_on_commit_callbacks)
    assert not ScreeningHit.objects.exists()
    specs = [OrganisationSpec(fields={"name": name, "slug": slugify(name), "kind": "sme", "country": "NL"})
             for name in ("Zvezda Oboronprom OOO", "Polder Optics B.V.")]
    with django_capture_on_commit_callbacks(execute=True):
        [listed, plain] = organisations_bulk_create(user=office, specs=specs)
    [hit] = ScreeningHit.objects.all()
    assert hit.organisation == listed and hit.entry_key == "eu:90003"


def test_a_renamed_organisation_is_screened(office: Any, django_capture_on_commit_callbacks: Any) -> None:
    load(office, "eu", capture=django_capture_on_commit_callbacks)
    org = make_org(by=office, name="Zeeland Composites B.V.")
    assert not ScreeningHit.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        organisation_update(user=office, organisation=org, data={"name": "Zvezda Oboronprom OOO"})
    assert ScreeningHit.objects.get().entry_key == "eu:90003"


@pytest.mark.parametrize("cut", [1200, -25])
def test_a_truncated_file_is_refused_and_the_previous_list_kept(office: Any, cut: int,
                                                                django_capture_on_commit_callbacks: Any) -> None:
    first = load(office, "eu", capture=django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as error:
        load(office, "eu", data=EU_FILE.read_bytes()[:cut])
    message = error.value.message_dict["file"][0]
    assert "refused and the current list kept" in message and "line" in message
    assert SanctionsList.objects.get(is_current=True) == first
    assert ListedParty.objects.filter(sanctions_list=first).count() == 5


def test_a_malformed_entry_names_its_element(office: Any) -> None:
    broken = UN_FILE.read_bytes().replace(b"<FIRST_NAME>KORYO MARITIME TECHNOLOGY CORPORATION</FIRST_NAME>", b"")
    with pytest.raises(ValidationError, match=r"ENTITY 7900101 has no FIRST_NAME \(element <ENTITY>, line 41\)"):
        load(office, "un", data=broken)
    assert not SanctionsList.objects.exists()


def test_a_new_version_replaces_the_entries_and_keeps_the_record(office: Any,
                                                                 django_capture_on_commit_callbacks: Any) -> None:
    first = load(office, "eu", capture=django_capture_on_commit_callbacks)
    newer = EU_FILE.read_bytes().replace(b'globalFileId="900001"', b'globalFileId="900002"')
    second = load(office, "eu", data=newer, capture=django_capture_on_commit_callbacks)
    first.refresh_from_db()
    assert not first.is_current and second.is_current and second.version == "900002"
    assert ListedParty.objects.filter(sanctions_list=first).count() == 0
    assert ListedParty.objects.filter(sanctions_list=second).count() == 5


def test_only_the_office_loads_lists(member: Any) -> None:
    with pytest.raises(PermissionDenied):
        load(member, "eu")


def test_review_confirm_and_dismiss_are_audited_and_notify(office: Any, django_capture_on_commit_callbacks: Any
                                                           ) -> None:
    office.email = "office@example.org"
    office.save()
    org = make_org(by=office, name="ACME Defence Systems Ltd")
    load(office, "eu", capture=django_capture_on_commit_callbacks)
    hit = ScreeningHit.objects.get()
    with pytest.raises(ValidationError, match="reason"):
        services.hit_decide(user=office, hit=hit, confirm=True, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.hit_decide(user=office, hit=hit, confirm=True, reason="Same registration number as the listing.")
    run_worker()  # e-mail goes out from the worker (the platform's notifications)
    assert mail.outbox and "Confirmed sanctions match" in mail.outbox[-1].subject
    problems = services.clearance_problems(None, org)
    assert problems and "ACME DEFENCE SYSTEMS LIMITED" in problems[0] and "EU.9002.02" in problems[0]
    change = ObjectChange.objects.filter(changed_object_type__model="screeninghit").get()
    assert change.prechange_data["status"] == "open" and change.postchange_data["status"] == "confirmed"
    services.hit_decide(user=office, hit=hit, confirm=False, reason="A different company: other address and number.")
    assert services.clearance_problems(None, org) == []
    # a dismissed hit is not raised again by the next import
    load(office, "eu", capture=django_capture_on_commit_callbacks)
    assert ScreeningHit.objects.get().status == "dismissed"


def test_the_queue_is_for_the_office(office: Any, member: Any, org: Any, django_capture_on_commit_callbacks: Any
                                     ) -> None:
    org_hit = make_org(by=member, name="Northwind Dual-Use Trading GmbH", country="DE", province="")
    load(office, "eu", capture=django_capture_on_commit_callbacks)
    hit = ScreeningHit.objects.get(organisation=org_hit)
    assert client_for(office).get("/protection/queue/").status_code == 200
    assert client_for(member).get("/protection/queue/").status_code == 404
    assert client_for(None).get("/protection/queue/").status_code == 302
    # the organisation's administrator sees its own hits on its protection page and in the API, not the queue
    page = client_for(member).get(f"/protection/organisations/{org_hit.slug}/")
    assert page.status_code == 200 and "Northwind Dual-Use Trading GmbH" in page.content.decode()
    assert client_for(make_user(username="stranger")).get(f"/protection/organisations/{org_hit.slug}/"
                                                          ).status_code == 404
    api = client_for(member).get("/api/v1/protection/hits")
    assert api.status_code == 200 and [h["id"] for h in api.json()] == [hit.pk]
    assert client_for(member).post(f"/api/v1/protection/hits/{hit.pk}/decision", {"confirm": True, "reason": "x"},
                                   content_type="application/json").status_code == 403
    decided = client_for(office).post(f"/api/v1/protection/hits/{hit.pk}/decision",
                                      {"confirm": True, "reason": "Listed party, same name and address."},
                                      content_type="application/json")
    assert decided.status_code == 200 and decided.json()["status"] == "confirmed"


@pytest.mark.parametrize("language", ["nl", "uk"])
def test_the_pages_render_in_dutch_and_ukrainian(office: Any, member: Any, org: Any, language: str,
                                                 django_capture_on_commit_callbacks: Any) -> None:
    from django.test import Client

    child_create(user=office, organisation=org, model=Contact, data={"name": "Ivanov Oleksandr"})
    load(office, "eu", capture=django_capture_on_commit_callbacks)
    services.disclosure_declare(user=member, organisation=org, data={
        "owners": [{"name": "Jan de Vries", "kind": "person", "country": "NL", "share_pct": "100"}]})
    hit = ScreeningHit.objects.get()
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(office)
    expected = {"nl": "Screeningwachtrij", "uk": "Черга перевірки"}[language]
    for url in ("/protection/", "/protection/queue/", "/protection/lists/", f"/protection/hits/{hit.pk}/",
                f"/protection/organisations/{org.slug}/", f"/protection/organisations/{org.slug}/disclose/"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert expected in client.get("/protection/queue/").content.decode()
