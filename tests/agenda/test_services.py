"""Writes in the action agenda: validation with clear messages naming the field, who may do what, progress and
evidence, links to the platform, the register of motions and commitments, and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from straiik.agenda import permissions, services
from straiik.agenda.models import Action, ActionStatus, AgendaStatus, Ambition, ItemKind, LinkKind
from straiik.core.models import ObjectChange
from tests.agenda.conftest import action_data
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def errors_of(caught: Any) -> dict[str, str]:
    return {field: " ".join(messages) for field, messages in caught.value.message_dict.items()}


# --- agendas ------------------------------------------------------------------------------------------------------


def test_a_new_year_starts_from_last_years_ambitions(office: Any) -> None:
    first = services.agenda_create(user=office, year=2025)
    services.ambition_set(user=office, agenda=first, area="sensors", text="Sterk in radar.")
    services.objective_create(user=office, agenda=first, data={"title": "Defport als voordeur", "theme": "hub"})
    second = services.agenda_create(user=office, year=2026)
    assert second.title == "STRAIIK-D 2026" and second.status == AgendaStatus.DRAFT
    assert Ambition.objects.get(agenda=second, area="sensors").text == "Sterk in radar."
    assert list(second.objectives.values_list("title", flat=True)) == ["Defport als voordeur"]


@pytest.mark.parametrize(("year", "message"), [(2019, "The strategy starts in 2025"),
                                               (2026, "There is already an agenda for 2026")])
def test_bad_years_are_refused(office: Any, agenda: Any, year: int, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.agenda_create(user=office, year=year)
    assert message in errors_of(caught)["year"]


def test_an_agenda_without_actions_is_not_published(office: Any, agenda: Any, action: Action) -> None:
    empty = services.agenda_create(user=office, year=2027)
    with pytest.raises(ValidationError, match="without actions"):
        services.agenda_transition(user=office, agenda=empty, action="publish")
    published = services.agenda_transition(user=office, agenda=agenda, action="publish")
    assert published.status == AgendaStatus.PUBLISHED and published.published_at is not None
    with pytest.raises(ValidationError, match="already"):
        services.agenda_transition(user=office, agenda=published, action="publish")


# --- actions: bad input -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"deadline": dt.date(2025, 12, 31)}, "deadline", "lies before the agenda year 2026"),
    ({"unit": ""}, "unit", "A target needs a unit"),
    ({"target": None, "unit": ""}, "unit", "A baseline needs a unit"),
    ({"start": dt.date(2026, 8, 1)}, "start", "lies after the deadline"),
    ({"indicator_code": "sdir.unknown"}, "indicator_code", "There is no indicator “sdir.unknown”"),
    ({"indicator_code": "defport.needs_on_time.space"}, "indicator_code",
     "This indicator measures Space technology; the action is in Sensors"),
    ({"budget_eur": -5}, "budget_eur", "greater than or equal to 0"),
    ({"title": ""}, "title", "cannot be blank"),
])
def test_bad_actions_get_a_clear_message(office: Any, agenda: Any, owner_org: Any, changes: dict, field: str,
                                         message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.action_create(user=office, agenda=agenda, data=action_data(owner_org, **changes))
    assert message in errors_of(caught)[field]
    assert not Action.objects.exists()


def test_a_computed_indicator_brings_its_unit(office: Any, agenda: Any, owner_org: Any) -> None:
    action = services.action_create(user=office, agenda=agenda, data=action_data(
        owner_org, indicator_code="bundling.joint_procurements", indicator_name="", unit="typed", target=2))
    assert action.unit == "procurements"
    assert action.baseline == 0  # last year's value, computed: no joint procurements in 2025


def test_actions_are_numbered_per_agenda(office: Any, agenda: Any, owner_org: Any, action: Action) -> None:
    second = services.action_create(user=office, agenda=agenda, data=action_data(owner_org, title="Lever 2 radars"))
    assert (action.code, second.code) == ("2026-01", "2026-02")


# --- who may do what ----------------------------------------------------------------------------------------------


def test_only_the_office_and_administrators_edit_an_agenda(agenda: Any, owner_org: Any, owner_member: Any,
                                                           buyer: Any, reviewer: Any, admin_user: Any) -> None:
    for user in (owner_member, buyer, reviewer, make_user()):
        assert not permissions.can_edit_agenda(user, agenda)
        with pytest.raises(PermissionDenied):
            services.action_create(user=user, agenda=agenda, data=action_data(owner_org))
        with pytest.raises(PermissionDenied):
            services.ambition_set(user=user, agenda=agenda, area="space", text="x")
        with pytest.raises(PermissionDenied):
            services.agenda_create(user=user, year=2030)
    assert services.action_create(user=admin_user, agenda=agenda, data=action_data(owner_org)).number == 1


def test_owners_report_progress_on_their_actions_only(action: Action, owner_member: Any, buyer: Any) -> None:
    report = {"status": "in_progress", "progress": 40, "text": "Drie studies gegund.", "value": 3}
    with pytest.raises(PermissionDenied):
        services.progress_post(user=buyer, action=action, data=report)
    update = services.progress_post(user=owner_member, action=action, data=report)
    action.refresh_from_db()
    assert (action.status, action.progress) == ("in_progress", 40)
    assert update.value == 3 and update.reported_on == dt.date(2026, 11, 28)
    with pytest.raises(PermissionDenied):  # owners do not change the action itself
        services.action_update(user=owner_member, action=action, data={"target": 1})


def test_nobody_but_the_office_reports_on_a_cancelled_action(action: Action, office: Any, owner_member: Any) -> None:
    services.action_update(user=office, action=action, data={"status": ActionStatus.CANCELLED})
    action.refresh_from_db()
    assert not permissions.can_report_progress(owner_member, action)
    assert permissions.can_report_progress(office, action)


def test_reading_a_draft_needs_signing_in_a_published_agenda_is_public(agenda: Any, office: Any,
                                                                       action: Action) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.can_view_agenda(AnonymousUser(), agenda)
    assert permissions.can_view_agenda(make_user(), agenda)
    services.agenda_transition(user=office, agenda=agenda, action="publish")
    agenda.refresh_from_db()
    assert permissions.can_view_agenda(AnonymousUser(), agenda)
    assert not permissions.can_view_evidence(AnonymousUser(), agenda)


# --- progress -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"reported_on": dt.date(2026, 12, 1)}, "reported_on", "up to today"),
    ({"reported_on": dt.date(2025, 12, 1)}, "reported_on", "before the agenda year 2026"),
    ({"text": "  "}, "text", "Say what happened"),
    ({"progress": 140}, "progress", "less than or equal to 100"),
])
def test_bad_progress_reports_are_refused(action: Action, office: Any, data: dict, field: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.progress_post(user=office, action=action, data={"status": "in_progress", "progress": 10,
                                                                 "text": "x"} | data)
    assert message in errors_of(caught)[field]


def test_a_computed_indicator_is_not_typed_in(office: Any, agenda: Any, owner_org: Any) -> None:
    action = services.action_create(user=office, agenda=agenda, data=action_data(
        owner_org, indicator_code="defport.needs_on_time.sensors", target=90, baseline=None))
    with pytest.raises(ValidationError) as caught:
        services.progress_post(user=office, action=action, data={"status": "in_progress", "progress": 10,
                                                                 "text": "x", "value": 80})
    assert "computed by the platform" in errors_of(caught)["value"]


def test_a_backdated_report_does_not_turn_the_clock_back(action: Action, office: Any) -> None:
    services.progress_post(user=office, action=action, data={"reported_on": dt.date(2026, 9, 1), "status": "done",
                                                             "progress": 50, "text": "Alle studies gegund."})
    services.progress_post(user=office, action=action, data={
        "reported_on": dt.date(2026, 5, 1), "status": "in_progress", "progress": 30, "text": "Eerder."})
    action.refresh_from_db()
    assert (action.status, action.progress) == ("done", 100)  # done means 100 %
    assert list(action.updates.values_list("reported_on", flat=True)) == [dt.date(2026, 9, 1), dt.date(2026, 5, 1)]


def test_evidence_files_are_checked_and_stored(action: Action, office: Any) -> None:
    data = {"status": "in_progress", "progress": 20, "text": "Gunningsbrief."}
    with pytest.raises(ValidationError) as caught:
        services.progress_post(user=office, action=action, data=data,
                               evidence=SimpleUploadedFile("run.exe", b"MZ"))
    assert "document or picture" in errors_of(caught)["evidence_file"]
    update = services.progress_post(user=office, action=action, data=data,
                                    evidence=SimpleUploadedFile("gunning brief.pdf", b"%PDF-1.4"))
    assert update.evidence_name == "gunning_brief.pdf" and update.evidence_file.read() == b"%PDF-1.4"


# --- links --------------------------------------------------------------------------------------------------------


def test_links_are_checked_against_the_platform(action: Action, office: Any, unit_need: Any) -> None:
    link = services.link_add(user=office, action=action, kind=LinkKind.DEFPORT_NEED, target_id=unit_need.pk)
    assert link.target_id == unit_need.pk
    with pytest.raises(ValidationError, match="linked to it already"):
        services.link_add(user=office, action=action, kind=LinkKind.DEFPORT_NEED, target_id=unit_need.pk)
    with pytest.raises(ValidationError, match="There is no Defport need #999"):
        services.link_add(user=office, action=action, kind=LinkKind.DEFPORT_NEED, target_id=999)
    with pytest.raises(ValidationError, match="There is no Bundling round #5"):
        services.link_add(user=office, action=action, kind=LinkKind.BUNDLING_ROUND, target_id=5)


def test_sdir_calls_are_kept_by_address_while_the_platform_cannot_find_them(action: Action, office: Any,
                                                                             monkeypatch: Any) -> None:
    from straiik.agenda import links

    if links.model_for(LinkKind.SDIR_CALL) is not None:  # SDIR has calls: a call that does not exist is refused
        with pytest.raises(ValidationError, match="There is no SDIR call #987654"):
            services.link_add(user=office, action=action, kind=LinkKind.SDIR_CALL, target_id=987654)
    monkeypatch.setattr(links, "model_for", lambda kind: None)  # as before SDIR had a Call model
    with pytest.raises(ValidationError, match="give the address"):
        services.link_add(user=office, action=action, kind=LinkKind.SDIR_CALL, target_id=3)
    services.link_add(user=office, action=action, kind=LinkKind.SDIR_CALL, target_id=3, url="https://example.org/c/3")
    resolved = links.resolve(office, action.links.all())[0]
    assert (resolved.label, resolved.url, resolved.found) == ("#3", "https://example.org/c/3", False)


def test_a_restricted_need_is_named_only_to_those_who_may_see_it(action: Action, office: Any, unit_need: Any) -> None:
    from straiik.agenda import links
    from straiik.defport.models import Submission

    Submission.objects.filter(pk=unit_need.pk).update(sensitivity="restricted")
    services.link_add(user=office, action=action, kind=LinkKind.DEFPORT_NEED, target_id=unit_need.pk)
    assert links.resolve(office, action.links.all())[0].label.endswith(unit_need.title)
    hidden = links.resolve(make_user(), action.links.all())[0]
    assert "not visible to you" in hidden.label and hidden.url == ""


# --- Parliament ---------------------------------------------------------------------------------------------------


def test_motions_are_registered_by_their_document_number(office: Any, action: Action) -> None:
    item = services.item_create(user=office, data={"kind": ItemKind.MOTION, "reference": "Kamerstuk 36600-X-57",
                                                   "title": "Motie Wijnen-Nass"}, actions=[action])
    assert (item.reference, item.dossier, item.dossier_sub, item.document_number) == (
        "Kamerstuk 36 600 X, nr. 57", "36600", "X", 57)
    assert list(item.actions.all()) == [action]
    with pytest.raises(ValidationError) as caught:
        services.item_create(user=office, data={"kind": ItemKind.MOTION, "reference": "kst-36600-X-57",
                                                "title": "Dezelfde motie"})
    assert "registered already" in errors_of(caught)["reference"]
    incomplete = services.item_create(user=office, data={"kind": ItemKind.MOTION, "reference": "Kamerstuk 36 600-X",
                                                         "title": "Motie Heise c.s."})
    assert not incomplete.complete_reference


@pytest.mark.parametrize(("reference", "message"), [
    ("", "Give the parliamentary document number"),
    ("Kamerstuk 3659, nr. 1", "a dossier number has five digits"),
    ("motie 12", "is not a parliamentary document number"),
])
def test_bad_document_numbers_get_a_clear_message(office: Any, reference: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.item_create(user=office, data={"kind": ItemKind.MOTION, "reference": reference, "title": "M"})
    assert message in errors_of(caught)["reference"]


def test_only_the_office_keeps_the_register(buyer: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.item_create(user=buyer, data={"kind": ItemKind.MOTION, "reference": "Kamerstuk 36 592, nr. 12",
                                               "title": "M"})


# --- the audit trail ----------------------------------------------------------------------------------------------


def test_every_change_leaves_a_trace(action: Action, office: Any) -> None:
    services.action_update(user=office, action=action, data={"target": 10})
    change = ObjectChange.objects.filter(changed_object_id=action.pk, action="update").first()
    assert change.user_name == "office"
    assert change.prechange_data["target"] == "8" and change.postchange_data["target"] == "10"



def test_an_actions_status_moves_by_the_declared_steps(action: Action, office: Any, owner_member: Any) -> None:
    """agenda.workflow.ACTIONS: owners start, delay and complete their action through their reports; only the
    office cancels, plans again or reopens; a done action is at 100 %."""
    from straiik.agenda.workflow import ACTIONS
    from straiik.core.workflow import TransitionConflict, TransitionForbidden

    assert action.status == ActionStatus.PLANNED
    assert [t.name for t in ACTIONS.available(action, owner_member)] == ["start", "delay", "complete"]
    report = {"status": ActionStatus.IN_PROGRESS, "progress": 30, "text": "Begonnen."}
    services.progress_post(user=owner_member, action=action, data=report)
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.IN_PROGRESS, 30)
    change = ObjectChange.objects.filter(changed_object_id=action.pk, action="update").latest("id")
    assert change.prechange_data["status"] == "planned" and change.postchange_data["status"] == "in_progress"
    with pytest.raises(TransitionForbidden):  # only the office cancels
        services.progress_post(user=owner_member, action=action, data=report | {"status": ActionStatus.CANCELLED})
    services.progress_post(user=owner_member, action=action, data=report | {"status": ActionStatus.DONE,
                                                                            "progress": 70})
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.DONE, 100)
    with pytest.raises(TransitionConflict, match="cannot go from"):  # done: not delayed afterwards
        services.progress_post(user=office, action=action, data=report | {"status": ActionStatus.DELAYED})
    with pytest.raises(TransitionForbidden):  # a done action is reopened by the office only
        services.progress_post(user=owner_member, action=action, data=report)
    assert action.updates.count() == 2  # the refused reports were not kept
    action = services.action_update(user=office, action=action, data={"status": ActionStatus.IN_PROGRESS})
    assert action.status == ActionStatus.IN_PROGRESS
