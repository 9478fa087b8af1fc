"""The whole life of a call through the REST API: draft, publish, propose with an attachment, review with
declarations and hidden scores, moderate, decide within the budget, notify (in the platform and by e-mail, with
the feedback letter), award with milestones, record the transition to phase 3; and the indicators."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from straiik.notifications.models import MailSettings, Notification
from straiik.sdir import services
from straiik.sdir.models import Assignment, Award, Call, Proposal
from tests.conftest import client_for, make_user
from tests.sdir.conftest import HOUR

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def run_worker() -> None:
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--interval", "0", verbosity=0)


def test_a_call_from_draft_to_phase_3_through_the_api(office: Any, buyer: Any, unit: Any, panel: list[Any], org: Any,
                                                      member: Any, rival: Any, rival_member: Any,
                                                      django_capture_on_commit_callbacks: Any) -> None:
    for user in (member, rival_member):
        user.email = f"{user.username}@example.org"
        user.save()
        MailSettings.objects.create(user=user, language="en")  # e-mail comes in the recipient's language
    now = timezone.now()
    api = client_for(buyer)
    body = {"title": "Detecting small drones around camps", "problem": "Early warning of small drones.",
            "area": "sensors", "owning_unit": unit.slug, "budget_eur": 900_000, "max_award_eur": 500_000,
            "opens_at": (now - HOUR).isoformat(), "closes_at": (now + HOUR).isoformat(), "scheme": "dasa",
            "reviewers": [u.username for u in panel], "reviewers_per_proposal": 2}
    created = api.post("/api/v1/sdir/calls", body, content_type="application/json")
    assert created.status_code == 201, created.content
    call_id = created.json()["id"]
    assert created.json()["state"] == "draft" and [c["key"] for c in created.json()["criteria"]] == [
        "desirable", "feasible", "viable"]
    assert created.json()["decision_due_at"].startswith((now + HOUR + dt.timedelta(days=90)).date().isoformat()[:7])
    # the buyer drafts, only the office publishes
    assert api.post(f"/api/v1/sdir/calls/{call_id}/transitions", {"action": "publish"},
                    content_type="application/json").status_code == 403
    office_api = client_for(office)
    published = office_api.post(f"/api/v1/sdir/calls/{call_id}/transitions", {"action": "publish"},
                                content_type="application/json")
    assert published.status_code == 200 and published.json()["state"] == "open"  # its opening time has passed
    assert client_for(None).get(f"/api/v1/sdir/calls/{call_id}").json()["accepts_proposals"] is True

    # proposals: one with an attachment, submitted with a receipt; a second one
    member_api, rival_api = client_for(member), client_for(rival_member)
    with django_capture_on_commit_callbacks(execute=True):
        first = member_api.post(f"/api/v1/sdir/calls/{call_id}/proposals", {
            "organisation": org.slug, "title": "Passive RF detector", "summary": "Listens for control links.",
            "approach": "Three sensors, tested on a range.", "amount_eur": 400_000, "duration_months": 6,
            "submit": False}, content_type="application/json")
    assert first.status_code == 201 and first.json()["state"] == "draft", first.content
    p1 = first.json()["id"]
    upload = member_api.post(f"/api/v1/sdir/proposals/{p1}/attachments",
                             {"file": SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")})
    assert upload.status_code == 201, upload.content
    with django_capture_on_commit_callbacks(execute=True):
        submitted = member_api.post(f"/api/v1/sdir/proposals/{p1}/submit")
    assert submitted.status_code == 200
    receipt = submitted.json()["receipt"]
    assert receipt.startswith("SDIR-") and len(submitted.json()["content_hash"]) == 64
    with django_capture_on_commit_callbacks(execute=True):
        second = rival_api.post(f"/api/v1/sdir/calls/{call_id}/proposals", {
            "organisation": rival.slug, "title": "Radar fence", "summary": "Small radars.", "approach": "Buy, adapt.",
            "amount_eur": 450_000, "duration_months": 6, "submit": True}, content_type="application/json")
    p2 = second.json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        third = rival_api.post(f"/api/v1/sdir/calls/{call_id}/proposals", {
            "organisation": rival.slug, "title": "Acoustic sensors", "summary": "Microphones.", "approach": "Arrays.",
            "amount_eur": 300_000, "duration_months": 6, "submit": True}, content_type="application/json")
    p3 = third.json()["id"]
    # receipts are in the platform and, once the worker has run, in the mailbox
    assert Notification.objects.filter(user=member, kind="sdir.receipt").exists()
    run_worker()
    assert any(receipt in m.subject for m in mail.outbox)

    # the call closes at its time; nobody closes it by hand
    Call.objects.filter(pk=call_id).update(closes_at=timezone.now() - dt.timedelta(seconds=1),
                                           opens_at=timezone.now() - 2 * HOUR)
    late = member_api.patch(f"/api/v1/sdir/proposals/{p1}", {"title": "Too late"}, content_type="application/json")
    assert late.status_code == 422 and "closed" in late.json()["message"]
    assert office_api.post(f"/api/v1/sdir/calls/{call_id}/transitions", {"action": "close"},
                           content_type="application/json").status_code == 403
    review = office_api.post(f"/api/v1/sdir/calls/{call_id}/transitions", {"action": "start_review"},
                             content_type="application/json")
    assert review.status_code == 200 and review.json()["state"] == "in_review", review.content
    assert Assignment.objects.filter(proposal__call_id=call_id).count() == 6  # 3 proposals x 2 reviewers

    # review: declare, then score; others' scores hidden until one's own are in
    scores = {p1: (9, 8, 8), p2: (7, 7, 6), p3: (8, 7, 7)}
    for a in Assignment.objects.filter(proposal__call_id=call_id).select_related("reviewer"):
        reviewer_api = client_for(a.reviewer)
        early = reviewer_api.post(f"/api/v1/sdir/assignments/{a.pk}/scores", {"scores": {}},
                                  content_type="application/json")
        assert early.status_code == 403 and "conflict of interest" in early.json()["message"]
        assert reviewer_api.post(f"/api/v1/sdir/assignments/{a.pk}/declaration", {"conflict": False},
                                 content_type="application/json").status_code == 200
        d, f, v = scores[a.proposal_id]
        sheets = reviewer_api.get(f"/api/v1/sdir/proposals/{a.proposal_id}/sheets").json()
        assert all(s["own"] for s in sheets)
        saved = reviewer_api.post(f"/api/v1/sdir/assignments/{a.pk}/scores", {"scores": {
            "desirable": {"value": d, "comment": "fits the need"}, "feasible": {"value": f, "comment": "team ok"},
            "viable": {"value": v, "comment": "route to use"}}}, content_type="application/json")
        assert saved.status_code == 200 and saved.json()["state"] == "submitted", saved.content
    sheets = client_for(a.reviewer).get(f"/api/v1/sdir/proposals/{a.proposal_id}/sheets").json()
    assert len(sheets) == 2 and sum(s["own"] for s in sheets) == 1

    # moderation: a consensus for the first, the means for the rest
    moderated = office_api.post(f"/api/v1/sdir/proposals/{p1}/consensus", {
        "values": {"desirable": 9, "feasible": 8, "viable": 8}, "comment": "Strong."}, content_type="application/json")
    assert moderated.status_code == 200 and moderated.json()["consensus_total"] == "83.33"
    assert office_api.post(f"/api/v1/sdir/calls/{call_id}/consensus-from-means").json() == {"set": 2}

    # the preview, then the decision: 900k buys p1 (400k) + p2 (450k) = 850k, or p1 + p3 (700k); the exact
    # selection takes the higher total score: p1 (83.33) + p3 (73.33) = 156.67 > p1 + p2 (66.67) = 150.
    preview = office_api.get(f"/api/v1/sdir/calls/{call_id}/decision").json()
    assert preview["decided"] is False and preview["selection"]["selected"] == [p1, p3]
    with django_capture_on_commit_callbacks(execute=True):
        decided = office_api.post(f"/api/v1/sdir/calls/{call_id}/transitions", {"action": "decide"},
                                  content_type="application/json")
    assert decided.status_code == 200 and decided.json()["state"] == "decided"
    outcomes = dict(Proposal.objects.filter(call_id=call_id).values_list("id", "outcome"))
    assert outcomes == {p1: "selected", p2: "not_selected", p3: "selected"}
    why = Proposal.objects.get(pk=p2).outcome_reason
    assert "Ranked 3" in why and "€ 450,000" in why
    mine = member_api.get(f"/api/v1/sdir/proposals/{p1}").json()
    assert mine["outcome"] == "selected" and mine["rank"] == 1
    # every applicant hears, in the platform and by e-mail with the letter attached
    assert Notification.objects.filter(kind="sdir.decision").count() == 3
    mail.outbox.clear()
    run_worker()
    decision_mails = [m for m in mail.outbox if "Decision" in m.subject]
    assert {m.to[0] for m in decision_mails} == {"member@example.org", "rivalmember@example.org"}
    assert all(m.attachments[0][2] == "application/pdf" and m.attachments[0][1][:4] == b"%PDF"
               for m in decision_mails)

    awarded = office_api.post(f"/api/v1/sdir/calls/{call_id}/transitions", {"action": "award"},
                              content_type="application/json")
    assert awarded.status_code == 200 and awarded.json()["state"] == "awarded"
    award = Award.objects.get(proposal_id=p1)
    shown = member_api.get(f"/api/v1/sdir/awards/{award.pk}").json()
    assert shown["amount_eur"] == 400_000 and len(shown["milestones"]) == 2
    assert sum(m["amount_eur"] for m in shown["milestones"]) == 400_000
    assert client_for(None).get(f"/api/v1/sdir/awards/{award.pk}").json()["milestones"] is None

    # milestones: the awardee reports, the owning unit accepts
    for m in shown["milestones"]:
        assert member_api.post(f"/api/v1/sdir/milestones/{m['id']}/report", {"note": "sent"},
                               content_type="application/json").json()["status"] == "delivered"
        assert api.post(f"/api/v1/sdir/milestones/{m['id']}/review", {"accept": True},
                        content_type="application/json").json()["status"] == "accepted"
    assert office_api.post(f"/api/v1/sdir/calls/{call_id}/transitions", {"action": "start_execution"},
                           content_type="application/json").status_code == 200
    missing = office_api.post(f"/api/v1/sdir/awards/{award.pk}/transition", {"transition": "phase_3"},
                              content_type="application/json")
    assert missing.status_code == 422 and "follow_on_reference" in missing.json()["errors"]
    recorded = office_api.post(f"/api/v1/sdir/awards/{award.pk}/transition", {
        "transition": "phase_3", "follow_on_reference": "DMO-2027-0042", "follow_on_amount_eur": 4_000_000},
        content_type="application/json")
    assert recorded.status_code == 200 and recorded.json()["transition"] == "phase_3"
    assert office_api.post(f"/api/v1/sdir/awards/{award.pk}/close", {"status": "completed"},
                           content_type="application/json").json()["status"] == "completed"
    other = Award.objects.get(proposal_id=p3)
    office_api.post(f"/api/v1/sdir/awards/{other.pk}/close", {"status": "terminated", "note": "stopped"},
                    content_type="application/json")
    done = office_api.post(f"/api/v1/sdir/calls/{call_id}/transitions", {"action": "complete"},
                           content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "completed"

    indicators = client_for(None).get("/api/v1/sdir/indicators").json()
    assert indicators["notification"]["on_time"] == 1 and indicators["notification"]["share_on_time"] == 1.0
    assert indicators["award"]["on_time"] == 1
    assert indicators["transition"]["transitioned"] == 1 and indicators["transition"]["recorded"] == 1
    assert indicators["transition"]["finished_unknown"] == 1  # the terminated one: not recorded
    assert indicators["success"][0]["rate"] == pytest.approx(2 / 3)
    # every step of the workflow is on the record
    events = list(Call.objects.get(pk=call_id).events.values_list("action", "by__username"))
    assert events == [("create", "buyer"), ("publish", "office"), ("open", None), ("close", None),
                      ("start_review", "office"), ("decide", "office"), ("award", "office"),
                      ("start_execution", "office"), ("complete", "office")]


def test_a_call_made_from_a_defport_need_hands_the_need_to_sdir(office: Any, unit: Any) -> None:
    from straiik.defport import services as defport
    from straiik.defport.models import Submission

    need = defport.submission_create(user=office, data={"kind": "need", "title": "Counter-drone for camps",
                                                        "description": "Detect small drones.", "organisation": unit},
                                     confirmed_not_duplicate=True)
    for action in ("start_triage", "mark_matched"):
        defport.transition(user=office, submission=need, action=action)
    from tests.sdir.conftest import call_data

    call = services.call_create(user=office, data=call_data(unit), need=need)
    need = Submission.objects.get(pk=need.pk)
    assert call.need == need and need.state == "handed_to_sdir"
    assert need.events.last().action == "hand_to_sdir" and call.title in need.outcome


def test_a_cancelled_call_tells_its_applicants(office: Any, unit: Any, org: Any, member: Any) -> None:
    from tests.sdir.conftest import make_call, proposal_data

    call = make_call(office, unit)
    proposal = services.proposal_create(user=member, call=call, data=proposal_data(org), submit=True)
    with pytest.raises(Exception, match="reason"):
        services.transition(user=office, call=call, action="cancel")
    services.transition(user=office, call=call, action="cancel", reason="The need went away.")
    proposal.refresh_from_db()
    assert proposal.outcome == "cancelled"
    assert Notification.objects.filter(user=member, kind="sdir.cancelled").exists()


def test_awards_need_their_milestones_accepted_before_completion(office: Any, unit: Any, panel: list[Any], org: Any,
                                                                 member: Any, later: Any) -> None:
    from tests.sdir.conftest import make_call, proposal_data, review_all

    call = make_call(office, unit, panel)
    p = services.proposal_create(user=member, call=call, data=proposal_data(org), submit=True)
    services.transition(user=office, call=call, action="start_review", now=later)
    review_all(call, {p.pk: (8, 8, 8)}, later)
    services.consensus_from_means(user=office, call=call, now=later)
    for action in ("decide", "award"):
        services.transition(user=office, call=call, action=action, now=later)
    award = Award.objects.get()
    with pytest.raises(Exception, match="milestone"):
        services.award_close(user=office, award=award, status="completed")
    services.transition(user=office, call=call, action="start_execution", now=later)
    with pytest.raises(Exception, match="still active"):
        services.transition(user=office, call=call, action="complete", now=later)
    outsider = make_user(username="someone")
    with pytest.raises(Exception, match="office"):
        services.transition_record(user=outsider, award=award, transition="production", note="used")
