"""Chart geometry and the ambition diff: what the figures contain, not how they look (that is checked on the
rendered report, tests/agenda/test_report.py)."""

from __future__ import annotations

from datetime import date

from straiik.engines.agenda import (
    ADDED,
    REMOVED,
    SAME,
    Bar,
    BarRow,
    Point,
    line_chart,
    nice_ticks,
    share_bars,
    timeline,
    to_svg,
    word_diff,
)
from straiik.engines.agenda.figures import Circle, Line, Polyline, Rect, Text


def test_nice_ticks_cover_the_range_in_round_steps() -> None:
    assert nice_ticks(0, 90) == [0, 25, 50, 75, 100]
    assert nice_ticks(0, 8) == [0, 2, 4, 6, 8]
    assert nice_ticks(5, 5)[0] <= 5 <= nice_ticks(5, 5)[-1]


def test_a_line_chart_puts_later_values_to_the_right_and_higher_values_up() -> None:
    points = [Point(date(2026, 3, 31), 40), Point(date(2026, 1, 31), 20), Point(date(2026, 6, 30), 80)]
    figure = line_chart(points, title="Needs on time", baseline=10, target=90, start=date(2026, 1, 1),
                        end=date(2026, 12, 31))
    circles = [i for i in figure.flat() if isinstance(i, Circle)]
    assert [c.cx for c in circles] == sorted(c.cx for c in circles)
    assert circles[0].cy > circles[1].cy > circles[2].cy  # y grows downwards
    assert len([i for i in figure.flat() if isinstance(i, Polyline)]) == 1
    dashed = [i for i in figure.flat() if isinstance(i, Line) and i.dash]
    assert len(dashed) == 2 and dashed[1].y1 < circles[2].cy  # the target (90) lies above the last value (80)
    assert any(isinstance(i, Text) and i.text == "target 90" for i in figure.flat())


def test_an_empty_chart_says_so() -> None:
    figure = line_chart([], title="x", labels={"empty": "nog geen waarden"})
    assert any(isinstance(i, Text) and i.text == "nog geen waarden" for i in figure.flat())


def test_share_bars_are_as_long_as_the_share() -> None:
    figure = share_bars([BarRow("sensors", "Sensors", 0.5, "50 %"), BarRow("space", "Space", None, "no actions")],
                        title="Quality")
    groups = figure.items[-2:]
    fills = [[i for i in g.items if isinstance(i, Rect)][1].w for g in groups]
    tracks = [[i for i in g.items if isinstance(i, Rect)][0].w for g in groups]
    assert fills[0] == tracks[0] / 2 and fills[1] == 0


def test_the_timeline_marks_overdue_actions_and_today() -> None:
    bars = [Bar("1", "2026-01 Gun studies", "Sensors", date(2026, 2, 1), date(2026, 6, 30), "delayed", overdue=True,
                progress=0.6, href="/agenda/actions/1/"),
            Bar("2", "2026-02 Verken ESA", "Space", None, None, "planned")]
    figure = timeline(bars, title="Timeline", year_start=date(2026, 1, 1), year_end=date(2026, 12, 31),
                      today=date(2026, 11, 28), month_names=[f"m{i}" for i in range(1, 13)],
                      labels={"overdue": "te laat", "no_deadline": "geen deadline", "today": "vandaag"})
    svg = to_svg(figure, "chart timeline")
    assert svg.count('class="action-bar') == 2 and 'class="action-bar overdue status-delayed"' in svg
    assert "! te laat" in svg and "geen deadline" in svg and "vandaag" in svg
    assert '<a href="/agenda/actions/1/">' in svg and "m6" in svg


def test_svg_text_is_escaped() -> None:
    figure = share_bars([BarRow("x", "<script>", 1.0, "a & b")], title="<t>")
    svg = to_svg(figure)
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg


def test_word_diff_rebuilds_both_texts() -> None:
    old = "Nederland behoudt zijn sterke positie in sensoren."
    new = "Nederland behoudt zijn sterke positie in sensoren en koopt innovatief in via SDIR."
    pieces = word_diff(old, new)
    assert "".join(t for k, t in pieces if k in (SAME, REMOVED)) == old
    assert "".join(t for k, t in pieces if k in (SAME, ADDED)) == new
    assert any(k == ADDED and "SDIR" in t for k, t in pieces)
