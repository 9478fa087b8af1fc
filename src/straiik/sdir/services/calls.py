"""Calls: drafting, editing, and the call's workflow (declared in `sdir/workflow.py`, enforced in `transition`).
The date-driven steps (open, close) are taken by `_sync` at the second they fall due, on every write and by the
background tick (`sync_due`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from straiik.core.audit import apply_fields, record_change
from straiik.core.concurrency import check_version
from straiik.core.exercises import check_may_mark
from straiik.core.forms import MARKING_FIELDS
from straiik.core.markings import check_marking_choice
from straiik.core.models import ObjectChange
from straiik.engines import sdir as engine
from straiik.registry.taxonomies import Area, country_codes
from straiik.sdir import permissions
from straiik.sdir.choices import (
    AWARD_DAYS,
    NOTIFY_DAYS,
    PHASE_MONTHS,
    Phase,
    Scheme,
    State,
)
from straiik.sdir.models import Call, CallEvent
from straiik.sdir.services._common import _full_clean, _now, local, snapshot
from straiik.sdir.workflow import CALLS

if TYPE_CHECKING:
    from straiik.accounts.types import User

CALL_FIELDS = ("title", "problem", "area", "owning_unit", "phase", "follows", "only_previous_winners", "budget_eur",
               "max_award_eur", "duration_months", "opens_at", "closes_at", "decision_due_at", "award_due_at",
               "allowed_countries", "max_foreign_ownership_pct", "allowed_control_countries", "sme_only", "scheme",
               "criteria", "quality_threshold", "moderation", "reviewers_per_proposal", "moderator", *MARKING_FIELDS)


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
    if call.phase == Phase.PROTOTYPE and call.follows is not None and call.follows.phase != Phase.FEASIBILITY:
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


def _check_owner(user: User, call: Call) -> None:
    if permissions.is_staff_of_platform(user):
        return
    from straiik.registry.permissions import member_of

    if call.owning_unit_id not in member_of(user):
        raise PermissionDenied(_("A defence buyer drafts calls only for a unit they belong to."))


@transaction.atomic
def call_create(*, user: User, data: dict[str, Any], reviewers: Iterable[Any] | None = None, need: Any = None,
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
    apply_fields(call, data, fields=CALL_FIELDS)
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


def _hand_need(user: User, need: Any, call: Call) -> None:
    from straiik.defport import services as defport
    from straiik.defport.choices import State as NeedState

    if need.kind != "need":
        raise ValidationError({"need": _("A call is made from an operational need, not from another kind of "
                                         "submission.")})
    if need.state != NeedState.HANDED_TO_SDIR:
        defport.transition(user=user, submission=need, action="hand_to_sdir",
                           reason=_("Taken up in the SDIR call “%(t)s”.") % {"t": call.title})


@transaction.atomic
def call_update(*, user: User, call: Call, data: dict[str, Any], reviewers: Iterable[Any] | None = None,
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
    apply_fields(call, data, fields=CALL_FIELDS)
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


def _sync(call: Call, now: dt.datetime) -> Call:
    """Take the date-driven transitions that are due (open, close), each recorded at the second it fell due.
    `call` must be locked (select_for_update) by the caller; it is changed in place."""
    for action, when in (("open", call.opens_at), ("close", call.closes_at)):
        if call.state in CALLS[action].sources and now >= when:
            # published after its opening time: it opened when it was published
            at = max(when, call.published_at) if call.published_at else when
            CALLS.take(call, action, user=None, as_system=True, locked=True, now=at)
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
def transition(*, user: User | None, call: Call, action: str, reason: str = "", now: dt.datetime | None = None
               ) -> Call:
    """Move a call through its workflow (`workflow.CALLS`), after the steps its dates made due."""
    now = _now(now)
    call = _sync(Call.objects.select_for_update(of=("self",)).get(pk=call.pk), now)
    call = CALLS.take(call, action, user=user, reason=reason, now=now, locked=True)
    # A published call whose opening time has passed opens at once (and closes, if that has passed too).
    return _sync(call, now)
