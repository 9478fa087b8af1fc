"""Defport's indicators for the action agenda, overall and per priority area (registered from DefportConfig.ready()).

- defport.needs_on_time: of the needs submitted in the year that were answered or due by the date, the share
  answered within their deadline (a need not yet due and not answered cannot be judged yet);
- defport.days_to_answer: the median days from submission to answer of the needs answered in the year;
- defport.needs: the needs submitted in the year.
Exercise records (demos, tests, practice: core/exercises.py) are left out.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable

from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from straiik.core.exercises import official
from straiik.core.indicators import Indicator, Measurement, NotComputable, day, last_day, register, window
from straiik.defport.choices import Kind
from straiik.defport.models import Submission
from straiik.registry.taxonomies import Area


def _needs(year: int, as_of: dt.date, area: str) -> tuple[QuerySet[Submission], dt.datetime]:
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
            last = last_day(year, as_of)
            raise NotComputable(gettext("No Defport need submitted in %(year)s was answered or due by %(date)s.")
                                % {"year": year, "date": day(last)}, "no-needs-judged", year=year, date=last)
        on_time = sum(1 for due, answered in judged
                      if answered is not None and answered < end and due is not None and answered <= due)
        return Measurement(100.0 * on_time / len(judged), {"on_time": on_time, "judged": len(judged)})

    return compute


def days_to_answer(area: str = "") -> Callable[[int, dt.date], Measurement]:
    def compute(year: int, as_of: dt.date) -> Measurement:
        needs, end = _needs(year, as_of, area)
        rows = needs.filter(answered_at__isnull=False, answered_at__lt=end).values_list(
            "pk", "submitted_at", "answered_at").distinct()
        days = [(answered - submitted).total_seconds() / 86400 for _pk, submitted, answered in rows
                if answered is not None and submitted is not None]
        if not days:
            last = last_day(year, as_of)
            raise NotComputable(gettext("No Defport need submitted in %(year)s had been answered by %(date)s.")
                                % {"year": year, "date": day(last)}, "no-needs-answered", year=year, date=last)
        return Measurement(round(statistics.median(days), 1), {"answered": len(days)})

    return compute


def needs_received(area: str = "") -> Callable[[int, dt.date], Measurement]:
    def compute(year: int, as_of: dt.date) -> Measurement:
        needs, _end = _needs(year, as_of, area)
        return Measurement(float(needs.values("pk").distinct().count()))

    return compute


def register_all() -> None:
    for area in ["", *Area.values]:
        suffix = f".{area}" if area else ""
        area_label = Area(area).label if area else ""
        register(Indicator(f"defport.needs_on_time{suffix}", _("Needs answered within the deadline"), "%",
                           needs_on_time(area), area=area, source="defport", area_label=area_label,
                           description=_("Of the needs submitted in the year that were answered or due, the share "
                                         "answered within the deadline.")))
        register(Indicator(f"defport.days_to_answer{suffix}", _("Median days to answer a need"), "days",
                           days_to_answer(area), area=area, source="defport", higher_is_better=False, decimals=1,
                           area_label=area_label,
                           description=_("From submission to the first answer, for the needs answered in the "
                                         "year.")))
        register(Indicator(f"defport.needs{suffix}", _("Needs received"), "needs", needs_received(area), area=area,
                           source="defport", area_label=area_label,
                           description=_("Operational needs submitted to Defport in the year.")))
