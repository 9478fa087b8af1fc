"""Geometry for the server-rendered SVG chart of savings per nation (no JavaScript, readable without colour:
every bar carries its figure)."""

from __future__ import annotations

from typing import Any

LABEL_W, BAR_H, GAP, WIDTH = 150, 14, 12, 720


def savings_bars(buyers: list[dict[str, Any]]) -> dict[str, Any]:
    """Per nation two bars, cost alone and cost in the joint contracts, on one scale, and the savings."""
    maximum = max((b["solo_cost"] for b in buyers), default=0) or 1
    plot_w = WIDTH - LABEL_W - 190
    rows = []
    for i, buyer in enumerate(buyers):
        y = i * (2 * BAR_H + GAP)
        rows.append({
            "name": buyer["name"], "nation": buyer["nation"], "y": y, "y2": y + BAR_H,
            "label_y": y + BAR_H + 4, "solo_w": round(plot_w * buyer["solo_cost"] / maximum, 1),
            "cost_w": round(plot_w * buyer["cost"] / maximum, 1), "solo_cost": buyer["solo_cost"],
            "cost": buyer["cost"], "savings": buyer["savings"], "share": buyer["share"],
        })
    for row in rows:
        row["text_x"] = LABEL_W + max(row["solo_w"], row["cost_w"]) + 8
    return {"width": WIDTH, "height": len(rows) * (2 * BAR_H + GAP) + 30, "rows": rows, "label_w": LABEL_W,
            "bar_h": BAR_H - 1, "legend_y": len(rows) * (2 * BAR_H + GAP) + 14}
