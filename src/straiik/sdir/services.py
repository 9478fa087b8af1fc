"""Writes in SDIR. Each service checks permission, validates (ValidationError naming the field), saves and
records the change (and the workflow event) in one transaction; mail goes out after commit, as a background
task. The workflow is declared in workflow.py and enforced in `transition`. Every service that depends on the
clock takes `now` (default: the server's time), so deadlines are decided by the server, to the second."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import heapq
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from straiik.accounts.models import User
from straiik.core.audit import record_change
from straiik.core.concurrency import check_version
from straiik.core.exercises import check_may_mark
from straiik.core.forms import MARKING_FIELDS
from straiik.core.markings import check_marking_choice
from straiik.core.models import ObjectChange
from straiik.engines import sdir as engine
from straiik.notifications.services import Notice, absolute, notify, notify_many
from straiik.registry.models import COMPANY_KINDS, Organisation
from straiik.registry.taxonomies import Area, country_codes
from straiik.registry.verification import SUBMIT_PROPOSAL, require_verified
from straiik.sdir import files, permissions
from straiik.sdir.models import (
    PHASE_MONTHS,
    Assignment,
    AssignmentState,
    Attachment,
    Award,
    AwardStatus,
    Call,
    CallEvent,
    Decision,
    Milestone,
    MilestoneStatus,
    Outcome,
    Phase,
    Proposal,
    ProposalState,
    Scheme,
    Score,
    Transition,
)
from straiik.sdir.workflow import AFTER_DECISION, SYSTEM, TRANSITIONS, State

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOTIFY_DAYS, AWARD_DAYS = 90, 180
CALL_FIELDS = ("title", "problem", "area", "owning_unit", "phase", "follows", "only_previous_winners", "budget_eur",
               "max_award_eur", "duration_months", "opens_at", "closes_at", "decision_due_at", "award_due_at",
               "allowed_countries", "max_foreign_ownership_pct", "allowed_control_countries", "sme_only", "scheme",
               "criteria", "quality_threshold", "moderation", "reviewers_per_proposal", "moderator", *MARKING_FIELDS)
PROPOSAL_FIELDS = ("organisation", "title", "summary", "approach", "amount_eur", "duration_months", "trl")
AWARD_FIELDS = ("amount_eur", "start_date", "end_date")
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


# --- helpers ------------------------------------------------------------------------------------------------------

def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The audited fields as JSON values: related records by name, decimals as text, dates in ISO 8601."""
    data: dict[str, Any] = {}
    for name in instance.AUDIT_FIELDS:  # type: ignore[attr-defined]
        field = instance._meta.get_field(name)
        if field.is_relation:
            data[name] = str(getattr(instance, name)) if getattr(instance, field.attname) is not None else None
        else:
            data[name] = _json(getattr(instance, name))
    if isinstance(instance, Call) and instance.pk:
        data["reviewers"] = sorted(instance.reviewers.values_list("username", flat=True))
    return data


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _apply(instance: models.Model, data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), _("unknown field")))
    for name, value in data.items():
        if isinstance(value, float) and isinstance(instance._meta.get_field(name), models.DecimalField):
            value = Decimal(str(value))
        setattr(instance, name, value)


def _full_clean(instance: models.Model, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude), validate_unique=False)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value, AMSTERDAM)


# --- calls --------------------------------------------------------------------------------------------------------

def scheme_defaults(scheme: str) -> dict[str, Any]:
    preset = engine.SCHEMES.get(scheme)
    if preset is None:
        return {}
    return {"criteria": [c.as_dict() for c in preset["criteria"]], "moderation": preset["moderation"],
            "quality_threshold": Decimal(str(preset["quality_threshold"]))}


