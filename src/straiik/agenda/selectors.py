"""Reads for the action agenda: what a user may see, the quality check, the dashboards, the timeline and the
indicators with their history."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from straiik.agenda import permissions
from straiik.agenda.choices import ActionStatus, ItemStatus
from straiik.agenda.models import Action, Agenda, Ambition, IndicatorSnapshot, Objective, ParliamentaryItem
from straiik.core import indicators as registry
from straiik.core.markings import restrict_marked
from straiik.engines import agenda as engine
from straiik.registry.taxonomies import Area

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

AREAS = [*Area.values, engine.GENERAL]


def today() -> dt.date:
    """Today in Amsterdam (the project's time zone): deadlines are Dutch calendar days."""
    return timezone.localdate()


def area_label(code: str) -> str:
    return str(Area(code).label) if code in Area.values else _("Across the areas")


def rule_label(problem: engine.Problem) -> str:
    if problem.rule == engine.NO_OWNER:
        missing = {"organisation": _("organisation"), "person": _("person")}
        return _("no owner (%(missing)s missing)") % {"missing": ", ".join(str(missing[m]) for m in problem.missing)}
    if problem.rule == engine.NO_DEADLINE:
        return _("no deadline")
    if problem.rule == engine.NO_INDICATOR:
        parts = {"baseline": _("baseline"), "target": _("target"), "unit": _("unit")}
        return _("no measurable indicator (%(missing)s missing)") % {
            "missing": ", ".join(str(parts[m]) for m in problem.missing)}
    return _("vague: “%(words)s”") % {"words": "”, “".join(problem.words)}


# --- agendas and actions ------------------------------------------------------------------------------------------


def agenda_list(*, user: Viewer) -> QuerySet[Agenda]:
    return Agenda.objects.restrict(user)


def agenda_get(*, user: Viewer, year: int) -> Agenda:
    agenda = Agenda.objects.restrict(user).filter(year=year).first()
    if agenda is None:
        raise Http404(_("There is no agenda for %(year)s, or you may not see it.") % {"year": year})
    return agenda


UNRESTRICTED: Any = object()  # actions_of without a reader: every action (the office's computations)


def actions_of(agenda: Agenda, user: Viewer | None = UNRESTRICTED) -> QuerySet[Action]:
    """The agenda's actions; with a reader (None: the public), only those whose marking lets them read them."""
    actions = agenda.actions.all() if user is UNRESTRICTED else restrict_marked(agenda.actions.all(), user)
    return actions.select_related("agenda", "owner_organisation", "objective").prefetch_related(
        Prefetch("parliamentary_items", queryset=ParliamentaryItem.objects.order_by("dossier", "document_number")))


def action_get(*, user: Viewer, pk: int) -> Action:
    action = Action.objects.select_related("agenda", "owner_organisation", "objective").restrict(user).filter(
        pk=pk).first()
    if action is None:
        raise Http404(_("No such action."))
    return action


def facts_of(action: Action) -> engine.ActionFacts:
    return engine.ActionFacts(
        key=str(action.pk), title=action.title, area=action.area,
        owner_organisation=action.owner_organisation.name if action.owner_organisation is not None else "",
        owner_person=action.owner_person, deadline=action.deadline,
        baseline=float(action.baseline) if action.baseline is not None else None,
        target=float(action.target) if action.target is not None else None, unit=action.unit, status=action.status)


@dataclass
class Quality:
    verdicts: dict[int, engine.Verdict]
    summary: engine.Summary

    def of(self, action: Action) -> engine.Verdict:
        return self.verdicts[action.pk]


def quality(agenda: Agenda, actions: list[Action] | None = None) -> Quality:
    rows = actions if actions is not None else list(actions_of(agenda))
    verdicts = {a.pk: engine.check(facts_of(a)) for a in rows}
    used = {v.area for v in verdicts.values()}
    return Quality(verdicts, engine.summarise(verdicts.values(), areas=[a for a in AREAS if a in used
                                                                        or a != engine.GENERAL]))


def share_text(share: engine.Share) -> str:
    if not share.total:
        return _("no actions")
    return _("%(share)s (%(concrete)s of %(total)s)") % {
        "share": formats.number_format(round(100 * (share.share or 0)), 0) + " %", "concrete": share.concrete,
        "total": share.total}


def quality_figure(summary: engine.Summary) -> engine.Figure:
    rows = [engine.BarRow(area, area_label(area), share.share, share_text(share))
            for area, share in summary.by_area.items()]
    rows.append(engine.BarRow("overall", _("All actions"), summary.overall.share, share_text(summary.overall)))
    return engine.share_bars(rows, title=_("Share of concrete and executable actions per area"))


@dataclass
class ActionRow:
    action: Action
    verdict: engine.Verdict
    problems: list[str]
    overdue: bool


def action_rows(agenda: Agenda, on: dt.date, area: str | None = None, *, user: Viewer = UNRESTRICTED
                ) -> tuple[list[ActionRow], Quality]:
    actions = list(actions_of(agenda, user))
    check = quality(agenda, actions)
    rows = [ActionRow(a, check.of(a), [rule_label(p) for p in check.of(a).problems], a.is_overdue(on))
            for a in actions if area is None or a.area == area]
    return rows, check


def status_counts(actions: list[Action]) -> list[tuple[str, str, int]]:
    counts = Counter(a.status for a in actions)
    return [(value, str(label), counts[value]) for value, label in ActionStatus.choices]


# --- ambitions ----------------------------------------------------------------------------------------------------


@dataclass
class AmbitionRow:
    area: str
    label: str
    current: Ambition | None
    previous: Ambition | None
    diff: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(kind != engine.SAME for kind, _text in self.diff)


def ambition_rows(agenda: Agenda, area: str | None = None) -> list[AmbitionRow]:
    current = {a.area: a for a in agenda.ambitions.all()}
    previous_agenda = Agenda.objects.filter(year=agenda.year - 1).first()
    previous = {a.area: a for a in previous_agenda.ambitions.all()} if previous_agenda else {}
    rows = []
    for code in Area.values:
        if area is not None and code != area:
            continue
        now, before = current.get(code), previous.get(code)
        diff = engine.word_diff(before.text if before else "", now.text if now else "") if (now or before) else []
        rows.append(AmbitionRow(code, area_label(code), now, before, diff))
    return rows


def objectives_of(agenda: Agenda, area: str | None = None) -> QuerySet[Objective]:
    rows = agenda.objectives.all()
    return rows.filter(area=area) if area is not None else rows


# --- timeline -----------------------------------------------------------------------------------------------------


def month_names() -> list[str]:
    return [formats.date_format(dt.date(2000, m, 1), "M") for m in range(1, 13)]


def timeline_figure(agenda: Agenda, on: dt.date, area: str | None = None,
                    rows: list[ActionRow] | None = None) -> engine.Figure:
    rows = rows if rows is not None else action_rows(agenda, on, area)[0]
    order = {code: i for i, code in enumerate(AREAS)}
    ordered = sorted(rows, key=lambda r: (order.get(r.action.area, 99), r.action.deadline or dt.date.max,
                                          r.action.number))
    bars = [engine.Bar(key=str(r.action.pk), label=f"{r.action.code} {r.action.title}",
                       group=area_label(r.action.area), start=r.action.start, end=r.action.deadline,
                       status=r.action.status, overdue=r.overdue, progress=r.action.progress / 100,
                       href=r.action.get_absolute_url()) for r in ordered]
    return engine.timeline(bars, title=_("Actions of %(year)s on a timeline") % {"year": agenda.year},
                           year_start=agenda.first_day, year_end=agenda.last_day, today=on,
                           month_names=month_names(),
                           labels={"today": _("today"), "overdue": _("overdue"), "no_deadline": _("no deadline")})


# --- indicators ---------------------------------------------------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator: registry.Indicator
    measurement: registry.Measurement | None
    error: str
    history: list[engine.Point]
    problem: registry.NotComputable | None = None

    @property
    def shown(self) -> str:
        return registry.format_value(self.indicator.unit, self.measurement.value if self.measurement else None,
                                     self.indicator.decimals)


def measure(code: str, year: int, as_of: dt.date) -> tuple[registry.Measurement | None, str]:
    try:
        return registry.compute(code, year, as_of), ""
    except registry.NotComputable as error:
        return None, error.message


def indicator_history(code: str, year: int, before: dt.date | None = None) -> list[IndicatorSnapshot]:
    rows = IndicatorSnapshot.objects.filter(code=code, year=year)
    if before is not None:
        rows = rows.filter(as_of__lt=before)
    return list(rows.order_by("as_of"))


def indicator_rows(year: int, as_of: dt.date, area: str | None = None,
                   codes: list[str] | None = None) -> list[IndicatorRow]:
    """Every indicator (of an area, or those named) with its value as of the date and its stored history before
    that date; the value of the date itself is the one computed now."""
    chosen = [registry.get(c) for c in codes] if codes is not None else registry.indicators(area)
    snapshots: dict[str, list[IndicatorSnapshot]] = {}
    for snapshot in IndicatorSnapshot.objects.filter(year=year, as_of__lt=as_of,
                                                     code__in=[i.code for i in chosen]).order_by("as_of"):
        snapshots.setdefault(snapshot.code, []).append(snapshot)
    rows = []
    for indicator in chosen:
        measurement, problem = None, None
        try:
            measurement = registry.compute(indicator.code, year, as_of)
        except registry.NotComputable as error:
            problem = error
        points = [engine.Point(s.as_of, s.value) for s in snapshots.get(indicator.code, [])]
        if measurement is not None:
            points.append(engine.Point(min(as_of, dt.date(year, 12, 31)), measurement.value))
        rows.append(IndicatorRow(indicator, measurement, problem.message if problem else "", points, problem))
    return rows


def chart_for(row: IndicatorRow, year: int, *, baseline: float | None = None, target: float | None = None,
              width: float = 520) -> engine.Figure:
    indicator = row.indicator
    return engine.line_chart(
        row.history, title=indicator.full_label, width=width, baseline=baseline, target=target,
        unit=indicator.unit_label, fmt=lambda v: formats.number_format(round(v, indicator.decimals),
                                                                       indicator.decimals, force_grouping=True),
        day_label=lambda d: formats.date_format(d, "SHORT_DATE_FORMAT"),
        labels={"baseline": _("baseline"), "target": _("target"), "empty": _("no values yet")},
        start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), integer=True)


