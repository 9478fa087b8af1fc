"""Each rule of the spec's Semantics, on a small case whose optimum is worked out by hand in the docstring.

Unless a test says otherwise: one offer o1 (item 35331200, STANAG-4425, 80/unit, capacity 1000 in P1, no
contract cost), min_buyers 1, no individual rationality, no funding.
"""

from __future__ import annotations

import pytest

from straiik.engines.bundling import OPTIMAL, Problem, Solution, check, solve
from tests.engines.bundling_support import FUNDING, demand, make_problem, offer


def solved(problem: Problem) -> Solution:
    solution = solve(problem, time_limit=20).solution
    assert check(problem, solution) == []
    assert solution.status == OPTIMAL
    assert solution.bound == pytest.approx(solution.total_cost, rel=1e-6)
    return solution


def lots(solution: Solution) -> dict[tuple[str, str], list[str]]:
    return {(lot.offer, lot.period): list(lot.demands) for lot in solution.lots}


def test_compatibility_item_standard_and_period() -> None:
    """Only d1 matches o1 (item, standard, a period with capacity): lot = 10 * 80; the others stay solo."""
    problem = make_problem([
        demand("d1", "A", 10, 100.0),
        demand("d2", "B", 10, 100.0, item="35613000"),
        demand("d3", "C", 10, 100.0, standard="JBMoU-155"),
        demand("d4", "A", 10, 100.0, periods=("P2",)),
    ], [offer()])
    solution = solved(problem)
    assert lots(solution) == {("o1", "P1"): ["d1"]}
    assert solution.solo == ("d2", "d3", "d4")
    assert solution.total_cost == pytest.approx(800 + 3 * 1000)


def test_a_demand_goes_to_a_period_it_accepts() -> None:
    """d1 accepts only P2: o1 (80) delivers only in P1, so d1 takes o2 (95) in P2: 950."""
    problem = make_problem([demand("d1", "A", 10, 100.0, periods=("P2",))],
                           [offer("o1", capacity={"P1": 1000}), offer("o2", tiers=((0, 95.0),), capacity={"P2": 1000})])
    solution = solved(problem)
    assert lots(solution) == {("o2", "P2"): ["d1"]}
    assert solution.total_cost == pytest.approx(950)


def test_capacity_keeps_the_demands_that_save_most() -> None:
    """Capacity 25 takes two of three 10-unit demands. Savings per demand 10*(s-80): d1 200, d2 100, d3 150:
    lot {d1, d3} = 1600, d2 solo 900, total 2500."""
    problem = make_problem([demand("d1", "A", 10, 100.0), demand("d2", "B", 10, 90.0), demand("d3", "C", 10, 95.0)],
                           [offer(capacity={"P1": 25})])
    solution = solved(problem)
    assert lots(solution) == {("o1", "P1"): ["d1", "d3"]}
    assert solution.total_cost == pytest.approx(2500)


def test_capacity_in_another_period() -> None:
    """Same, but d2 also accepts P2 where o1 has room for 10: it goes there: 3 * 800 = 2400."""
    problem = make_problem([demand("d1", "A", 10, 100.0), demand("d2", "B", 10, 90.0, periods=("P1", "P2")),
                            demand("d3", "C", 10, 95.0)], [offer(capacity={"P1": 25, "P2": 10})])
    solution = solved(problem)
    assert lots(solution) == {("o1", "P1"): ["d1", "d3"], ("o1", "P2"): ["d2"]}
    assert solution.total_cost == pytest.approx(2400)


def test_min_buyers_counts_distinct_buyers() -> None:
    """min_buyers 3: three demands of two buyers cannot form a lot (all solo, 3000); a third buyer's one unit
    opens it: 31 * 80 = 2480."""
    two = [demand("d1", "A", 10, 100.0), demand("d2", "A", 10, 100.0), demand("d3", "B", 10, 100.0)]
    solution = solved(make_problem(two, [offer()], min_buyers=3))
    assert solution.lots == ()
    assert solution.total_cost == pytest.approx(3000)
    solution = solved(make_problem([*two, demand("d4", "C", 1, 100.0)], [offer()], min_buyers=3))
    assert lots(solution) == {("o1", "P1"): ["d1", "d2", "d3", "d4"]}
    assert solution.total_cost == pytest.approx(2480)


def test_min_eu_buyers() -> None:
    """min_buyers 3, min_eu_buyers 2: A (EU), N and UA (not EU) are three buyers but one EU member: all solo,
    3000. With B (EU) as well: one lot of 40 at 80 = 3200."""
    three = [demand("d1", "A", 10, 100.0), demand("d2", "N", 10, 100.0), demand("d3", "UA", 10, 100.0)]
    solution = solved(make_problem(three, [offer()], min_buyers=3, min_eu_buyers=2))
    assert solution.lots == ()
    assert solution.total_cost == pytest.approx(3000)
    solution = solved(make_problem([*three, demand("d4", "B", 10, 100.0)], [offer()], min_buyers=3, min_eu_buyers=2))
    assert lots(solution) == {("o1", "P1"): ["d1", "d2", "d3", "d4"]}
    assert solution.total_cost == pytest.approx(3200)


