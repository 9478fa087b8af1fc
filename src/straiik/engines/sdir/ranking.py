"""Ranking proposals on their consensus totals.

Order: the higher total first; on equal totals the smaller request first (more for the same money), then
the earlier submission, then the lower id, so a ranking never depends on the database's row order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RankInput:
    id: int
    score: float
    amount: int
    submitted: float = 0.0  # a timestamp, for the tie-break
    fundable: bool = True


@dataclass(frozen=True)
class Ranked:
    id: int
    rank: int
    score: float
    amount: int
    fundable: bool
    tied: bool  # same total as the one ranked just above


def rank(items: Iterable[RankInput]) -> list[Ranked]:
    ordered = sorted(items, key=lambda p: (-round(p.score, 6), p.amount, p.submitted, p.id))
    result = []
    previous: float | None = None
    for position, item in enumerate(ordered, start=1):
        tied = previous is not None and round(item.score, 6) == previous
        result.append(Ranked(item.id, position, item.score, item.amount, item.fundable, tied))
        previous = round(item.score, 6)
    return result
