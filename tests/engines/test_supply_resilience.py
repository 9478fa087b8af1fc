"""Time to survive, time to recover and lost demand (LPs with HiGHS), worked out by hand."""

from __future__ import annotations

import math
import random

import pytest

from straiik.engines.supply import Edge, Network, Node, allocate, resilience
from straiik.engines.supply.resilience import _TtsModel


def chain(**options: float | None) -> Network:
    # A -> B -> P. P: 10 a week, 2 weeks of stock (20 units); B: 1 week (10 units); A: none.
    return Network((Node("A", recovery_weeks=options.get("ttr_a")), Node("B", inventory_weeks=1),
                    Node("P", demand=10, inventory_weeks=2, recovery_weeks=4)),
                   (Edge(node="B", source="A"), Edge(node="P", source="B")))


def test_chain_by_hand() -> None:
    r = resilience(chain(ttr_a=5)).by_node()
    # Losing A: B's 10 units feed P for 1 week, then P's 20 units last 2 weeks.
    assert r["A"].tts == pytest.approx(3) and r["B"].tts == pytest.approx(3)
    assert r["P"].tts == pytest.approx(2)  # only P's own stock
    # P is back after 4 weeks: 2 weeks of demand (20 units) lost. A is back after 5: 2 weeks lost.
    assert r["P"].lost_weeks == pytest.approx(2) and r["P"].lost == {"P": pytest.approx(20)}
    assert r["A"].lost_weeks == pytest.approx(2) and r["A"].gap == pytest.approx(2) and r["A"].at_risk
    assert r["B"].ttr is None and r["B"].gap is None and not r["B"].at_risk and r["B"].lost_weeks == 0


def test_chain_losing_the_stock_too() -> None:
    r = resilience(chain(ttr_a=5), lose_inventory=True).by_node()
    assert r["A"].tts == pytest.approx(3)  # A has no stock to lose
    assert r["B"].tts == pytest.approx(2)  # B's own 10 units go with it
    assert r["P"].tts == 0.0 and r["P"].lost_weeks == pytest.approx(4)


def alternatives(cap2: float) -> Network:
    # P needs a fuze from S1 (6 a week) or S2; 10 a week demand, 2 weeks (20 units) of shells in stock.
    return Network((Node("S1", capacity=6, recovery_weeks=8), Node("S2", capacity=cap2, recovery_weeks=8),
                    Node("P", demand=10, inventory_weeks=2)),
                   (Edge(node="P", part="fuze", source="S1"), Edge(node="P", part="fuze", source="S2")))


def test_rerouting_with_too_little_spare_capacity() -> None:
    result = resilience(alternatives(6))
    r = result.by_node()
    # Losing S1: S2 makes 6, 4 a week come from stock: 20 / 4 = 5 weeks. Over the 8 weeks to recover,
    # 80 are needed, 48 made, 20 in stock: 12 lost (1.2 weeks of demand).
    assert r["S1"].tts == pytest.approx(5) and r["S1"].lost == {"P": pytest.approx(12)}
    assert r["S1"].lost_weeks == pytest.approx(1.2)
    assert result.baseline_tts == math.inf
    assert [x.node for x in result.nodes][:2] == ["S1", "S2"]  # ranked by lost demand


def test_rerouting_with_enough_spare_capacity() -> None:
    r = resilience(alternatives(10)).by_node()
    assert r["S1"].tts == math.inf and r["S1"].lost_weeks == 0 and not r["S1"].at_risk
    assert r["S2"].tts == pytest.approx(5)  # S1 alone makes 6


def test_no_stock_no_alternative_is_zero() -> None:
    n = Network((Node("A", recovery_weeks=3), Node("P", demand=5)), (Edge(node="P", source="A"),))
    r = resilience(n).by_node()["A"]
    assert r.tts == 0.0 and r.lost_weeks == pytest.approx(3) and r.lost == {"P": pytest.approx(15)}


def test_baseline_short_of_capacity() -> None:
    n = Network((Node("P", demand=10, capacity=5, inventory_weeks=2),), ())
    assert resilience(n).baseline_tts == pytest.approx(4)  # 20 units cover a shortfall of 5 a week


def test_shared_stock_goes_where_it_is_needed() -> None:
    # X (1 week = 2 units) feeds Y1 (no stock) and Y2 (10 weeks of its own). Losing N, X's 2 units all go to
    # Y1 while Y2 lives on its own stock: 2 weeks, not the 1 week a per-path sum of stock weeks would say.
    n = Network((Node("N"), Node("X", inventory_weeks=1), Node("Y1", demand=1), Node("Y2", demand=1,
                 inventory_weeks=10)),
                (Edge(node="X", source="N"), Edge(node="Y1", source="X"), Edge(node="Y2", source="X")))
    assert resilience(n).by_node()["N"].tts == pytest.approx(2)


def test_progress_and_subset() -> None:
    seen: list[tuple[int, int]] = []
    r = resilience(alternatives(6), nodes=["S2"], progress=lambda d, t: seen.append((d, t)))
    assert [x.node for x in r.nodes] == ["S2"] and seen[0] == (0, 1) and seen[-1] == (1, 1)


def random_network(rng: random.Random, n: int) -> Network:
    nodes, edges = [], []
    for i in range(n):
        has_inputs = i >= 3
        nodes.append(Node(f"n{i}", capacity=rng.choice([None, 5.0, 10.0, 20.0, 40.0]),
                          inventory_weeks=rng.choice([0.0, 0.5, 1.0, 2.0]),
                          recovery_weeks=float(rng.randint(1, 8)),
                          demand=float(rng.randint(1, 4)) if i >= n - 2 else 0.0))
        if has_inputs:
            for part in range(rng.randint(1, 2)):
                k = rng.randint(2, 3) if rng.random() < 0.4 else 1
                for s in rng.sample(range(i), min(k, i)):
                    edges.append(Edge(node=f"n{i}", part=f"p{part}", source=f"n{s}",
                                      quantity=float(rng.randint(1, 2))))
    return Network(tuple(nodes), tuple(edges))


def test_shortcuts_agree_with_the_full_model() -> None:
    """`resilience` skips nodes, solves small downstream models and screens with a feasibility check; each
    node's TTS must equal the plain min-lambda model on the whole network."""
    rng = random.Random(11)
    for _ in range(25):
        n = random_network(rng, rng.randint(4, 14))
        model = _TtsModel(n, allocate(n), with_loss=False)
        got = resilience(n).by_node()
        for k, node_id in enumerate(n.graph.ids):
            st, lam, _ = model.solve(k, False)
            expected = 0.0 if st != "optimal" else (math.inf if lam <= 1e-9 else 1 / lam)
            assert got[node_id].tts == pytest.approx(expected, rel=1e-6), node_id
