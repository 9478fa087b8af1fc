"""Writes in the action agenda. Each service checks permission, validates (errors name the field), saves and records
the change, in one transaction; background work is queued after the commit."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from straiik.agenda import links, permissions
from straiik.agenda.choices import ActionStatus, ItemKind
from straiik.agenda.models import (
    Action,
    ActionLink,
    Agenda,
    Ambition,
    IndicatorSnapshot,
    Objective,
    ParliamentaryItem,
    ProgressUpdate,
)
from straiik.agenda.workflow import ACTIONS, AGENDAS
from straiik.core import exercises, taskqueue
from straiik.core import indicators as registry
from straiik.core.audit import apply_fields, record_change, record_created, snapshot
from straiik.core.concurrency import check_version
from straiik.core.forms import MARKING_FIELDS
from straiik.core.models import ObjectChange
from straiik.engines import agenda as engine
from straiik.registry.taxonomies import Area

if TYPE_CHECKING:
    from straiik.accounts.types import User

log = logging.getLogger(__name__)

AGENDA_FIELDS = ("title", "summary")
OBJECTIVE_FIELDS = ("area", "theme", "title", "description", "position")
ACTION_FIELDS = ("objective", "area", "theme", "title", "description", "owner_organisation", "owner_person", "start",
                 "deadline", "indicator_name", "indicator_code", "baseline", "target", "unit", "budget_eur", "status",
                 *MARKING_FIELDS)
PROGRESS_FIELDS = ("reported_on", "status", "progress", "value", "text", "evidence_url")
ITEM_FIELDS = ("kind", "reference", "title", "summary", "date", "status", "status_note")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_SUFFIXES = frozenset({".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".png", ".jpg", ".jpeg",
                               ".txt", ".csv"})
# The agenda's workflow: the transitions, where they start and where they lead (who: permissions.can_manage).


def _day(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _require_manager(user: User) -> None:
    if not permissions.can_manage(user):
        raise PermissionDenied(_("Only the programme office edits the action agenda."))


# --- agendas ------------------------------------------------------------------------------------------------------


@transaction.atomic
def agenda_create(*, user: User, year: int, title: str = "", summary: str = "", copy_previous: bool = True,
                  is_demo: bool = False) -> Agenda:
    """A new year's agenda; last year's ambitions and objectives are copied as the starting point, so this year's
    changes show against them."""
    _require_manager(user)
    if Agenda.objects.filter(year=year).exists():
        raise ValidationError({"year": _("There is already an agenda for %(year)s.") % {"year": year}})
    agenda = Agenda(year=year, title=(title or f"STRAIIK-D {year}").strip(), summary=summary or "",
                    created_by=user, is_demo=is_demo)
    try:
        agenda.full_clean(exclude=["created_by"])
    except ValidationError as error:
        if "year" in getattr(error, "error_dict", {}):
            raise ValidationError({"year": _("The strategy starts in 2025: give a year from 2025 to 2100.")}) from None
        raise
    agenda.save()
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=agenda, before=None, after=snapshot(agenda))
    previous = Agenda.objects.filter(year=year - 1).first() if copy_previous else None
    if previous is not None:
        record_created(user=user, related=agenda, instances=[
            Ambition.objects.create(agenda=agenda, area=ambition.area, text=ambition.text)
            for ambition in previous.ambitions.all()])
        record_created(user=user, related=agenda, instances=[
            Objective.objects.create(agenda=agenda, area=objective.area, theme=objective.theme,
                                     title=objective.title, description=objective.description,
                                     position=objective.position)
            for objective in previous.objectives.all()])
    return agenda


@transaction.atomic
def agenda_update(*, user: User, agenda: Agenda, data: dict[str, Any]) -> Agenda:
    _require_manager(user)
    agenda = Agenda.objects.select_for_update().get(pk=agenda.pk)
    before = snapshot(agenda)
    apply_fields(agenda, data, fields=AGENDA_FIELDS)
    agenda.title = agenda.title.strip() or f"STRAIIK-D {agenda.year}"
    agenda.full_clean(exclude=["created_by"])
    agenda.save()
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=agenda, before=before,
                  after=snapshot(agenda))
    return agenda


def agenda_transition(*, user: User, agenda: Agenda, action: str) -> Agenda:
    """Publish an agenda, or take it back to draft (`workflow.AGENDAS`)."""
    _require_manager(user)
    return AGENDAS.take(agenda, action, user=user)


@transaction.atomic
def ambition_set(*, user: User, agenda: Agenda, area: str, text: str, change_note: str = "") -> Ambition:
    _require_manager(user)
    if area not in Area.values:
        raise ValidationError({"area": _("Unknown priority area “%(a)s”.") % {"a": area}})
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the ambition, or leave the area out.")})
    ambition = Ambition.objects.select_for_update().filter(agenda=agenda, area=area).first()
    before = snapshot(ambition) if ambition else None
    ambition = ambition or Ambition(agenda=agenda, area=area)
    ambition.text, ambition.change_note = text.strip(), (change_note or "").strip()
    ambition.full_clean()
    ambition.save()
    record_change(user=user, action=ObjectChange.Action.UPDATE if before else ObjectChange.Action.CREATE,
                  instance=ambition, before=before, after=snapshot(ambition), related=agenda)
    return ambition


@transaction.atomic
def objective_create(*, user: User, agenda: Agenda, data: dict[str, Any]) -> Objective:
    _require_manager(user)
    objective = Objective(agenda=agenda)
    apply_fields(objective, data, fields=OBJECTIVE_FIELDS)
    if "position" not in data:
        objective.position = (agenda.objectives.aggregate(m=Max("position"))["m"] or 0) + 1
    objective.full_clean()
    objective.save()
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=objective, before=None,
                  after=snapshot(objective), related=agenda)
    return objective


@transaction.atomic
def objective_update(*, user: User, objective: Objective, data: dict[str, Any]) -> Objective:
    _require_manager(user)
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    before = snapshot(objective)
    apply_fields(objective, data, fields=OBJECTIVE_FIELDS)
    objective.full_clean()
    objective.save()
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=objective, before=before,
                  after=snapshot(objective), related=objective.agenda)
    return objective


@transaction.atomic
def objective_delete(*, user: User, objective: Objective) -> None:
    _require_manager(user)
    record_change(user=user, action=ObjectChange.Action.DELETE, instance=objective, before=snapshot(objective),
                  after=None, related=objective.agenda)
    objective.delete()


# --- actions ------------------------------------------------------------------------------------------------------


def _check_action(action: Action, agenda: Agenda) -> None:
    errors: dict[str, str] = {}
    if action.deadline is not None and action.deadline < agenda.first_day:
        errors["deadline"] = _("The deadline %(date)s lies before the agenda year %(year)s.") % {
            "date": _day(action.deadline), "year": agenda.year}
    if action.start is not None and action.deadline is not None and action.start > action.deadline:
        errors["start"] = _("The start %(start)s lies after the deadline %(deadline)s.") % {
            "start": _day(action.start), "deadline": _day(action.deadline)}
    if action.area and action.area not in Area.values:
        errors["area"] = _("Unknown priority area “%(a)s”.") % {"a": action.area}
    if action.objective is not None and action.objective.agenda_id != agenda.pk:
        errors["objective"] = _("The objective belongs to another year's agenda.")
    action.unit = (action.unit or "").strip()
    action.indicator_code = (action.indicator_code or "").strip()
    if action.indicator_code:
        try:
            indicator = registry.get(action.indicator_code)
        except registry.NotComputable as error:
            errors["indicator_code"] = error.message
        else:
            if indicator.area and action.area and indicator.area != action.area:
                errors["indicator_code"] = _("This indicator measures %(measured)s; the action is in %(area)s.") % {
                    "measured": Area(indicator.area).label, "area": Area(action.area).label}
            action.unit = indicator.unit  # computed, not typed: the unit (and the name shown) are the indicator's
            if action.baseline is None:  # last year's value, where the platform has it
                try:
                    value = registry.compute(indicator.code, agenda.year - 1, dt.date(agenda.year - 1, 12, 31)).value
                    action.baseline = Decimal(str(round(value, 4)))
                except registry.NotComputable:
                    pass
    elif not action.unit:
        if action.target is not None:
            errors["unit"] = _("A target needs a unit (per cent, days, contracts, ...).")
        elif action.baseline is not None:
            errors["unit"] = _("A baseline needs a unit (per cent, days, contracts, ...).")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def action_create(*, user: User, agenda: Agenda, data: dict[str, Any]) -> Action:
    _require_manager(user)
    agenda = Agenda.objects.select_for_update().get(pk=agenda.pk)
    action = Action(agenda=agenda, created_by=user)
    apply_fields(action, data, fields=ACTION_FIELDS)
    _check_action(action, agenda)
    action.number = (agenda.actions.aggregate(m=Max("number"))["m"] or 0) + 1
    if action.status == ActionStatus.DONE:
        action.progress = 100
    action.full_clean(exclude=["agenda", "created_by"])
    action.save()
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=action, before=None,
                  after=snapshot(action))
    return action


@transaction.atomic
def action_update(*, user: User, action: Action, data: dict[str, Any],
                  expected_version: str | list[str] | None = None) -> Action:
    _require_manager(user)
    action = Action.objects.select_for_update().select_related("agenda").get(pk=action.pk)
    check_version(action, expected_version)
    status = data.get("status", action.status)
    if status != action.status:  # a change of status is a declared step (workflow.ACTIONS), in this edit's record
        ACTIONS.check(action, ACTIONS.step_to(action, status), user=user)
    before = snapshot(action)
    apply_fields(action, data, fields=ACTION_FIELDS)
    _check_action(action, action.agenda)
    if action.status == ActionStatus.DONE:
        action.progress = 100
    action.full_clean(exclude=["agenda", "created_by"])
    action.save()
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=action, before=before,
                  after=snapshot(action))
    return action


@transaction.atomic
def action_delete(*, user: User, action: Action) -> None:
    _require_manager(user)
    if action.updates.exists():
        raise ValidationError(_("Progress was reported on this action: cancel it instead of deleting it."))
    record_change(user=user, action=ObjectChange.Action.DELETE, instance=action, before=snapshot(action),
                  after=None, related=action.agenda)
    action.delete()


def _check_evidence(upload: UploadedFile) -> str:
    name = get_valid_filename(PurePath(upload.name or "evidence").name)[:200]
    if PurePath(name).suffix.lower() not in EVIDENCE_SUFFIXES:
        raise ValidationError({"evidence_file": _("Evidence is a document or picture: %(kinds)s.") % {
            "kinds": ", ".join(sorted(EVIDENCE_SUFFIXES))}})
    if upload.size is not None and upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError({"evidence_file": _("The file is larger than %(mb)s MB.") % {
            "mb": EVIDENCE_MAX_BYTES // (1024 * 1024)}})
    return name


@transaction.atomic
def progress_post(*, user: User, action: Action, data: dict[str, Any],
                  evidence: UploadedFile | None = None) -> ProgressUpdate:
    """Report progress on an action: what happened, with evidence; the action takes the status and progress of its
    latest report (a report dated before an earlier one is kept, but does not turn the clock back)."""
    # of=self: PostgreSQL cannot lock the nullable side of the outer join to the owning organisation
    action = (Action.objects.select_for_update(of=("self",)).select_related("agenda", "owner_organisation")
              .get(pk=action.pk))
    if not permissions.can_report_progress(user, action):
        raise PermissionDenied(_("Only the action's owners and the programme office report progress on it."))
    update = ProgressUpdate(action=action, created_by=user)
    apply_fields(update, {"reported_on": timezone.localdate(), "status": action.status, "progress": action.progress}
                 | {k: v for k, v in data.items() if v is not None or k == "value"}, fields=PROGRESS_FIELDS)
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if update.reported_on > today:
        errors["reported_on"] = _("Progress is reported up to today, not for %(date)s.") % {
            "date": _day(update.reported_on)}
    elif update.reported_on < action.agenda.first_day:
        errors["reported_on"] = _("%(date)s lies before the agenda year %(year)s.") % {
            "date": _day(update.reported_on), "year": action.agenda.year}
    if not (update.text or "").strip():
        errors["text"] = _("Say what happened.")
    if update.value is not None:
        if action.indicator_code:
            errors["value"] = _("This action's indicator is computed by the platform; it is not typed in.")
        elif not action.unit:
            errors["value"] = _("The action has no unit for a measured value: give it an indicator first.")
    if update.status == ActionStatus.DONE:
        update.progress = 100
    if errors:
        raise ValidationError(errors)
    if evidence is not None:
        update.evidence_name = _check_evidence(evidence)
    update.text = update.text.strip()
    update.full_clean(exclude=["action", "created_by", "evidence_file"])
    if evidence is not None:
        update.evidence_file.save(update.evidence_name, evidence, save=False)
    update.save()
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=update, before=None,
                  after=snapshot(update), related=action)
    later = action.updates.filter(reported_on__gt=update.reported_on).exists()
    if not later and update.status != action.status:  # the report moves the action: a declared step
        ACTIONS.take(action, ACTIONS.step_to(action, update.status), user=user, locked=True,
                     progress=update.progress)
    elif not later:
        before = snapshot(action)
        action.status, action.progress = update.status, update.progress
        action.save(update_fields=["status", "progress", "updated_at"])
        record_change(user=user, action=ObjectChange.Action.UPDATE, instance=action, before=before,
                      after=snapshot(action))
    return update


# --- links --------------------------------------------------------------------------------------------------------


@transaction.atomic
def link_add(*, user: User, action: Action, kind: str, target_id: int, url: str = "") -> ActionLink:
    _require_manager(user)
    if not isinstance(target_id, int) or target_id <= 0:
        raise ValidationError({"target_id": _("Give the record's number, e.g. 12.")})
    links.check_target(kind, target_id, url)
    if ActionLink.objects.filter(action=action, kind=kind, target_id=target_id).exists():
        raise ValidationError({"target_id": _("This action is linked to it already.")})
    link = ActionLink(action=action, kind=kind, target_id=target_id, url=(url or "").strip(), created_by=user)
    link.full_clean(exclude=["action", "created_by"])
    link.save()
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=link, before=None, after=snapshot(link),
                  related=action)
    return link


@transaction.atomic
def link_remove(*, user: User, link: ActionLink) -> None:
    _require_manager(user)
    record_change(user=user, action=ObjectChange.Action.DELETE, instance=link, before=snapshot(link), after=None,
                  related=link.action)
    link.delete()


# --- Parliament ---------------------------------------------------------------------------------------------------


def reference_error(error: engine.ReferenceError) -> str:
    example = "Kamerstuk 36 592, nr. 12"
    if error.code == engine.references.EMPTY:
        return _("Give the parliamentary document number, e.g. “%(example)s”.") % {"example": example}
    if error.code == engine.references.BAD_DOSSIER:
        return _("“%(text)s”: a dossier number has five digits, e.g. “%(example)s”.") % {
            "text": error.text, "example": example}
    if error.code == engine.references.BAD_NUMBER:
        return _("“%(text)s”: the number within the dossier is missing or not a number, e.g. “%(example)s”.") % {
            "text": error.text, "example": example}
    return _("“%(text)s” is not a parliamentary document number; write it as “%(example)s”.") % {
        "text": error.text, "example": example}


def _check_item(item: ParliamentaryItem) -> None:
    try:
        parsed = engine.parse_kamerstuk(item.reference)
    except engine.ReferenceError as error:
        raise ValidationError({"reference": reference_error(error)}) from None
    item.reference = str(parsed)
    item.dossier, item.dossier_sub, item.document_number = parsed.dossier, parsed.sub, parsed.number
    if item.kind == ItemKind.MOTION and parsed.number is not None:
        same = ParliamentaryItem.objects.filter(kind=ItemKind.MOTION, reference=item.reference).exclude(pk=item.pk)
        if same.exists():
            raise ValidationError({"reference": _("%(ref)s is registered already: %(item)s.") % {
                "ref": item.reference, "item": same.first()}})


def _set_actions(item: ParliamentaryItem, actions: list[Action] | None) -> None:
    if actions is not None:
        item.actions.set(actions)


@transaction.atomic
def item_create(*, user: User, data: dict[str, Any], actions: list[Action] | None = None,
                is_demo: bool = False) -> ParliamentaryItem:
    if not permissions.can_manage_parliament(user):
        raise PermissionDenied(_("Only the programme office keeps the register of motions and commitments."))
    item = ParliamentaryItem(created_by=user, is_demo=is_demo)
    apply_fields(item, data, fields=ITEM_FIELDS)
    _check_item(item)
    item.full_clean(exclude=["created_by"])
    item.save()
    _set_actions(item, actions)
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=item, before=None, after=snapshot(item))
    return item


@transaction.atomic
def item_update(*, user: User, item: ParliamentaryItem, data: dict[str, Any],
                actions: list[Action] | None = None) -> ParliamentaryItem:
    if not permissions.can_manage_parliament(user):
        raise PermissionDenied(_("Only the programme office keeps the register of motions and commitments."))
    item = ParliamentaryItem.objects.select_for_update().get(pk=item.pk)
    before = snapshot(item)
    apply_fields(item, data, fields=ITEM_FIELDS)
    _check_item(item)
    item.full_clean(exclude=["created_by"])
    item.save()
    _set_actions(item, actions)
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=item, before=before, after=snapshot(item))
    return item


# --- indicators ---------------------------------------------------------------------------------------------------


def indicators_record(*, year: int, as_of: dt.date, codes: list[str] | None = None,
                      overwrite: bool = True) -> tuple[int, dict[str, str]]:
    """Compute indicators for a year as of a date and store the values (the history). Returns how many were stored
    and, per indicator that could not be computed, why. With overwrite=False a stored value is kept."""
    chosen = [registry.get(c) for c in codes] if codes is not None else registry.indicators()
    stored, skipped = 0, {}
    now = timezone.now()
    for indicator in chosen:
        if not overwrite and IndicatorSnapshot.objects.filter(code=indicator.code, year=year, as_of=as_of).exists():
            continue
        try:
            with exercises.including(False):  # the stored history is the official one
                measurement = registry.compute(indicator.code, year, as_of)
        except registry.NotComputable as error:
            skipped[indicator.code] = error.message
            continue
        IndicatorSnapshot.objects.update_or_create(code=indicator.code, year=year, as_of=as_of, defaults={
            "value": measurement.value, "detail": measurement.detail, "computed_at": now})
        stored += 1
    return stored, skipped


def indicators_refresh(*, user: User, year: int, as_of: dt.date | None = None) -> tuple[int, dict[str, str]]:
    if not permissions.can_refresh_indicators(user):
        raise PermissionDenied(_("Only the programme office recomputes the indicators."))
    as_of = as_of or timezone.localdate()
    if as_of > timezone.localdate():
        raise ValidationError({"as_of": _("Indicators are computed up to today.")})
    with transaction.atomic():
        return indicators_record(year=year, as_of=as_of)


def month_ends(year: int, until: dt.date) -> list[dt.date]:
    days = []
    for month in range(1, 13):
        end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
        if end >= until:
            break
        days.append(end)
    return [*days, min(until, dt.date(year, 12, 31))]


def indicators_backfill(*, user: User | None, year: int, until: dt.date | None = None) -> int:
    """Fill the history with the values as of every month's end of the year (up to a date), where none is stored:
    the computations read timestamps, so they can look back. Stored values are never rewritten."""
    if user is not None and not permissions.can_refresh_indicators(user):
        raise PermissionDenied(_("Only the programme office recomputes the indicators."))
    until = min(until or timezone.localdate(), timezone.localdate())
    if until < dt.date(year, 1, 1):
        raise ValidationError({"year": _("%(year)s has not begun yet.") % {"year": year}})
    stored = 0
    with transaction.atomic():
        for day in month_ends(year, until):
            stored += indicators_record(year=year, as_of=day, overwrite=False)[0]
    return stored


def indicators_request_refresh(*, year: int) -> bool:
    """Queue a background computation of today's values for the year, once a day per process (a viewed dashboard
    asks for it; the stored values are what the history shows)."""
    today = timezone.localdate()
    if IndicatorSnapshot.objects.filter(year=year, as_of=today).exists():
        return False
    if not cache.add(f"agenda-indicators-{year}-{today.isoformat()}", True, timeout=3600):
        return False
    taskqueue.enqueue_on_commit("straiik.agenda.tasks.record_indicators", year, today.isoformat())
    return True
