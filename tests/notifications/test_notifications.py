"""Notifications: who is told of what (never of a record they may not see), in which language, and how:
e-mail at once after commit (never when the change rolls back), a daily digest grouping several events, or no
e-mail; the list, the bell, mark read; the periodic checks of deadlines and milestones, once each."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from straiik.defport import reminders as defport_reminders
from straiik.defport import services as defport
from straiik.notifications import services
from straiik.notifications.models import MailSettings, Notification, Preference
from straiik.registry.models import Membership
from straiik.sdir import reminders as sdir_reminders
from tests.conftest import PASSWORD, client_for, make_org, make_user
from tests.defport.conftest import need_data

pytestmark = pytest.mark.django_db


def run_worker() -> None:
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--interval", "0", verbosity=0)


@pytest.fixture
def company(office: Any) -> Any:
    return make_org(by=office, name="Velden Radar B.V.", kind="sme", description="AESA radar modules")


@pytest.fixture
def founders(company: Any) -> list[Any]:
    people = []
    for name, language in (("anna", "nl"), ("oksana", "uk")):
        user = make_user(username=name)
        user.email = f"{name}@example.org"
        user.save()
        Membership.objects.create(user=user, organisation=company)
        MailSettings.objects.create(user=user, language=language)
        people.append(user)
    return people


@pytest.fixture
def need(unit_buyer: Any, unit: Any, office: Any) -> Any:
    unit_buyer.email = "buyer@example.org"
    unit_buyer.save()
    need = defport.submission_create(user=unit_buyer, data=need_data(unit), areas=["sensors"])
    defport.transition(user=office, submission=need, action="start_triage")
    return defport.transition(user=office, submission=need, action="mark_matched")


def test_an_introduction_is_told_at_once_after_commit_in_each_recipients_language(
        need: Any, company: Any, founders: list[Any], office: Any, django_capture_on_commit_callbacks: Any) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        defport.introduction_propose(user=office, submission=need, organisation=company, note="Tot maart?")
    assert len(callbacks) == 1  # one task enqueued, after commit
    told = Notification.objects.filter(kind="defport.introduction_proposed")
    assert sorted(told.values_list("user__username", "language")) == [("anna", "nl"), ("oksana", "uk")]
    assert mail.outbox == []  # the worker sends, not the request
    run_worker()
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"anna@example.org", "oksana@example.org"}
    assert "introductie" in by_address["anna@example.org"].subject.lower()
    assert "знайомство" in by_address["oksana@example.org"].subject.lower()
    assert need.get_absolute_url() in by_address["anna@example.org"].body and "Tot maart?" in \
        by_address["anna@example.org"].body
    assert all(n.emailed_at for n in told)
    run_worker()
    assert len(mail.outbox) == 2  # sent once


def test_nothing_is_told_when_the_change_rolls_back(need: Any, company: Any, founders: list[Any], office: Any,
                                                   django_capture_on_commit_callbacks: Any) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            defport.introduction_propose(user=office, submission=need, organisation=company)
            raise RuntimeError("something later in the same change fails")
    assert callbacks == [] and not Notification.objects.filter(kind="defport.introduction_proposed").exists()
    run_worker()
    assert mail.outbox == []


def test_off_sends_no_e_mail_but_keeps_the_notification(need: Any, company: Any, founders: list[Any], office: Any,
                                                       django_capture_on_commit_callbacks: Any) -> None:
    anna, oksana = founders
    services.preferences_set(user=anna, modes={"defport.introduction_proposed": "off"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        defport.introduction_propose(user=office, submission=need, organisation=company)
    run_worker()
    assert [m.to for m in mail.outbox] == [["oksana@example.org"]]
    assert Notification.objects.get(user=anna).delivery == "off"
    assert services.send_digests() == 0 and len(mail.outbox) == 1
    page = client_for(anna).get("/notifications/").content.decode()
    assert need.title in page


def test_a_daily_digest_groups_several_events_into_one_e_mail(unit_buyer: Any, unit: Any, office: Any,
                                                              company: Any, founders: list[Any],
                                                              django_capture_on_commit_callbacks: Any) -> None:
    anna = founders[0]
    services.preferences_set(user=unit_buyer, modes={"defport.submission": "digest",
                                                     "defport.introduction_answered": "digest"}, language="en")
    unit_buyer.email = "buyer@example.org"
    unit_buyer.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        need = defport.submission_create(user=unit_buyer, data=need_data(unit), areas=["sensors"])
        defport.transition(user=office, submission=need, action="start_triage")
        defport.transition(user=office, submission=need, action="mark_matched")
        introduction = defport.introduction_propose(user=office, submission=need, organisation=company)
        defport.introduction_respond(user=anna, introduction=introduction, accept=True, response="Graag!")
    run_worker()
    assert "buyer@example.org" not in {m.to[0] for m in mail.outbox}  # nothing at once
    waiting = Notification.objects.filter(user=unit_buyer, delivery="digest", emailed_at=None)
    # triage started, matches found, introduced (the state), the introduction accepted
    assert waiting.count() == 4
    mail.outbox.clear()
    assert services.send_digests() == 1
    (digest,) = [m for m in mail.outbox if m.to == ["buyer@example.org"]]
    assert "4 notifications" in digest.subject
    body = digest.body
    assert body.index("Defport: your submission moved on (3)") < body.index(
        "Defport: an introduction accepted or declined (1)")
    assert "Triage started" in body and "Matches found" in body and "Graag!" in body
    assert not waiting.exists()
    assert services.send_digests() == 0  # nothing twice


def test_a_notification_never_reveals_a_record_its_recipient_may_not_see(unit_buyer: Any, unit: Any,
                                                                         office: Any) -> None:
    restricted = defport.submission_create(user=unit_buyer, data=need_data(unit, sensitivity="restricted"))
    stranger = make_user(username="stranger")
    told = services.notify([stranger, unit_buyer], kind="defport.submission", target=restricted,
                           compose=lambda: ("Secret need", "Details"))
    assert [n.user for n in told] == [unit_buyer]
    # someone told while allowed, who then leaves the organisation, no longer reads it
    colleague = make_user(username="colleague")
    membership = Membership.objects.create(user=colleague, organisation=unit)
    services.notify([colleague], kind="defport.submission", target=restricted,
                    compose=lambda: ("Secret need moved on", "Details of the need"))
    membership.delete()
    page = client_for(colleague).get("/notifications/").content.decode()
    assert "Secret need moved on" not in page and "A record you can no longer see" in page
    # a model without a read rule (core.restrict) is refused; organisations have one now, memberships do not
    with pytest.raises(ValueError, match="No visibility check"):
        services.notify([unit_buyer], kind="defport.submission", target=unit.memberships.first(),
                        compose=lambda: ("x", "y"))


def test_the_bell_the_list_and_marking_read(need: Any, company: Any, founders: list[Any], office: Any) -> None:
    anna, oksana = founders
    defport.introduction_propose(user=office, submission=need, organisation=company)
    services.notify([anna], kind="defport.submission", target=need, compose=lambda: ("Second", "Another"))
    client = client_for(anna)
    home = client.get("/").content.decode()
    assert 'id="bell-count">2<' in home
    listing = client.get("/notifications/").content.decode()
    assert need.title in listing and listing.count('class="notification unread"') == 2
    first = Notification.objects.filter(user=anna).order_by("id").first()
    opened = client.post(f"/notifications/{first.pk}/open/")
    assert opened.status_code == 302 and opened["Location"] == need.get_absolute_url()
    assert 'id="bell-count">1<' in client.get("/").content.decode()
    theirs = Notification.objects.get(user=oksana)
    assert client.post(f"/notifications/{theirs.pk}/open/").status_code == 404  # not hers
    assert client.post("/notifications/read-all/").status_code == 302
    assert not Notification.objects.filter(user=anna, read_at=None).exists()
    assert Notification.objects.get(user=oksana).read_at is None
    assert client_for(None).get("/notifications/").status_code == 302  # to the log-in page


def test_the_preferences_page(member: Any) -> None:
    client = client_for(member)
    page = client.get("/notifications/preferences/").content.decode()
    assert "Defport: an introduction proposed to your organisation" in page
    sent = client.post("/notifications/preferences/", {"mode-defport.deadline": "digest", "mode-sdir.award": "off",
                                                        "language": "uk"})
    assert sent.status_code == 302
    assert dict(Preference.objects.filter(user=member).values_list("kind", "mode")) == {
        "defport.deadline": "digest", "sdir.award": "off"}
    assert services.language_of(member) == "uk"
    bad = client.post("/notifications/preferences/", {"mode-sdir.award": "sometimes", "language": "xx"})
    assert bad.status_code == 200
    assert "Choose e-mail at once, daily digest or no e-mail." in bad.content.decode()
    assert Preference.objects.get(user=member, kind="sdir.award").mode == "off"  # nothing lost or half-saved


def test_the_last_language_used_is_the_language_of_e_mail(member: Any) -> None:
    assert services.language_of(member) == "nl"  # the platform's default
    client = Client(HTTP_ACCEPT_LANGUAGE="uk")
    signed_in = client.post("/accounts/login/", {"login": "member", "password": PASSWORD})
    assert signed_in.status_code == 302  # signing in remembers the language of the browser
    assert services.language_of(member) == "uk"
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})  # switching in the header too
    assert services.language_of(member) == "en"
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert services.language_of(member) == "nl"
    services.preferences_set(user=member, modes={}, language="uk")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert services.language_of(member) == "uk"  # a choice wins over the last language used


def test_deadlines_near_and_passed_are_told_once_each(unit_buyer: Any, unit: Any, office: Any) -> None:
    MailSettings.objects.create(user=office, language="en")
    need = defport.submission_create(user=unit_buyer, data=need_data(unit))
    now = timezone.now()
    assert defport_reminders.defport_deadlines(now) == 0  # 30 days to go
    near = need.due_at - dt.timedelta(days=2)
    assert defport_reminders.defport_deadlines(near) == 1
    assert defport_reminders.defport_deadlines(near) == 0  # not twice
    later = need.due_at + dt.timedelta(hours=1)
    assert defport_reminders.defport_deadlines(later) == 1
    subjects = list(Notification.objects.filter(user=office, kind="defport.deadline").values_list("subject", flat=True))
    assert len(subjects) == 2 and any(s.startswith("Answer overdue") for s in subjects)
    import io

    out = io.StringIO()
    call_command("notifications", "check", stdout=out)  # today: 30 days to go, nothing yet
    assert out.getvalue().strip() == "0 deadline notifications, 0 milestone notifications."
    defport.transition(user=office, submission=need, action="start_triage")
    defport.transition(user=office, submission=need, action="mark_matched")
    assert defport_reminders.defport_deadlines(later + dt.timedelta(days=1)) == 0  # answered: no more reminders


def test_the_digest_command(member: Any) -> None:
    member.email = "member@example.org"
    member.save()
    services.preferences_set(user=member, modes={"sdir.award": "digest"})
    services.notify([member], kind="sdir.award", compose=lambda: ("Contract awarded: X", "Well done"))
    mail.outbox.clear()
    call_command("notifications", "digest", verbosity=0)
    assert len(mail.outbox) == 1 and "Contract awarded: X" in mail.outbox[0].body


def test_the_api_lists_counts_and_marks_ones_own_notifications(member: Any, outsider: Any) -> None:
    services.notify([member], kind="sdir.award", compose=lambda: ("Contract awarded: A-1", "Well done"))
    services.notify([outsider], kind="sdir.award", compose=lambda: ("Contract awarded: B-2", "Not yours"))
    api = client_for(member)
    rows = api.get("/api/v1/notifications/").json()
    assert [r["subject"] for r in rows] == ["Contract awarded: A-1"]
    assert api.get("/api/v1/notifications/unread").json() == {"unread": 1}
    theirs = Notification.objects.get(user=outsider)
    assert api.post(f"/api/v1/notifications/{theirs.pk}/read").status_code == 404
    assert api.post(f"/api/v1/notifications/{rows[0]['id']}/read").json()["read_at"] is not None
    assert api.get("/api/v1/notifications/", {"unread": "true"}).json() == []
    bad = api.put("/api/v1/notifications/preferences", {"modes": {"sdir.award": "hourly"}},
                  content_type="application/json")
    assert bad.status_code == 422 and "sdir.award" in bad.json()["errors"]
    good = api.put("/api/v1/notifications/preferences", {"modes": {"sdir.award": "digest"}, "language": "uk"},
                   content_type="application/json").json()
    assert good["modes"]["sdir.award"] == "digest" and good["language"] == "uk"
    assert client_for(None).get("/api/v1/notifications/").status_code == 401


def test_an_import_tells_the_office_once_not_once_per_row(office: Any, unit: Any) -> None:
    import io

    from straiik.defport.importing import import_table

    colleague = make_user("programme-office", username="colleague")
    MailSettings.objects.create(user=colleague, language="en")
    rows = "kind,title,description,organisation\n" + "".join(
        f"need,Behoefte {i},Een behoefte met nummer {i} over iets totaal anders {i * 7},{unit.slug}\n"
        for i in range(5))
    report = import_table(user=office, handle=io.BytesIO(rows.encode()), filename="needs.csv")
    assert report.imported == 5, report.errors
    told = Notification.objects.filter(kind="defport.submitted")
    assert list(told.values_list("user__username", flat=True)) == ["colleague"]
    assert told.get().subject == "5 submissions imported by office"


def test_milestones_due_and_late_are_told_to_the_awardee_and_the_office_once_each(office: Any) -> None:
    from straiik.registry.models import Organisation
    from straiik.sdir import demo as sdir_demo
    from straiik.sdir.models import Milestone

    for name, roles in (("buyer", ["defence-buyer"]), ("reviewer", ["reviewer"]), ("member", [])):
        make_user(*roles, username=name)
    for name, kind in (("Demo-eenheid", "defence-unit"), ("Demo-bedrijf", "sme"), ("Demo-bedrijf 2", "startup"),
                       ("Demo-bedrijf 3", "sme")):
        Organisation.objects.filter(pk=make_org(by=office, name=name, kind=kind).pk).update(is_demo=True)
    sdir_demo.load(seed=1)
    Notification.objects.filter(kind="sdir.milestone").delete()
    milestone = Milestone.objects.filter(award__status="active", status="planned").order_by("due_date").first()
    assert milestone is not None
    Milestone.objects.exclude(pk=milestone.pk).update(status="accepted")  # this one alone is due
    awardee = {m.user_id for m in Membership.objects.filter(organisation=milestone.award.organisation)}
    told = sdir_reminders.sdir_milestones(today=milestone.due_date - dt.timedelta(days=3))
    people = set(Notification.objects.filter(kind="sdir.milestone").values_list("user_id", flat=True))
    assert told == len(people) and people == awardee | {office.pk}
    assert sdir_reminders.sdir_milestones(today=milestone.due_date - dt.timedelta(days=2)) == 0  # once
    assert sdir_reminders.sdir_milestones(today=milestone.due_date - dt.timedelta(days=30)) == 0  # not yet near
    assert sdir_reminders.sdir_milestones(today=milestone.due_date + dt.timedelta(days=1)) == told  # late: told again
    Milestone.objects.filter(pk=milestone.pk).update(status="delivered")
    assert sdir_reminders.sdir_milestones(today=milestone.due_date + dt.timedelta(days=9)) == 0  # delivered: quiet
