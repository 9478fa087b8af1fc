"""The triage workflow, declared as data and taken by `core.workflow` (`services.transition` is the app's door).

    draft → submitted → in triage → matched → introduced → handed to an SDIR call
                                   ↘ closed (with a reason), from any open state; reopened by the office

Who may take a transition is a set of actors: the submitter ("owner"), the programme office ("office"), the
platform ("system": an accepted introduction marks the submission introduced).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from straiik.core import workflow
from straiik.core.workflow import Step, Transition
from straiik.defport import permissions
from straiik.defport.choices import AWAITING_ANSWER, OFFICE, OPEN_STATES, OWNER, SYSTEM, State
from straiik.defport.models import Event, Submission

__all__ = ["AWAITING_ANSWER", "OFFICE", "OPEN_STATES", "OWNER", "SUBMISSIONS", "SYSTEM", "TRANSITIONS", "State",
           "Transition", "available"]

t = workflow.transition
TRANSITIONS: dict[str, Transition] = {s.name: s for s in [
    t("submit", _("Submit"), {State.DRAFT}, State.SUBMITTED, {OWNER}),
    t("start_triage", _("Start triage"), {State.SUBMITTED}, State.IN_TRIAGE, {OFFICE}),
    t("mark_matched", _("Matches found"), {State.IN_TRIAGE}, State.MATCHED, {OFFICE}),
    t("mark_introduced", _("Introduced"), {State.MATCHED}, State.INTRODUCED, {OFFICE, SYSTEM}),
    t("hand_to_sdir", _("Hand to an SDIR call"), {State.MATCHED, State.INTRODUCED}, State.HANDED_TO_SDIR, {OFFICE},
      needs_reason=True),
    # Steps that end a submission (the submitter stops waiting, open introductions stop) ask for confirmation.
    t("close", _("Close"), OPEN_STATES, State.CLOSED, {OFFICE}, needs_reason=True, confirm=True),
    t("withdraw", _("Withdraw"), {State.DRAFT, *OPEN_STATES}, State.CLOSED, {OWNER}, needs_reason=True,
      confirm=True),
    t("reopen", _("Reopen"), {State.CLOSED, State.HANDED_TO_SDIR}, State.IN_TRIAGE, {OFFICE}, needs_reason=True),
]}
del t


def _prepare(step: Step) -> None:
    """The dates and the outcome a step sets: the answer's deadline on submission, the moment the office first
    answered, the reason as the outcome of a step that ends the submission, the triager."""
    from straiik.defport.services import due_for

    submission, action = step.instance, step.transition.name
    if action == "submit":
        submission.submitted_at = step.now
        submission.due_at = due_for(step.now)
    if step.previous in AWAITING_ANSWER and step.transition.target not in AWAITING_ANSWER \
            and action != "withdraw" and submission.answered_at is None:
        submission.answered_at = step.now
    if action in ("close", "withdraw", "hand_to_sdir"):
        submission.outcome = step.reason
    if action == "start_triage" and submission.assigned_to_id is None and step.user is not None \
            and permissions.is_staff_of_platform(step.user):
        submission.assigned_to = step.user


def _tell(step: Step) -> None:
    from straiik.defport.services import _tell_transition

    _tell_transition(user=step.user, submission=step.instance, action=step.transition.name, reason=step.reason)



SUBMISSIONS = workflow.register(workflow.Workflow(
    model=Submission, states=State, transitions=list(TRANSITIONS.values()), actors=permissions.actors,
    event_model=Event, event_field="submission", noun=_("the submission"), prepare=_prepare,
    after=_tell))


def available(state: str, actors: set[str]) -> list[Transition]:
    """The steps a person with these actors may take from a state (pages use SUBMISSIONS.available(record, user))."""
    return [s for s in TRANSITIONS.values() if state in s.sources and s.manual and s.actors & actors]
