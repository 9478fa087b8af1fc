"""The checker catches every kind of broken solution, and names the rule and the lot, demand or field."""

from __future__ import annotations

import dataclasses

import pytest

from straiik.engines.bundling import (
    OPTIMAL,
    BuyerFigures,
    Problem,
    Solution,
    build_solution,
    check,
    parse_problem,
    solve,
)
from tests.engines.bundling_support import demand, example_text, make_problem, offer


@pytest.fixture(scope="module")
def example() -> tuple[Problem, Solution]:
    problem = parse_problem(example_text())
    return problem, solve(problem, time_limit=20).solution


def rules(violations: list) -> set[str]:
    return {v.rule for v in violations}


def test_the_optimal_example_solution_passes(example: tuple[Problem, Solution]) -> None:
    problem, solution = example
    assert check(problem, solution) == []


def test_a_missing_demand(example: tuple[Problem, Solution]) -> None:
    problem, solution = example
    lot = solution.lots[0]
    broken = dataclasses.replace(solution, lots=(dataclasses.replace(lot, demands=lot.demands[1:]),
                                                 *solution.lots[1:]))
    violations = check(problem, broken)
    assert f"demand {lot.demands[0]}: neither in a lot nor solo [assignment]" in [str(v) for v in violations]


def test_a_demand_placed_twice(example: tuple[Problem, Solution]) -> None:
    problem, solution = example
    twice = solution.lots[0].demands[0]
    violations = check(problem, dataclasses.replace(solution, solo=(*solution.solo, twice)))
    assert any(v.rule == "assignment" and f"demand {twice} is placed twice" in v.message for v in violations)


def test_an_unknown_demand_offer_or_period(example: tuple[Problem, Solution]) -> None:
    problem, solution = example
    lot = solution.lots[0]
    broken = dataclasses.replace(solution, solo=(*solution.solo, "d999"),
                                 lots=(dataclasses.replace(lot, offer="o99"), dataclasses.replace(
                                     solution.lots[1], period="2031-Q1"), *solution.lots[2:]))
    messages = [v.message for v in check(problem, broken)]
    assert "unknown demand d999" in messages
    assert "unknown offer o99" in messages
    assert "unknown period 2031-Q1" in messages


PAIR = [demand("d1", "A", 10, 100.0), demand("d2", "B", 10, 100.0)]


@pytest.mark.parametrize(("changed", "words"), [
    ({"item": "35613000"}, "demand d2 is for item 35613000, offer o1 is for item 35331200"),
    ({"standard": "JBMoU-155"}, "demand d2 needs standard JBMoU-155, offer o1 meets STANAG-4425"),
    ({"periods": ["P2"]}, "demand d2 does not accept delivery in P1 (only in P2)"),
])
def test_incompatible_item_standard_or_period(changed: dict, words: str) -> None:
    problem = make_problem([PAIR[0], {**PAIR[1], **changed}], [offer(capacity={"P1": 100, "P2": 100})])
    violations = check(problem, build_solution(problem, {"d1": ("o1", "P1"), "d2": ("o1", "P1")}))
    assert [str(v) for v in violations] == [f"lots[0] (o1/P1): {words} [compatibility]"]


def test_over_capacity() -> None:
    problem = make_problem(PAIR, [offer(capacity={"P1": 15})])
    violations = check(problem, build_solution(problem, {"d1": ("o1", "P1"), "d2": ("o1", "P1")}))
    assert [str(v) for v in violations] == [
        "lots[0] (o1/P1): quantity 20 is over the capacity 15 of offer o1 in P1 [capacity]"]


def test_a_period_without_capacity() -> None:
    problem = make_problem(PAIR, [offer(capacity={"P1": 100})])
    violations = check(problem, build_solution(problem, {"d1": ("o1", "P1"), "d2": ("o1", "P1")}))
    assert violations == []
    problem = make_problem([demand("d1", "A", 10, 100.0, periods=("P2",))], [offer(capacity={"P1": 100})])
    violations = check(problem, build_solution(problem, {"d1": ("o1", "P2")}))
    assert rules(violations) == {"capacity"}


def test_too_few_buyers_and_eu_buyers() -> None:
    problem = make_problem([demand("d1", "A", 10, 100.0), demand("d2", "N", 10, 100.0)], [offer()], min_buyers=3,
                           min_eu_buyers=2)
    violations = check(problem, build_solution(problem, {"d1": ("o1", "P1"), "d2": ("o1", "P1")}))
    assert [str(v) for v in violations] == [
        "lots[0] (o1/P1): 2 buyer(s) (A, N), at least 3 needed [min_buyers]",
        "lots[0] (o1/P1): 1 EU member buyer(s) (A), at least 2 needed [min_eu_buyers]",
    ]


def test_two_demands_of_one_buyer_are_one_buyer() -> None:
    problem = make_problem([demand("d1", "A", 10, 100.0), demand("d2", "A", 10, 100.0)], [offer()], min_buyers=2)
    violations = check(problem, build_solution(problem, {"d1": ("o1", "P1"), "d2": ("o1", "P1")}))
    assert rules(violations) == {"min_buyers"}


def test_wrong_tier_price() -> None:
    problem = make_problem(PAIR, [offer(tiers=((0, 90.0), (20, 80.0)))])
    solution = build_solution(problem, {"d1": ("o1", "P1"), "d2": ("o1", "P1")})
    assert solution.lots[0].unit_price == 80.0
    lot = dataclasses.replace(solution.lots[0], unit_price=90.0)
    violations = check(problem, dataclasses.replace(solution, lots=(lot,)))
    assert [str(v) for v in violations] == [
        "lots[0] (o1/P1): unit_price is 90.0, the tier for quantity 20 has 80.0 [tier_price]"]


