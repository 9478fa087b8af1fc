"""The review: assigning the panel, each reviewer's declaration of interest and scores, and the moderator's
consensus (or the reviewers' means)."""

from __future__ import annotations

import datetime as dt
import heapq
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from straiik.accounts.models import User
from straiik.core.audit import record_change
from straiik.core.models import ObjectChange
from straiik.engines import sdir as engine
from straiik.sdir import permissions
from straiik.sdir.choices import AssignmentState, ProposalState, State
from straiik.sdir.models import Assignment, Call, Proposal, Score
from straiik.sdir.services import notifications
from straiik.sdir.services._common import _locked_proposal, _now, snapshot


def assign_reviewers(call: Call, panel: list[Any]) -> int:
    """Give each submitted proposal `reviewers_per_proposal` reviewers from the panel, spreading the load evenly
    (the least-loaded first); a reviewer who is a member of the applicant is never assigned to it."""
    from straiik.registry.models import Membership

    proposals = list(call.proposals.filter(state=ProposalState.SUBMITTED).order_by("id"))
    memberships: dict[int, set[int]] = {}
    for user_id, org_id in Membership.objects.filter(user__in=panel).values_list("user_id", "organisation_id"):
        memberships.setdefault(user_id, set()).add(org_id)
    existing = set(Assignment.objects.filter(proposal__call=call).values_list("proposal_id", "reviewer_id"))
    load = Count("sdir_assignments", filter=Q(sdir_assignments__proposal__call=call))
    counts = dict(User.objects.filter(pk__in=[r.pk for r in panel]).annotate(n=load).values_list("pk", "n"))
    heap = [(counts.get(r.pk, 0), r.pk) for r in panel]
    heapq.heapify(heap)
    wanted = min(call.reviewers_per_proposal, len(panel))
    rows = []
    for proposal in proposals:
        taken: list[Any] = []
        skipped: list[Any] = []
        have = sum(1 for p, _r in existing if p == proposal.pk)
        while heap and have + len(taken) < wanted:
            n, reviewer_id = heapq.heappop(heap)
            if (proposal.pk, reviewer_id) in existing or proposal.organisation_id in memberships.get(reviewer_id, ()):
                skipped.append((n, reviewer_id))
                continue
            taken.append((n + 1, reviewer_id))
        for item in taken + skipped:
            heapq.heappush(heap, item)
        rows += [Assignment(proposal=proposal, reviewer_id=reviewer_id) for _n, reviewer_id in taken]
    Assignment.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _locked_assignment(assignment: Assignment) -> Assignment:
    return Assignment.objects.select_for_update().select_related("proposal__call", "proposal__organisation").get(
        pk=assignment.pk)


def _in_review(call: Call) -> None:
    if call.state != State.IN_REVIEW:
        raise ValidationError(_("The call is not in review (it is “%(s)s”).") % {"s": call.get_state_display()})


@transaction.atomic
def declare_interest(*, user: User, assignment: Assignment, conflict: bool, statement: str = "",
                     now: dt.datetime | None = None) -> Assignment:
    """A reviewer's declaration before seeing a proposal. A conflict hands the proposal to another reviewer on
    the panel (the least loaded one who is free of it), or tells the office that nobody is left."""
    now = _now(now)
    assignment = _locked_assignment(assignment)
    if not permissions.can_review(user, assignment):
        raise PermissionDenied(_("This is not your review."))
    _in_review(assignment.proposal.call)
    if assignment.state != AssignmentState.PENDING:
        raise ValidationError(_("You have already declared for this proposal."))
    statement = (statement or "").strip()
    if conflict and not statement:
        raise ValidationError({"coi_statement": _("Say what the conflict is (it stays with the programme office).")})
    before = snapshot(assignment)
    assignment.state = AssignmentState.CONFLICTED if conflict else AssignmentState.CLEARED
    assignment.coi_statement = statement[:5_000]
    assignment.declared_at = now
    assignment.save()
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=assignment, before=before,
                  after=snapshot(assignment), related=assignment.proposal)
    if conflict:
        _replace_reviewer(assignment)
    return assignment


def _replace_reviewer(assignment: Assignment) -> Assignment | None:
    from straiik.registry.models import Membership

    proposal, call = assignment.proposal, assignment.proposal.call
    taken = set(proposal.assignments.values_list("reviewer_id", flat=True))
    members = set(Membership.objects.filter(organisation_id=proposal.organisation_id).values_list("user_id",
                                                                                                  flat=True))
    candidates = (call.reviewers.exclude(pk__in=taken | members)
                  .annotate(n=Count("sdir_assignments", filter=Q(sdir_assignments__proposal__call=call)))
                  .order_by("n", "pk"))
    replacement = candidates.first()
    if replacement is None:
        notifications.tell_no_reviewer_left(call, proposal)
        return None
    new = Assignment.objects.create(proposal=proposal, reviewer=replacement)
    record_change(user=None, action=ObjectChange.Action.CREATE, instance=new, before=None, after=snapshot(new),
                  related=proposal)
    notifications.tell_replacement(new)
    return new