def _check_call(call: Call, reviewers: list[Any] | None) -> None:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    call.title = (call.title or "").strip()
    call.problem = (call.problem or "").strip()
    if not call.title:
        add("title", _("Give the topic."))
    if not call.problem:
        add("problem", _("Describe the problem the armed forces want solved."))
    if call.area not in Area.values:
        add("area", _("Choose a priority area."))
    if call.owning_unit_id is not None and call.owning_unit.kind not in permissions.BUYING_KINDS:
        add("owning_unit", _("A call is owned by a defence unit or a government body."))
    if call.opens_at and call.closes_at and call.opens_at >= call.closes_at:
        add("closes_at", _("The call must close after it opens."))
    for name in ("decision_due_at", "award_due_at"):
        value = getattr(call, name)
        if value and call.closes_at and value <= call.closes_at:
            add(name, _("Must be after the call closes."))
    if call.budget_eur is not None and call.budget_eur <= 0:
        add("budget_eur", _("The phase budget must be above zero."))
    if call.max_award_eur is not None and call.budget_eur is not None and call.max_award_eur > call.budget_eur:
        add("max_award_eur", _("The maximum award cannot exceed the phase budget."))
    if call.max_award_eur is not None and call.max_award_eur <= 0:
        add("max_award_eur", _("The maximum award must be above zero."))
    # A panel that cannot give every proposal its reviewers: refused when the panel is known (a draft may name
    # its reviewers later; the review cannot start without them).
    panel_size = len(reviewers) if reviewers is not None else (call.reviewers.count() if call.pk else 0)
    if panel_size and call.reviewers_per_proposal and call.reviewers_per_proposal > panel_size:
        add("reviewers_per_proposal", ngettext(
            "The panel holds %(n)s reviewer: at most %(n)s per proposal.",
            "The panel holds %(n)s reviewers: at most %(n)s per proposal.", panel_size) % {"n": panel_size})
    codes = country_codes()
    for name in ("allowed_countries", "allowed_control_countries"):
        value = getattr(call, name)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            add(name, _("A list of ISO 3166 country codes."))
            continue
        value = [v.strip().upper() for v in value if v.strip()]
        setattr(call, name, list(dict.fromkeys(value)))
        unknown = [v for v in value if v not in codes]
        if unknown:
            add(name, _("Not ISO 3166 country codes: %(c)s.") % {"c": ", ".join(unknown)})
    if not isinstance(call.criteria, list) or not all(isinstance(c, dict) for c in call.criteria):
        add("criteria", _("A list of criteria."))
    else:
        try:
            criteria = engine.criteria_from_dicts(call.criteria)
        except (KeyError, TypeError, ValueError):
            add("criteria", _("Each criterion needs a key, a label, a weight and a maximum score."))
        else:
            for problem in engine.check_criteria(criteria):
                add("criteria", problem)
            call.criteria = [c.as_dict() for c in criteria]
    if call.phase == Phase.PROTOTYPE and call.follows_id is not None and call.follows.phase != Phase.FEASIBILITY:
        add("follows", _("A phase-2 call follows a phase-1 call."))
    if call.phase == Phase.FEASIBILITY and call.follows_id is not None:
        add("follows", _("A phase-1 call starts a chain; it follows no other call."))
    if call.only_previous_winners and call.follows_id is None:
        add("only_previous_winners", _("Say which phase-1 call's winners may apply."))
    if call.moderator_id is not None and not permissions.may_review(call.moderator):
        add("moderator", _("The moderator must be a reviewer or in the programme office."))
    if reviewers is not None:
        wrong = [r.get_username() for r in reviewers if not permissions.may_review(r)]
        if wrong:
            add("reviewers", _("Not reviewers: %(u)s.") % {"u": ", ".join(wrong)})
    if errors:
        raise ValidationError(errors)


def _check_owner(user: Any, call: Call) -> None:
    if permissions.is_staff_of_platform(user):
        return
    from straiik.registry.permissions import member_of

    if call.owning_unit_id not in member_of(user):
        raise PermissionDenied(_("A defence buyer drafts calls only for a unit they belong to."))


@transaction.atomic
def call_create(*, user: Any, data: dict[str, Any], reviewers: Iterable[Any] | None = None, need: Any = None,
                now: dt.datetime | None = None, is_exercise: bool = False) -> Call:
    """Draft a call. Criteria, moderation and threshold come from the chosen scheme unless given. A call made
    from a Defport need hands that need to SDIR (the Defport workflow records it)."""
    if not permissions.can_create_call(user):
        raise PermissionDenied(_("Calls are drafted by the programme office and defence buyers."))
    data = dict(data)
    scheme = data.get("scheme", Scheme.DASA)
    for name, value in scheme_defaults(scheme).items():
        data.setdefault(name, value)
    phase = data.get("phase", Phase.FEASIBILITY)
    data.setdefault("duration_months", PHASE_MONTHS.get(phase, 6))
    check_may_mark(user, is_exercise)
    check_marking_choice(user, {k: v for k, v in data.items() if k in MARKING_FIELDS})
    call = Call(created_by=user, is_exercise=is_exercise)
    _apply(call, data, CALL_FIELDS)
    if call.closes_at:
        call.decision_due_at = call.decision_due_at or call.closes_at + dt.timedelta(days=NOTIFY_DAYS)
        call.award_due_at = call.award_due_at or call.closes_at + dt.timedelta(days=AWARD_DAYS)
    panel = list(reviewers or [])
    _check_call(call, panel)
    _full_clean(call, exclude=["created_by", "reference", "need"])
    _check_owner(user, call)
    if need is not None:
        _hand_need(user, need, call)
        call.need = need
    call.save()
    call.reference = f"SDIR-{local(call.created_at).year}-{call.pk:04d}"
    call.save(update_fields=["reference"])
    call.reviewers.set(panel)
    CallEvent.objects.create(call=call, action="create", to_state=State.DRAFT, by=user, at=_now(now))
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=call, before=None, after=snapshot(call))
    return call


def _hand_need(user: Any, need: Any, call: Call) -> None:
    from straiik.defport import services as defport
    from straiik.defport.workflow import State as NeedState

    if need.kind != "need":
        raise ValidationError({"need": _("A call is made from an operational need, not from another kind of "
                                         "submission.")})
    if need.state != NeedState.HANDED_TO_SDIR:
        defport.transition(user=user, submission=need, action="hand_to_sdir",
                           reason=_("Taken up in the SDIR call “%(t)s”.") % {"t": call.title})


@transaction.atomic
def call_update(*, user: Any, call: Call, data: dict[str, Any], reviewers: Iterable[Any] | None = None,
                now: dt.datetime | None = None, expected_version: str | list[str] | None = None) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    check_version(call, expected_version)  # before _sync, which may save a phase change of its own
    _sync(call, _now(now))
    if not permissions.can_edit_call(user, call):
        raise PermissionDenied(_("A draft is changed by its owner or the programme office; a published call by the "
                                 "office, until it opens; after that, nobody."))
    before = snapshot(call)
    check_marking_choice(user, {k: v for k, v in data.items() if k in MARKING_FIELDS and getattr(call, k) != v})
    if "scheme" in data and data["scheme"] != call.scheme and "criteria" not in data:
        data = {**scheme_defaults(data["scheme"]), **data}
    _apply(call, data, CALL_FIELDS)
    panel = list(reviewers) if reviewers is not None else None
    _check_call(call, panel)
    _full_clean(call, exclude=["created_by", "need"])
    _check_owner(user, call)
    if call.state == State.PUBLISHED and call.closes_at <= _now(now):
        raise ValidationError({"closes_at": _("The closing time has to stay in the future.")})
    call.save()
    if panel is not None:
        call.reviewers.set(panel)
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=call, before=before, after=snapshot(call))
    return call