def live_value(action: Action, on: dt.date) -> tuple[registry.Measurement | None, str]:
    if not action.indicator_code:
        return None, ""
    return measure(action.indicator_code, action.agenda.year, on)


def measured_chart(action: Action, baseline: float | None, target: float | None) -> engine.Figure | None:
    """The values reported in progress updates over time, for an indicator the owners measure themselves."""
    points = [engine.Point(day, float(value)) for day, value in action.updates.filter(value__isnull=False)
              .order_by("reported_on", "id").values_list("reported_on", "value") if value is not None]
    if not points:
        return None
    year = action.agenda.year
    return engine.line_chart(
        points, title=action.indicator_label or action.title, baseline=baseline, target=target,
        unit=action.unit_label, fmt=lambda v: formats.number_format(v, 0 if v == int(v) else 2, force_grouping=True),
        day_label=lambda d: formats.date_format(d, "SHORT_DATE_FORMAT"),
        labels={"baseline": _("baseline"), "target": _("target")}, start=dt.date(year, 1, 1),
        end=max(action.deadline or dt.date(year, 12, 31), points[-1].day), integer=all(p.value == int(p.value)
                                                                                        for p in points))


def latest_measured(action: Action) -> Any:
    """The last value reported in a progress update, for an action whose indicator is not computed."""
    return action.updates.filter(value__isnull=False).order_by("-reported_on", "-id").first()