def test_all_units_tier_crossed_by_more_demand_makes_bundling_worth_it() -> None:
    """Tiers 0: 100, 30: 80. Two demands of 10 at solo 95: a lot of 20 costs 100/unit, worse than alone
    (1900 solo). A third brings the lot to 30: every unit at 80, 2400 instead of 2850 solo."""
    tiers = ((0, 100.0), (30, 80.0))
    two = [demand("d1", "A", 10, 95.0), demand("d2", "B", 10, 95.0)]
    solution = solved(make_problem(two, [offer(tiers=tiers)]))
    assert solution.lots == ()
    assert solution.total_cost == pytest.approx(1900)
    solution = solved(make_problem([*two, demand("d3", "C", 10, 95.0)], [offer(tiers=tiers)]))
    assert len(solution.lots) == 1
    lot = solution.lots[0]
    assert (lot.quantity, lot.unit_price, lot.value) == (30, 80.0, 2400.0)
    assert solution.total_cost == pytest.approx(2400)


def test_tier_boundary_is_inclusive() -> None:
    """Tier 2 starts at 30: 29 units are priced at 100 (2900, worse than 29 * 95 solo = 2755 when alone);
    30 units at 80."""
    tiers = ((0, 100.0), (30, 80.0))
    solution = solved(make_problem([demand("d1", "A", 10, 95.0), demand("d2", "B", 19, 95.0)], [offer(tiers=tiers)]))
    assert solution.lots == ()
    solution = solved(make_problem([demand("d1", "A", 10, 95.0), demand("d2", "B", 20, 95.0)], [offer(tiers=tiers)]))
    assert solution.lots[0].unit_price == 80.0


def test_contract_cost_can_make_a_lot_not_worth_it() -> None:
    """90/unit, two demands of 10 at solo 100: the lot saves 200 before the contract cost. At 500 it is not
    worth it (2000 solo); at 100 it is (1800 + 100 = 1900)."""
    pair = [demand("d1", "A", 10, 100.0), demand("d2", "B", 10, 100.0)]
    solution = solved(make_problem(pair, [offer(tiers=((0, 90.0),), contract_cost=500.0)]))
    assert solution.lots == ()
    assert solution.total_cost == pytest.approx(2000)
    solution = solved(make_problem(pair, [offer(tiers=((0, 90.0),), contract_cost=100.0)]))
    assert solution.lots[0].contract_cost == 100.0
    assert solution.lots[0].net_cost == pytest.approx(1900)
    assert solution.total_cost == pytest.approx(1900)


def test_funding_without_ukraine() -> None:
    """101/unit, solo 100: without funding a lot of 20 costs 2020 > 2000 solo. With EU funding (eu_content
    0.9 >= 0.65): 15% off the value, 2020 - 303 = 1717."""
    pair = [demand("d1", "A", 10, 100.0), demand("d2", "B", 10, 100.0)]
    solution = solved(make_problem(pair, [offer(tiers=((0, 101.0),))]))
    assert solution.lots == ()
    solution = solved(make_problem(pair, [offer(tiers=((0, 101.0),))], funding=FUNDING))
    lot = solution.lots[0]
    assert (lot.value, lot.funding, lot.net_cost) == (2020.0, pytest.approx(303.0), pytest.approx(1717.0))
    assert solution.total_cost == pytest.approx(1717)


def test_funding_below_min_eu_content() -> None:
    """Same with eu_content 0.5 < 0.65: no funding, so no lot (2000)."""
    pair = [demand("d1", "A", 10, 100.0), demand("d2", "B", 10, 100.0)]
    solution = solved(make_problem(pair, [offer(tiers=((0, 101.0),), eu_content=0.5)], funding=FUNDING))
    assert solution.lots == ()
    assert solution.total_cost == pytest.approx(2000)


def test_funding_with_ukraine_pays_a_larger_share() -> None:
    """120/unit, solo 100, IR on. With 15% funding the net unit cost is 102 > 100: no lot of A and B (2000).
    With Ukraine in the lot, 20%: 96 per unit, so A, B and UA join: 3600 - 720 = 2880 instead of 3000."""
    pair = [demand("d1", "A", 10, 100.0), demand("d2", "B", 10, 100.0)]
    one_offer = [offer(tiers=((0, 120.0),))]
    solution = solved(make_problem(pair, one_offer, funding=FUNDING, individual_rationality=True))
    assert solution.lots == ()
    assert solution.total_cost == pytest.approx(2000)
    solution = solved(make_problem([*pair, demand("d3", "UA", 10, 100.0)], one_offer, funding=FUNDING,
                                   individual_rationality=True))
    lot = solution.lots[0]
    assert lot.demands == ("d1", "d2", "d3")
    assert lot.funding == pytest.approx(720.0)
    assert solution.total_cost == pytest.approx(2880)
    assert solution.buyers["UA"].cost == pytest.approx(960)


