"""Evaluation criteria, the two preset schemes, and the arithmetic of scores.

A proposal is scored per criterion on a scale 0..max_score. Its total is the weighted mean of the scores as
shares of their maximum, on 0-100: total = 100 * sum(w * s / max) / sum(w). The same formula turns one
reviewer's sheet, the reviewers' means and the moderator's consensus into comparable totals.

Presets (labels are English data; the app shows translated names of the schemes):
- "dasa": UK DASA-style assessment: desirable (does it answer the need), feasible (can it be done, by this
  team, in time and budget), viable (is there a route to use and exploitation); equal weights, each scored
  0-10 with a pass mark, then a moderator sets the consensus.
- "edf": European Defence Fund-style weighted award criteria, each scored 0-5 with thresholds; the
  reviewers' means are the consensus unless a moderator changes them.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    weight: float
    max_score: int = 10
    threshold: float = 0.0  # the lowest consensus score on this criterion that can still be funded
    guidance: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


SCHEMES: dict[str, dict[str, Any]] = {
    "dasa": {
        "moderation": True,
        "quality_threshold": 50.0,
        "criteria": [
            Criterion("desirable", "Desirable", 1.0, 10, 4.0,
                      "Does it answer the problem statement? How much would the armed forces gain?"),
            Criterion("feasible", "Feasible", 1.0, 10, 4.0,
                      "Can this team do it within the phase's time and budget? Are the risks understood?"),
            Criterion("viable", "Viable", 1.0, 10, 4.0,
                      "Is there a credible route to use, production and exploitation? Value for money?"),
        ],
    },
    "edf": {
        "moderation": False,
        "quality_threshold": 60.0,
        "criteria": [
            Criterion("excellence", "Excellence or disruption potential", 25.0, 5, 3.0),
            Criterion("innovation", "Innovation and technological development", 20.0, 5, 0.0),
            Criterion("competitiveness", "Competitiveness of the defence industry", 15.0, 5, 0.0),
            Criterion("defence_interest", "Security and defence interests", 15.0, 5, 0.0),
            Criterion("implementation", "Quality and efficiency of the implementation", 25.0, 5, 3.0),
        ],
    },
}


def criteria_from_dicts(rows: Iterable[Mapping[str, Any]]) -> list[Criterion]:
    return [Criterion(key=str(r["key"]), label=str(r.get("label") or r["key"]), weight=float(r["weight"]),
                      max_score=int(r.get("max_score", 10)), threshold=float(r.get("threshold") or 0.0),
                      guidance=str(r.get("guidance") or "")) for r in rows]


def check_criteria(criteria: Sequence[Criterion]) -> list[str]:
    """What is wrong with a list of criteria (empty when it is usable)."""
    problems = []
    if not criteria:
        problems.append("Give at least one criterion.")
    keys = [c.key for c in criteria]
    for duplicate in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(f"The key {duplicate!r} is used twice.")
    for c in criteria:
        if not KEY.match(c.key):
            problems.append(f"{c.key!r}: a key is lower-case letters, digits and _, starting with a letter.")
        if not c.label.strip():
            problems.append(f"{c.key}: give a label.")
        if not c.weight > 0:
            problems.append(f"{c.key}: the weight must be above 0.")
        if not 1 <= c.max_score <= 100:
            problems.append(f"{c.key}: the maximum score must be from 1 to 100.")
        if not 0 <= c.threshold <= c.max_score:
            problems.append(f"{c.key}: the threshold must be from 0 to the maximum score.")
    return problems


def check_sheet(values: Mapping[str, float], criteria: Sequence[Criterion]) -> dict[str, str]:
    """Per criterion key, what is wrong with one set of scores (missing, out of range)."""
    problems = {}
    for c in criteria:
        value = values.get(c.key)
        if value is None:
            problems[c.key] = "missing"
        elif not 0 <= float(value) <= c.max_score:
            problems[c.key] = f"from 0 to {c.max_score}"
    return problems


def weighted_total(values: Mapping[str, float], criteria: Sequence[Criterion]) -> float:
    """The 0-100 total of one set of scores (a sheet, the means or the consensus)."""
    weights = sum(c.weight for c in criteria)
    if weights <= 0:
        raise ValueError("criteria without weight")
    total = sum(c.weight * float(values[c.key]) / c.max_score for c in criteria)
    return round(100.0 * total / weights, 2)


def mean_scores(sheets: Sequence[Mapping[str, float]], criteria: Sequence[Criterion]) -> dict[str, float]:
    """Per criterion, the mean of the reviewers' scores (rounded to 2 decimals)."""
    if not sheets:
        return {}
    return {c.key: round(statistics.fmean(float(s[c.key]) for s in sheets), 2) for c in criteria}


def spread(totals: Sequence[float]) -> float:
    """How far the reviewers' totals lie apart (highest minus lowest): a moderator looks first where it is large."""
    return round(max(totals) - min(totals), 2) if totals else 0.0


def below_thresholds(values: Mapping[str, float], criteria: Sequence[Criterion]) -> list[str]:
    return [c.key for c in criteria if float(values[c.key]) < c.threshold]
