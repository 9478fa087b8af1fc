"""The short text notations people type in forms and spreadsheet cells for bundling inputs.

    periods   "2027-Q1; 2027-Q2"             (separated by ; , | or new lines)
    standards "STANAG-4425; STANAG-4569"
    tiers     "0: 4000; 50000: 3600"         (minimum quantity: unit price; all-units)
    capacity  "2027-Q1: 30000; 2027-Q2: 30000"

Every parser raises ValueError with a message for the person who typed it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from straiik.engines import tables

MAX_ITEMS = 200


def split_list(text: str) -> list[str]:
    items = tables.split_list(text, ";|,\n")  # linear; `\s*[;|,\n]\s*` was quadratic in runs of spaces
    if len(items) > MAX_ITEMS:
        raise ValueError(_("At most %(n)d entries.") % {"n": MAX_ITEMS})
    return items


def parse_number(text: str, *, what: str) -> Decimal:
    """'4200', '4200.50', '4 200,50', '4_200' -> Decimal. Refuses NaN, infinity and thousands commas mixed
    with decimal points ('4,200.50' is read as 4200.50; '4.200,50' as 4200.50)."""
    raw = str(text).strip().replace("\u00a0", "").replace(" ", "").replace("_", "")
    if not raw:
        raise ValueError(_("%(what)s is missing.") % {"what": what})
    if "," in raw and "." in raw:
        # the later separator is the decimal one
        if raw.rfind(",") > raw.rfind("."):
            raw = raw.replace(".", "").replace(",", ".")
        else:
            raw = raw.replace(",", "")
    elif "," in raw:
        raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a number (%(what)s).") % {"value": text, "what": what}) from None
    if not value.is_finite():
        raise ValueError(_("“%(value)s” is not a number (%(what)s).") % {"value": text, "what": what})
    return value


def parse_whole(text: str, *, what: str) -> int:
    value = parse_number(text, what=what)
    if value != value.to_integral_value():
        raise ValueError(_("%(what)s must be a whole number, not %(value)s.") % {"what": what, "value": text})
    return int(value)


def _pairs(text: str, what: str) -> list[tuple[str, str]]:
    pairs = []
    for part in tables.split_list(text, ";|,\n"):
        key, sep, value = part.rpartition(":")
        if not sep:
            key, sep, value = part.rpartition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValueError(_("“%(part)s” is not of the form key: value (%(what)s).") % {"part": part, "what": what})
        pairs.append((key.strip(), value.strip()))
    if len(pairs) > MAX_ITEMS:
        raise ValueError(_("At most %(n)d entries.") % {"n": MAX_ITEMS})
    return pairs


def parse_tiers(text: str) -> list[dict]:
    """All-units price tiers, checked: at least one, the first from 0, strictly increasing quantities."""
    pairs = _pairs(text, _("price tiers"))
    if not pairs:
        raise ValueError(_("Give at least one price tier, e.g. “0: 4000”."))
    tiers = []
    for key, value in pairs:
        quantity = parse_whole(key, what=_("tier minimum quantity"))
        price = parse_number(value, what=_("tier unit price"))
        if quantity < 0:
            raise ValueError(_("A tier's minimum quantity cannot be negative (%(q)s).") % {"q": key})
        if price < 0:
            raise ValueError(_("A tier's unit price cannot be negative (%(p)s).") % {"p": value})
        tiers.append({"min_quantity": quantity, "unit_price": float(price)})
    return check_tiers(tiers)


def check_tiers(tiers: list[dict]) -> list[dict]:
    if not tiers:
        raise ValueError(_("Give at least one price tier, e.g. “0: 4000”."))
    if tiers[0]["min_quantity"] != 0:
        raise ValueError(_("The first tier must start at quantity 0 (it is the price for any quantity)."))
    for previous, tier in zip(tiers, tiers[1:], strict=False):
        if tier["min_quantity"] <= previous["min_quantity"]:
            raise ValueError(_("Tiers must be in increasing order of quantity, each quantity once (%(a)d then "
                               "%(b)d).") % {"a": previous["min_quantity"], "b": tier["min_quantity"]})
    return tiers


def parse_capacity(text: str, periods: list[str]) -> dict[str, int]:
    pairs = _pairs(text, _("capacity"))
    capacity: dict[str, int] = {}
    for key, value in pairs:
        if key not in periods:
            raise ValueError(_("“%(period)s” is not a period of this round (%(periods)s).")
                             % {"period": key, "periods": ", ".join(periods)})
        if key in capacity:
            raise ValueError(_("Period %(period)s is given twice.") % {"period": key})
        units = parse_whole(value, what=_("capacity"))
        if units < 0:
            raise ValueError(_("Capacity cannot be negative (%(period)s: %(units)s).")
                             % {"period": key, "units": value})
        capacity[key] = units
    if not any(capacity.values()):
        raise ValueError(_("Give the capacity for at least one period, e.g. “%(period)s: 1000”.")
                         % {"period": periods[0] if periods else "2027-Q1"})
    return capacity


def parse_periods(text: str, allowed: list[str] | None = None) -> list[str]:
    periods = split_list(text)
    if not periods:
        raise ValueError(_("Give at least one period."))
    if len(set(periods)) != len(periods):
        raise ValueError(_("A period is given twice."))
    for period in periods:
        if len(period) > 40:
            raise ValueError(_("A period name has at most 40 characters."))
        if allowed is not None and period not in allowed:
            raise ValueError(_("“%(period)s” is not a period of this round (%(periods)s).")
                             % {"period": period, "periods": ", ".join(allowed)})
    if allowed is not None:
        periods.sort(key=allowed.index)
    return periods


def format_tiers(tiers: list[dict]) -> str:
    return "; ".join(f"{t['min_quantity']}: {t['unit_price']:g}" for t in tiers)


def format_capacity(capacity: dict[str, int]) -> str:
    return "; ".join(f"{period}: {units}" for period, units in capacity.items())


def format_list(items: list[str]) -> str:
    return "; ".join(items)
