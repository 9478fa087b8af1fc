"""Server-rendered SVG geometry for scenario results: output and lost demand per week, per product."""

from __future__ import annotations

from typing import Any

from straiik.engines.svg import svg_points

WIDTH, HEIGHT, LEFT, BOTTOM = 720, 220, 50, 24


def weekly(result: dict[str, Any], limit: int = 6) -> list[dict[str, Any]]:
    """One small chart per product (the hardest hit first): delivered (line) and lost (area) per week."""
    products = sorted(result["products"], key=lambda p: -p["lost_total"])[:limit]
    charts = []
    for product in products:
        weeks = len(product["output"])
        top = max([product["demand"], *product["output"]]) or 1
        plot_w, plot_h = WIDTH - LEFT - 10, HEIGHT - BOTTOM - 10

        def x(t: float, weeks: int = weeks, plot_w: float = plot_w) -> float:
            return round(LEFT + plot_w * t / max(weeks, 1), 1)

        def y(v: float, top: float = top, plot_h: float = plot_h) -> float:
            return round(10 + plot_h * (1 - v / top), 1)

        output = svg_points([(x(t + 0.5), y(v)) for t, v in enumerate(product["output"])])
        lost = svg_points([(x(t + 0.5), y(product["demand"] - v)) for t, v in enumerate(product["lost"])])
        charts.append({"product": product["product"], "output": output, "lost": lost, "width": WIDTH,
                       "height": HEIGHT, "demand_y": y(product["demand"]), "left": LEFT, "right": WIDTH - 10,
                       "base_y": y(0), "top_label": f"{top:,.0f}", "weeks": weeks, "fill_rate": product["fill_rate"],
                       "lost_weeks": product["lost_weeks"], "first_short_week": product["first_short_week"],
                       "ticks": [{"x": x(t), "label": t} for t in range(0, weeks + 1, max(1, weeks // 8))]})
    return charts
