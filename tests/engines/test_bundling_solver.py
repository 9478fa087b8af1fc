"""The optimiser as a whole: the example to optimality, random problems against a brute force and the greedy,
time limits, the undecomposed model, progress reports."""

from __future__ import annotations

import random
from typing import Any

import pytest

from straiik.engines.bundling import (
    FEASIBLE,
    OPTIMAL,
    Problem,
    Progress,
    check,
    dump_solution,
    greedy,
    parse_problem,
    parse_solution,
    solve,
)
from straiik.engines.bundling.structure import analyse
from tests.engines.bundling_support import BUYERS, FUNDING, brute_force, example_text, problem_dict

TOL = 1e-6


@pytest.fixture(scope="module")
def example() -> Problem:
    return parse_problem(example_text())


def test_the_example_is_solved_to_optimality_and_passes_check(example: Problem) -> None:
    result = solve(example, time_limit=30)
    solution = result.solution
    assert solution.status == OPTIMAL
    assert solution.total_cost == pytest.approx(solution.bound, rel=TOL)
    assert solution.total_cost <= greedy(example).total_cost + TOL * solution.total_cost
    assert solution.savings > 0.2 * solution.baseline_cost
    assert check(example, solution) == []
    assert check(example, parse_solution(dump_solution(solution))) == []
    assert len(result.stats.components) == 2  # shells and drones never share a lot


def test_the_undecomposed_model_finds_the_same_optimum(example: Problem) -> None:
    split = solve(example, time_limit=30).solution
    whole = solve(example, time_limit=30, decompose=False)
    assert len(whole.stats.components) == 1
    assert whole.solution.status == OPTIMAL
    assert whole.solution.total_cost == pytest.approx(split.total_cost, rel=TOL)


def test_with_the_greedy_as_a_warm_start(example: Problem) -> None:
    solution = solve(example, time_limit=30, warm_start=True).solution
    assert solution.status == OPTIMAL and check(example, solution) == []


def test_a_stale_start_from_highs_is_caught_and_solved_again() -> None:
    """On this problem HiGHS 1.16 turns the greedy start into the optimum inside presolve, then hands back
    the greedy's vector with the optimum's objective: the solver notices and solves again without a start."""
    problem = parse_problem(random_problem(16, demands=5))
    result = solve(problem, time_limit=20, warm_start=True)
    assert result.solution.status == OPTIMAL
    assert result.solution.total_cost == pytest.approx(brute_force(problem), rel=TOL)
    assert check(problem, result.solution) == []


def test_the_greedy_is_feasible_but_not_optimal_here(example: Problem) -> None:
    solution = greedy(example)
    assert check(example, solution) == []
    assert solution.bound is None and solution.status == FEASIBLE
    assert solution.total_cost > solve(example, time_limit=30).solution.total_cost


def test_progress_is_reported(example: Problem) -> None:
    events: list[Progress] = []
    solve(example, time_limit=30, progress=events.append, progress_interval=0)
    assert events[0].message.startswith("24 demands: 2 component(s)")
    assert events[-1].component == events[-1].components == 2
    assert all(e.bound <= e.total * (1 + TOL) for e in events)
    assert events[-1].gap == pytest.approx(0, abs=TOL)


def test_a_tiny_time_limit_still_gives_a_feasible_solution_and_a_valid_bound(example: Problem) -> None:
    solution = solve(example, time_limit=0.001).solution
    assert check(example, solution) == []
    assert solution.bound is not None and solution.bound <= solution.total_cost


def test_structure_decomposes_by_item(example: Problem) -> None:
    structure = analyse(example)
    items = [{example.demands[d].item for d in c.demands} for c in structure.components]
    assert sorted(map(sorted, items)) == [["35331100"], ["35613000"]]


def random_problem(seed: int, demands: int) -> dict[str, Any]:
    """Tiny problems with every rule in play: tiers, contract costs, capacities, funding, buyers, IR."""
    rng = random.Random(seed)
    buyers = [b["id"] for b in BUYERS]
    offers = []
    for j in range(rng.choice([1, 2])):
        tiers = [(0, rng.choice([90.0, 100.0, 110.0]))]
        for _ in range(rng.randint(0, 2)):
            tiers.append((tiers[-1][0] + rng.randint(5, 25), round(tiers[-1][1] * rng.uniform(0.75, 0.95), 2)))
        capacity = {p: rng.choice([15, 30, 60]) for p in ("P1", "P2") if rng.random() < 0.85}
        offers.append({"id": f"o{j}", "supplier": "S", "country": "DE", "item": "I",
                       "standards": rng.choice([["S1"], ["S1", "S2"]]), "eu_content": rng.choice([0.5, 0.8]),
                       "contract_cost": rng.choice([0.0, 50.0, 300.0]),
                       "tiers": [{"min_quantity": m, "unit_price": u} for m, u in tiers], "capacity": capacity})
    demand_list = [{"id": f"d{i}", "buyer": rng.choice(buyers), "item": "I", "standard": rng.choice(["S1", "S1", "S2"]),
                    "quantity": rng.randint(1, 20), "periods": rng.choice([["P1"], ["P2"], ["P1", "P2"]]),
                    "solo_unit_price": float(rng.randint(60, 130))} for i in range(demands)]
    data = problem_dict(demand_list, offers, min_buyers=rng.choice([1, 2, 3]), min_eu_buyers=rng.choice([0, 1, 2]),
                        individual_rationality=rng.random() < 0.6,
                        funding=FUNDING if rng.random() < 0.6 else None)
    if "funding" in data["rules"] and rng.random() < 0.3:
        # The unusual case where a Ukrainian buyer lowers the share is modelled differently: test it too.
        data["rules"]["funding"] = dict(FUNDING, share_with_ukraine=0.1)
    return data


def rescaled(data: dict[str, Any], factor: float) -> dict[str, Any]:
    """The same problem in other units: quantities times `factor`, prices divided by it (same money)."""
    for d in data["demands"]:
        d["quantity"] *= factor
        d["solo_unit_price"] /= factor
    for o in data["offers"]:
        o["capacity"] = {p: c * factor for p, c in o["capacity"].items()}
        for tier in o["tiers"]:
            tier["min_quantity"] *= factor
            tier["unit_price"] /= factor
    return data


@pytest.mark.parametrize("seed", range(40))
def test_random_tiny_problems_match_the_brute_force(seed: int) -> None:
    """Also in units from single items to a million cartridges: a badly scaled model once gave a wrong bound."""
    problem = parse_problem(rescaled(random_problem(seed, demands=5), 10 ** (seed % 4 * 2)))
    solution = solve(problem, time_limit=20).solution
    assert check(problem, solution) == []
    assert solution.status == OPTIMAL
    optimum = brute_force(problem)
    assert solution.total_cost == pytest.approx(optimum, rel=TOL)
    assert solution.bound <= optimum * (1 + TOL)
    assert solution.total_cost <= greedy(problem).total_cost * (1 + TOL)


@pytest.mark.parametrize("seed", range(6))
def test_random_small_problems_beat_the_greedy_within_the_bound(seed: int) -> None:
    problem = parse_problem(random_problem(100 + seed, demands=18))
    solution = solve(problem, time_limit=10).solution
    assert check(problem, solution) == []
    assert solution.bound is not None
    assert solution.bound <= solution.total_cost <= greedy(problem).total_cost * (1 + TOL)
