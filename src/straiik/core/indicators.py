"""The indicators the platform computes from its own records, as a registry of named computations that the agenda
reads and every app fills with its own (its `indicators.py`, registered from its AppConfig.ready()).

Each indicator has a code, a label, a unit, optionally a priority area, and a function (year, as_of) → value.
The value is computed from the records as they stand, for the agenda year up to the date given (or the year's end,
whichever comes first), in Amsterdam time. An indicator that cannot be computed says why (NotComputable).

Adding one is one call in the app that holds the records, e.g. in `straiik/sdir/indicators.py`:

    register(Indicator("sdir.awards.sensors", _("SDIR awards"), "awards", area="sensors", source="sdir",
                       compute=lambda year, as_of: Measurement(float(count_awards(year, as_of, "sensors")))))

This module knows no app: it lives in core so that the apps can register here without importing the agenda, and the
agenda can list them without importing the apps.

What each one measures, and why so, is said where it is registered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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
    area_label: Promise | str = ""  # the priority area's name, given by the app that registers the indicator

    @property
    def unit_label(self) -> str:
        return str(UNITS.get(self.unit, self.unit))

    @property
    def full_label(self) -> str:
        if not self.area:
            return str(self.label)
        return f"{self.label} — {self.area_label or self.area}"


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
                            % {"year": year, "date": day(as_of)}, "not-begun", year=year, date=as_of)
    last = min(as_of, dt.date(year, 12, 31))
    start = dt.datetime.combine(first, dt.time(), tzinfo=AMSTERDAM)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=AMSTERDAM)
    return start, end, last


def last_day(year: int, as_of: dt.date) -> dt.date:
    """The last day counted for the year up to as_of."""
    return min(as_of, dt.date(year, 12, 31))


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


def day(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")
