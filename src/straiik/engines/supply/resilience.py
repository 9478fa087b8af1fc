"""Time to survive (TTS) against time to recover (TTR) for every node, after Simchi-Levi, Schmidt, Wei et
al., "Identifying risks and mitigating disruptions in the automotive supply chain", Interfaces 45(5), 2015.

For a disrupted node n, TTS is the longest time t for which the rest of the network can meet every
product's demand using its spare capacity, rerouting to alternatives and the inventory on hand:

    max t  s.t.  make + draw - ship >= demand * t   (every node; demand only at products)
                 parts: sum over alternatives of shipped / quantity >= make   (AND over parts, OR within)
                 make[k] <= capacity[k] * t,  make[n] = 0,  draw[k] <= stock[k]

Dividing by t (all flows become weekly rates, lambda = 1/t) gives an LP whose only change between nodes is
one bound:  min lambda  s.t.  p + u - out >= d,  parts,  p <= capacity,  p[n] = 0,  u[k] <= stock[k] lambda.
TTS = 1/lambda (infinite when lambda = 0: the network copes without stock; 0 when infeasible: no stock
can bridge the loss). One HiGHS model is built once; per node the bound of p[n] is set to 0, solved from
the previous basis (dual simplex hot start), and restored. A node that the last solution at the
undisrupted optimum does not use cannot change TTS and is not solved.

When TTS < TTR, the lost demand over the TTR weeks comes from the second model of the paper: with lambda
fixed at 1/TTR and a loss l[a] <= d[a] allowed at each product, minimise sum l[a] / d[a] (each product's
weekly demand weighs 1, so products in different units compare). Lost demand = TTR * l[a] units of a;
`lost_weeks` is TTR * sum l[a] / d[a]: weeks of demand lost, added over products.

Stock: each node's `inventory_weeks` times its planned weekly throughput (`flows.allocate`), in units of
its own output. With `lose_inventory`, the disrupted node's own stock is lost with it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from .flows import Allocation, allocate
from .lp import INF, Builder, Flows, capacity_bound, status
from .model import Network

Progress = Callable[[int, int], None]
_EPS = 1e-9


@dataclass(frozen=True)
class NodeRisk:
    node: str
    tts: float  # weeks; math.inf when the rest of the network meets demand without running down stock
    ttr: float | None  # the node's recovery_weeks (None: unknown)
    lost_weeks: float  # weeks of demand lost during TTR, added over products (0 when TTS >= TTR)
    lost: dict[str, float]  # product id -> units lost during TTR (only products that lose any)

    @property
    def gap(self) -> float | None:
        """TTR - TTS in weeks; positive means demand is lost before the node is back. None if TTR unknown."""
        if self.ttr is None:
            return None
        return -math.inf if math.isinf(self.tts) else self.ttr - self.tts

    @property
    def at_risk(self) -> bool:
        return self.ttr is not None and self.tts < self.ttr * (1 - _EPS)


@dataclass(frozen=True)
class ResilienceResult:
    baseline_tts: float  # TTS with nothing disrupted: inf unless capacity already falls short of demand
    nodes: tuple[NodeRisk, ...]  # ranked: most weeks of demand lost first, then largest TTR - TTS, then id
    solves: int  # LPs solved (nodes skipped by the shortcut are not counted)

    def by_node(self) -> dict[str, NodeRisk]:
        return {r.node: r for r in self.nodes}


class _TtsModel:
    def __init__(self, network: Network, alloc: Allocation, *, with_loss: bool):
        g = network.graph
        self.graph = g
        b = Builder()
        self.p_upper = [capacity_bound(nd.capacity) for nd in g.nodes]
        flows = Flows(b, g, self.p_upper)
        self.p = flows.p
        self.lam = b.col(0.0 if with_loss else 1.0, 0.0, INF)
        stock = alloc.inventory_units
        self.u: list[int | None] = [None] * g.n
        self.loss: dict[int, int] = {}
        for k, nd in enumerate(g.nodes):
            idx, val = flows.balance(k)
            if stock[k] > 0:
                u = self.u[k] = b.col(0.0, 0.0, INF)
                b.row(-INF, 0.0, [u, self.lam], [1.0, -stock[k]])
                idx.append(u)
                val.append(1.0)
            if with_loss and nd.demand > 0:
                loss = self.loss[k] = b.col(1.0 / nd.demand, 0.0, nd.demand)
                idx.append(loss)
                val.append(1.0)
            b.row(nd.demand, INF, idx, val)
        self.h = b.highs()
        self.h.setOptionValue("presolve", "off")  # keeps the basis between solves, for the hot start

    def solve(self, node: int | None, lose_inventory: bool, values: bool = False) -> tuple[str, float, list | None]:
        """Solves with `node` disrupted; returns the status, the objective and (if asked) the column values,
        read before the bounds are restored (changing a bound clears HiGHS's solution information)."""
        h = self.h
        changed: list[tuple[int, float]] = []
        if node is not None:
            changed.append((self.p[node], self.p_upper[node]))
            u = self.u[node]
            if lose_inventory and u is not None:
                changed.append((u, INF))
            for col, _ in changed:
                h.changeColBounds(col, 0.0, 0.0)
        h.run()
        st = status(h)
        objective = h.getInfo().objective_function_value if st == "optimal" else INF
        cols = list(h.getSolution().col_value) if values and st == "optimal" else None
        for col, upper in changed:
            h.changeColBounds(col, 0.0, upper)
        return st, objective, cols


def _descendant_alternatives(network: Network) -> list[bool]:
    """Per node: does any node downstream of it (not itself) have a part with alternatives?"""
    g = network.graph
    own = [any(len(edges) > 1 for edges in groups) for groups in g.groups]
    below = [False] * g.n
    for k in range(g.n - 1, -1, -1):
        for e in g.out_edges[k]:
            t = g.dst[e]
            if own[t] or below[t]:
                below[k] = True
                break
    return below


def _solve_downstream(network: Network, stock: list[float], n: int, lose_inventory: bool,
                      ttr: float | None) -> tuple[str, float, dict[int, float]]:
    """The TTS model (ttr None) or the lost-demand model (ttr given) on the nodes downstream of n only.

    Exact when no node downstream of n has alternatives and the undisrupted network needs no stock: those
    nodes can then only make less than before, so the nodes outside never need more than before, which
    they could already supply; and inside, production never needs to exceed the planned need, which the
    capacities already allow. What is left: min lambda s.t. p[x] + u[x] - sum q p[customer] >= d[x],
    u[x] <= stock[x] lambda, p[n] = 0. Returns (status, objective, {product: loss per week})."""
    g = network.graph
    region = [n]
    seen = {n}
    for x in region:
        for e in g.out_edges[x]:
            t = g.dst[e]
            if t not in seen:
                seen.add(t)
                region.append(t)
    b = Builder()
    lam = b.col(1.0, 0.0, INF) if ttr is None else None
    p = {x: b.col(0.0, 0.0, INF) for x in region if x != n}
    loss: dict[int, int] = {}
    for x in region:
        terms: dict[int, float] = {}
        if x in p:
            terms[p[x]] = 1.0
        for e in g.out_edges[x]:
            col = p[g.dst[e]]
            terms[col] = terms.get(col, 0.0) - g.qty[e]
        s_x = 0.0 if (x == n and lose_inventory) else stock[x]
        if s_x > 0:
            if lam is not None:
                u = b.col(0.0, 0.0, INF)
                b.row(-INF, 0.0, [u, lam], [1.0, -s_x])
            else:
                u = b.col(0.0, 0.0, s_x / ttr)  # type: ignore[operator]
            terms[u] = 1.0
        d = g.nodes[x].demand
        if ttr is not None and d > 0:
            loss[x] = b.col(1.0 / d, 0.0, d)
            terms[loss[x]] = 1.0
        b.row(d, INF, list(terms), list(terms.values()))
    h = b.highs()
    h.setOptionValue("presolve", "off")  # on these small, sparse models presolve costs more than it saves
    h.run()
    st = status(h)
    if st != "optimal":
        return st, INF, {}
    values = h.getSolution().col_value
    return st, h.getInfo().objective_function_value, {x: values[c] for x, c in loss.items()}


def resilience(network: Network, *, nodes: Iterable[str] | None = None, lose_inventory: bool = False,
               progress: Progress | None = None, allocation: Allocation | None = None) -> ResilienceResult:
    """TTS and TTR, and the demand lost in between, for each node (or for `nodes` only)."""
    g = network.graph
    alloc = allocation or allocate(network)
    chosen = list(range(g.n)) if nodes is None else [g.index[x] for x in nodes]
    total = len(chosen)
    tts_model = _TtsModel(network, alloc, with_loss=False)
    loss_model: _TtsModel | None = None
    solves = 1
    st, base_lam, cols = tts_model.solve(None, lose_inventory, values=True)
    baseline = _tts(st, base_lam)
    # A solution at the undisrupted optimum: a node it does not use (nor its stock, when that is lost too)
    # can be disrupted without changing the optimum.
    unused = _unused(tts_model, cols, lose_inventory) if cols is not None else None
    # Where nothing downstream can reroute and the undisrupted network needs no stock, a small LP over the
    # nodes downstream of the disrupted one gives the same answer (see `_solve_downstream`).
    local = [False] * g.n
    if st == "optimal" and base_lam <= _EPS:
        local = [not x for x in _descendant_alternatives(network)]
    stock = alloc.inventory_units
    # Where the undisrupted network needs no stock, a cheap feasibility check with the stock switched off
    # (lambda fixed at 0, no objective: a few hot-started iterations) finds the nodes whose loss the others
    # absorb (TTS infinite) before the costlier min-lambda solve.
    screen: _TtsModel | None = None
    if st == "optimal" and base_lam <= _EPS and not all(local):
        screen = _TtsModel(network, alloc, with_loss=False)
        screen.h.changeColCost(screen.lam, 0.0)
        screen.h.changeColBounds(screen.lam, 0.0, 0.0)
    risks: list[NodeRisk] = []
    for done, k in enumerate(chosen):
        if progress is not None:
            progress(done, total)
        nd = g.nodes[k]
        if unused is not None and unused[k]:
            tts = baseline
        elif local[k]:
            st, lam, _ = _solve_downstream(network, stock, k, lose_inventory, None)
            solves += 1
            tts = _tts(st, lam)
        elif screen is not None and screen.solve(k, lose_inventory)[0] == "optimal":
            solves += 1
            tts = math.inf  # demand is met without the node and without any stock
        else:
            solves += screen is not None
            st, lam, cols = tts_model.solve(k, lose_inventory, values=unused is not None)
            solves += 1
            if st not in ("optimal", "infeasible"):
                raise RuntimeError(f"HiGHS could not solve the TTS model for node {nd.id!r}: {st}")
            tts = _tts(st, lam)
            if cols is not None and lam <= base_lam + _EPS:
                unused = _unused(tts_model, cols, lose_inventory)
        ttr = nd.recovery_weeks
        lost_weeks, lost = 0.0, {}
        if ttr is not None and ttr > 0 and tts < ttr * (1 - _EPS) and g.products and local[k]:
            st, per_week, losses = _solve_downstream(network, stock, k, lose_inventory, ttr)
            solves += 1
            if st != "optimal":
                raise RuntimeError(f"HiGHS could not solve the lost-demand model for node {nd.id!r}: {st}")
            lost_weeks = ttr * per_week
            lost = {g.ids[a]: ttr * v for a, v in losses.items() if v > _EPS * max(1.0, g.nodes[a].demand)}
        elif ttr is not None and ttr > 0 and tts < ttr * (1 - _EPS) and g.products:
            if loss_model is None:
                loss_model = _TtsModel(network, alloc, with_loss=True)
            lam_col = loss_model.lam
            loss_model.h.changeColBounds(lam_col, 1.0 / ttr, 1.0 / ttr)
            st, per_week, values = loss_model.solve(k, lose_inventory, values=True)
            solves += 1
            if st != "optimal" or values is None:
                raise RuntimeError(f"HiGHS could not solve the lost-demand model for node {nd.id!r}: {st}")
            lost_weeks = ttr * per_week
            for a, col in loss_model.loss.items():
                if values[col] > _EPS * max(1.0, g.nodes[a].demand):
                    lost[g.ids[a]] = ttr * values[col]
        risks.append(NodeRisk(nd.id, tts, ttr, lost_weeks, lost))
    if progress is not None:
        progress(total, total)
    risks.sort(key=_exposure_key)
    return ResilienceResult(baseline, tuple(risks), solves)


def _tts(st: str, lam: float) -> float:
    if st != "optimal":
        return 0.0
    return math.inf if lam <= _EPS else 1.0 / lam


def _unused(model: _TtsModel, cols: list, lose_inventory: bool) -> np.ndarray:
    values = np.asarray(cols)
    used = values[np.asarray(model.p)] > _EPS
    if lose_inventory:
        for k, u in enumerate(model.u):
            if u is not None and values[u] > _EPS:
                used[k] = True
    return ~used


def _exposure_key(r: NodeRisk) -> tuple[float, float, str]:
    gap = r.gap
    return (-r.lost_weeks, -(gap if gap is not None and not math.isinf(gap) else -math.inf), r.node)