def _event(call: Call, action: str, previous: str, target: str, *, by: Any, at: dt.datetime, reason: str = "",
           before: dict[str, Any]) -> None:
    CallEvent.objects.create(call=call, action=action, from_state=previous, to_state=target, reason=reason, by=by,
                             at=at)
    record_change(user=by, action=ObjectChange.Action.UPDATE, instance=call, before=before, after=snapshot(call))


def _sync(call: Call, now: dt.datetime) -> Call:
    """Take the date-driven transitions that are due (open, close), each recorded at the second it fell due.
    `call` must be locked (select_for_update) by the caller."""
    for action, when in (("open", call.opens_at), ("close", call.closes_at)):
        step = TRANSITIONS[action]
        if call.state in step.sources and now >= when:
            before = snapshot(call)
            previous, call.state = call.state, step.target
            call.save(update_fields=["state", "updated_at"])
            # published after its opening time: it opened when it was published
            at = max(when, call.published_at) if call.published_at else when
            _event(call, action, previous, step.target, by=None, at=at, before=before)
    return call


@transaction.atomic
def call_sync(*, call: Call, now: dt.datetime | None = None) -> Call:
    return _sync(Call.objects.select_for_update().get(pk=call.pk), _now(now))


def sync_due(now: dt.datetime | None = None) -> int:
    """Open and close every call whose dates have passed (run by the background tick and on reads)."""
    now = _now(now)
    due = Call.objects.filter(Q(state=State.PUBLISHED, opens_at__lte=now) | Q(state=State.OPEN, closes_at__lte=now))
    count = 0
    for call in due:
        call_sync(call=call, now=now)
        count += 1
    return count


@transaction.atomic
def transition(*, user: Any, call: Call, action: str, reason: str = "", now: dt.datetime | None = None) -> Call:
    """Move a call through its workflow, if the declared transitions allow it for this user."""
    step = TRANSITIONS.get(action)
    if step is None:
        raise ValidationError({"action": _("Unknown action “%(a)s”.") % {"a": action}})
    now = _now(now)
    call = Call.objects.select_for_update().get(pk=call.pk)
    _sync(call, now)
    if SYSTEM in step.actors:
        raise PermissionDenied(_("“%(s)s” follows the call's dates; nobody takes it by hand.") % {"s": step.label})
    if not step.actors & permissions.actors(user, call):
        raise PermissionDenied(_("You may not take the step “%(s)s”.") % {"s": step.label})
    if call.state not in step.sources:
        raise ValidationError(_("“%(s)s” is not possible while the call is “%(state)s”.") % {
            "s": step.label, "state": call.get_state_display()})
    reason = (reason or "").strip()
    if step.needs_reason and not reason:
        raise ValidationError({"reason": _("Give a reason for “%(s)s”.") % {"s": step.label}})
    if len(reason) > 5_000:
        raise ValidationError({"reason": _("At most 5,000 characters.")})
    before = snapshot(call)
    previous = call.state
    hook = _HOOKS.get(action)
    if hook is not None:
        hook(user, call, now, reason)
    call.state = step.target
    call.save()
    _event(call, action, previous, step.target, by=user, at=now, reason=reason, before=before)
    # A published call whose opening time has passed opens at once (and closes, if that has passed too).
    _sync(call, now)
    return call


def _on_publish(user: Any, call: Call, now: dt.datetime, reason: str) -> None:
    if call.closes_at <= now:
        raise ValidationError({"closes_at": _("The closing time has passed; move it before publishing.")})
    call.published_at = now


def _on_start_review(user: Any, call: Call, now: dt.datetime, reason: str) -> None:
    panel = list(call.reviewers.all())
    if not panel:
        raise ValidationError({"reviewers": _("Put reviewers on the panel first.")})
    call.review_started_at = now
    assign_reviewers(call, panel)
    reviewers = {a.reviewer for a in Assignment.objects.filter(proposal__call=call).select_related("reviewer")}
    notify(reviewers, kind="sdir.review", url=_url("sdir:review_queue"), target=call, compose=lambda: (
        _("Proposals to review: %(c)s") % {"c": call.reference},
        _("Proposals of the call “%(t)s” are waiting for you. Declare any conflict of interest before you "
          "open one.") % {"t": call.title}))


def _on_decide(user: Any, call: Call, now: dt.datetime, reason: str) -> None:
    decide(user=user, call=call, now=now)
    call.decided_at = now
    call.notified_at = now


def _on_award(user: Any, call: Call, now: dt.datetime, reason: str) -> None:
    create_awards(user=user, call=call, now=now)
    call.awarded_at = now


def _on_complete(user: Any, call: Call, now: dt.datetime, reason: str) -> None:
    active = call.awards.filter(status=AwardStatus.ACTIVE).count()
    if active:
        raise ValidationError(_("%(n)s awards are still active: complete or terminate them first.") % {"n": active})
    call.completed_at = now


