"""The indicators the platform computes from its own records, as a registry of named computations.

Each indicator has a code, a label, a unit, optionally a priority area, and a function (year, as_of) → value.
The value is computed from the records as they stand, for the agenda year up to the date given (or the year's end,
whichever comes first), in Amsterdam time. An indicator that cannot be computed says why (NotComputable).

Adding one is one call in one place, e.g. for SDIR once its app has calls and awards:

    register(Indicator("sdir.awards.sensors", _("SDIR awards"), "awards", area="sensors", source="sdir",
                       compute=lambda year, as_of: Measurement(float(count_awards(year, as_of, "sensors")))))

What is measured, and why so:
- defport.needs_on_time: of the needs submitted in the year that were answered or due by the date, the share
  answered within their deadline (a need not yet due and not answered cannot be judged yet);
- defport.days_to_answer: the median days from submission to answer of the needs answered in the year;
- defport.needs: the needs submitted in the year;
- bundling.joint_procurements and bundling.savings: the joint procurements accepted in the year and not
  cancelled, and what they save against buying nationally (EUR rounds only);
- supply.open_spofs: the single points of failure in the latest finished overview analysis of every supply
  network, as of the date (a stock, not a flow: the year only bounds the date);
- agenda.concrete_actions: the share of the year's actions that are concrete and executable (quality.py).
The Defport ones exist overall and per priority area. Exercise records (demos, tests, practice: core/exercises.py)
are left out unless an office user includes them.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from straiik.core.exercises import official
from straiik.registry.taxonomies import Area

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FIRST_YEAR = 2025

UNITS: dict[str, Promise] = {
    "%": _("%"), "days": _("days"), "needs": _("needs"), "procurements": _("joint procurements"),
    "EUR": _("EUR"), "SPOFs": _("single points of failure"), "awards": _("awards"),
}


@dataclass(frozen=True)
class Measurement:
    value: float
    detail: dict[str, Any] = field(default_factory=dict)


class NotComputable(Exception):
    """The indicator has no value for this year and date; the message says why, for people. The code and values
    let the report say it in its own language (report.TEXTS)."""

    def __init__(self, message: str, code: str = "", **values: Any) -> None:
        super().__init__(message)
        self.message, self.code, self.values = message, code, values


class UnknownIndicator(NotComputable):
    pass


@dataclass(frozen=True)
class Indicator:
    code: str
    label: Promise | str
    unit: str
    compute: Callable[[int, dt.date], Measurement]
    area: str = ""  # "" for an indicator across the areas
    source: str = ""  # the app it reads
    description: Promise | str = ""
    higher_is_better: bool = True
    decimals: int = 0

    @property
    def unit_label(self) -> str:
        return str(UNITS.get(self.unit, self.unit))

    @property
    def full_label(self) -> str:
        if not self.area:
            return str(self.label)
        return f"{self.label} — {Area(self.area).label}"


REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    if indicator.code in REGISTRY:
        raise ValueError(f"indicator {indicator.code} is registered twice")
    REGISTRY[indicator.code] = indicator
    return indicator


def get(code: str) -> Indicator:
    try:
        return REGISTRY[code]
    except KeyError:
        raise UnknownIndicator(gettext("There is no indicator “%(code)s” on the platform.") % {"code": code},
                               "unknown", indicator=code) from None


def indicators(area: str | None = None) -> list[Indicator]:
    """All indicators (area None), those across the areas (""), or those of one area."""
    return [i for i in REGISTRY.values() if area is None or i.area == area]


def window(year: int, as_of: dt.date) -> tuple[dt.datetime, dt.datetime, dt.date]:
    """[start, end) of the year up to as_of, in Amsterdam time, and the last day counted."""
    if year < FIRST_YEAR:
        raise NotComputable(gettext("The strategy starts in %(first)s: there are no values for %(year)s.")
                            % {"first": FIRST_YEAR, "year": year}, "before-strategy", first=FIRST_YEAR, year=year)
    first = dt.date(year, 1, 1)
    if as_of < first:
        raise NotComputable(gettext("%(year)s had not begun on %(date)s.")
                            % {"year": year, "date": _day(as_of)}, "not-begun", year=year, date=as_of)
    last = min(as_of, dt.date(year, 12, 31))
    start = dt.datetime.combine(first, dt.time(), tzinfo=AMSTERDAM)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=AMSTERDAM)
    return start, end, last


def compute(code: str, year: int, as_of: dt.date) -> Measurement:
    indicator = get(code)
    window(year, as_of)  # refuses years and dates without values before any query
    return indicator.compute(year, as_of)


def format_value(unit: str, value: float | None, decimals: int = 0) -> str:
    if value is None:
        return "—"
    number = formats.number_format(round(value, decimals), decimals, force_grouping=True)
    if unit == "%":
        return f"{number} %"
    if unit == "EUR":
        return f"€ {number}"
    return f"{number} {UNITS.get(unit, unit)}".strip()


def _day(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


# --- Defport ------------------------------------------------------------------------------------------------------


def _needs(year: int, as_of: dt.date, area: str) -> Any:
    from straiik.defport.choices import Kind
    from straiik.defport.models import Submission

    start, end, _last = window(year, as_of)
    needs = official(Submission.objects.filter(kind=Kind.NEED, submitted_at__gte=start, submitted_at__lt=end))
    if area:
        needs = needs.filter(areas__code=area)
    return needs, end


def needs_on_time(area: str = "") -> Callable[[int, dt.date], Measurement]:
    def compute(year: int, as_of: dt.date) -> Measurement:
        needs, end = _needs(year, as_of, area)
        judged = [(due, answered) for _pk, due, answered in needs.values_list("pk", "due_at", "answered_at").distinct()
                  if (answered is not None and answered < end) or (due is not None and due < end)]
        if not judged:
            last = min(as_of, dt.date(year, 12, 31))
            raise NotComputable(gettext("No Defport need submitted in %(year)s was answered or due by %(date)s.")
                                % {"year": year, "date": _day(last)}, "no-needs-judged", year=year, date=last)
        on_time = sum(1 for due, answered in judged
                      if answered is not None and answered < end and due is not None and answered <= due)
        return Measurement(100.0 * on_time / len(judged), {"on_time": on_time, "judged": len(judged)})

    return compute


def days_to_answer(area: str = "") -> Callable[[int, dt.date], Measurement]:
    def compute(year: int, as_of: dt.date) -> Measurement:
        needs, end = _needs(year, as_of, area)
        rows = needs.filter(answered_at__isnull=False, answered_at__lt=end).values_list(
            "pk", "submitted_at", "answered_at").distinct()
        days = [(answered - submitted).total_seconds() / 86400 for _pk, submitted, answered in rows]
        if not days:
            last = min(as_of, dt.date(year, 12, 31))
            raise NotComputable(gettext("No Defport need submitted in %(year)s had been answered by %(date)s.")
                                % {"year": year, "date": _day(last)}, "no-needs-answered", year=year, date=last)
        return Measurement(round(statistics.median(days), 1), {"answered": len(days)})

    return compute


def needs_received(area: str = "") -> Callable[[int, dt.date], Measurement]:
    def compute(year: int, as_of: dt.date) -> Measurement:
        needs, _end = _needs(year, as_of, area)
        return Measurement(float(needs.values("pk").distinct().count()))

    return compute


# --- demand bundling ----------------------------------------------------------------------------------------------


def _procurements(year: int, as_of: dt.date) -> Any:
    from straiik.bundling.choices import ProcurementStatus
    from straiik.bundling.models import JointProcurement

    start, end, _last = window(year, as_of)
    return official(JointProcurement.objects.filter(accepted_at__gte=start, accepted_at__lt=end).exclude(
        status=ProcurementStatus.CANCELLED), "round__")


def joint_procurements(year: int, as_of: dt.date) -> Measurement:
    from straiik.bundling.choices import ProcurementStatus

    rows = _procurements(year, as_of)
    contracted = rows.filter(status=ProcurementStatus.CONTRACTED).count()
    return Measurement(float(rows.count()), {"contracted": contracted})


def savings(year: int, as_of: dt.date) -> Measurement:
    rows = list(_procurements(year, as_of).values_list("round__currency", "solo_cost", "net_cost"))
    in_euro = [(solo, net) for currency, solo, net in rows if currency == "EUR"]
    total = sum(float(solo - net) for solo, net in in_euro)
    return Measurement(round(total, 2), {"procurements": len(in_euro), "other_currencies": len(rows) - len(in_euro)})


# --- supply chains ------------------------------------------------------------------------------------------------


def open_spofs(year: int, as_of: dt.date) -> Measurement:
    from straiik.supply.models import AnalysisKind, AnalysisStatus, SupplyAnalysis

    _start, end, last = window(year, as_of)
    latest: dict[int, Any] = {}
    rows = official(SupplyAnalysis.objects.filter(kind=AnalysisKind.OVERVIEW, status=AnalysisStatus.DONE,
                                                  finished_at__lt=end), "network__").order_by(
        "network_id", "-finished_at", "-id")
    for analysis in rows.only("network_id", "result", "finished_at"):
        latest.setdefault(analysis.network_id, analysis)
    if not latest:
        raise NotComputable(gettext("No supply-chain analysis had finished by %(date)s.") % {"date": _day(last)},
                            "no-analysis", date=last)
    per_network = {network: len(((a.result or {}).get("spof") or {}).get("ranking") or [])
                   for network, a in sorted(latest.items())}
    return Measurement(float(sum(per_network.values())), {"networks": len(per_network),
                                                          "by_network": {str(k): v for k, v in per_network.items()}})


# --- the agenda itself --------------------------------------------------------------------------------------------


def concrete_actions(year: int, as_of: dt.date) -> Measurement:
    from straiik.agenda import selectors
    from straiik.agenda.models import Agenda

    window(year, as_of)
    agenda = Agenda.objects.filter(year=year).first()
    if agenda is None:
        raise NotComputable(gettext("There is no action agenda for %(year)s.") % {"year": year}, "no-agenda",
                            year=year)
    summary = selectors.quality(agenda).summary
    if not summary.overall.total:
        raise NotComputable(gettext("The agenda for %(year)s has no actions yet.") % {"year": year}, "no-actions",
                            year=year)
    return Measurement(100.0 * (summary.overall.share or 0.0),
                       {"concrete": summary.overall.concrete, "actions": summary.overall.total})


# --- SDIR ---------------------------------------------------------------------------------------------------------


def sdir_awards(area: str = "") -> Callable[[int, dt.date], Measurement]:
    """SDIR awards signed in the year (of calls in the area), and what they are worth."""

    def compute(year: int, as_of: dt.date) -> Measurement:
        from straiik.sdir.models import Award

        start, end, _last = window(year, as_of)
        rows = official(Award.objects.filter(signed_at__gte=start, signed_at__lt=end), "call__")
        if area:
            rows = rows.filter(call__area=area)
        amounts = list(rows.values_list("amount_eur", flat=True))
        return Measurement(float(len(amounts)), {"amount_eur": sum(amounts)})

    return compute


def sdir_days_to_notification(year: int, as_of: dt.date) -> Measurement:
    """Median days from a call's closing to the notification of its applicants (target at most NOTIFY_DAYS), for
    the calls notified in the year."""
    from straiik.sdir.choices import NOTIFY_DAYS
    from straiik.sdir.models import Call

    start, end, _last = window(year, as_of)
    days = [(notified - closes).total_seconds() / 86_400 for closes, notified in official(Call.objects.filter(
        notified_at__gte=start, notified_at__lt=end)).values_list("closes_at", "notified_at")]
    if not days:
        raise NotComputable(gettext("No SDIR call of %(year)s had notified its applicants by %(date)s.")
                            % {"year": year, "date": _day(min(as_of, dt.date(year, 12, 31)))},
                            "no-calls-notified", year=year, date=min(as_of, dt.date(year, 12, 31)))
    on_time = sum(1 for d in days if d <= NOTIFY_DAYS)
    return Measurement(round(statistics.median(days), 1), {"calls": len(days), "within_90_days": on_time})


# --- the registry ---------------------------------------------------------------------------------------------------


def _register_defaults() -> None:
    for area in ["", *Area.values]:
        suffix = f".{area}" if area else ""
        register(Indicator(f"defport.needs_on_time{suffix}", _("Needs answered within the deadline"), "%",
                           needs_on_time(area), area=area, source="defport",
                           description=_("Of the needs submitted in the year that were answered or due, the share "
                                         "answered within the deadline.")))
        register(Indicator(f"defport.days_to_answer{suffix}", _("Median days to answer a need"), "days",
                           days_to_answer(area), area=area, source="defport", higher_is_better=False, decimals=1,
                           description=_("From submission to the first answer, for the needs answered in the "
                                         "year.")))
        register(Indicator(f"defport.needs{suffix}", _("Needs received"), "needs", needs_received(area), area=area,
                           source="defport", description=_("Operational needs submitted to Defport in the year.")))
    for area in ["", *Area.values]:
        suffix = f".{area}" if area else ""
        register(Indicator(f"sdir.awards{suffix}", _("SDIR awards"), "awards", sdir_awards(area), area=area,
                           source="sdir", description=_("SDIR awards signed in the year.")))
    register(Indicator("sdir.days_to_notification", _("Median days from a call's close to notification"), "days",
                       sdir_days_to_notification, source="sdir", higher_is_better=False, decimals=1,
                       description=_("For the SDIR calls that notified their applicants in the year; the target is "
                                     "at most 90 days.")))
    register(Indicator("bundling.joint_procurements", _("Joint procurements concluded"), "procurements",
                       joint_procurements, source="bundling",
                       description=_("Joint procurements accepted in the year and not cancelled.")))
    register(Indicator("bundling.savings", _("Savings from joint procurement"), "EUR", savings, source="bundling",
                       description=_("What the year's joint procurements save against buying nationally.")))
    register(Indicator("supply.open_spofs", _("Open single points of failure"), "SPOFs", open_spofs, source="supply",
                       higher_is_better=False,
                       description=_("Single points of failure in the latest analysis of every supply network.")))
    register(Indicator("agenda.concrete_actions", _("Concrete and executable actions"), "%", concrete_actions,
                       source="agenda", description=_("The share of the year's actions with an owner, a deadline, "
                                                      "a measurable indicator and no vague verbs.")))


_register_defaults()
