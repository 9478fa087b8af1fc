"""Reads for Defport: what a user may see, the triage dashboard."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from straiik.core.confirm import Consequences
from straiik.core.exercises import official
from straiik.defport import permissions
from straiik.defport.choices import AWAITING_ANSWER, OPEN_STATES, IntroductionState, State
from straiik.defport.models import Event, Introduction, Submission
from straiik.defport.workflow import SUBMISSIONS
from straiik.registry.permissions import member_of

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer


def submission_list(*, user: Viewer) -> QuerySet[Submission]:
    return Submission.objects.select_related("organisation", "submitted_by").restrict(user)


def submission_get(*, user: Viewer, pk: int) -> Submission:
    submission = Submission.objects.select_related("organisation", "submitted_by", "assigned_to").restrict(
        user).filter(pk=pk).first()
    if submission is None:
        raise Http404(_("No such submission."))
    return submission


def submission_events(*, user: Viewer, submission: Submission) -> QuerySet[Event]:
    return Event.objects.filter(submission=submission).select_related("by", "submission").restrict(user)


def submission_introductions(*, user: Viewer, submission: Submission) -> QuerySet[Introduction]:
    return Introduction.objects.filter(submission=submission).select_related(
        "organisation", "proposed_by", "submission").restrict(user)


def my_introductions(*, user: Viewer) -> QuerySet[Introduction]:
    return Introduction.objects.filter(organisation_id__in=member_of(user)).select_related(
        "submission", "organisation", "proposed_by").restrict(user)


def dashboard(*, user: Viewer) -> dict[str, Any]:
    if not permissions.can_see_dashboard(user):
        raise PermissionDenied(_("The triage dashboard is for the programme office."))
    now = timezone.now()
    submissions = official(Submission.objects.restrict(user))
    waiting = list(submissions.filter(state__in=AWAITING_ANSWER).select_related(
        "organisation", "assigned_to", "submitted_by").order_by("due_at", "id"))
    answered = submissions.exclude(answered_at=None)
    on_time = answered.filter(answered_at__lte=F("due_at")).count()
    counts = dict(submissions.values_list("state").annotate(n=Count("id")))
    return {
        "waiting": waiting,
        "overdue": [s for s in waiting if s.due_at and s.due_at < now],
        "counts": [(value, label, counts.get(value, 0)) for value, label in State.choices],
        "answered": answered.count(), "on_time": on_time,
        "on_time_share": on_time / answered.count() if answered.count() else None,
        "open": submissions.filter(state__in=OPEN_STATES).count(),
        "proposed_introductions": official(Introduction.objects.restrict(user).filter(state=IntroductionState.PROPOSED),
                                           "submission__").count(),
        "unassigned": sum(1 for s in waiting if s.assigned_to_id is None),
        "by_kind": list(submissions.filter(state__in=OPEN_STATES).values("kind").annotate(n=Count("id"))
                        .order_by("kind")),
        "late_answers": answered.filter(~Q(answered_at__lte=F("due_at"))).count(),
    }


def end_consequences(*, submission: Submission, action: str, reason: str) -> Consequences:
    """What closing or withdrawing a submission does and whom it concerns, for its confirmation page."""
    step = SUBMISSIONS[action]
    pending = list(submission.introductions.filter(state=IntroductionState.PROPOSED).select_related("organisation"))
    effects = [
        _("“%(t)s” is closed: it leaves the triage queue and its answer deadline stops.") % {"t": submission.title},
        _("The reason is kept with it and shown to the submitter: %(r)s") % {"r": reason},
    ]
    if pending:
        effects.append(_("Introductions still waiting for an answer stay on record but lead nowhere."))
    if action == "close":
        effects.append(_("The programme office can reopen it later, with a reason."))
    who = submission.submitted_by
    recipients = [_("%(u)s (submitter)") % {"u": who.get_full_name() or who.get_username()}]
    if submission.organisation is not None:
        recipients.append(_("%(o)s (the submitter's organisation)") % {"o": submission.organisation.name})
    recipients += [_("%(o)s (introduction proposed)") % {"o": i.organisation.name} for i in pending]
    return Consequences(title=_("%(step)s “%(t)s”?") % {"step": step.label, "t": submission.title},
                        effects=effects, recipients=recipients, recipients_heading=_("Whom it concerns"),
                        button=str(step.label), danger=True, final=action != "close")


def duplicate_rows(*, title: str, description: str, candidates: list[tuple[Submission, float]]) -> list[dict[str, Any]]:
    """The look-alikes of a new submission as a person judges them: how much of the wording overlaps, and the
    longest passage they share."""
    from straiik.engines.text import shared_passage

    text = f"{title} {description}"
    return [{"submission": s, "overlap": score,
             "passage": shared_passage(text, f"{s.title} {s.description}")} for s, score in candidates]


def office_colleagues() -> QuerySet[Any]:
    """The people a triage item can be assigned to: the programme office and the platform administrators."""
    from django.contrib.auth import get_user_model

    from straiik.accounts.roles import Role

    users = get_user_model().objects.filter(is_active=True)
    return users.filter(Q(groups__name__in=[Role.PROGRAMME_OFFICE, Role.PLATFORM_ADMIN]) | Q(is_superuser=True)
                        ).distinct().order_by("username")