def test_individual_rationality_excludes_a_lot_that_is_cheaper_in_total() -> None:
    """Tiers 0: 100, 20: 70. A (10 at 150) and B (10 at 60) together: 20 * 70 = 1400, cheaper than anything
    else (A alone in the lot 1000 + B solo 600 = 1600), but B would pay 70 > 60. Without the rule: 1400;
    with it: 1600."""
    pair = [demand("d1", "A", 10, 150.0), demand("d2", "B", 10, 60.0)]
    tiers = ((0, 100.0), (20, 70.0))
    solution = solved(make_problem(pair, [offer(tiers=tiers)], individual_rationality=False))
    assert lots(solution) == {("o1", "P1"): ["d1", "d2"]}
    assert solution.total_cost == pytest.approx(1400)
    solution = solved(make_problem(pair, [offer(tiers=tiers)], individual_rationality=True))
    assert lots(solution) == {("o1", "P1"): ["d1"]}
    assert solution.solo == ("d2",)
    assert solution.total_cost == pytest.approx(1600)


def test_individual_rationality_with_contract_cost_needs_volume() -> None:
    """90/unit plus 300 contract cost, IR on: net unit cost 90 + 300/Q must be <= 95 for d2, so Q >= 60.
    d1 (50 at 120) alone: 4800 < 6000. With d2 (10 at 95): Q 60, 5700 total vs 4800 + 950 = 5750: joins."""
    problem = make_problem([demand("d1", "A", 50, 120.0), demand("d2", "B", 10, 95.0)],
                           [offer(tiers=((0, 90.0),), contract_cost=300.0)], individual_rationality=True)
    solution = solved(problem)
    assert lots(solution) == {("o1", "P1"): ["d1", "d2"]}
    assert solution.total_cost == pytest.approx(5700)


def test_all_solo_when_nothing_can_be_bundled() -> None:
    """No offer fits anyone: every demand solo, the bound is the baseline, status optimal."""
    demands = [demand("d1", "A", 10, 100.0), demand("d2", "B", 5, 70.0, item="35613000")]
    for offers in ([], [offer(item="35722000")]):
        solution = solved(make_problem(demands, offers))
        assert solution.lots == ()
        assert solution.solo == ("d1", "d2")
        assert solution.total_cost == solution.baseline_cost == pytest.approx(1350)
        assert solution.savings == 0
        assert solution.bound == pytest.approx(1350)


def test_buyer_figures_share_the_lot_by_quantity() -> None:
    """Lot of d1 (A, 30) and d2 (B, 10) at 80 + 400 contract cost = 3600: A pays 3/4 = 2700, B 900;
    A's other demand d3 (item not offered) is solo at 5 * 50 = 250; C has no demand."""
    problem = make_problem([demand("d1", "A", 30, 100.0), demand("d2", "B", 10, 100.0),
                            demand("d3", "A", 5, 50.0, item="35613000")], [offer(contract_cost=400.0)])
    solution = solved(problem)
    assert solution.buyers["A"].cost == pytest.approx(2950)
    assert solution.buyers["A"].solo_cost == pytest.approx(3250)
    assert solution.buyers["A"].savings == pytest.approx(300)
    assert solution.buyers["B"].cost == pytest.approx(900)
    assert solution.buyers["C"].cost == 0
    assert list(solution.buyers) == ["A", "B", "C", "N", "UA"]


def test_share_with_ukraine_smaller_than_share_is_modelled_too() -> None:
    """An unusual rule set where Ukraine's presence lowers the share (10% instead of 15%), price 110, solo
    100, IR off: without UA the lot of A and B costs 2200 * 0.85 = 1870; adding UA's 10 makes the lot
    3300 * 0.9 = 2970 > 1870 + 1000, so UA stays solo: 2870."""
    funding = dict(FUNDING, share_with_ukraine=0.10)
    problem = make_problem([demand("d1", "A", 10, 100.0), demand("d2", "B", 10, 100.0),
                            demand("d3", "UA", 10, 100.0)], [offer(tiers=((0, 110.0),))], funding=funding)
    solution = solved(problem)
    assert lots(solution) == {("o1", "P1"): ["d1", "d2"]}
    assert solution.total_cost == pytest.approx(2870)
