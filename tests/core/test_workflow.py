"""The workflow engine (core.workflow): every refusal, what a step writes, the hooks and on-commit effects, the
lock, and two steps at once on PostgreSQL. The engine is tried on a workflow declared here for a bundling round
(any model with a state field will do), and on the registered ones through `workflow.take`."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from straiik.bundling.choices import RoundStatus
from straiik.bundling.models import BundlingRound
from straiik.core import workflow
from straiik.core.errors import Refused
from straiik.core.models import ObjectChange
from straiik.core.workflow import ReasonRequired, Step, TransitionConflict, TransitionError, TransitionForbidden
from tests.conftest import client_for, make_user

t = workflow.transition
calls: list[str] = []
IDEA = {"kind": "idea", "title": "A quiet generator", "description": "Silent power for forward camps."}


def _actors(user: Any, instance: Any) -> set[str]:
    if user is None or not user.is_authenticated:
        return set()
    found = {"office"} if user.groups.filter(name="programme-office").exists() else set()
    if instance.created_by_id == user.pk:
        found.add("owner")
    return found


def _refuse_if_named_refuse(step: Step) -> None:
    calls.append(f"hook:{step.transition.name}:{step.previous}")
    if step.instance.name == "refuse":
        raise ValidationError({"name": "refused by the hook"})
    step.instance.description = f"closed because: {step.reason}"


def _effect(step: Step) -> None:
    calls.append(f"committed:{step.transition.name}")


def flow(hook: Any = _refuse_if_named_refuse) -> workflow.Workflow:
    return workflow.Workflow(
        model=BundlingRound, states=RoundStatus, state_field="status", actors=_actors,
        snapshot=lambda r: {"status": r.status, "description": r.description}, noun=_("the round"),
        transitions=[
            t("close", "Close", {RoundStatus.OPEN}, RoundStatus.CLOSED, {"office", "owner"}, needs_reason=True,
              hook=hook, on_commit=_effect),
            t("conclude", "Conclude", {RoundStatus.CLOSED}, RoundStatus.CONCLUDED, {"office"}),
            t("expire", "Expire", {RoundStatus.OPEN, RoundStatus.CLOSED}, RoundStatus.CONCLUDED, {workflow.SYSTEM}),
        ])


@pytest.fixture
def round(office: Any) -> BundlingRound:
    calls.clear()
    return BundlingRound.objects.create(name="Round", created_by=office, periods=["2027-Q1"])


@pytest.mark.django_db
def test_a_step_checks_saves_and_records(round: BundlingRound, office: Any,
                                         django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        taken = flow().take(round, "close", user=office, reason="  inputs are in  ")
    assert taken.status == RoundStatus.CLOSED and taken.description == "closed because: inputs are in"
    assert BundlingRound.objects.get(pk=round.pk).status == RoundStatus.CLOSED
    change = ObjectChange.objects.filter(changed_object_id=round.pk, action="update").latest("id")
    assert change.user == office
    assert change.prechange_data == {"status": "open", "description": ""}
    assert change.postchange_data == {"status": "closed", "description": "closed because: inputs are in"}
    assert calls == ["hook:close:open", "committed:close"]


@pytest.mark.django_db
def test_every_refusal_is_a_transition_error(round: BundlingRound, office: Any) -> None:
    stranger = make_user(username="stranger")
    f = flow()
    with pytest.raises(TransitionForbidden, match="You may not take the step “Close”") as forbidden:
        f.take(round, "close", user=stranger, reason="x")
    assert isinstance(forbidden.value, Refused) and isinstance(forbidden.value, PermissionDenied)
    with pytest.raises(TransitionForbidden, match="nobody takes it by hand"):
        f.take(round, "expire", user=office)
    with pytest.raises(ReasonRequired) as missing:
        f.take(round, "close", user=office, reason="   ")
    assert isinstance(missing.value, ValidationError) and "reason" in missing.value.message_dict
    with pytest.raises(TransitionConflict, match="“Conclude” is not possible while the round is “Open"):
        f.take(round, "conclude", user=office)
    with pytest.raises(TransitionConflict, match="Unknown step"):
        f.take(round, "explode", user=office)
    with pytest.raises(ValidationError, match="5,000"):
        f.take(round, "close", user=office, reason="x" * 5_001)
    for error in (TransitionForbidden, ReasonRequired, TransitionConflict):
        assert issubclass(error, TransitionError)
    # nothing was changed or recorded by a refusal
    assert BundlingRound.objects.get(pk=round.pk).status == RoundStatus.OPEN
    assert not ObjectChange.objects.filter(changed_object_id=round.pk, action="update").exists()
    assert calls == []


@pytest.mark.django_db
def test_a_hook_refusal_changes_nothing_and_schedules_nothing(round: BundlingRound, office: Any,
                                                               django_capture_on_commit_callbacks: Any) -> None:
    round.name = "refuse"
    round.save()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError, match="refused"):
        flow().take(round, "close", user=office, reason="r")
    assert callbacks == []
    assert BundlingRound.objects.get(pk=round.pk).status == RoundStatus.OPEN


@pytest.mark.django_db
def test_actors_system_and_available(round: BundlingRound, office: Any) -> None:
    f = flow()
    owner = make_user(username="owner")
    round.created_by = owner
    round.save()
    assert [s.name for s in f.available(round, office)] == ["close"]  # the system's step is never offered
    assert [s.name for s in f.available(round, owner)] == ["close"]
    assert f.available(round, make_user(username="nobody")) == []
    assert [s.name for s in f.available(round, office, state=RoundStatus.CLOSED)] == ["conclude"]
    taken = f.take(round, "expire", user=None, as_system=True)
    assert taken.status == RoundStatus.CONCLUDED and f.terminal(RoundStatus.CONCLUDED)
    assert ObjectChange.objects.filter(changed_object_id=round.pk, action="update").latest("id").user is None


def test_a_declaration_with_unknown_states_or_twice_the_same_step_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown states"):
        workflow.Workflow(model=BundlingRound, states=RoundStatus, state_field="status", actors=_actors,
                          transitions=[t("x", "X", {"nowhere"}, RoundStatus.OPEN, {"office"})])
    with pytest.raises(ValueError, match="twice"):
        workflow.Workflow(model=BundlingRound, states=RoundStatus, state_field="status", actors=_actors,
                          transitions=[t("x", "X", {RoundStatus.OPEN}, RoundStatus.CLOSED, {"office"})] * 2)


@pytest.mark.django_db
def test_take_finds_the_registered_workflow_and_writes_the_event(office: Any) -> None:
    from straiik.defport import services as defport
    from straiik.defport.models import Event

    member = make_user(username="poster")
    submission = defport.submission_create(user=member, data=IDEA)
    with pytest.raises(TransitionForbidden):
        workflow.take(submission, "start_triage", user=member)
    submission = workflow.take(submission, "start_triage", user=office)
    event = Event.objects.filter(submission=submission).latest("id")
    assert (event.transition, event.from_state, event.to_state, event.actor) == ("start_triage", "submitted",
                                                                                   "in_triage", office)
    assert event.created is not None and submission.assigned_to == office and submission.answered_at is None
    assert [s.name for s in workflow.available(submission, office)] == ["mark_matched", "close"]
    with pytest.raises(LookupError):
        workflow.workflow_for(ObjectChange)


@pytest.mark.django_db
def test_the_api_answers_a_state_conflict_with_409_and_a_missing_reason_with_422(office: Any) -> None:
    from straiik.defport import services as defport

    member = make_user(username="poster")
    submission = defport.submission_create(user=member, data=IDEA, submit=False)
    api = client_for(office)
    url = f"/api/v1/defport/submissions/{submission.pk}/transitions"
    conflict = api.post(url, {"action": "start_triage"}, content_type="application/json")
    assert conflict.status_code == 409 and "not possible" in conflict.json()["message"]
    missing = client_for(member).post(url, {"action": "withdraw"}, content_type="application/json")
    assert missing.status_code == 422 and "reason" in missing.json()["errors"]
    forbidden = client_for(member).post(url, {"action": "reopen", "reason": "x"}, content_type="application/json")
    assert forbidden.status_code == 403 and "Reopen" in forbidden.json()["message"]
    # the API offers the steps the caller may take, from the same declaration as the page
    detail = f"/api/v1/defport/submissions/{submission.pk}"
    mine = client_for(member).get(detail).json()["transitions"]
    assert [(t["name"], t["needs_reason"]) for t in mine] == [("submit", False), ("withdraw", True)]
    assert api.get(detail).json()["transitions"] == []
    submitted = client_for(member).post(url, {"action": "submit"}, content_type="application/json").json()
    assert [t["name"] for t in submitted["transitions"]] == ["withdraw"]
    assert [t["name"] for t in api.get(detail).json()["transitions"]] == ["start_triage", "close"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_steps_at_once_one_wins_the_other_is_told(office: Any) -> None:
    """Two people close the same round at the same moment: the first takes the lock and holds it a while (its
    hook waits); the second waits for the lock, then finds the round closed and gets a TransitionConflict."""
    round = BundlingRound.objects.create(name="Round", created_by=office, periods=["2027-Q1"])
    first_has_lock = threading.Event()

    def slow(step: Step) -> None:
        first_has_lock.set()
        time.sleep(0.5)

    f = flow(hook=slow)
    results: dict[str, Any] = {}

    def attempt(who: str, wait: threading.Event | None) -> None:
        try:
            if wait is not None:
                assert wait.wait(10)
            with transaction.atomic():
                f.take(BundlingRound.objects.get(pk=round.pk), "close", user=office, reason=who)
            results[who] = "closed"
        except Exception as error:  # noqa: BLE001 - the test reports what each thread got
            results[who] = error
        finally:
            connection.close()

    first = threading.Thread(target=attempt, args=("first", None))
    second = threading.Thread(target=attempt, args=("second", first_has_lock))
    first.start()
    second.start()
    first.join(20)
    second.join(20)
    assert results["first"] == "closed"
    assert isinstance(results["second"], TransitionConflict), results
    assert BundlingRound.objects.get(pk=round.pk).status == RoundStatus.CLOSED
    assert ObjectChange.objects.filter(changed_object_id=round.pk, action="update").count() == 1
