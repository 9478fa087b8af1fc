"""Time to survive, time to recover and lost demand (LPs with HiGHS), worked out by hand."""

from __future__ import annotations

import importlib
import math
import random

import pytest

from straiik.engines.supply import Edge, Network, Node, NodeRisk, allocate, resilience, willems_chain
from straiik.engines.supply.resilience import (
    _exposure_key,
    _local_tts,
    _solve_downstream,
    _tts,
    _TtsModel,
)


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


def tiered(rng: random.Random, n: int, *, alt_prob: float = 0.4, slack: tuple[float, float] = (1.1, 2.0)) -> Network:
    """Like bench/supply/generate.py, small: 4 tiers widening downwards, parts with 2-3 alternatives (with
    `alt_prob`), capacity = planned throughput times a factor drawn from `slack` (below 1: short already)."""
    sizes = [max(1, n * w // 10) for w in (1, 2, 3, 4)]
    tiers = [[f"t{t}-{i}" for i in range(size)] for t, size in enumerate(sizes)]
    edges = []
    for t in range(3):
        for node in tiers[t]:
            for part in range(rng.randint(1, 3)):
                below = t + 2 if t + 2 < 4 and rng.random() < 0.2 else t + 1
                k = rng.randint(2, 3) if rng.random() < alt_prob else 1
                q = float(rng.randint(1, 3))
                for source in rng.sample(tiers[below], min(k, len(tiers[below]))):
                    edges.append(Edge(node=node, source=source, part=f"p{part}", quantity=q))
    nodes = [Node(node, demand=float(rng.randint(10, 100)) if t == 0 else 0.0,
                  inventory_weeks=rng.choice((0.0, 0.5, 1.0, 2.0, 4.0)), recovery_weeks=float(rng.randint(1, 26)))
             for t, tier in enumerate(tiers) for node in tier]
    plain = Network(tuple(nodes), tuple(edges))
    need = allocate(plain).throughput
    sized = tuple(Node(**{**nd.__dict__, "capacity": need[nd.id] * rng.uniform(*slack)}) for nd in plain.nodes)
    return Network(sized, plain.edges)


def plain_answers(network: Network, lose_inventory: bool) -> dict[str, tuple[float, float]]:
    """Per node, from the plain LPs on the whole network and no shortcut: TTS (min lambda) and, when TTS <
    TTR, the weeks of demand lost (the lost-demand LP with lambda fixed at 1/TTR)."""
    g = network.graph
    alloc = allocate(network)
    tts_model = _TtsModel(network, alloc, with_loss=False)
    loss_model = _TtsModel(network, alloc, with_loss=True)
    answers = {}
    for k, node in enumerate(g.nodes):
        st, lam, _ = tts_model.solve(k, lose_inventory)
        assert st in ("optimal", "infeasible")
        tts = _tts(st, lam)
        lost_weeks = 0.0
        ttr = node.recovery_weeks
        if ttr and tts < ttr * (1 - 1e-9) and g.products:
            loss_model.h.changeColBounds(loss_model.lam, 1 / ttr, 1 / ttr)
            st, per_week, _ = loss_model.solve(k, lose_inventory)
            assert st == "optimal"
            lost_weeks = ttr * per_week
        answers[node.id] = (tts, lost_weeks)
    return answers


def assert_as_plain(network: Network, lose_inventory: bool) -> None:
    result = resilience(network, lose_inventory=lose_inventory)
    got = result.by_node()
    expected = plain_answers(network, lose_inventory)
    assert set(got) == set(expected)
    for node_id, (tts, lost_weeks) in expected.items():
        r = got[node_id]
        assert r.tts == pytest.approx(tts, rel=1e-6, abs=1e-9), node_id
        assert r.lost_weeks == pytest.approx(lost_weeks, rel=1e-6, abs=1e-7), node_id
        demand = {p: network.node_by_id[p].demand for p in r.lost}
        assert sum(v / demand[p] for p, v in r.lost.items()) == pytest.approx(r.lost_weeks, rel=1e-6, abs=1e-6)
    # The same ranking as the plain answers give.
    plain = [NodeRisk(r.node, expected[r.node][0], r.ttr, expected[r.node][1], r.lost) for r in result.nodes]
    assert [r.node for r in sorted(plain, key=_exposure_key)] == [r.node for r in result.nodes]


@pytest.mark.parametrize("lose_inventory", [False, True])
def test_fast_path_agrees_with_the_plain_lps(lose_inventory: bool) -> None:
    """Newton on the lost-demand model, the unused-node shortcut, the downstream hinge pass and the
    downstream lost-demand LP against the plain LPs on the whole network, node by node: TTS, weeks of
    demand lost and the ranking, on random networks with alternatives, without them (all downstream), with
    spare capacity and short of it (the undisrupted network already needs stock, or no stock is enough)."""
    rng = random.Random(11)
    networks = [random_network(rng, rng.randint(4, 14)) for _ in range(25)]
    networks += [tiered(rng, rng.randint(10, 40)) for _ in range(12)]
    networks += [tiered(rng, rng.randint(10, 40), alt_prob=0.0) for _ in range(6)]
    networks += [tiered(rng, rng.randint(10, 30), slack=(0.7, 1.6)) for _ in range(6)]
    for network in networks:
        assert_as_plain(network, lose_inventory)


def test_fast_path_falls_back_to_the_plain_lp(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Newton iteration cut short hands the node to the plain LP: the same answers."""
    module = importlib.import_module("straiik.engines.supply.resilience")  # the package exports the function
    monkeypatch.setattr(module, "_MAX_STEPS", 1)
    asked: list[int | None] = []
    plain_lam = module._Plain.lam
    monkeypatch.setattr(module._Plain, "lam", lambda self, node: asked.append(node) or plain_lam(self, node))
    rng = random.Random(5)
    for _ in range(4):
        assert_as_plain(tiered(rng, 30), False)
    assert len(asked) > 10


@pytest.mark.parametrize("lose_inventory", [False, True])
def test_local_tts_agrees_with_the_downstream_lp(lose_inventory: bool) -> None:
    """The one-pass hinge computation against the downstream min-lambda LP, node by node."""
    rng = random.Random(3)
    networks = [willems_chain(c) for c in (1, 7, 13, 20, 27)]
    networks += [tiered(rng, rng.randint(10, 60), alt_prob=0.0) for _ in range(8)]
    for network in networks:
        g = network.graph
        stock = allocate(network).inventory_units
        local = [True] * g.n  # no alternatives anywhere
        fast = _local_tts(network, stock, local, lose_inventory)
        for k in range(g.n):
            st, lam, _ = _solve_downstream(network, stock, k, lose_inventory, None)
            assert fast[k] == pytest.approx(_tts(st, lam), rel=1e-9, abs=1e-12), g.ids[k]

