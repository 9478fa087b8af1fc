from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.utils import formats

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
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


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
