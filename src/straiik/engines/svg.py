"""Numbers for machine-readable places: SVG attributes, path data, inline JSON and CSS lengths.

Django localises every number a template prints (`{{ 12.5 }}` is "12,5" in Dutch and Ukrainian), and a
browser drops an SVG attribute written with a decimal comma: bars lose their width, paths their shape. Every
chart writes its geometry through `svg_number` (in Python) or the `svgnum` template filter (which calls it),
never through `floatformat`, `localize` or a bare `{{ value }}`."""

from __future__ import annotations

import math
from decimal import Decimal


def svg_number(value: float | int | Decimal | str, digits: int = 2) -> str:
    """A number as SVG, CSS and JSON read it, whatever the language: a full stop for the decimal point, no
    grouping, at most `digits` decimals and no trailing zeros: 12.50 -> "12.5", 3.0 -> "3", -0.0 -> "0".

    A value that is not a finite number raises ValueError: a chart must not silently draw nothing."""
    if isinstance(value, bool):
        raise ValueError(f"not a number for a drawing: {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"not a finite number for a drawing: {value!r}")
    text = f"{number:.{int(digits)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def svg_points(points: list[tuple[float, float]] | tuple[tuple[float, float], ...], digits: int = 2) -> str:
    """Points for a `polyline`/`polygon`: "x,y x,y ..."."""
    return " ".join(f"{svg_number(x, digits)},{svg_number(y, digits)}" for x, y in points)