# --- Parliament ---------------------------------------------------------------------------------------------------


def items(*, user: Viewer | None, year: int | None = None) -> QuerySet[ParliamentaryItem]:
    rows = ParliamentaryItem.objects.restrict(user).prefetch_related(
        Prefetch("actions", queryset=Action.objects.restrict(user).select_related("agenda").order_by(
            "agenda__year", "number")))
    if year is not None:
        rows = rows.filter(actions__agenda__year=year).distinct()
    return rows


def item_get(*, user: Viewer, pk: int) -> ParliamentaryItem:
    item = items(user=user).filter(pk=pk).first()
    if item is None:
        raise Http404(_("No such motion or commitment."))
    return item


def visible_answering_actions(user: Viewer, item: ParliamentaryItem) -> list[Action]:
    return [a for a in item.actions.all() if permissions.can_view_agenda(user, a.agenda)]


def item_counts(rows: list[ParliamentaryItem]) -> dict[str, int]:
    counts = Counter(i.status for i in rows)
    return {value: counts[value] for value in ItemStatus.values}


def require_manager(user: Viewer) -> None:
    if not permissions.can_manage(user):
        raise PermissionDenied(_("Only the programme office edits the action agenda."))


def history(instance: Any, limit: int = 100) -> list[Any]:
    """The changes shown on a record's page, newest first, with field labels and values as people read them."""
    from straiik.core.audit import describe_value, history_for

    changes = list(history_for(instance)[:limit])
    for change in changes:
        model = change.changed_object_type.model_class()
        shown = []
        for name, before, after in change.differences():
            label, before = describe_value(model, name, before)
            _label, after = describe_value(model, name, after)
            shown.append((label, before, after))
        change.visible_differences = shown
    return changes
