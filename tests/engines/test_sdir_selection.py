"""The budget-limited selection: exact on cases with a known optimum, checked against enumeration on random
cases, and explained."""

from __future__ import annotations

import itertools
import random

import pytest

from straiik.engines.sdir import Candidate, select


def brute_force(candidates: list[Candidate], budget: int) -> float:
    best = 0.0
    for r in range(len(candidates) + 1):
        for subset in itertools.combinations(candidates, r):
            if sum(c.cost for c in subset) <= budget:
                best = max(best, round(sum(c.score for c in subset), 2))
    return best


def test_the_solver_beats_funding_down_the_ranking() -> None:
    # Ranked A (90, 600k), B (80, 500k), C (75, 500k); 1M budget. Down the ranking: A only (90).
    # The optimum takes B and C (155), and explains what taking A would have cost.
    candidates = [Candidate(1, 90, 600_000), Candidate(2, 80, 500_000), Candidate(3, 75, 500_000)]
    result = select(candidates, 1_000_000)
    assert result.method == "highs" and result.optimal
    assert result.selected == [2, 3]
    assert result.total_score == 155 and result.total_cost == 1_000_000 and result.left == 0
    assert result.greedy_selected == [1] and result.greedy_score == 90
    why = result.explanations[1]
    assert not why.selected and why.code == "displaced"
    assert why.detail["with_it_score"] == 90 and why.detail["loss"] == 65
    assert sorted(why.detail["would_drop"]) == [2, 3]


def test_everything_fits_needs_no_solver() -> None:
    result = select([Candidate(1, 70, 100), Candidate(2, 60, 200)], 1_000)
    assert result.method == "all_fit" and result.selected == [1, 2] and result.left == 700 and result.solves == 0


def test_thresholds_and_the_maximum_award_are_explained() -> None:
    candidates = [Candidate(1, 95, 100, fundable=False, reason="below_threshold"), Candidate(2, 80, 900),
                  Candidate(3, 70, 300), Candidate(4, 60, 300)]
    result = select(candidates, 600, max_award=500)
    assert result.selected == [3, 4]
    assert result.explanations[1].code == "below_threshold"
    assert result.explanations[2].code == "over_max_award" and result.explanations[2].detail["max_award"] == 500


def test_the_next_in_line_that_does_not_fit_says_how_much_is_left() -> None:
    candidates = [Candidate(1, 90, 400), Candidate(2, 85, 400), Candidate(3, 80, 300)]
    result = select(candidates, 800)
    assert result.selected == [1, 2]
    why = result.explanations[3]
    assert why.code == "displaced" and why.detail["left"] == 0 and why.detail["cost"] == 300
    assert why.detail["loss"] > 0


def test_equal_totals_take_the_cheaper_selection() -> None:
    # {1} and {2, 3} both score 100; {1} costs 900, {2, 3} costs 600.
    candidates = [Candidate(1, 100, 900), Candidate(2, 50, 300), Candidate(3, 50, 300)]
    result = select(candidates, 1_000)
    assert result.total_score == 100 and result.total_cost == 600 and result.selected == [2, 3]


def test_nothing_fits() -> None:
    result = select([Candidate(1, 80, 2_000)], 1_000)
    assert result.selected == [] and result.method == "none"
    assert result.explanations[1].code == "does_not_fit"


@pytest.mark.parametrize("seed", range(12))
def test_random_cases_match_enumeration(seed: int) -> None:
    rng = random.Random(seed)
    candidates = [Candidate(i, round(rng.uniform(40, 100), 2), rng.randrange(50_000, 400_000, 1_000))
                  for i in range(1, rng.randint(6, 12))]
    budget = rng.randrange(300_000, 1_200_000, 10_000)
    result = select(candidates, budget)
    assert result.total_cost <= budget
    assert result.total_score == pytest.approx(brute_force(candidates, budget), abs=1e-6)
    assert result.total_score >= result.greedy_score


def test_a_negative_budget_is_refused() -> None:
    with pytest.raises(ValueError):
        select([], -1)
