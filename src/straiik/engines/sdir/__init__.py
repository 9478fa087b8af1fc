"""The SDIR engine: scoring and moderation arithmetic, ranking, the budget-limited selection (an exact 0-1
knapsack with HiGHS, explained), timeliness and success indicators, and OCDS 1.1 releases.

Plain dataclasses in, plain dataclasses and dicts out; the app (straiik.sdir) translates ORM rows. Nothing
here imports Django, so it is tested and benchmarked on its own."""

from .indicators import CallTimes, Timeliness, rate, timeliness
from .ranking import Ranked, RankInput, rank
from .scoring import (
    SCHEMES,
    Criterion,
    below_thresholds,
    check_criteria,
    check_sheet,
    criteria_from_dicts,
    mean_scores,
    spread,
    weighted_total,
)
from .selection import Candidate, Explanation, Selection, select

__all__ = [
    "SCHEMES", "CallTimes", "Candidate", "Criterion", "Explanation", "RankInput", "Ranked", "Selection", "Timeliness",
    "below_thresholds", "check_criteria", "check_sheet", "criteria_from_dicts", "mean_scores", "rank", "rate",
    "select", "spread", "timeliness", "weighted_total",
]
