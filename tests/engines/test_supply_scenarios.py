"""Disruption scenarios week by week, surge plans, and dependence on countries, worked out by hand."""

from __future__ import annotations

import pytest

from straiik.engines.supply import (
    Disruption,
    Edge,
    Network,
    Node,
    country_disruption,
    country_shares,
    dependence,
    material_disruption,
    simulate,
    site_disruption,
    surge,
)


def fuzes(cap2: float = 6) -> Network:
    return Network((Node("S1", capacity=6, recovery_weeks=8, country="DE", material="tungsten"),
                    Node("S2", capacity=cap2, recovery_weeks=3, country="CN", material="tungsten"),
                    Node("P", demand=10, inventory_weeks=2, country="NL")),
                   (Edge(node="P", part="fuze", source="S1"), Edge(node="P", part="fuze", source="S2")))


def test_site_disruption_week_by_week() -> None:
    net = fuzes()
    run = simulate(net, [site_disruption(net, "S1")], weeks=14)  # S1 is out for its own 8 weeks
    p = run.by_product()["P"]
    # S2 makes 6; 4 a week from the 20 in stock: 5 full weeks, then 4 short a week until S1 is back;
    # afterwards S1 + S2 make 12: 10 delivered, 2 a week back into stock.
    assert p.output == pytest.approx((10,) * 5 + (6,) * 3 + (10,) * 6)
    assert p.lost == pytest.approx((0,) * 5 + (4,) * 3 + (0,) * 6)
    assert p.inventory == pytest.approx((16, 12, 8, 4, 0, 0, 0, 0, 2, 4, 6, 8, 10, 12))
    assert p.lost_total == pytest.approx(12) and p.lost_weeks == pytest.approx(1.2)
    assert p.first_short_week == 5 and run.lost_weeks == pytest.approx(1.2)
    assert p.fill_rate == pytest.approx(1 - 12 / 140)


def test_no_disruption_keeps_everything_steady() -> None:
    p = simulate(fuzes(), [], weeks=3).products[0]
    assert p.output == pytest.approx((10, 10, 10)) and p.inventory == pytest.approx((20, 20, 20))
    assert p.first_short_week is None


def test_country_partial_capacity_and_a_late_start() -> None:
    net = fuzes()
    d = country_disruption(net, "cn", start_week=1, weeks=1.5, capacity_left=0.5)
    assert d.nodes == ("S2",) and d.label == "country CN"
    p = simulate(net, [d], weeks=4).products[0]
    # Week 1 at half capacity: S1 6 + S2 3 = 9, 1 from stock. Week 2 half covered: S2 makes 4.5, 10.5 in
    # all, 0.5 back into stock; week 3: 12, the last 0.5 back. Nothing lost.
    assert p.output == pytest.approx((10, 10, 10, 10)) and p.inventory == pytest.approx((20, 19, 19.5, 20))


def test_material_disruption_with_lost_stock() -> None:
    net = fuzes()
    d = material_disruption(net, "Tungsten", weeks=2)
    assert set(d.nodes) == {"S1", "S2"}
    assert material_disruption(net, "tungsten", countries=["CN"]).nodes == ("S2",)
    p = simulate(net, [d, Disruption(("P",), weeks=0, lose_inventory=True)], weeks=3).products[0]
    # P's stock is destroyed at week 0, and no fuzes come for 2 weeks: nothing delivered, then back.
    assert p.output == pytest.approx((0, 0, 10)) and p.inventory == pytest.approx((0, 0, 2))
    with pytest.raises(ValueError):
        material_disruption(net, "cobalt")


def test_unknown_recovery_lasts_to_the_end() -> None:
    net = Network((Node("A"), Node("P", demand=1)), (Edge(node="P", source="A"),))
    p = simulate(net, [site_disruption(net, "A")], weeks=3).products[0]
    assert p.lost == pytest.approx((1, 1, 1))


def test_surge_by_hand() -> None:
    net = Network((Node("S1", capacity=6, surge_cost=1), Node("S2", capacity=6, surge_cost=3),
                   Node("B", capacity=15), Node("P", capacity=12, demand=10)),
                  (Edge(node="P", part="fuze", source="S1"), Edge(node="P", part="fuze", source="S2"),
                   Edge(node="P", part="body", source="B")))
    plan = surge(net, {"P": 20})
    # P +8, B +5, and the 8 more fuzes from the cheaper S1.
    assert plan.feasible and plan.achieved == {"P": pytest.approx(20)}
    assert {a.node: a.added for a in plan.additions} == {"P": pytest.approx(8), "S1": pytest.approx(8),
                                                         "B": pytest.approx(5)}
    assert plan.total_cost == pytest.approx(21) and plan.total_added == pytest.approx(21)
    assert next(a for a in plan.additions if a.node == "B").new_capacity == pytest.approx(20)


def test_surge_within_limits() -> None:
    net = Network((Node("S1", capacity=6, surge_limit=5), Node("S2", capacity=6, surge_cost=3),
                   Node("P", capacity=12, demand=10, surge_limit=4)),
                  (Edge(node="P", part="fuze", source="S1"), Edge(node="P", part="fuze", source="S2")))
    plan = surge(net, {"P": 20})
    # P can only grow to 16: 4 more fuzes, all from S1 (limit 5, cost 1).
    assert not plan.feasible and plan.achieved["P"] == pytest.approx(16)
    assert {a.node: a.added for a in plan.additions} == {"P": pytest.approx(4), "S1": pytest.approx(4)}


def test_surge_with_stock_over_a_period() -> None:
    net = Network((Node("P", capacity=10, demand=10, inventory_weeks=4),), ())
    assert surge(net, {"P": 20}).total_added == pytest.approx(10)
    # Over 8 weeks the 40 in stock give 5 a week more: only 5 to add.
    assert surge(net, {"P": 20}, weeks=8).total_added == pytest.approx(5)


def test_dependence_by_hand() -> None:
    net = Network((Node("B", country="DE", unit_value=20), Node("F1", country="US", unit_value=30, capacity=3),
                   Node("F2", country="CN", unit_value=30, capacity=1), Node("P", country="NL", unit_value=10,
                                                                               demand=1)),
                  (Edge(node="P", part="body", source="B"), Edge(node="P", part="fuze", source="F1"),
                   Edge(node="P", part="fuze", source="F2")))
    dep = dependence(net)
    p = dep.products["P"]
    # Per shell: NL 10, DE 20, fuzes split 3:1 by capacity: US 22.5, CN 7.5. Total 60.
    assert p.total == pytest.approx(60)
    assert p.shares == pytest.approx({"US": 0.375, "DE": 1 / 3, "NL": 1 / 6, "CN": 0.125})
    assert list(p.shares) == ["US", "DE", "NL", "CN"] and p.top_country == "US"
    assert p.hhi == pytest.approx(10_000 * (0.375**2 + (1 / 3) ** 2 + (1 / 6) ** 2 + 0.125**2))
    assert p.outside_eu_share == pytest.approx(0.5) and p.outside_nato_share == pytest.approx(0.125)
    assert p.outside_eu_nato_share == pytest.approx(0.125) and p.unknown_share == 0
    assert dep.overall.total == pytest.approx(60)
    assert dep.stopped_by_country == {"CN": (), "DE": ("P",), "NL": ("P",), "US": ()}


def test_country_shares_with_unknown() -> None:
    s = country_shares({"CN": 60, "": 20, "NL": 20})
    assert s.unknown_share == pytest.approx(0.2) and s.hhi == pytest.approx(10_000 * (0.36 + 0.04))
    assert country_shares({}).total == 0