def _on_end(user: Any, call: Call, now: dt.datetime, reason: str) -> None:
    call.ended_at = now
    call.end_reason = reason
    if call.state == State.DRAFT or call.state == State.PUBLISHED:
        return
    proposals = list(call.proposals.filter(state=ProposalState.SUBMITTED).select_related("organisation"))
    Proposal.objects.filter(pk__in=[p.pk for p in proposals]).update(outcome=Outcome.CANCELLED,
                                                                      outcome_reason=reason)
    for proposal in proposals:
        notify(applicants(proposal), kind="sdir.cancelled", url=proposal.get_absolute_url(), target=proposal,
               compose=lambda: (_("Call cancelled: %(c)s") % {"c": call.reference},
                                _("The call “%(t)s” was cancelled: %(r)s") % {"t": call.title, "r": reason}))


_HOOKS = {"publish": _on_publish, "start_review": _on_start_review, "decide": _on_decide, "award": _on_award,
          "complete": _on_complete, "withdraw": _on_end, "cancel": _on_end}


# --- proposals ----------------------------------------------------------------------------------------------------

def is_sme(organisation: Organisation) -> bool:
    if organisation.kind in ("sme", "startup"):
        return True
    return organisation.employees is not None and organisation.employees < SME_EMPLOYEES


def _pct(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def eligibility_problems(call: Call, organisation: Organisation) -> list[str]:
    """Why an organisation may not apply to a call (empty when it may)."""
    problems = []
    if organisation.kind not in COMPANY_KINDS and organisation.kind not in ("knowledge", "international"):
        problems.append(_("%(o)s is a %(k)s: companies and knowledge institutions apply to SDIR calls.") % {
            "o": organisation.name, "k": organisation.get_kind_display()})
    if call.allowed_countries and organisation.country not in call.allowed_countries:
        problems.append(_("%(o)s is established in %(c)s; this call is open to organisations from %(a)s.") % {
            "o": organisation.name, "c": organisation.country, "a": ", ".join(call.allowed_countries)})
    if call.max_foreign_ownership_pct is not None:
        if organisation.foreign_ownership_pct is None:
            problems.append(_("Declare %(o)s's foreign ownership in the registry first: this call limits it to "
                              "%(m)s %%.") % {"o": organisation.name, "m": _pct(call.max_foreign_ownership_pct)})
        elif organisation.foreign_ownership_pct > call.max_foreign_ownership_pct:
            problems.append(_("%(o)s is %(p)s %% foreign-owned; this call allows at most %(m)s %%.") % {
                "o": organisation.name, "p": _pct(organisation.foreign_ownership_pct),
                "m": _pct(call.max_foreign_ownership_pct)})
    control = organisation.foreign_control_country
    if control and control != organisation.country and call.allowed_control_countries \
            and control not in call.allowed_control_countries:
        problems.append(_("%(o)s is controlled from %(c)s; this call allows control only from %(a)s.") % {
            "o": organisation.name, "c": control, "a": ", ".join(call.allowed_control_countries)})
    # The call's protection rules and the organisation's foreign-influence disclosure (control along the
    # declared chain, not only the registry's field checked above).
    from straiik.protection.services import eligibility_problems as protection_problems

    problems += protection_problems(call, organisation, allowed_control=call.allowed_control_countries,
                                    skip_registry_control=bool(call.allowed_control_countries))
    if call.sme_only and not is_sme(organisation):
        problems.append(_("This call is for SMEs and start-ups (fewer than %(n)s employees).") % {"n": SME_EMPLOYEES})
    if call.only_previous_winners and not Award.objects.filter(call_id=call.follows_id,
                                                               organisation=organisation).exists():
        problems.append(_("This call is limited to the winners of %(c)s.") % {"c": call.follows})
    return problems


def _check_proposal(proposal: Proposal) -> None:
    errors: dict[str, list[str]] = {}
    proposal.title = (proposal.title or "").strip()
    proposal.summary = (proposal.summary or "").strip()
    proposal.approach = (proposal.approach or "").strip()
    if not proposal.title:
        errors["title"] = [_("Give a title.")]
    if not proposal.summary:
        errors["summary"] = [_("Summarise the proposal.")]
    if not proposal.approach:
        errors["approach"] = [_("Describe the technical approach and the work plan.")]
    call = proposal.call
    if proposal.amount_eur is not None:
        if proposal.amount_eur <= 0:
            errors["amount_eur"] = [_("Ask for an amount above zero.")]
        elif proposal.amount_eur > call.max_award_eur:
            errors["amount_eur"] = [_("At most the maximum award, € %(m)s.") % {"m": f"{call.max_award_eur:,}"}]
    if errors:
        raise ValidationError(errors)


def _deadline(call: Call, now: dt.datetime) -> None:
    if now < call.opens_at:
        raise ValidationError(_("The call opens at %(t)s (Amsterdam time).") % {
            "t": local(call.opens_at).strftime("%d-%m-%Y %H:%M:%S")}, code="not_open")
    if now >= call.closes_at or call.current_state(now) != State.OPEN:
        raise ValidationError(_("The call closed at %(t)s (Amsterdam time); proposals can no longer be changed.") % {
            "t": local(call.closes_at).strftime("%d-%m-%Y %H:%M:%S")}, code="closed")


@transaction.atomic
def proposal_create(*, user: Any, call: Call, data: dict[str, Any], submit: bool = False,
                    now: dt.datetime | None = None) -> Proposal:
    now = _now(now)
    call = _sync(Call.objects.select_for_update().get(pk=call.pk), now)
    organisation = data.get("organisation")
    if organisation is None:
        raise ValidationError({"organisation": _("Say which organisation applies.")})
    if not permissions.applies_for(user, organisation.pk):
        raise PermissionDenied(_("You apply only for an organisation you belong to."))
    _deadline(call, now)
    if submit:
        require_verified(organisation, action=SUBMIT_PROPOSAL)
    problems = eligibility_problems(call, organisation)
    if problems:
        raise ValidationError({"organisation": problems})
    proposal = Proposal(call=call, submitted_by=user)
    _apply(proposal, data, PROPOSAL_FIELDS)
    _check_proposal(proposal)
    _full_clean(proposal, exclude=["call", "submitted_by", "organisation"])
    proposal.save()
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=proposal, before=None,
                  after=snapshot(proposal), related=proposal)
    if submit:
        proposal = proposal_submit(user=user, proposal=proposal, now=now)
    return proposal


