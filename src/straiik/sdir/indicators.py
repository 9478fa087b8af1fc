"""SDIR's indicators for the action agenda, overall and per priority area (registered from SdirConfig.ready()).

- sdir.awards: the awards signed in the year (of calls in the area), and what they are worth;
- sdir.days_to_notification: the median days from a call's closing to the notification of its applicants.
Exercise records (demos, tests, practice: core/exercises.py) are left out.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from straiik.core.exercises import official
from straiik.core.indicators import Indicator, Measurement, NotComputable, day, last_day, register, window
from straiik.registry.taxonomies import Area
from straiik.sdir.choices import NOTIFY_DAYS
from straiik.sdir.models import Award, Call


def sdir_awards(area: str = "") -> Callable[[int, dt.date], Measurement]:
    """SDIR awards signed in the year (of calls in the area), and what they are worth."""

    def compute(year: int, as_of: dt.date) -> Measurement:
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
    start, end, _last = window(year, as_of)
    days = [(notified - closes).total_seconds() / 86_400 for closes, notified in official(Call.objects.filter(
        notified_at__gte=start, notified_at__lt=end)).values_list("closes_at", "notified_at")
        if notified is not None]
    if not days:
        raise NotComputable(gettext("No SDIR call of %(year)s had notified its applicants by %(date)s.")
                            % {"year": year, "date": day(last_day(year, as_of))},
                            "no-calls-notified", year=year, date=last_day(year, as_of))
    on_time = sum(1 for d in days if d <= NOTIFY_DAYS)
    return Measurement(round(statistics.median(days), 1), {"calls": len(days), "within_90_days": on_time})


def register_all() -> None:
    for area in ["", *Area.values]:
        suffix = f".{area}" if area else ""
        register(Indicator(f"sdir.awards{suffix}", _("SDIR awards"), "awards", sdir_awards(area), area=area,
                           source="sdir", area_label=Area(area).label if area else "",
                           description=_("SDIR awards signed in the year.")))
    register(Indicator("sdir.days_to_notification", _("Median days from a call's close to notification"), "days",
                       sdir_days_to_notification, source="sdir", higher_is_better=False, decimals=1,
                       description=_("For the SDIR calls that notified their applicants in the year; the target is "
                                     "at most 90 days.")))
