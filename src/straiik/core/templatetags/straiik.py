from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import template
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from straiik.engines.svg import svg_number

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination and sorting links)."""
    params: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def audit_value(value: Any) -> str:
    """A value from the audit trail as a person reads it: yes/no, numbers and dates in the reader's format,
    a mapping as "key: value" pairs, never Python's own notation (True, {'a': 1.0})."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, int | float | Decimal):
        return _number(value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {audit_value(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(audit_value(v) for v in value)
    text = str(value)
    if ISO_DATE.match(text):
        try:
            if len(text) == 10:
                return formats.date_format(dt.date.fromisoformat(text), "SHORT_DATE_FORMAT")
            moment = dt.datetime.fromisoformat(text)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
        except ValueError:
            return text
    if DECIMAL_TEXT.match(text):  # decimals are stored as text ("0.150")
        return _number(Decimal(text))
    return text


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?$")
DECIMAL_TEXT = re.compile(r"^-?\d+\.\d+$")


def _number(value: int | float | Decimal) -> str:
    if isinstance(value, int):  # years and small counts without a separator, sums of money with one
        return formats.number_format(value, force_grouping=abs(value) >= 10_000)
    digits = max(0, min(4, -Decimal(str(value)).normalize().as_tuple().exponent))  # type: ignore[operator]
    return formats.number_format(round(float(value), digits), digits, force_grouping=True)


@register.filter
def money(value: Any, digits: int = 0) -> str:
    """A sum of money with the locale's grouping, rounded: 1234567.8 -> '1.234.568' (nl) or '1,234,568' (en)."""
    if value is None or value == "":
        return "—"
    try:
        number = round(float(value), int(digits))
    except (TypeError, ValueError):
        return str(value)
    return formats.number_format(number, int(digits), force_grouping=True)


@register.filter
def percent(value: Any, digits: int = 1) -> str:
    """A share as a percentage: 0.1234 -> '12,3 %' / '12.3 %'."""
    if value is None or value == "":
        return "—"
    try:
        number = float(value) * 100
    except (TypeError, ValueError):
        return str(value)
    return formats.number_format(round(number, int(digits)), int(digits), force_grouping=True) + " %"


@register.filter
def svgnum(value: Any, digits: int = 2) -> str:
    """A number for an SVG attribute, path data, a CSS length or inline JSON: never localised (a decimal comma
    makes the browser drop the attribute). `{{ bar.w|svgnum }}` -> "12.5" in every language."""
    return svg_number(value, int(digits))


@register.simple_tag(takes_context=True)
def party_field(context: dict[str, Any], instance: Any, name: str) -> Any:
    """A field only the parties named on the record see (core.restrict.party_fields): its value for them, empty
    for everyone else. Use as `{% party_field obj "note" as note %}`."""
    from straiik.core.restrict import party_value

    request = context.get("request")
    return party_value(getattr(request, "user", None), instance, name, redacted="")
