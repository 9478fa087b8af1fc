"""SDIR's state machines, declared as data and taken by `core.workflow`.

The life of a call (`CALLS`; `services.transition` is the app's door, which first takes the steps the dates made
due):

    draft → published → open → closed → in review → decided → awarded → in execution → completed
    draft, published                         → withdrawn  (before anyone could apply)
    open, closed, in review, decided         → cancelled  (applicants are told)

"open" and "closed" follow the call's dates: the server takes them (actor "system") at the second the
dates pass, Europe/Amsterdam, and records them with that time. Who may take a transition is a set of
actors: the programme office ("office"), the defence buyer who owns the call ("owner"), the system.

A proposal (`PROPOSALS`): draft → submitted → withdrawn (the applicant, "applicant"; until the decision).
An award (`AWARDS`): active → completed | terminated (the office). A milestone (`MILESTONES`): planned →
delivered (the awardee) → accepted | rejected (the office or the owning unit); a rejected one is delivered again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from straiik.core import workflow
from straiik.core.workflow import Step, Transition
from straiik.sdir import permissions
from straiik.sdir.choices import (
    AFTER_CLOSE,
    AFTER_DECISION,
    OFFICE,
    OWNER,
    PUBLIC_STATES,
    SYSTEM,
    AwardStatus,
    MilestoneStatus,
    Outcome,
    ProposalState,
    State,
)
from straiik.sdir.models import Award, Call, CallEvent, Milestone, Proposal

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

__all__ = ["AFTER_CLOSE", "AFTER_DECISION", "AWARDS", "CALLS", "MILESTONES", "OFFICE", "OWNER", "PROPOSALS",
           "PUBLIC_STATES", "SYSTEM", "TRANSITIONS", "State", "Transition", "available"]

APPLICANT, AWARDEE, ACCEPTOR = "applicant", "awardee", "acceptor"


# --- calls --------------------------------------------------------------------------------------------------------

def _on_publish(step: Step) -> None:
    call = step.instance
    if call.closes_at <= step.now:
        raise ValidationError({"closes_at": gettext("The closing time has passed; move it before publishing.")})
    call.published_at = step.now


def _on_start_review(step: Step) -> None:
    from straiik.sdir.services import notifications
    from straiik.sdir.services.review import assign_reviewers

    call = step.instance
    panel = list(call.reviewers.all())
    if not panel:
        raise ValidationError({"reviewers": gettext("Put reviewers on the panel first.")})
    call.review_started_at = step.now
    assign_reviewers(call, panel)
    notifications.tell_reviewers(call)


def _on_decide(step: Step) -> None:
    from straiik.sdir.services.decision import decide

    if not permissions.is_authenticated(step.user):  # the office decides: the transition's actor is a person
        raise PermissionDenied
    decide(user=step.user, call=step.instance, now=step.now)
    step.instance.decided_at = step.now
    step.instance.notified_at = step.now


def _on_award(step: Step) -> None:
    from straiik.sdir.services.awards import create_awards

    create_awards(user=step.user, call=step.instance, now=step.now)
    step.instance.awarded_at = step.now


def _on_complete(step: Step) -> None:
    active = step.instance.awards.filter(status=AwardStatus.ACTIVE).count()
    if active:
        raise ValidationError(gettext("%(n)s awards are still active: complete or terminate them first.") % {
            "n": active})
    step.instance.completed_at = step.now


def _on_end(step: Step) -> None:
    from straiik.sdir.services import notifications

    call, reason = step.instance, step.reason
    call.ended_at = step.now
    call.end_reason = reason
    if call.state in (State.DRAFT, State.PUBLISHED):
        return
    proposals = list(call.proposals.filter(state=ProposalState.SUBMITTED).select_related("organisation"))
    Proposal.objects.filter(pk__in=[p.pk for p in proposals]).update(outcome=Outcome.CANCELLED,
                                                                      outcome_reason=reason)
    notifications.tell_cancelled(call, proposals, reason)


t = workflow.transition
# Irreversible steps (applicants are told, contracts made, the call ends) ask for confirmation first.
TRANSITIONS: dict[str, Transition] = {s.name: s for s in [
    t("publish", _("Publish"), {State.DRAFT}, State.PUBLISHED, {OFFICE}, hook=_on_publish),
    t("open", _("Open"), {State.PUBLISHED}, State.OPEN, {SYSTEM}),
    t("close", _("Close"), {State.OPEN}, State.CLOSED, {SYSTEM}),
    t("start_review", _("Start the review"), {State.CLOSED}, State.IN_REVIEW, {OFFICE}, hook=_on_start_review),
    t("decide", _("Decide and notify the applicants"), {State.IN_REVIEW}, State.DECIDED, {OFFICE}, confirm=True,
      hook=_on_decide),
    t("award", _("Award the contracts"), {State.DECIDED}, State.AWARDED, {OFFICE}, confirm=True, hook=_on_award),
    t("start_execution", _("Start execution"), {State.AWARDED}, State.IN_EXECUTION, {OFFICE, OWNER}),
    t("complete", _("Complete"), {State.IN_EXECUTION}, State.COMPLETED, {OFFICE}, confirm=True, hook=_on_complete),
    t("withdraw", _("Withdraw"), {State.DRAFT, State.PUBLISHED}, State.WITHDRAWN, {OFFICE, OWNER},
      needs_reason=True, confirm=True, hook=_on_end),
    t("cancel", _("Cancel"), {State.OPEN, State.CLOSED, State.IN_REVIEW, State.DECIDED}, State.CANCELLED, {OFFICE},
      needs_reason=True, confirm=True, hook=_on_end),
]}

CALLS = workflow.register(workflow.Workflow(
    model=Call, states=State, transitions=list(TRANSITIONS.values()), actors=permissions.actors,
    event_model=CallEvent, event_field="call", noun=_("the call"),
    system_only=_("“%(s)s” follows the call's dates; nobody takes it by hand.")))


def available(state: str, actors: set[str]) -> list[Transition]:
    """The transitions a person with these actors can take by hand from a state (the system's are not shown)."""
    return [s for s in TRANSITIONS.values() if state in s.sources and s.actors & actors and s.manual]


# --- proposals, awards, milestones (the reason of a step is the note it keeps) -----------------------------------

def _proposal_actors(user: Viewer, proposal: Proposal) -> set[str]:
    return {APPLICANT} if permissions.is_applicant(user, proposal) else set()


def _on_withdraw_proposal(step: Step) -> None:
    step.instance.withdrawn_at = step.now
    step.instance.outcome_reason = step.reason[:5_000]


PROPOSALS = workflow.register(workflow.Workflow(
    model=Proposal, states=ProposalState, actors=_proposal_actors, noun=_("the proposal"),
    transitions=[
        t("submit", _("Submit"), {ProposalState.DRAFT, ProposalState.SUBMITTED}, ProposalState.SUBMITTED,
          {APPLICANT}),
        t("withdraw", _("Withdraw"), {ProposalState.DRAFT, ProposalState.SUBMITTED}, ProposalState.WITHDRAWN,
          {APPLICANT}, confirm=True, hook=_on_withdraw_proposal),
    ]))


def _award_actors(user: Viewer, award: Award) -> set[str]:
    return {OFFICE} if permissions.can_manage_award(user, award) else set()


def _on_complete_award(step: Step) -> None:
    if step.instance.milestones.exclude(status=MilestoneStatus.ACCEPTED).exists():
        raise ValidationError({"status": gettext("Every milestone must be accepted before the award is completed.")})


def _with_note(step: Step) -> None:
    if step.reason:
        step.instance.transition_note = (step.instance.transition_note + "\n" + step.reason).strip()[:5_000]


AWARDS = workflow.register(workflow.Workflow(
    model=Award, states=AwardStatus, state_field="status", actors=_award_actors,
    noun=_("the award"), prepare=_with_note, transitions=[
        # labelled as the page offers them: "Close as: Completed"
        t("complete", _("Completed"), {AwardStatus.ACTIVE}, AwardStatus.COMPLETED, {OFFICE},
          hook=_on_complete_award),
        t("terminate", _("Terminated"), {AwardStatus.ACTIVE}, AwardStatus.TERMINATED, {OFFICE}),
    ]))


def _milestone_actors(user: Viewer, milestone: Milestone) -> set[str]:
    found = set()
    if permissions.can_report_milestone(user, milestone.award):
        found.add(AWARDEE)
    if permissions.can_accept_milestone(user, milestone.award):
        found.add(ACCEPTOR)
    return found


def _on_report(step: Step) -> None:
    step.instance.delivered_at = step.now
    step.instance.note = step.reason


def _on_review(step: Step) -> None:
    milestone = step.instance
    milestone.accepted_at = step.now if step.transition.name == "accept" else None
    if step.reason:
        milestone.note = step.reason


MILESTONES = workflow.register(workflow.Workflow(
    model=Milestone, states=MilestoneStatus, state_field="status", actors=_milestone_actors,
    related=lambda m: m.award, noun=_("the milestone"), transitions=[
        t("report", _("Report delivered"), {MilestoneStatus.PLANNED, MilestoneStatus.REJECTED},
          MilestoneStatus.DELIVERED, {AWARDEE}, hook=_on_report),
        t("accept", _("Accept"), {MilestoneStatus.DELIVERED}, MilestoneStatus.ACCEPTED, {ACCEPTOR}, hook=_on_review),
        t("reject", _("Reject"), {MilestoneStatus.DELIVERED}, MilestoneStatus.REJECTED, {ACCEPTOR},
          needs_reason=True, hook=_on_review),
    ]))
del t
