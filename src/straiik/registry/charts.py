"""Geometry for the server-rendered SVG charts (no JavaScript, no CDN, readable without colour)."""

from __future__ import annotations

from typing import Any

LABEL_W, CELL_W, CELL_H, HEAD_H = 150, 112, 30, 56


def heatmap(overview: dict[str, Any]) -> dict[str, Any]:
    """Organisations per province (rows) and priority area (columns)."""
    maximum = overview["max"] or 1
    cells, row_labels = [], []
    for r, row in enumerate(overview["rows"]):
        y = HEAD_H + r * CELL_H
        row_labels.append({"y": y + CELL_H * 0.65, "name": row["name"], "total": row["total"]})
        for c, n in enumerate(row["cells"]):
            share = n / maximum
            cells.append({
                "x": LABEL_W + c * CELL_W, "y": y, "n": n, "opacity": round(0.08 + 0.92 * share, 3),
                "dark": share > 0.55, "province": row["name"], "area": str(overview["areas"][c][1]),
                "province_code": row["code"], "area_code": overview["areas"][c][0],
                "tx": LABEL_W + c * CELL_W + CELL_W / 2, "ty": y + CELL_H * 0.65,
            })
    columns = [
        # Long labels ("Intelligent systems", "Maritieme maakindustrie") go on two lines to fit the column.
        {"x": LABEL_W + c * CELL_W + CELL_W / 2, "label": str(label), "code": code,
         "lines": [{"text": line, "size": _fit(line)} for line in _lines(str(label))]}
        for c, (code, label) in enumerate(overview["areas"])
    ]
    return {
        "width": LABEL_W + CELL_W * len(overview["areas"]) + 10,
        "height": HEAD_H + CELL_H * len(overview["rows"]) + 10,
        "cells": cells, "rows": row_labels, "columns": columns, "cell_w": CELL_W - 2, "cell_h": CELL_H - 2,
    }


def _lines(label: str) -> list[str]:
    """A column label on at most two lines: split at the last space, or a very long single word (a Dutch
    compound such as "Ruimtevaarttechnologie") in the middle with a hyphen."""
    if " " in label:
        return label.rsplit(" ", 1)
    if len(label) > 20:
        middle = len(label) // 2
        return [label[:middle] + "-", label[middle:]]
    return [label]


def _fit(line: str, size: float = 11, width: float = CELL_W - 6) -> float:
    """A font size at which one line of a column label fits its column (one long Dutch compound such as
    "Ruimtevaarttechnologie" has no space to break at); 0.62 em per character is a fair bold average."""
    return round(min(size, width / (0.62 * max(len(line), 1))), 1)


def bars(items: list[tuple[str, int, str]], width: int = 520, bar_h: int = 24) -> dict[str, Any]:
    """Horizontal bars: (label, count, key)."""
    maximum = max((n for _l, n, _k in items), default=0) or 1
    label_w = 230
    rows = []
    for i, (label, n, key) in enumerate(items):
        w = round((width - label_w - 60) * n / maximum, 1)
        rows.append({"y": i * (bar_h + 6), "label": str(label), "n": n, "w": w, "key": key,
                     "ty": i * (bar_h + 6) + bar_h * 0.7, "nx": label_w + w + 6})
    return {"width": width, "height": len(items) * (bar_h + 6), "rows": rows, "label_w": label_w,
            "bar_h": bar_h}
