"""Defport intake and triage: the workflow and its permissions, deadlines in Amsterdam time, bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from straiik.defport import selectors, services
from straiik.defport.models import Event, Submission
from tests.conftest import client_for, make_org, make_user
from tests.defport.conftest import need_data

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def test_the_whole_triage_path(unit_buyer: Any, unit: Any, office: Any) -> None:
    need = services.submission_create(user=unit_buyer, data=need_data(unit), areas=["sensors"], cpv=["35722000"])
    assert need.state == "submitted" and need.language == "nl" and need.due_at is not None
    with pytest.raises(PermissionDenied):
        services.transition(user=unit_buyer, submission=need, action="start_triage")
    need = services.transition(user=office, submission=need, action="start_triage")
    assert need.state == "in_triage" and need.assigned_to == office and need.answered_at is None
    with pytest.raises(ValidationError, match="not possible"):
        services.transition(user=office, submission=need, action="mark_introduced")
    need = services.transition(user=office, submission=need, action="mark_matched")
    assert need.answered_at is not None  # the answer the deadline is about
    with pytest.raises(ValidationError) as error:
        services.transition(user=office, submission=need, action="hand_to_sdir")
    assert "reason" in error.value.message_dict
    need = services.transition(user=office, submission=need, action="hand_to_sdir", reason="SDIR call 2027-03")
    assert need.state == "handed_to_sdir" and need.outcome == "SDIR call 2027-03"
    steps = list(Event.objects.filter(submission=need).values_list("action", "to_state"))
    assert steps == [("create", "draft"), ("submit", "submitted"), ("start_triage", "in_triage"),
                     ("mark_matched", "matched"), ("hand_to_sdir", "handed_to_sdir")]
    # the submitter sees the status and the whole history
    page = client_for(unit_buyer).get(need.get_absolute_url()).content.decode()
    assert "Handed to an SDIR call" in page and "SDIR call 2027-03" in page


def test_drafts_withdrawal_and_reopening(unit_buyer: Any, unit: Any, office: Any) -> None:
    draft = services.submission_create(user=unit_buyer, data=need_data(unit), submit=False)
    assert draft.state == "draft" and draft.due_at is None
    assert client_for(office).get(draft.get_absolute_url()).status_code == 200
    assert client_for(make_user("defence-buyer")).get(draft.get_absolute_url()).status_code == 404
    services.transition(user=unit_buyer, submission=draft, action="submit")
    withdrawn = services.transition(user=unit_buyer, submission=draft, action="withdraw", reason="Solved in-house")
    assert withdrawn.state == "closed" and withdrawn.answered_at is None and not withdrawn.overdue
    with pytest.raises(PermissionDenied):
        services.transition(user=unit_buyer, submission=withdrawn, action="reopen", reason="x")
    assert services.transition(user=office, submission=withdrawn, action="reopen", reason="New facts").state == \
        "in_triage"


def test_who_may_post_and_see_what(unit_buyer: Any, unit: Any, office: Any, member: Any, org: Any) -> None:
    outsider = make_user()
    assert not services.permissions.can_submit(outsider, "need")
    with pytest.raises(PermissionDenied):
        services.submission_create(user=outsider, data=need_data(unit))
    with pytest.raises(PermissionDenied):
        services.submission_create(user=outsider, data={"kind": "financing", "title": "t", "description": "d",
                                                        "organisation": org, "amount_eur": 10})
    idea = services.submission_create(user=outsider, data={"kind": "idea", "title": "Slimme coating",
                                                           "description": "Een coating die corrosie meldt."})
    financing = services.submission_create(user=member, data={"kind": "financing", "title": "Groeikapitaal",
                                                              "description": "Voor een tweede productielijn.",
                                                              "organisation": org, "amount_eur": 2_000_000,
                                                              "stage": "growth"})
    open_need = services.submission_create(user=unit_buyer, data=need_data(unit))
    restricted = services.submission_create(user=unit_buyer, data=need_data(
        unit, title="Geheime behoefte", description="Iets anders, vertrouwelijk", sensitivity="restricted"))
    seen = set(selectors.submission_list(user=outsider).values_list("pk", flat=True))
    assert seen == {idea.pk, open_need.pk}
    seen_by_buyer = set(selectors.submission_list(user=make_user("defence-buyer")).values_list("pk", flat=True))
    assert {restricted.pk, financing.pk} <= seen_by_buyer
    assert client_for(outsider).get(restricted.get_absolute_url()).status_code == 404
    assert client_for(outsider).get("/defport/dashboard/").status_code == 403
    assert client_for(office).get("/defport/dashboard/").status_code == 200


def test_the_deadline_is_the_end_of_the_day_in_amsterdam(settings: Any) -> None:
    settings.DEFPORT_ANSWER_DAYS = 30
    # 23:30 UTC on 1 March is already 2 March in Amsterdam; 30 days later is 1 April, after the clocks went
    # forward (CEST, UTC+2): the deadline is 21:59:59.999999 UTC.
    due = services.due_for(dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC))
    assert due.astimezone(AMS) == dt.datetime(2026, 4, 1, 23, 59, 59, 999999, tzinfo=AMS)
    assert due.astimezone(dt.UTC) == dt.datetime(2026, 4, 1, 21, 59, 59, 999999, tzinfo=dt.UTC)
    with override_settings(DEFPORT_ANSWER_DAYS=5):
        assert services.due_for(dt.datetime(2026, 10, 20, 12, tzinfo=dt.UTC)).date() == dt.date(2026, 10, 25)


def test_overdue_items_are_flagged_on_the_dashboard(unit_buyer: Any, unit: Any, office: Any) -> None:
    late = services.submission_create(user=unit_buyer, data=need_data(unit))
    Submission.objects.filter(pk=late.pk).update(submitted_at=timezone.now() - dt.timedelta(days=40),
                                                 due_at=timezone.now() - dt.timedelta(days=10))
    fresh = services.submission_create(user=unit_buyer, data=need_data(unit, title="Iets heel anders",
                                                                       description="Cyberweerbaarheid van schepen"))
    dashboard = selectors.dashboard(user=office)
    assert [s.pk for s in dashboard["overdue"]] == [late.pk]
    assert [s.pk for s in dashboard["waiting"]] == [late.pk, fresh.pk]
    page = client_for(office).get("/defport/dashboard/").content.decode()
    assert page.count('class="overdue"') == 1 and 'id="overdue-count">1<' in page
    # answered after the deadline stays flagged as late; answered in time is not overdue
    late.refresh_from_db()
    services.transition(user=office, submission=late, action="close", reason="Out of scope")
    late.refresh_from_db()
    assert late.overdue
    fresh = services.transition(user=office, submission=fresh, action="close", reason="Answered")
    assert not fresh.overdue
    assert selectors.dashboard(user=office)["on_time"] == 1


@pytest.mark.parametrize(("changes", "field"), [
    ({"title": "  "}, "title"),
    ({"description": ""}, "description"),
    ({"description": "x" * 1_048_576}, "description"),
    ({"language": "de"}, "language"),
    ({"organisation": None}, "organisation"),
])
def test_bad_input_gets_a_clear_answer_and_stores_nothing(unit_buyer: Any, unit: Any, changes: dict,
                                                         field: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.submission_create(user=unit_buyer, data=need_data(unit, **changes))
    assert field in error.value.message_dict
    assert not Submission.objects.exists()


def test_a_megabyte_through_the_form_is_refused_with_a_message(unit_buyer: Any, unit: Any) -> None:
    response = client_for(unit_buyer).post("/defport/new/need/", {
        "title": "Groot", "description": "woord " * 200_000, "organisation": unit.pk, "sensitivity": "open"})
    assert response.status_code == 200
    assert "at most 20000 characters" in response.content.decode().lower().replace(",", "")
    assert not Submission.objects.exists()


def test_html_and_script_are_shown_escaped(unit_buyer: Any, unit: Any) -> None:
    need = services.submission_create(user=unit_buyer, data=need_data(
        unit, title="<b>Vet</b> drones", description="<script>alert('x')</script> radar"))
    page = client_for(unit_buyer).get(need.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page and "&lt;b&gt;Vet&lt;/b&gt;" in page


def test_duplicates(unit_buyer: Any, unit: Any) -> None:
    first = services.submission_create(user=unit_buyer, data=need_data(unit))
    with pytest.raises(ValidationError, match="already posted"):
        services.submission_create(user=unit_buyer, data=need_data(unit))
    other = make_user("defence-buyer")
    from straiik.registry.models import Membership

    Membership.objects.create(user=other, organisation=unit)
    similar = need_data(unit, description="Wij zoeken een draagbare radar die kleine drones rond een kampement "
                                          "snel detecteert.")
    with pytest.raises(services.PossibleDuplicates) as warning:
        services.submission_create(user=other, data=similar)
    assert warning.value.candidates[0][0] == first
    response = client_for(other).post("/defport/new/need/", {**similar, "organisation": unit.pk,
                                                             "sensitivity": "open"})
    page = response.content.decode()
    assert "Is this already here?" in page and Submission.objects.count() == 1
    # a person can judge it: the share of words in common and the passage both say
    assert "94 % of the words in common" in page
    assert ('<q class="passage">Detectie van kleine drones bij kampementen Wij zoeken een draagbare radar die kleine '
            'drones rond een kampement</q>') in page
    response = client_for(other).post("/defport/new/need/", {**similar, "organisation": unit.pk,
                                                             "sensitivity": "open", "confirm_not_duplicate": "on"})
    assert response.status_code == 302 and Submission.objects.count() == 2


def test_a_need_is_posted_for_a_defence_organisation(unit_buyer: Any, unit: Any, office: Any) -> None:
    company = make_org(by=unit_buyer, name="Bedrijf X", kind="sme")
    with pytest.raises(ValidationError) as error:
        services.submission_create(user=unit_buyer, data=need_data(company))
    assert "organisation" in error.value.message_dict


def test_the_api(unit_buyer: Any, unit: Any, office: Any) -> None:
    client = client_for(unit_buyer)
    body = {"kind": "need", "title": "Drone detectie", "description": "Draagbare radar voor drones",
            "organisation": unit.slug, "areas": ["sensors"], "cpv": ["35722000"]}
    created = client.post("/api/v1/defport/submissions", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["state"] == "submitted"
    submission_id = created.json()["id"]
    again = client.post("/api/v1/defport/submissions", body, content_type="application/json")
    assert again.status_code in (400, 422) and "already posted" in again.json()["message"]
    bad = client.post("/api/v1/defport/submissions", {**body, "title": "x", "language": "fr"},
                      content_type="application/json")
    assert bad.status_code in (400, 422) and "language" in bad.json()["errors"]
    forbidden = client.post(f"/api/v1/defport/submissions/{submission_id}/transitions", {"action": "start_triage"},
                            content_type="application/json")
    assert forbidden.status_code == 403
    moved = client_for(office).post(f"/api/v1/defport/submissions/{submission_id}/transitions",
                                    {"action": "start_triage"}, content_type="application/json")
    assert moved.status_code == 200 and [e["to_state"] for e in moved.json()["events"]][-1] == "in_triage"
    matches = client.get(f"/api/v1/defport/submissions/{submission_id}/matches?method=bm25")
    assert matches.status_code == 200
    similar = client_for(office).post("/api/v1/defport/submissions", {
        **body, "description": "Draagbare radar voor kleine drones", "organisation": unit.slug},
        content_type="application/json")
    assert similar.status_code == 409 and similar.json()["errors"]["duplicates"][0]["id"] == submission_id


def test_import_all_or_nothing_with_row_errors(unit_buyer: Any, unit: Any, tmp_path: Any) -> None:
    from django.core.management import CommandError, call_command

    good = ("kind,title,description,organisation,areas,cpv,wanted_by\n"
            f"need,Antidrone radar,Draagbare radar tegen drones,{unit.slug},sensors,35722000,2027-06-01\n"
            "idea,Zelfherstellende coating,Coating die scheuren dicht,,smart-materials,,\n")
    bad = good + f"need,Zonder tekst,,{unit.slug},,,\nneed,Verkeerde datum,Tekst,{unit.slug},,,01-06-2027\n"
    path = tmp_path / "bad.csv"
    path.write_text(bad)
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("defport_import", str(path), "--user", unit_buyer.username, verbosity=0)
    assert not Submission.objects.exists()
    from straiik.defport.importing import import_table

    with path.open("rb") as handle:
        report = import_table(user=unit_buyer, handle=handle, filename="bad.csv")
    assert {(i.row, i.column) for i in report.errors} == {(4, "description"), (5, "wanted_by")}
    with path.open("rb") as handle:
        kept = import_table(user=unit_buyer, handle=handle, filename="bad.csv", keep_valid_rows=True)
    assert kept.imported == 2 and Submission.objects.count() == 2
    need = Submission.objects.get(kind="need")
    assert need.state == "submitted" and need.wanted_by == dt.date(2027, 6, 1)
    assert list(need.cpv_codes.values_list("code", flat=True)) == ["35722000"]


def test_import_page(unit_buyer: Any, unit: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = f"kind,title,description,organisation\nneed,Radar,Draagbare radar,{unit.slug}\n"
    response = client_for(unit_buyer).post("/defport/import/", {"file": SimpleUploadedFile("n.csv", text.encode())})
    assert response.status_code == 302 and Submission.objects.count() == 1
    response = client_for(unit_buyer).post("/defport/import/", {"file": SimpleUploadedFile("n.csv", b"title\nx\n")})
    assert b"Required columns are missing" in response.content
