"""Awards and milestones: the contracts a decided call signs, their milestones (planned, reported, accepted or
rejected), closing an award, and what became of the result."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from straiik.core.audit import apply_fields, record_change, record_created
from straiik.core.models import ObjectChange
from straiik.sdir import permissions
from straiik.sdir.choices import AwardStatus, MilestoneStatus, Outcome, Phase, ProposalState, Transition
from straiik.sdir.models import Award, Call, Milestone
from straiik.sdir.services import notifications
from straiik.sdir.services._common import _full_clean, _now, add_months, local, snapshot
from straiik.sdir.workflow import AWARDS, MILESTONES

if TYPE_CHECKING:
    from straiik.accounts.types import User, Viewer

MILESTONE_FIELDS = ("title", "deliverable", "due_date", "amount_eur")
SME_EMPLOYEES = 250
# Milestones each award starts with: (title, deliverable, share of the duration, share of the payment).
DEFAULT_MILESTONES = {
    Phase.FEASIBILITY: [("Interim report", "Approach, first results and risks", 0.5, 0.4),
                        ("Final feasibility report", "Feasibility study with a plan for a prototype", 1.0, 0.6)],
    Phase.PROTOTYPE: [("Design review", "Reviewed design of the prototype or demonstrator", 0.25, 0.25),
                      ("Prototype in test", "Prototype tested in a relevant environment", 0.7, 0.4),
                      ("Final demonstration", "Demonstration to the armed forces and final report", 1.0, 0.35)],
}




def create_awards(*, user: Viewer | None, call: Call, now: dt.datetime) -> list[Award]:
    selected = list(call.proposals.filter(outcome=Outcome.SELECTED, state=ProposalState.SUBMITTED).select_related(
        "organisation").order_by("rank"))
    if not selected:
        raise ValidationError(_("No proposal was selected: cancel the call instead."))
    # Protection: no award while due diligence is missing or refused, or a confirmed sanctions match stands.
    from straiik.protection.services import require_clearance

    blocked: list[str] = []
    for p in selected:
        try:
            require_clearance(call, p.organisation)
        except ValidationError as error:
            blocked.extend(error.messages)
    if blocked:
        raise ValidationError(blocked)
    today = local(now).date()
    awards = []
    for n, p in enumerate(selected, start=1):
        end = add_months(today, p.duration_months)
        award = Award.objects.create(proposal=p, call=call, organisation=p.organisation,
                                     reference=f"{call.reference}-A{n:02d}", amount_eur=p.amount_eur, signed_at=now,
                                     start_date=today, end_date=end)
        paid = 0
        plan = DEFAULT_MILESTONES[Phase(call.phase)]
        milestones = []
        for i, (title, deliverable, at, share) in enumerate(plan):
            amount = p.amount_eur - paid if i == len(plan) - 1 else round(p.amount_eur * share)
            paid += amount
            due = today + dt.timedelta(days=round((end - today).days * at))
            milestones.append(Milestone.objects.create(award=award, title=title, deliverable=deliverable,
                                                       due_date=due, amount_eur=amount))
        record_change(user=user, action=ObjectChange.Action.CREATE, instance=award, before=None,
                      after=snapshot(award))
        record_created(user=user, instances=milestones)  # on their own records: the award page shows its own
        notifications.tell_award(award, p)
        awards.append(award)
    return awards


def _locked_award(award: Award) -> Award:
    return Award.objects.select_for_update().select_related("call", "organisation").get(pk=award.pk)


@transaction.atomic
def award_close(*, user: User, award: Award, status: str, note: str = "") -> Award:
    award = _locked_award(award)
    if not permissions.can_manage_award(user, award):
        raise PermissionDenied(_("Awards are managed by the programme office."))
    if status not in (AwardStatus.COMPLETED, AwardStatus.TERMINATED):
        raise ValidationError({"status": _("Completed or terminated.")})
    step = "complete" if status == AwardStatus.COMPLETED else "terminate"
    return AWARDS.take(award, step, user=user, reason=(note or "").strip()[:5_000], locked=True)


@transaction.atomic
def transition_record(*, user: User, award: Award, transition: str, note: str = "", follow_on_reference: str = "",
                      follow_on_amount_eur: int | None = None, now: dt.datetime | None = None) -> Award:
    """What became of the result: phase 2, a phase 3 follow-on order (no new competition), production, or none."""
    award = _locked_award(award)
    if not permissions.can_manage_award(user, award):
        raise PermissionDenied(_("The programme office records what became of a result."))
    if transition not in Transition.values or transition == Transition.UNKNOWN:
        raise ValidationError({"transition": _("Choose what became of the result.")})
    note = (note or "").strip()
    if transition == Transition.PHASE_2 and award.call.phase != Phase.FEASIBILITY:
        raise ValidationError({"transition": _("Only a phase-1 result continues in phase 2.")})
    if transition == Transition.PHASE_3 and not (follow_on_reference or "").strip():
        raise ValidationError({"follow_on_reference": _("Give the reference of the follow-on order.")})
    if transition in (Transition.NONE, Transition.PRODUCTION) and not note:
        raise ValidationError({"transition_note": _("Say why, or where it is used.")})
    if follow_on_amount_eur is not None and follow_on_amount_eur < 0:
        raise ValidationError({"follow_on_amount_eur": _("Not below zero.")})
    before = snapshot(award)
    award.transition = transition
    award.transition_note = note[:5_000]
    award.follow_on_reference = (follow_on_reference or "").strip()[:80]
    award.follow_on_amount_eur = follow_on_amount_eur
    award.transition_at = _now(now)
    award.save()
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=award, before=before, after=snapshot(award))
    return award


@transaction.atomic
def milestone_add(*, user: User, award: Award, data: dict[str, Any]) -> Milestone:
    award = _locked_award(award)
    if not permissions.can_manage_award(user, award):
        raise PermissionDenied(_("Milestones are planned by the programme office."))
    milestone = Milestone(award=award)
    apply_fields(milestone, data, fields=MILESTONE_FIELDS)
    _full_clean(milestone, exclude=["award"])
    milestone.save()
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=milestone, before=None,
                  after=snapshot(milestone), related=award)
    return milestone


@transaction.atomic
def milestone_report(*, user: User, milestone: Milestone, note: str = "", now: dt.datetime | None = None) -> Milestone:
    milestone = Milestone.objects.select_for_update().select_related("award__call").get(pk=milestone.pk)
    if not permissions.can_report_milestone(user, milestone.award):
        raise PermissionDenied(_("The awardee reports a milestone as delivered."))
    return MILESTONES.take(milestone, "report", user=user, reason=(note or "").strip()[:5_000], now=_now(now),
                           locked=True)


@transaction.atomic
def milestone_review(*, user: User, milestone: Milestone, accept: bool, note: str = "",
                     now: dt.datetime | None = None) -> Milestone:
    milestone = Milestone.objects.select_for_update().select_related("award__call").get(pk=milestone.pk)
    if not permissions.can_accept_milestone(user, milestone.award):
        raise PermissionDenied(_("The programme office or the owning unit accepts deliverables."))
    if not accept and not (note or "").strip() and milestone.status == MilestoneStatus.DELIVERED:
        raise ValidationError({"note": _("Say why the deliverable is rejected.")})
    return MILESTONES.take(milestone, "accept" if accept else "reject", user=user,
                           reason=(note or "").strip()[:5_000], now=_now(now), locked=True)

