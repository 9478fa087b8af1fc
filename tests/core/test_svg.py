"""Numbers for drawings are the same in every language: a full stop, no grouping, no trailing zeros."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from straiik.engines.svg import svg_number, svg_points


@pytest.mark.parametrize(("value", "text"), [
    (12.5, "12.5"), (3.0, "3"), (0, "0"), (-0.0, "0"), (1234567.891, "1234567.89"), (Decimal("2.50"), "2.5"),
    (-4.25, "-4.25"), (0.004, "0"), ("7.10", "7.1"),
])
def test_svg_number(value: object, text: str) -> None:
    assert svg_number(value) == text  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [math.nan, math.inf, True, None, "12,5"])
def test_svg_number_refuses_what_is_not_a_finite_number(value: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        svg_number(value)  # type: ignore[arg-type]


def test_svg_points() -> None:
    assert svg_points([(1.25, 2.0), (3, 4.5)]) == "1.25,2 3,4.5"


@pytest.mark.parametrize("language", ["nl", "en", "uk"])
def test_the_svgnum_filter_is_never_localised(language: str) -> None:
    template = Template('{% load straiik %}<rect width="{{ w|svgnum }}" x="{{ x|svgnum:1 }}"/> {{ w }}')
    with translation.override(language):
        out = template.render(Context({"w": 12345.5, "x": 2.25}))
    assert out.startswith('<rect width="12345.5" x="2.2"/>')  # round half to even, as Python formats
    assert out.endswith("12345,5" if language in ("nl", "uk") else "12345.5")