def _locked_proposal(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().select_related("call", "organisation").get(pk=proposal.pk)


@transaction.atomic
def proposal_update(*, user: Any, proposal: Proposal, data: dict[str, Any], now: dt.datetime | None = None
                    ) -> Proposal:
    """Change a proposal until the deadline. A submitted proposal stays submitted, with a new receipt."""
    now = _now(now)
    proposal = _locked_proposal(proposal)
    if not permissions.is_applicant(user, proposal):
        raise PermissionDenied(_("Only the applicant's members change a proposal."))
    _deadline(proposal.call, now)
    if proposal.state == ProposalState.WITHDRAWN:
        raise ValidationError(_("This proposal was withdrawn."))
    if "organisation" in data and data["organisation"].pk != proposal.organisation_id:
        raise ValidationError({"organisation": _("The applicant of a proposal cannot change.")})
    data = {k: v for k, v in data.items() if k != "organisation"}
    before = snapshot(proposal)
    _apply(proposal, data, PROPOSAL_FIELDS)
    _check_proposal(proposal)
    _full_clean(proposal, exclude=["call", "submitted_by", "organisation"])
    proposal.save()
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=proposal, before=before,
                  after=snapshot(proposal))
    if proposal.state == ProposalState.SUBMITTED:
        proposal = _issue_receipt(user, proposal, now, resubmitted=True)
    return proposal


def content_hash(proposal: Proposal) -> str:
    """SHA-256 over what was submitted: the text fields and every attachment's own SHA-256."""
    payload = {name: _json(getattr(proposal, name)) for name in ("title", "summary", "approach", "amount_eur",
                                                                 "duration_months", "trl")}
    payload["organisation"] = proposal.organisation_id
    payload["attachments"] = sorted(proposal.attachments.values_list("sha256", flat=True))
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _issue_receipt(user: Any, proposal: Proposal, now: dt.datetime, resubmitted: bool = False) -> Proposal:
    before = snapshot(proposal)
    proposal.content_hash = content_hash(proposal)
    proposal.receipt = f"{proposal.call.reference}-P{proposal.pk:05d}-{proposal.content_hash[:8].upper()}"
    proposal.submitted_at = now
    proposal.save(update_fields=["content_hash", "receipt", "submitted_at", "updated_at"])
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=proposal, before=before,
                  after=snapshot(proposal))
    def compose() -> tuple[str, str]:
        subject = _("Receipt %(r)s: %(t)s") % {"r": proposal.receipt, "t": proposal.title}
        body = _("We received the proposal “%(t)s” from %(o)s for the call “%(c)s” at %(at)s (Amsterdam time).\n"
                 "Receipt number: %(r)s\nSHA-256 of the content: %(h)s\n"
                 "You can change or withdraw it until %(close)s.") % {
            "t": proposal.title, "o": proposal.organisation.name, "c": proposal.call.title,
            "at": local(now).strftime("%d-%m-%Y %H:%M:%S"), "r": proposal.receipt, "h": proposal.content_hash,
            "close": local(proposal.call.closes_at).strftime("%d-%m-%Y %H:%M:%S")}
        if resubmitted:
            body = _("Your changes replace the earlier version.") + "\n" + body
        return subject, body

    notify([user], kind="sdir.receipt", url=proposal.get_absolute_url(), target=proposal, compose=compose)
    return proposal


@transaction.atomic
def proposal_submit(*, user: Any, proposal: Proposal, now: dt.datetime | None = None) -> Proposal:
    now = _now(now)
    proposal = _locked_proposal(proposal)
    if not permissions.is_applicant(user, proposal):
        raise PermissionDenied(_("Only the applicant's members submit a proposal."))
    _deadline(proposal.call, now)
    if proposal.state == ProposalState.WITHDRAWN:
        raise ValidationError(_("This proposal was withdrawn."))
    require_verified(proposal.organisation, action=SUBMIT_PROPOSAL)
    problems = eligibility_problems(proposal.call, proposal.organisation)
    if problems:
        raise ValidationError({"organisation": problems})
    before = snapshot(proposal)
    proposal.state = ProposalState.SUBMITTED
    proposal.save(update_fields=["state", "updated_at"])
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=proposal, before=before,
                  after=snapshot(proposal))
    return _issue_receipt(user, proposal, now)


