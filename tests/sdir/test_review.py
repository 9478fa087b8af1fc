"""Review: conflicts of interest declared before a proposal is seen; the other reviewers' scores hidden until one's
own are submitted; comments with every score; a reviewer never gets a proposal of an organisation they belong to."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from straiik.notifications.models import Notification
from straiik.registry.models import Membership
from straiik.sdir import services
from straiik.sdir.models import Assignment
from tests.conftest import client_for, make_user
from tests.sdir.conftest import dasa, make_call, proposal_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewing(office: Any, unit: Any, panel: list[Any], org: Any, member: Any, later: Any) -> dict[str, Any]:
    call = make_call(office, unit, panel, reviewers_per_proposal=2)
    proposal = services.proposal_create(user=member, call=call, data=proposal_data(
        org, summary="SECRET-SUMMARY of the approach"), submit=True)
    services.transition(user=office, call=call, action="start_review", now=later)
    return {"call": call, "proposal": proposal, "assignments": list(Assignment.objects.order_by("id"))}


def test_the_proposal_stays_hidden_until_no_conflict_is_declared(reviewing: dict[str, Any], later: Any) -> None:
    a = reviewing["assignments"][0]
    client = client_for(a.reviewer)
    before = client.get(a.get_absolute_url())
    assert b"SECRET-SUMMARY" not in before.content and b'id="declaration-form"' in before.content
    assert b"Velden Radar" in before.content  # the applicant's name, to recognise a conflict
    assert client.get(reviewing["proposal"].get_absolute_url()).status_code == 200
    assert b"SECRET-SUMMARY" not in client.get(reviewing["proposal"].get_absolute_url()).content
    api = client.get(f"/api/v1/sdir/proposals/{reviewing['proposal'].pk}").json()
    assert api["summary"] is None and api["attachments"] == []
    with pytest.raises(PermissionDenied, match="conflict of interest"):
        services.scores_save(user=a.reviewer, assignment=a, scores=dasa(5, 5, 5), now=later)
    client.post(a.get_absolute_url(), {"declare": "1", "conflict": "no"})
    assert b"SECRET-SUMMARY" in client.get(a.get_absolute_url()).content


def test_a_declared_conflict_hands_the_proposal_to_another_reviewer(reviewing: dict[str, Any], panel: list[Any],
                                                                    later: Any) -> None:
    a = reviewing["assignments"][0]
    with pytest.raises(ValidationError, match="what the conflict is"):
        services.declare_interest(user=a.reviewer, assignment=a, conflict=True, now=later)
    services.declare_interest(user=a.reviewer, assignment=a, conflict=True, statement="I advise them.", now=later)
    a.refresh_from_db()
    assert a.state == "conflicted"
    reviewers = set(Assignment.objects.exclude(state="conflicted").values_list("reviewer__username", flat=True))
    assert len(reviewers) == 2 and a.reviewer.username not in reviewers
    with pytest.raises(PermissionDenied, match="declared a conflict"):
        services.scores_save(user=a.reviewer, assignment=a, scores=dasa(5, 5, 5), now=later)
    assert b"SECRET-SUMMARY" not in client_for(a.reviewer).get(reviewing["proposal"].get_absolute_url()).content
    newcomer = Assignment.objects.exclude(pk__in=[x.pk for x in reviewing["assignments"]]).get()
    assert Notification.objects.filter(user=newcomer.reviewer, kind="sdir.review").exists()
    # nobody left on the panel: the office is told
    services.declare_interest(user=newcomer.reviewer, assignment=newcomer, conflict=True, statement="Ex-employee.",
                              now=later)
    assert Notification.objects.filter(kind="sdir.coi", user__username="office").exists()


def test_other_scores_are_hidden_until_ones_own_are_submitted(reviewing: dict[str, Any], later: Any) -> None:
    first, second = reviewing["assignments"]
    for a in (first, second):
        services.declare_interest(user=a.reviewer, assignment=a, conflict=False, now=later)
    services.scores_save(user=first.reviewer, assignment=first, scores=dasa(9, 9, 9, "FIRST-COMMENT"), now=later)
    # the second reviewer has not submitted: only their own (empty) sheet, in the page and the API
    page = client_for(second.reviewer).get(second.get_absolute_url())
    assert b"FIRST-COMMENT" not in page.content and b'id="others-hidden"' in page.content
    sheets = client_for(second.reviewer).get(f"/api/v1/sdir/proposals/{reviewing['proposal'].pk}/sheets").json()
    assert [s["own"] for s in sheets] == [True]
    # a draft does not unlock them either
    services.scores_save(user=second.reviewer, assignment=second, scores=dasa(4, 4, 4, ""), submit=False, now=later)
    assert b"FIRST-COMMENT" not in client_for(second.reviewer).get(second.get_absolute_url()).content
    with pytest.raises(ValidationError) as missing:
        services.scores_save(user=second.reviewer, assignment=second, scores=dasa(4, 4, 4, ""), now=later)
    assert set(missing.value.error_dict) == {"desirable", "feasible", "viable"}  # a comment with every score
    with pytest.raises(ValidationError):
        services.scores_save(user=second.reviewer, assignment=second, scores=dasa(11, 4, 4), now=later)
    services.scores_save(user=second.reviewer, assignment=second, scores=dasa(4, 4, 4, "weak"), now=later)
    page = client_for(second.reviewer).get(second.get_absolute_url())
    assert b"FIRST-COMMENT" in page.content and b"others-hidden" not in page.content
    with pytest.raises(ValidationError, match="cannot change"):
        services.scores_save(user=second.reviewer, assignment=second, scores=dasa(9, 9, 9), now=later)
    # the applicant never sees the reviewers' sheets, only the letter after the decision
    member_page = client_for(reviewing["proposal"].submitted_by).get(reviewing["proposal"].get_absolute_url())
    assert b"FIRST-COMMENT" not in member_page.content


def test_someone_elses_review_is_not_found(reviewing: dict[str, Any], later: Any) -> None:
    first, second = reviewing["assignments"]
    assert client_for(second.reviewer).get(first.get_absolute_url()).status_code == 404
    with pytest.raises(PermissionDenied):
        services.declare_interest(user=second.reviewer, assignment=first, conflict=False, now=later)


def test_a_member_of_the_applicant_is_never_assigned(office: Any, unit: Any, org: Any, member: Any, later: Any) -> None:
    insider = make_user("reviewer", username="insider")
    Membership.objects.create(user=insider, organisation=org)
    others = [make_user("reviewer", username=f"r{i}") for i in range(2)]
    call = make_call(office, unit, [insider, *others], reviewers_per_proposal=3)
    services.proposal_create(user=member, call=call, data=proposal_data(org), submit=True)
    services.transition(user=office, call=call, action="start_review", now=later)
    assert set(Assignment.objects.values_list("reviewer__username", flat=True)) == {"r0", "r1"}


def test_the_moderator_waits_for_every_review(reviewing: dict[str, Any], office: Any, later: Any) -> None:
    first, _second = reviewing["assignments"]
    services.declare_interest(user=first.reviewer, assignment=first, conflict=False, now=later)
    services.scores_save(user=first.reviewer, assignment=first, scores=dasa(8, 8, 8), now=later)
    with pytest.raises(ValidationError, match="not yet submitted"):
        services.consensus_set(user=office, proposal=reviewing["proposal"],
                               values={"desirable": 8, "feasible": 8, "viable": 8})
    with pytest.raises(PermissionDenied):
        services.consensus_set(user=first.reviewer, proposal=reviewing["proposal"],
                               values={"desirable": 8, "feasible": 8, "viable": 8})
    with pytest.raises(ValidationError, match="consensus"):
        services.transition(user=office, call=reviewing["call"], action="decide", now=later)
