"""Geometry for the server-rendered SVG charts of the SDIR dashboard and the decision page (no JavaScript;
every bar carries its figure, so they read without colour)."""

from __future__ import annotations

from typing import Any

WIDTH, LABEL_W, BAR_H, GAP = 720, 170, 12, 10


def timeliness_bars(rows: list[dict[str, Any]], notify_target: int, award_target: int) -> dict[str, Any]:
    """Per closed call two bars: days from the close to the notification and to the award (or, still waiting,
    the days so far, hatched), with the 90- and 180-day targets as lines."""
    longest = max([award_target * 1.15] + [r["days_waiting"] for r in rows if r["days_to_award"] is None]
                  + [r["days_to_award"] or 0 for r in rows] + [r["days_to_notification"] or 0 for r in rows])
    plot_w = WIDTH - LABEL_W - 70

    def x(days: float) -> float:
        return round(LABEL_W + plot_w * min(days, longest) / longest, 1)

    bars = []
    for i, r in enumerate(rows):
        y = 24 + i * (2 * BAR_H + GAP)
        notify = r["days_to_notification"] if r["days_to_notification"] is not None else r["days_waiting"]
        award = r["days_to_award"] if r["days_to_award"] is not None else r["days_waiting"]
        bars.append({"label": r["label"], "y": y, "y2": y + BAR_H, "label_y": y + BAR_H + 3,
                     "notify_w": round(x(notify) - LABEL_W, 1), "award_w": round(x(award) - LABEL_W, 1),
                     "notify": notify, "award": award, "notify_status": r["notification"],
                     "award_status": r["award"], "notify_x": x(notify) + 4, "award_x": x(award) + 4,
                     "url": r["call"].get_absolute_url() if "call" in r else ""})
    height = 24 + len(rows) * (2 * BAR_H + GAP) + 10
    return {"width": WIDTH, "height": max(height, 60), "bars": bars, "label_w": LABEL_W, "bar_h": BAR_H - 1,
            "notify_x": x(notify_target), "award_x": x(award_target), "notify_target": notify_target,
            "award_target": award_target, "bottom": max(height, 60) - 4}


def rate_bars(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Success rate per phase and area: the share of proposals selected, 0-100 %."""
    plot_w = WIDTH - LABEL_W - 120
    bars = []
    for i, r in enumerate(rows):
        y = 6 + i * (BAR_H + GAP)
        share = r["rate"] or 0.0
        bars.append({"label": f"{r['area']} · {r['phase_n']}", "y": y, "label_y": y + BAR_H - 2,
                     "w": round(plot_w * share, 1), "text_x": round(LABEL_W + plot_w * share + 6, 1),
                     "rate": share, "selected": r["selected"], "proposals": r["proposals"], "area": r["area_code"]})
    return {"width": WIDTH, "height": max(6 + len(rows) * (BAR_H + GAP), 30), "bars": bars, "label_w": LABEL_W,
            "bar_h": BAR_H}


def count_bars(counts: list[tuple[str, Any, int]]) -> dict[str, Any]:
    """What became of the awards' results: one bar per outcome."""
    largest = max((n for _v, _l, n in counts), default=0) or 1
    plot_w = WIDTH - LABEL_W - 300
    bars = []
    for i, (value, label, n) in enumerate(counts):
        y = 6 + i * (BAR_H + GAP)
        bars.append({"value": value, "label": label, "y": y, "label_y": y + BAR_H - 2,
                     "w": round(plot_w * n / largest, 1), "text_x": round(LABEL_W + 130 + plot_w * n / largest + 6, 1),
                     "n": n})
    return {"width": WIDTH, "height": max(6 + len(counts) * (BAR_H + GAP), 30), "bars": bars,
            "label_w": LABEL_W + 130, "bar_h": BAR_H}


def budget_bar(selection: dict[str, Any]) -> dict[str, Any]:
    """The budget as one bar: what the selection spends, what is left, and what funding down the ranking spends."""
    budget = selection["budget"] or 1
    plot_w = WIDTH - 20
    return {"width": WIDTH, "spent_w": round(plot_w * selection["total_cost"] / budget, 1),
            "greedy_w": round(plot_w * selection["greedy_cost"] / budget, 1), "plot_w": plot_w,
            "spent_share": selection["total_cost"] / budget, "greedy_share": selection["greedy_cost"] / budget}