@transaction.atomic
def proposal_withdraw(*, user: Any, proposal: Proposal, reason: str = "", now: dt.datetime | None = None
                      ) -> Proposal:
    """The applicant takes a proposal back, at any time before the decision."""
    now = _now(now)
    proposal = _locked_proposal(proposal)
    if not permissions.is_applicant(user, proposal):
        raise PermissionDenied(_("Only the applicant's members withdraw a proposal."))
    state = _sync(Call.objects.select_for_update().get(pk=proposal.call_id), now).state
    if state not in (State.OPEN, State.CLOSED, State.IN_REVIEW):
        raise ValidationError(_("A proposal can be withdrawn until the decision."))
    if proposal.state == ProposalState.WITHDRAWN:
        raise ValidationError(_("This proposal was already withdrawn."))
    before = snapshot(proposal)
    proposal.state = ProposalState.WITHDRAWN
    proposal.withdrawn_at = now
    proposal.outcome_reason = (reason or "").strip()[:5_000]
    proposal.save()
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=proposal, before=before,
                  after=snapshot(proposal))
    notify([user], kind="sdir.withdrawn", url=proposal.get_absolute_url(), target=proposal, compose=lambda: (
        _("Withdrawn: %(t)s") % {"t": proposal.title},
        _("The proposal “%(t)s” was withdrawn at %(at)s (Amsterdam time).") % {
            "t": proposal.title, "at": local(now).strftime("%d-%m-%Y %H:%M:%S")}))
    return proposal


@transaction.atomic
def attachment_add(*, user: Any, proposal: Proposal, name: str, stream: Any, size: int | None = None,
                   now: dt.datetime | None = None) -> Attachment:
    now = _now(now)
    proposal = _locked_proposal(proposal)
    if not permissions.is_applicant(user, proposal):
        raise PermissionDenied(_("Only the applicant's members add attachments."))
    _deadline(proposal.call, now)
    if proposal.state == ProposalState.WITHDRAWN:
        raise ValidationError(_("This proposal was withdrawn."))
    if proposal.attachments.count() >= files.MAX_FILES:
        raise ValidationError({"file": _("At most %(n)s attachments per proposal.") % {"n": files.MAX_FILES}})
    checked = files.check(name, stream, size)
    stored = files.store(checked)
    try:
        attachment = Attachment.objects.create(proposal=proposal, name=checked.name, stored_name=stored,
                                               kind=checked.kind, size=len(checked.content), sha256=checked.sha256,
                                               uploaded_by=user, uploaded_at=now)
    except Exception:
        files.delete_stored(stored)
        raise
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=attachment, before=None,
                  after=snapshot(attachment), related=proposal)
    if proposal.state == ProposalState.SUBMITTED:
        _issue_receipt(user, proposal, now, resubmitted=True)
    return attachment


@transaction.atomic
def attachment_delete(*, user: Any, attachment: Attachment, now: dt.datetime | None = None) -> None:
    now = _now(now)
    proposal = _locked_proposal(attachment.proposal)
    if not permissions.is_applicant(user, proposal):
        raise PermissionDenied(_("Only the applicant's members remove attachments."))
    _deadline(proposal.call, now)
    before = snapshot(attachment)
    stored = attachment.stored_name
    record_change(user=user, action=ObjectChange.Action.DELETE, instance=attachment, before=before, after=None,
                  related=proposal)
    attachment.delete()
    transaction.on_commit(lambda: files.delete_stored(stored))
    if proposal.state == ProposalState.SUBMITTED:
        _issue_receipt(user, proposal, now, resubmitted=True)