@transaction.atomic
def scores_save(*, user: User, assignment: Assignment, scores: dict[str, tuple[Any, str]], submit: bool = True,
                now: dt.datetime | None = None) -> Assignment:
    """A reviewer's scores, one (value, comment) per criterion. Saved as a draft, or submitted: then they are
    final, and the reviewer sees the other reviewers' scores."""
    now = _now(now)
    assignment = _locked_assignment(assignment)
    if not permissions.can_review(user, assignment):
        raise PermissionDenied(_("This is not your review."))
    _in_review(assignment.proposal.call)
    if assignment.state == AssignmentState.PENDING:
        raise PermissionDenied(_("Declare whether you have a conflict of interest before you review."))
    if assignment.state == AssignmentState.CONFLICTED:
        raise PermissionDenied(_("You declared a conflict of interest for this proposal."))
    if assignment.state == AssignmentState.SUBMITTED:
        raise ValidationError(_("Your scores were submitted and cannot change."))
    criteria = assignment.proposal.call.criteria_list()
    errors: dict[str, list[str]] = {}
    clean: dict[str, tuple[Decimal, str]] = {}
    for c in criteria:
        value, comment = scores.get(c.key, (None, ""))
        comment = (comment or "").strip()
        try:
            number = Decimal(str(value)) if value not in (None, "") else None
        except ArithmeticError:
            number = None
        if number is None:
            errors[c.key] = [_("Give a score from 0 to %(m)s.") % {"m": c.max_score}]
        elif not 0 <= number <= c.max_score:
            errors[c.key] = [_("From 0 to %(m)s.") % {"m": c.max_score}]
        elif submit and not comment:
            errors[c.key] = [_("Explain the score in a comment.")]
        else:
            clean[c.key] = (number.quantize(Decimal("0.01")), comment[:5_000])
    unknown = set(scores) - {c.key for c in criteria}
    if unknown:
        errors.update(dict.fromkeys(sorted(unknown), [_("not a criterion of this call")]))
    if errors:
        raise ValidationError(errors)
    before = snapshot(assignment)
    before["scores"] = {s.criterion: str(s.value) for s in assignment.scores.all()}
    for key, (value, comment) in clean.items():
        Score.objects.update_or_create(assignment=assignment, criterion=key, defaults={"value": value,
                                                                                       "comment": comment})
    if submit:
        assignment.state = AssignmentState.SUBMITTED
        assignment.submitted_at = now
        assignment.save()
    after = snapshot(assignment)
    after["scores"] = {k: str(v) for k, (v, _c) in clean.items()}
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=assignment, before=before, after=after,
                  related=assignment.proposal)
    return assignment



@transaction.atomic
def consensus_set(*, user: User, proposal: Proposal, values: dict[str, Any], comment: str = "",
                  now: dt.datetime | None = None) -> Proposal:
    """The moderator's consensus per criterion, after every assigned reviewer without a conflict has submitted."""
    now = _now(now)
    proposal = _locked_proposal(proposal)
    call = proposal.call
    if not permissions.can_moderate(user, call):
        raise PermissionDenied(_("The consensus is set by the moderator or the programme office."))
    _in_review(call)
    if proposal.state != ProposalState.SUBMITTED:
        raise ValidationError(_("Only submitted proposals are moderated."))
    open_reviews = proposal.assignments.filter(state__in=[AssignmentState.PENDING, AssignmentState.CLEARED]).count()
    if open_reviews:
        raise ValidationError(_("%(n)s reviews are not yet submitted.") % {"n": open_reviews})
    if not proposal.assignments.filter(state=AssignmentState.SUBMITTED).exists():
        raise ValidationError(_("No reviewer has scored this proposal yet."))
    criteria = call.criteria_list()
    errors: dict[str, list[str]] = {}
    clean: dict[str, float] = {}
    for c in criteria:
        try:
            number = float(values.get(c.key))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            errors[c.key] = [_("Give a score from 0 to %(m)s.") % {"m": c.max_score}]
            continue
        if not 0 <= number <= c.max_score:
            errors[c.key] = [_("From 0 to %(m)s.") % {"m": c.max_score}]
        clean[c.key] = round(number, 2)
    if errors:
        raise ValidationError(errors)
    before = snapshot(proposal)
    proposal.consensus = clean
    proposal.consensus_total = Decimal(str(engine.weighted_total(clean, criteria)))
    proposal.consensus_comment = (comment or "").strip()[:5_000]
    proposal.moderated_by = user
    proposal.moderated_at = now
    proposal.save()
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=proposal, before=before,
                  after=snapshot(proposal))
    return proposal


@transaction.atomic
def consensus_from_means(*, user: User, call: Call, now: dt.datetime | None = None) -> int:
    """Take the reviewers' means as the consensus of every fully reviewed proposal that has none yet (the EDF-style
    schemes without moderation, or a moderator who agrees with the panel)."""
    if not permissions.can_moderate(user, call):
        raise PermissionDenied(_("The consensus is set by the moderator or the programme office."))
    criteria = call.criteria_list()
    done = 0
    waiting = call.proposals.filter(state=ProposalState.SUBMITTED, consensus_total__isnull=True).exclude(
        assignments__state__in=[AssignmentState.PENDING, AssignmentState.CLEARED])
    by_proposal: dict[int, dict[int, dict[str, float]]] = {}
    for proposal_id, assignment_id, key, value in Score.objects.filter(
            assignment__proposal__call=call, assignment__state=AssignmentState.SUBMITTED).values_list(
            "assignment__proposal_id", "assignment_id", "criterion", "value"):
        by_proposal.setdefault(proposal_id, {}).setdefault(assignment_id, {})[key] = float(value)
    for proposal in waiting:
        sheets = [s for s in by_proposal.get(proposal.pk, {}).values() if len(s) == len(criteria)]
        if sheets:
            consensus_set(user=user, proposal=proposal, values=engine.mean_scores(sheets, criteria),
                          comment=_("The reviewers' means."), now=now)
            done += 1
    return done


