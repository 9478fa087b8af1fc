"""The agenda's charts as figures (see figures.py): an indicator's history as a line against its baseline and
target, the share of concrete actions per area as bars, and the actions on a timeline (a Gantt chart) with the
overdue ones marked. Labels in the reader's language are passed in; nothing here knows a language."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .figures import (
    ACCENT,
    AMBER,
    GREEN,
    GREY,
    INK,
    LINE,
    MUTED,
    RED,
    Circle,
    Figure,
    Group,
    Line,
    Polyline,
    Rect,
    clip,
)
from .figures import Text as Label


def plain_number(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}".replace(",", " ")
    return f"{value:,.1f}".replace(",", " ")


def nice_ticks(low: float, high: float, count: int = 4, min_step: float = 0.0) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 times a power of ten, at least ``min_step``) covering
    [low, high]."""
    if not math.isfinite(low) or not math.isfinite(high):
        return [0.0, 1.0]
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = max(next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw), min_step)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    ticks, value = [], first
    while value <= last + step / 1000:
        ticks.append(round(value, 10))
        value += step
    return ticks


# --- an indicator over time ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    day: date
    value: float


def line_chart(points: Sequence[Point], *, title: str, width: float = 520, height: float = 210,
               baseline: float | None = None, target: float | None = None, unit: str = "",
               fmt: Callable[[float], str] = plain_number, day_label: Callable[[date], str] = date.isoformat,
               labels: dict[str, str] | None = None, start: date | None = None, end: date | None = None,
               integer: bool = False, heading: bool = False) -> Figure:
    """The values over time, with the baseline (grey, dashed) and the target (green, dashed) when given. Counts
    (``integer``) get whole-number ticks; with ``heading`` the title is drawn above the chart (for documents, where
    no page heading names it)."""
    names = {"baseline": "baseline", "target": "target", "empty": "no values yet"} | (labels or {})
    figure = Figure(width, height, title=title)
    head = 18.0 if heading else 0.0
    left, right, top, bottom = 58.0, width - 92.0, 18.0 + head, height - 30.0
    if heading:
        figure.add(Label(4, 12, clip(title, int(width / 6.6)), size=10.5, bold=True))
    points = sorted(points, key=lambda p: p.day)
    days = [p.day for p in points]
    first = start or (days[0] if days else date.today())
    last = end or (days[-1] if days else first)
    if last <= first:
        first, last = first - timedelta(days=15), last + timedelta(days=15)
    values = [p.value for p in points] + [v for v in (baseline, target) if v is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if low >= 0:
        low = 0.0
    ticks = nice_ticks(low, high, min_step=1.0 if integer else 0.0)
    y_low, y_high = ticks[0], ticks[-1]

    def x_of(day: date) -> float:
        return left + (right - left) * (day - first).days / (last - first).days

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * (value - y_low) / ((y_high - y_low) or 1)

    axis = Group(cls="axis")
    for tick in ticks if points else ():  # an empty chart has no scale to show
        y = y_of(tick)
        axis.items.append(Line(left, y, right, y, stroke=LINE))
        axis.items.append(Label(left - 6, y + 3.5, fmt(tick), size=9, fill=MUTED, anchor="end"))
    axis.items.append(Line(left, bottom, right, bottom, stroke=MUTED))
    axis.items.append(Label(left, height - 10, day_label(first), size=9, fill=MUTED, anchor="start"))
    axis.items.append(Label(right, height - 10, day_label(last), size=9, fill=MUTED, anchor="end"))
    if unit:
        axis.items.append(Label(4, top - 9, unit, size=9, fill=MUTED, anchor="start"))
    figure.add(axis)
    for key, value, colour in (("baseline", baseline, GREY), ("target", target, GREEN)):
        if value is None:
            continue
        y = y_of(value)
        figure.add(Group(cls=key, title=f"{names[key]}: {fmt(value)}", items=[
            Line(left, y, right, y, stroke=colour, width=1.5, dash=True),
            Label(right + 6, y + 3.5, f"{names[key]} {fmt(value)}", size=9, fill=colour)]))
    if not points:
        figure.add(Label((left + right) / 2, (top + bottom) / 2, names["empty"], size=10, fill=MUTED,
                         anchor="middle"))
        return figure
    series = Group(cls="series")
    coordinates = tuple((x_of(p.day), y_of(p.value)) for p in points)
    if len(coordinates) > 1:
        series.items.append(Polyline(coordinates, stroke=ACCENT, width=2.0))
    for point, (x, y) in zip(points, coordinates, strict=True):
        series.items.append(Group(cls="point", title=f"{day_label(point.day)}: {fmt(point.value)}",
                                  items=[Circle(x, y, 3.2, fill=ACCENT)]))
    x, y = coordinates[-1]
    series.items.append(Label(min(x + 6, width - 4), y - 6, fmt(points[-1].value), size=10, fill=INK,
                              anchor="start" if x + 60 < width else "end", bold=True))
    figure.add(series)
    return figure


# --- shares per area ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BarRow:
    key: str
    label: str
    share: float | None  # 0..1, None: nothing to measure
    text: str  # the figure written out, e.g. "60 % (3 of 5)"


def share_colour(share: float | None) -> str:
    if share is None:
        return GREY
    return GREEN if share >= 0.75 else AMBER if share >= 0.5 else RED


def share_bars(rows: Sequence[BarRow], *, title: str, width: float = 560, label_width: float = 170,
               bar_height: float = 16, gap: float = 8) -> Figure:
    """One horizontal bar per row on a 0–100 % scale; green from 75 %, amber from 50 %, red below."""
    height = len(rows) * (bar_height + gap) + 22
    figure = Figure(width, height, title=title)
    plot_left, plot_right = label_width, width - 120
    for fraction in (0.0, 0.5, 1.0):
        x = plot_left + (plot_right - plot_left) * fraction
        figure.add(Line(x, 0, x, height - 18, stroke=LINE),
                   Label(x, height - 6, f"{round(fraction * 100)} %", size=9, fill=MUTED, anchor="middle"))
    for i, row in enumerate(rows):
        y = i * (bar_height + gap) + 2
        filled = (plot_right - plot_left) * (row.share or 0.0)
        figure.add(Group(cls=f"share-bar area-{row.key or 'general'}", title=f"{row.label}: {row.text}", items=[
            Label(plot_left - 8, y + bar_height - 4, clip(row.label, int(label_width / 6.2)), size=10,
                  anchor="end"),
            Rect(plot_left, y, plot_right - plot_left, bar_height, fill="#eef2f7"),
            Rect(plot_left, y, filled, bar_height, fill=share_colour(row.share)),
            Label(plot_right + 8, y + bar_height - 4, row.text, size=10, fill=INK)]))
    return figure


# --- the actions on a timeline ---------------------------------------------------------------------------------

STATUS_COLOURS = {"planned": "#7ea6c9", "in_progress": ACCENT, "done": GREEN, "delayed": AMBER, "cancelled": GREY}
ROW, HEADER, AXIS, MAX_YEARS = 22.0, 24.0, 40.0, 6


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    group: str  # rows are shown under their group's heading, in the order given
    start: date | None
    end: date | None
    status: str
    overdue: bool = False
    progress: float = 0.0  # 0..1
    href: str = ""


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def timeline(bars: Sequence[Bar], *, title: str, year_start: date, year_end: date, today: date,
             month_names: Sequence[str], labels: dict[str, str] | None = None, width: float = 980,
             label_width: float = 300) -> Figure:
    """A Gantt chart: each action a bar from its start (or the agenda year's first day) to its deadline, coloured
    by status, its progress as a darker inner bar; overdue actions red and marked; a line at today."""
    names = {"today": "today", "overdue": "overdue", "no_deadline": "no deadline"} | (labels or {})
    starts = [b.start for b in bars if b.start] + [year_start]
    ends = [b.end for b in bars if b.end] + [year_end]
    low = _month_start(min(starts))
    high = max(ends)
    limit = date(low.year + MAX_YEARS, low.month, 1)
    high = min(_next_month(high), limit)
    span = (high - low).days or 1
    right = width - 70

    def x_of(day: date) -> float:
        day = min(max(day, low), high)
        return label_width + (right - label_width) * (day - low).days / span

    groups = list(dict.fromkeys(b.group for b in bars))
    height = AXIS + len(groups) * HEADER + len(bars) * ROW + 8
    figure = Figure(width, height, title=title)
    axis = Group(cls="axis")
    month = low
    months = (high.year - low.year) * 12 + high.month - low.month
    every = 1 if months <= 18 else 3 if months <= 48 else 6
    while month < high:
        x = x_of(month)
        if month.month == 1 or month == low:
            axis.items.append(Label(x + 2, 12, str(month.year), size=10, bold=True))
        if (month.month - 1) % every == 0:
            axis.items.append(Line(x, 18, x, height - 4, stroke=LINE))
            axis.items.append(Label(x + 2, 30, month_names[month.month - 1], size=9, fill=MUTED))
        month = _next_month(month)
    figure.add(axis)
    y = AXIS
    for group in groups:
        figure.add(Group(cls="timeline-group", items=[
            Rect(0, y, width, HEADER - 2, fill="#eef2f7"), Label(6, y + 16, group, size=11, bold=True)]))
        y += HEADER
        for bar in (b for b in bars if b.group == group):
            colour = RED if bar.overdue else STATUS_COLOURS.get(bar.status, ACCENT)
            start = bar.start or year_start
            items: list[Any] = [Label(6, y + 15, clip(bar.label, int(label_width / 7.2)), size=10)]
            x0 = x_of(start)
            if bar.end is None:
                items.append(Rect(x0, y + 5, x_of(year_end) - x0, ROW - 10, fill="", stroke=GREY, dash=True))
                items.append(Label(x0 + 4, y + 15, names["no_deadline"], size=9, fill=MUTED))
            else:
                x1 = max(x_of(bar.end + timedelta(days=1)), x0 + 3)
                items.append(Rect(x0, y + 4, x1 - x0, ROW - 8, fill=colour))
                if bar.progress > 0:
                    inner = (x1 - x0) * min(max(bar.progress, 0.0), 1.0)
                    items.append(Rect(x0, y + 8, inner, ROW - 16, fill="#ffffff"))
                if bar.overdue:
                    items.append(Label(min(x1 + 4, width - 2), y + 15, "! " + names["overdue"], size=9, fill=RED,
                                       bold=True, anchor="start" if x1 + 60 < width else "end"))
            classes = "action-bar" + (" overdue" if bar.overdue else "") + f" status-{bar.status}"
            figure.add(Group(cls=classes, title=bar.label, href=bar.href, items=items))
            y += ROW
    if low <= today <= high:
        x = x_of(today)
        figure.add(Group(cls="today", items=[Line(x, 18, x, height - 4, stroke=RED, width=1.5),
                                             Label(x + 3, height - 6, names["today"], size=9, fill=RED)]))
    return figure