# --- review -------------------------------------------------------------------------------------------------------

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
        taken, skipped = [], []
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
def declare_interest(*, user: Any, assignment: Assignment, conflict: bool, statement: str = "",
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
        office = User.objects.filter(groups__name__in=["programme-office"]).distinct()
        notify(office, kind="sdir.coi", url=reverse_moderation(call), target=proposal, compose=lambda: (
            _("No reviewer left for %(p)s") % {"p": proposal},
            _("A reviewer declared a conflict of interest on “%(t)s” and nobody else on the panel is free "
              "of it. Add a reviewer to the panel and start the review again to assign one.") % {
                "t": proposal.title}))
        return None
    new = Assignment.objects.create(proposal=proposal, reviewer=replacement)
    record_change(user=None, action=ObjectChange.Action.CREATE, instance=new, before=None, after=snapshot(new),
                  related=proposal)
    notify([replacement], kind="sdir.review", url=new.get_absolute_url(), target=new, compose=lambda: (
        _("One more proposal to review: %(c)s") % {"c": call.reference},
        _("Please review “%(t)s” in place of a colleague who declared a conflict of interest.") % {
            "t": proposal.title}))
    return new


def reverse_moderation(call: Call) -> str:
    return _url("sdir:moderation", call.pk)


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


@transaction.atomic
def scores_save(*, user: Any, assignment: Assignment, scores: dict[str, tuple[Any, str]], submit: bool = True,
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


def reviewer_sheets(proposal: Proposal) -> list[dict[str, float]]:
    sheets: dict[int, dict[str, float]] = {}
    for assignment_id, key, value in Score.objects.filter(
            assignment__proposal=proposal, assignment__state=AssignmentState.SUBMITTED).values_list(
            "assignment_id", "criterion", "value"):
        sheets.setdefault(assignment_id, {})[key] = float(value)
    return list(sheets.values())


@transaction.atomic
def consensus_set(*, user: Any, proposal: Proposal, values: dict[str, Any], comment: str = "",
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
def consensus_from_means(*, user: Any, call: Call, now: dt.datetime | None = None) -> int:
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


# --- decision -----------------------------------------------------------------------------------------------------

def candidates_for(call: Call) -> tuple[list[engine.Ranked], list[engine.Candidate], dict[int, Proposal]]:
    """The ranking and the selection's candidates, from the proposals' consensus."""
    criteria = call.criteria_list()
    proposals = {p.pk: p for p in call.proposals.filter(state=ProposalState.SUBMITTED).select_related(
        "organisation")}
    threshold = float(call.quality_threshold)
    items, candidates = [], []
    for p in proposals.values():
        if p.consensus_total is None:
            continue
        total = float(p.consensus_total)
        failed = engine.below_thresholds(p.consensus, criteria)
        fundable = total >= threshold and not failed
        items.append(engine.RankInput(p.pk, total, p.amount_eur, p.submitted_at.timestamp(), fundable))
        candidates.append(engine.Candidate(p.pk, total, p.amount_eur, fundable,
                                           "" if fundable else "below_threshold"))
    return engine.rank(items), candidates, proposals


def decide(*, user: Any, call: Call, now: dt.datetime) -> Decision:
    """Rank on the consensus, select within the budget, tell every applicant (called by `transition`). The outcomes
    are written in bulk, each with its audit record, so a call with thousands of proposals decides in seconds."""
    from django.contrib.contenttypes.models import ContentType

    from straiik.registry.models import Membership

    missing = call.proposals.filter(state=ProposalState.SUBMITTED, consensus_total__isnull=True).count()
    if missing:
        raise ValidationError(_("%(n)s proposals have no consensus yet.") % {"n": missing})
    ranking, candidates, proposals = candidates_for(call)
    selection = engine.select(candidates, call.budget_eur, max_award=call.max_award_eur,
                              rank_order=[r.id for r in ranking])
    decision = Decision.objects.create(call=call, decided_by=user, decided_at=now, budget_eur=call.budget_eur,
                                       method=selection.method, selection=selection.as_dict(),
                                       ranking=[{"id": r.id, "rank": r.rank, "score": r.score, "amount": r.amount,
                                                 "fundable": r.fundable, "tied": r.tied} for r in ranking])
    # The outcome sentences are written in the decider's language: the presets' labels too.
    criteria = call.criteria_shown()
    members: dict[int, set[Any]] = {}
    for m in Membership.objects.filter(organisation_id__in={p.organisation_id for p in proposals.values()}
                                       ).select_related("user"):
        members.setdefault(m.organisation_id, set()).add(m.user)
    content_type = ContentType.objects.get_for_model(Proposal)
    changes, told = [], []
    for r in ranking:
        p = proposals[r.id]
        why = selection.explanations[r.id]
        before = snapshot(p)
        p.rank = r.rank
        p.outcome = Outcome.SELECTED if why.selected else (
            Outcome.NOT_FUNDABLE if why.code == "below_threshold" else Outcome.NOT_SELECTED)
        p.outcome_reason = explain(why, proposals, criteria, p, float(call.quality_threshold))
        p.updated_at = now
        changes.append(ObjectChange(user=user, user_name=user.get_username(), action=ObjectChange.Action.UPDATE,
                                    changed_object_type=content_type, changed_object_id=p.pk,
                                    related_object_type=content_type, related_object_id=p.pk,
                                    object_repr=str(p)[:200], prechange_data=before, postchange_data=snapshot(p)))
        told.append((p, members.get(p.organisation_id, set()) | {p.submitted_by}))
    Proposal.objects.bulk_update(list(proposals.values()), ["rank", "outcome", "outcome_reason", "updated_at"],
                                 batch_size=500)
    ObjectChange.objects.bulk_create(changes, batch_size=1000)
    # The applicant's members and the proposal's submitter are who the letter is for: no check per person.
    notify_many("sdir.decision", [Notice(people, url=p.get_absolute_url(), target=p, compose=lambda p=p: (
        _("Decision on your proposal %(r)s") % {"r": p.receipt},
        _("%(outcome)s\n\n%(why)s\n\nYour feedback letter: %(url)s") % {
            "outcome": Outcome(p.outcome).label, "why": p.outcome_reason,
            "url": absolute(_url("sdir:letter", p.pk))})) for p, people in told], check=False)
    return decision


def _grouped(value: float) -> str:
    from django.utils.formats import number_format

    return number_format(round(value), 0, force_grouping=True)


def explain(why: engine.Explanation, proposals: dict[int, Proposal], criteria: list[Any], proposal: Proposal,
            threshold: float) -> str:
    """The sentence an applicant reads about the selection."""
    d = why.detail
    if why.code == "selected":
        return _("Ranked %(r)s; selected within the phase budget.") % {"r": d.get("rank")}
    if why.code == "below_threshold":
        failed = [c.label for c in criteria if float(proposal.consensus.get(c.key, 0)) < c.threshold]
        if failed:
            return _("Below the pass mark on: %(c)s.") % {"c": ", ".join(failed)}
        return _("The total %(t)s is below the lowest fundable total, %(m)s.") % {
            "t": proposal.consensus_total, "m": threshold}
    if why.code == "over_max_award":
        return _("Asks more than the maximum award.")
    if why.code == "displaced" and "loss" in d:
        names = ", ".join(str(proposals[i].title) for i in d.get("would_drop", []))
        return _("Ranked %(r)s. Funding it (€ %(c)s) would have meant dropping %(n)s from the selection and "
                 "lowering the total score of the funded proposals by %(l)s points.") % {
            "r": d.get("rank"), "c": _grouped(d["cost"]), "n": names or "—", "l": d["loss"]}
    if why.code == "does_not_fit":
        return _("Ranked %(r)s. It asks € %(c)s; € %(left)s of the budget was left after the higher-value "
                 "selection.") % {"r": d.get("rank"), "c": _grouped(d.get("cost", 0)),
                                  "left": _grouped(d.get("left", 0))}
    return _("Ranked %(r)s; not selected.") % {"r": d.get("rank")}


def applicants(proposal: Proposal) -> list[Any]:
    from straiik.registry.models import Membership

    users = {m.user for m in Membership.objects.filter(organisation_id=proposal.organisation_id).select_related(
        "user")}
    users.add(proposal.submitted_by)
    return sorted(users, key=lambda u: u.pk)


# --- awards -------------------------------------------------------------------------------------------------------

def create_awards(*, user: Any, call: Call, now: dt.datetime) -> list[Award]:
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
        for i, (title, deliverable, at, share) in enumerate(plan):
            amount = p.amount_eur - paid if i == len(plan) - 1 else round(p.amount_eur * share)
            paid += amount
            due = today + dt.timedelta(days=round((end - today).days * at))
            Milestone.objects.create(award=award, title=title, deliverable=deliverable, due_date=due,
                                     amount_eur=amount)
        record_change(user=user, action=ObjectChange.Action.CREATE, instance=award, before=None,
                      after=snapshot(award))
        notify(applicants(p), kind="sdir.award", url=award.get_absolute_url(), target=award,
               compose=lambda award=award, p=p: (
                   _("Contract awarded: %(r)s") % {"r": award.reference},
                   _("%(o)s is awarded € %(a)s for “%(t)s”. The milestones and deliverables are on the award "
                     "page.") % {"o": p.organisation.name, "a": f"{award.amount_eur:,}", "t": p.title}))
        awards.append(award)
    return awards


def _locked_award(award: Award) -> Award:
    return Award.objects.select_for_update().select_related("call", "organisation").get(pk=award.pk)


@transaction.atomic
def award_update(*, user: Any, award: Award, data: dict[str, Any]) -> Award:
    award = _locked_award(award)
    if not permissions.can_manage_award(user, award):
        raise PermissionDenied(_("Awards are managed by the programme office."))
    before = snapshot(award)
    _apply(award, data, AWARD_FIELDS)
    if award.start_date and award.end_date and award.end_date < award.start_date:
        raise ValidationError({"end_date": _("The end comes after the start.")})
    _full_clean(award, exclude=["proposal", "call", "organisation"])
    award.save()
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=award, before=before, after=snapshot(award))
    return award


@transaction.atomic
def award_close(*, user: Any, award: Award, status: str, note: str = "") -> Award:
    award = _locked_award(award)
    if not permissions.can_manage_award(user, award):
        raise PermissionDenied(_("Awards are managed by the programme office."))
    if status not in (AwardStatus.COMPLETED, AwardStatus.TERMINATED):
        raise ValidationError({"status": _("Completed or terminated.")})
    if award.status != AwardStatus.ACTIVE:
        raise ValidationError(_("This award is already closed."))
    if status == AwardStatus.COMPLETED and award.milestones.exclude(status=MilestoneStatus.ACCEPTED).exists():
        raise ValidationError({"status": _("Every milestone must be accepted before the award is completed.")})
    before = snapshot(award)
    award.status = status
    if note:
        award.transition_note = (award.transition_note + "\n" + note).strip()[:5_000]
    award.save()
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=award, before=before, after=snapshot(award))
    return award


@transaction.atomic
def transition_record(*, user: Any, award: Award, transition: str, note: str = "", follow_on_reference: str = "",
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
def milestone_add(*, user: Any, award: Award, data: dict[str, Any]) -> Milestone:
    award = _locked_award(award)
    if not permissions.can_manage_award(user, award):
        raise PermissionDenied(_("Milestones are planned by the programme office."))
    milestone = Milestone(award=award)
    _apply(milestone, data, MILESTONE_FIELDS)
    _full_clean(milestone, exclude=["award"])
    milestone.save()
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=milestone, before=None,
                  after=snapshot(milestone), related=award)
    return milestone


@transaction.atomic
def milestone_report(*, user: Any, milestone: Milestone, note: str = "", now: dt.datetime | None = None) -> Milestone:
    milestone = Milestone.objects.select_for_update().select_related("award__call").get(pk=milestone.pk)
    if not permissions.can_report_milestone(user, milestone.award):
        raise PermissionDenied(_("The awardee reports a milestone as delivered."))
    if milestone.status not in (MilestoneStatus.PLANNED, MilestoneStatus.REJECTED):
        raise ValidationError(_("This milestone is already delivered."))
    before = snapshot(milestone)
    milestone.status = MilestoneStatus.DELIVERED
    milestone.delivered_at = _now(now)
    milestone.note = (note or "").strip()[:5_000]
    milestone.save()
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=milestone, before=before,
                  after=snapshot(milestone), related=milestone.award)
    return milestone


@transaction.atomic
def milestone_review(*, user: Any, milestone: Milestone, accept: bool, note: str = "",
                     now: dt.datetime | None = None) -> Milestone:
    milestone = Milestone.objects.select_for_update().select_related("award__call").get(pk=milestone.pk)
    if not permissions.can_accept_milestone(user, milestone.award):
        raise PermissionDenied(_("The programme office or the owning unit accepts deliverables."))
    if milestone.status != MilestoneStatus.DELIVERED:
        raise ValidationError(_("Only a delivered milestone is accepted or rejected."))
    if not accept and not (note or "").strip():
        raise ValidationError({"note": _("Say why the deliverable is rejected.")})
    before = snapshot(milestone)
    milestone.status = MilestoneStatus.ACCEPTED if accept else MilestoneStatus.REJECTED
    milestone.accepted_at = _now(now) if accept else None
    if note:
        milestone.note = (note or "").strip()[:5_000]
    milestone.save()
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=milestone, before=before,
                  after=snapshot(milestone), related=milestone.award)
    return milestone


def is_decided(call: Call) -> bool:
    return call.state in AFTER_DECISION