@pytest.mark.parametrize("name", ["quantity", "value", "contract_cost", "funding", "net_cost"])
def test_wrong_lot_figures(name: str) -> None:
    problem = make_problem(PAIR, [offer(contract_cost=50.0)])
    solution = build_solution(problem, {"d1": ("o1", "P1"), "d2": ("o1", "P1")})
    lot = dataclasses.replace(solution.lots[0], **{name: getattr(solution.lots[0], name) + 1})
    violations = check(problem, dataclasses.replace(solution, lots=(lot,)))
    assert len(violations) == 1
    assert violations[0].rule == "figures" and violations[0].message.startswith(name)


def test_figures_within_the_tolerance_pass() -> None:
    problem = make_problem(PAIR, [offer()])
    solution = build_solution(problem, {"d1": ("o1", "P1"), "d2": ("o1", "P1")})
    lot = dataclasses.replace(solution.lots[0], net_cost=solution.lots[0].net_cost * (1 + 1e-8))
    assert check(problem, dataclasses.replace(solution, lots=(lot,), total_cost=solution.total_cost * (1 - 1e-8))) == []


@pytest.mark.parametrize("name", ["total_cost", "baseline_cost", "savings"])
def test_wrong_totals(name: str) -> None:
    problem = make_problem(PAIR, [offer()])
    solution = build_solution(problem, {"d1": ("o1", "P1")})
    violations = check(problem, dataclasses.replace(solution, **{name: getattr(solution, name) * 1.01}))
    assert [(v.rule, v.where) for v in violations] == [("figures", name)]


def test_wrong_missing_and_unknown_buyer_figures() -> None:
    problem = make_problem(PAIR, [offer()])
    solution = build_solution(problem, {"d1": ("o1", "P1"), "d2": ("o1", "P1")})
    buyers = dict(solution.buyers)
    buyers["A"] = BuyerFigures(cost=buyers["A"].cost + 5, solo_cost=buyers["A"].solo_cost,
                               savings=buyers["A"].savings)
    del buyers["B"]
    buyers["ZZ"] = BuyerFigures(0.0, 0.0, 0.0)
    violations = check(problem, dataclasses.replace(solution, buyers=buyers))
    assert {(v.where, v.message.split(",")[0]) for v in violations} == {
        ("buyers['A'].cost", "is 805.0"),
        ("buyers['ZZ']", "unknown buyer"),
        ("buyers", "buyer B is missing"),
    }


def test_individual_rationality_violated() -> None:
    problem = make_problem([demand("d1", "A", 10, 150.0), demand("d2", "B", 10, 60.0)],
                           [offer(tiers=((0, 100.0), (20, 70.0)))], individual_rationality=True)
    violations = check(problem, build_solution(problem, {"d1": ("o1", "P1"), "d2": ("o1", "P1")}))
    assert [str(v) for v in violations] == [
        "lots[0] (o1/P1): demand d2 would pay 70 per unit in the lot, more than its solo price 60 "
        "[individual_rationality]"]


def test_two_lots_on_one_offer_and_period() -> None:
    problem = make_problem(PAIR, [offer()])
    one = build_solution(problem, {"d1": ("o1", "P1")})
    two = build_solution(problem, {"d2": ("o1", "P1")})
    combined = build_solution(problem, {})
    broken = dataclasses.replace(combined, lots=(one.lots[0], two.lots[0]), solo=(),
                                 total_cost=one.lots[0].net_cost + two.lots[0].net_cost)
    buyers = {"A": BuyerFigures(800.0, 1000.0, 200.0), "B": BuyerFigures(800.0, 1000.0, 200.0),
              **{b: BuyerFigures(0.0, 0.0, 0.0) for b in ("C", "N", "UA")}}
    broken = dataclasses.replace(broken, savings=broken.baseline_cost - broken.total_cost, buyers=buyers)
    assert [v.rule for v in check(problem, broken)] == ["one_lot_per_offer_period"]


def test_an_empty_lot() -> None:
    problem = make_problem(PAIR, [offer()])
    solution = build_solution(problem, {"d1": ("o1", "P1")})
    empty = dataclasses.replace(solution.lots[0], period="P2", demands=(), quantity=0, value=0.0, net_cost=0.0,
                                contract_cost=0.0)
    violations = check(problem, dataclasses.replace(solution, lots=(*solution.lots, empty)))
    assert [str(v) for v in violations] == ["lots[1] (o1/P2): a lot without demands [assignment]"]


def test_status_optimal_with_a_gap(example: tuple[Problem, Solution]) -> None:
    problem, solution = example
    assert solution.status == OPTIMAL
    violations = check(problem, dataclasses.replace(solution, bound=solution.total_cost * 0.99))
    assert [v.rule for v in violations] == ["status"]
    assert "gap" in violations[0].message
    violations = check(problem, dataclasses.replace(solution, bound=None))
    assert [v.message for v in violations] == ["optimal, but there is no bound"]


def test_status_feasible_at_the_bound(example: tuple[Problem, Solution]) -> None:
    problem, solution = example
    violations = check(problem, dataclasses.replace(solution, status="feasible"))
    assert [v.rule for v in violations] == ["status"]
    assert check(problem, dataclasses.replace(solution, status="feasible", bound=solution.total_cost * 0.9)) == []


def test_bound_above_total(example: tuple[Problem, Solution]) -> None:
    problem, solution = example
    violations = check(problem, dataclasses.replace(solution, bound=solution.total_cost * 1.01))
    assert [v.rule for v in violations] == ["bound"]
