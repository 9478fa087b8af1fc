"""Time to survive (TTS) against time to recover (TTR) for every node, after Simchi-Levi, Schmidt, Wei et
al., "Identifying risks and mitigating disruptions in the automotive supply chain", Interfaces 45(5), 2015.

For a disrupted node n, TTS is the longest time t for which the rest of the network can meet every
product's demand using its spare capacity, rerouting to alternatives and the inventory on hand:

    max t  s.t.  make + draw - ship >= demand * t   (every node; demand only at products)
                 parts: sum over alternatives of shipped / quantity >= make   (AND over parts, OR within)
                 make[k] <= capacity[k] * t,  make[n] = 0,  draw[k] <= stock[k]

Dividing by t (all flows become weekly rates, lambda = 1/t) gives the plain LP (`_TtsModel`):
min lambda  s.t.  p + u - out >= d,  parts,  p <= capacity,  p[n] = 0,  u[k] <= stock[k] lambda.
TTS = 1/lambda (infinite when lambda = 0: the network copes without stock; 0 when infeasible: no stock
can bridge the loss).

When TTS < TTR, the lost demand over the TTR weeks comes from the second model of the paper: with lambda
fixed at 1/TTR and a loss l[a] <= d[a] allowed at each product, minimise sum l[a] / d[a] (each product's
weekly demand weighs 1, so products in different units compare). Lost demand = TTR * l[a] units of a;
`lost_weeks` is TTR * sum l[a] / d[a]: weeks of demand lost, added over products.

How it is solved: the same optimum as the plain LPs, found faster (the tests compare both on random networks).

1. The second model as a function of lambda, f(lambda) = min sum l[a] / d[a] with u[k] <= stock[k] lambda,
   is convex, piecewise linear and non-increasing, and the plain LP's answer is the least lambda with
   f = 0. A Newton iteration finds it (`_Parametric.newton`): from a lambda at or below the answer (the
   undisrupted optimum, usually 0), lambda += f / -f', with f' = sum stock[k] min(reduced cost of u[k], 0)
   a subgradient read off the same solve's duals. By convexity no step passes the answer, and on the last
   linear piece a step lands on it; 2-6 solves a node with finite TTS. All solves share one HiGHS model of the whole
   network: per node one bound (p[n] = 0) changes and the solve starts from the undisrupted optimum's
   basis, per step only the bounds of u change, so every solve is a short dual simplex hot start. The
   first solve, f(0), says whether the others cope without stock (TTS infinite); when a step would pass
   1/TTR it stops there instead, and that solve is the lost-demand answer too.
2. A node unused by some optimal undisrupted solution has TTS = the baseline: every solve that finds the
   undisrupted optimum (f = 0 at the baseline lambda) adds the nodes it leaves unused.
3. Where nothing downstream of n can reroute and the undisrupted network needs no stock, only the nodes
   downstream of n matter (`_solve_downstream`), and there TTS needs no LP at all: one pass over the
   network gives every such node's TTS (`_local_tts`). Their lost demand is a small LP on that region.

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
_F_TOL = 1e-9  # f(lambda) at or below this (weeks of demand lost per week, over all products) counts as 0
_LAM_MAX = 1e12  # a lambda beyond this (TTS under 1e-12 weeks) counts as none: TTS 0
_MAX_STEPS = 50  # a Newton iteration that has not settled by then (never seen) leaves it to the plain LP


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
    solves: int  # LPs solved (nodes answered by a shortcut are not counted)

    def by_node(self) -> dict[str, NodeRisk]:
        return {r.node: r for r in self.nodes}


def resilience(network: Network, *, nodes: Iterable[str] | None = None, lose_inventory: bool = False,
               progress: Progress | None = None, allocation: Allocation | None = None) -> ResilienceResult:
    """TTS and TTR, and the demand lost in between, for each node (or for `nodes` only)."""
    g = network.graph
    alloc = allocation or allocate(network)
    chosen = list(range(g.n)) if nodes is None else [g.index[x] for x in nodes]
    total = len(chosen)
    stock = alloc.inventory_units
    model = _network_model(network, stock, lose_inventory)
    plain = _Plain(network, alloc, lose_inventory)
    solves = 0
    unused: np.ndarray | None = None  # nodes some optimal undisrupted solution does not use
    base = model.newton(0.0, None, want_cols=True)
    if base is None:
        base_lam = plain.lam(None)
    else:
        base_lam = base.lam
        solves += base.solves
        if base.cols is not None:
            unused = model.unused(base.cols)
    baseline = _tts_of(base_lam)
    base_basis = model.h.getBasis()
    # Where nothing downstream can reroute and the undisrupted network needs no stock, only the nodes
    # downstream matter (see `_solve_downstream`), and their TTS comes without an LP (`_local_tts`).
    local = [False] * g.n
    if base_lam <= _EPS:
        local = [not x for x in _descendant_alternatives(network)]
    local_tts = _local_tts(network, stock, local, lose_inventory) if any(local) else {}
    risks: list[NodeRisk] = []
    for done, k in enumerate(chosen):
        if progress is not None:
            progress(done, total)
        nd = g.nodes[k]
        ttr = nd.recovery_weeks
        risk = 1.0 / ttr if ttr is not None and ttr > 0 and g.products else None
        loss: tuple[float, dict[int, float]] | None = None  # f at 1/TTR, and the loss per week per product
        if unused is not None and unused[k]:
            tts = baseline  # some undisrupted optimum does without the node
        elif math.isinf(base_lam):
            tts = 0.0  # no stock bridges the undisrupted shortfall; with less capacity none can either
        elif local[k]:
            tts = local_tts[k]
        else:
            model.h.setBasis(base_basis)  # the undisrupted optimum: one bound away from this node's f(0)
            model.disrupt(k)
            answer = model.newton(base_lam, risk, want_cols=unused is not None)
            if answer is None:
                tts = _tts_of(plain.lam(k))
            else:
                solves += answer.solves
                tts = _tts_of(answer.lam)
                if unused is not None and answer.cols is not None and answer.lam <= base_lam + _EPS:
                    unused |= model.unused(answer.cols)  # this solution is an undisrupted optimum too
                if answer.loss is not None:
                    loss = (answer.loss[0], model.losses(answer.loss[1]))
        lost_weeks, lost = 0.0, {}
        if risk is not None and ttr is not None and tts < ttr * (1 - _EPS):
            if loss is None and local[k]:
                st, f, losses = _solve_downstream(network, stock, k, lose_inventory, ttr)
                solves += 1
                if st != "optimal":
                    raise RuntimeError(f"HiGHS could not solve the lost-demand model for node {nd.id!r}: {st}")
                loss = (f, losses)
            elif loss is None:
                model.disrupt(k)
                st, f, _, cols = model.evaluate(risk, values=True)
                solves += 1
                loss = (f, model.losses(cols)) if cols is not None else plain.loss(k, ttr)
            per_week, losses = loss
            lost_weeks = ttr * per_week
            lost = {g.ids[a]: ttr * v for a, v in losses.items() if v > _EPS * max(1.0, g.nodes[a].demand)}
        model.restore()
        risks.append(NodeRisk(nd.id, tts, ttr, lost_weeks, lost))
    if progress is not None:
        progress(total, total)
    risks.sort(key=_exposure_key)
    return ResilienceResult(baseline, tuple(risks), solves + plain.solves)


@dataclass
class _Answer:
    lam: float  # the least lambda with f = 0; INF when there is none (TTS 0)
    solves: int
    loss: tuple[float, list[float]] | None  # f and the column values at the `risk` lambda, if solved there
    cols: list[float] | None  # column values at `lam`, if asked for


class _Parametric:
    """f(lambda) = min sum l[a] / d[a] over the whole network, the stock draws bounded by u[k] <= stock[k]
    lambda; one HiGHS model that keeps its basis between solves, one node disrupted at a time."""

    def __init__(self, b: Builder, p: list[int], p_upper: list[float], u: dict[int, int], stock: list[float],
                 loss: dict[int, int], lose_inventory: bool):
        self.h = b.highs()
        self.h.setOptionValue("presolve", "off")  # keeps the basis between solves, for the hot start
        self.p = p
        self.p_upper = p_upper
        self.u = u
        self.loss = loss
        self.lose_inventory = lose_inventory
        self.u_cols = np.array(list(u.values()), dtype=np.int32)
        self.u_stock = np.array([stock[k] for k in u], dtype=np.float64)
        self.u_pos = {k: i for i, k in enumerate(u)}
        self.disrupted: int | None = None
        self.lost_stock: int | None = None  # position in u_cols of a stock lost with the disrupted node

    def disrupt(self, node: int) -> None:
        if self.disrupted != node:
            self.restore()
            self.h.changeColBounds(self.p[node], 0.0, 0.0)
            self.disrupted = node
            self.lost_stock = self.u_pos.get(node) if self.lose_inventory else None

    def restore(self) -> None:
        if self.disrupted is not None:
            self.h.changeColBounds(self.p[self.disrupted], 0.0, self.p_upper[self.disrupted])
            self.disrupted = self.lost_stock = None

    def evaluate(self, lam: float, values: bool) -> tuple[str, float, float, list[float] | None]:
        """Solves at `lam`: the status, f, a subgradient of f at lam and, if asked, the column values."""
        h = self.h
        m = len(self.u_cols)
        if m:
            upper = self.u_stock * lam if lam > 0 else np.zeros(m)
            if self.lost_stock is not None:
                upper[self.lost_stock] = 0.0
            h.changeColsBounds(m, self.u_cols, np.zeros(m), upper)
        h.run()
        st = status(h)
        if st != "optimal":
            return st, INF, 0.0, None
        solution = h.getSolution()
        slope = 0.0
        if m:
            # This solve's dual solution stays feasible for every lambda (only bounds move), and its value
            # moves by stock[k] * min(reduced cost of u[k], 0) per unit of lambda: a subgradient of f.
            reduced = np.minimum(np.asarray(solution.col_dual)[self.u_cols], 0.0)
            if self.lost_stock is not None:
                reduced[self.lost_stock] = 0.0
            slope = float(np.dot(self.u_stock, reduced))
        cols = list(solution.col_value) if values else None
        return st, h.getInfo().objective_function_value, slope, cols

    def newton(self, start: float, risk: float | None, want_cols: bool) -> _Answer | None:
        """The least lambda >= `start` with f(lambda) = 0; `start` must not exceed it. When the answer lies
        above `risk` (1/TTR), one step stops there, so f at 1/TTR, the lost demand, comes with it.
        None if HiGHS fails or the iteration does not settle: the caller then solves the plain LP."""
        lam = start
        loss: tuple[float, list[float]] | None = None
        for solves in range(1, _MAX_STEPS + 1):
            at_risk = risk is not None and lam == risk
            st, f, slope, cols = self.evaluate(lam, want_cols or at_risk)
            if st != "optimal":
                return None
            if at_risk and cols is not None:
                loss = (f, cols)
            if f <= _F_TOL:
                return _Answer(lam, solves, loss, cols if want_cols else None)
            if slope >= 0 or f > -slope * _LAM_MAX:
                return _Answer(INF, solves, loss, None)  # more stock does not help: no lambda will do
            # f is convex, so its tangent lies below it: the tangent's root is at or below the answer.
            nxt = lam + f / -slope
            if risk is not None and loss is None and lam < risk < nxt:
                nxt = risk  # below the answer too
            if not nxt > lam:
                return None  # no progress left in floating point
            lam = nxt
        return None

    def unused(self, cols: list[float]) -> np.ndarray:
        """Per node: unused in this solution (nor its stock drawn, when the stock is lost with the node)."""
        values = np.asarray(cols)
        used = values[np.asarray(self.p)] > _EPS
        if self.lose_inventory:
            for k, u in self.u.items():
                if values[u] > _EPS:
                    used[k] = True
        result: np.ndarray = ~used
        return result

    def losses(self, cols: list[float]) -> dict[int, float]:
        return {a: cols[c] for a, c in self.loss.items()}


def _network_model(network: Network, stock: list[float], lose_inventory: bool) -> _Parametric:
    """The whole network: p, parts (AND/OR), capacities, u[k] (bounds set per solve), losses at products."""
    g = network.graph
    b = Builder()
    p_upper = [capacity_bound(nd.capacity) for nd in g.nodes]
    flows = Flows(b, g, p_upper)
    u: dict[int, int] = {}
    loss: dict[int, int] = {}
    for k, nd in enumerate(g.nodes):
        idx, val = flows.balance(k)
        if stock[k] > 0:
            u[k] = b.col(0.0, 0.0, 0.0)
            idx.append(u[k])
            val.append(1.0)
        if nd.demand > 0:
            loss[k] = b.col(1.0 / nd.demand, 0.0, nd.demand)
            idx.append(loss[k])
            val.append(1.0)
        b.row(nd.demand, INF, idx, val)
    return _Parametric(b, flows.p, p_upper, u, stock, loss, lose_inventory)


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


def _local_tts(network: Network, stock: list[float], local: list[bool], lose_inventory: bool) -> dict[int, float]:
    """TTS of every local node (no alternatives downstream, no stock needed undisrupted), without an LP.

    Take the downstream model (`_solve_downstream`) with flows as totals over a horizon of t weeks:
    P[x] + U[x] - sum over customers c of q P[c] >= d[x] t, U[x] <= stock[x], P[n] = 0. Its constraints only
    push production up, so the least production of each node, in reverse topological order, is
        phi[x](t) = max(0, h[x](t) - stock[x]),   h[x](t) = d[x] t + sum over customers c of q phi[c](t),
    and t is feasible exactly when h[n](t) <= stock[n]: TTS(n) is the largest such t (with the stock lost
    with n, the largest t with h[n](t) = 0). phi[x] does not depend on n (all customers of a node
    downstream of n are downstream of n), so one pass serves every node. Each h and phi is convex,
    non-decreasing and piecewise linear with value 0 at t = 0, kept as hinges sum w[i] max(0, t - b[i]),
    w[i] > 0, and merged exactly; a node has at most one breakpoint per node below it."""
    g = network.graph
    empty = (np.zeros(0), np.zeros(0))
    hinges: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    tts: dict[int, float] = {}
    for x in range(g.n - 1, -1, -1):
        if not local[x]:
            continue
        bs: list[np.ndarray] = []
        ws: list[np.ndarray] = []
        d = g.nodes[x].demand
        if d > 0:
            bs.append(np.zeros(1))
            ws.append(np.full(1, d))
        for e in g.out_edges[x]:
            b_c, w_c = hinges[g.dst[e]]  # the customers of a local node are local
            if len(b_c):
                bs.append(b_c)
                ws.append(w_c * g.qty[e])
        if not bs:  # nothing downstream needs it
            hinges[x] = empty
            tts[x] = math.inf
            continue
        b, inverse = np.unique(np.concatenate(bs), return_inverse=True)  # sorted, equal breakpoints merged
        w = np.bincount(inverse, weights=np.concatenate(ws))
        slope = np.cumsum(w)  # of h after each breakpoint
        value = b * slope - np.cumsum(w * b)  # h at each breakpoint
        tau = _crossing(b, slope, value, stock[x])
        tts[x] = _crossing(b, slope, value, 0.0) if lose_inventory else tau
        keep = b > tau
        k = len(b) - int(keep.sum())  # b[:k] <= tau: their slopes join in one hinge at tau
        hinges[x] = (np.concatenate(([tau], b[keep])), np.concatenate(([slope[k - 1]], w[keep])))
    return {x: math.inf if t >= 1 / _EPS else t for x, t in tts.items()}


def _crossing(b: np.ndarray, slope: np.ndarray, value: np.ndarray, s: float) -> float:
    """The largest t with h(t) <= s (s >= 0); h given at its breakpoints b by its value there and its slope
    after (> 0)."""
    k = int(np.searchsorted(value, s, side="right"))  # value[:k] <= s; value[0] = 0, so k >= 1
    return float(b[k - 1] + (s - value[k - 1]) / slope[k - 1])


def _solve_downstream(network: Network, stock: list[float], n: int, lose_inventory: bool,
                      ttr: float | None) -> tuple[str, float, dict[int, float]]:
    """The TTS model (ttr None) or the lost-demand model (ttr given) on the nodes downstream of n only.

    Exact when no node downstream of n has alternatives and the undisrupted network needs no stock: those
    nodes can then only make less than before, so the nodes outside never need more than before, which
    they could already supply; and inside, production never needs to exceed the planned need, which the
    capacities already allow. What is left: min lambda s.t. p[x] + u[x] - sum q p[customer] >= d[x],
    u[x] <= stock[x] lambda, p[n] = 0. Returns (status, objective, {product: loss per week}). `resilience`
    uses the lost-demand model; the TTS model is the reference that `_local_tts` is tested against."""
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


class _TtsModel:
    """The plain LPs on the whole network: min lambda (TTS), or with `with_loss` the lost-demand model with
    lambda fixed by the caller. The reference the fast path is tested against, and its fallback."""

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

    def solve(self, node: int | None, lose_inventory: bool,
              values: bool = False) -> tuple[str, float, list[float] | None]:
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


class _Plain:
    """The plain LPs (`_TtsModel`), built only if a Newton iteration fails."""

    def __init__(self, network: Network, alloc: Allocation, lose_inventory: bool):
        self.network = network
        self.alloc = alloc
        self.lose_inventory = lose_inventory
        self.models: dict[bool, _TtsModel] = {}
        self.solves = 0

    def _model(self, with_loss: bool) -> _TtsModel:
        if with_loss not in self.models:
            self.models[with_loss] = _TtsModel(self.network, self.alloc, with_loss=with_loss)
        return self.models[with_loss]

    def lam(self, node: int | None) -> float:
        """The plain min-lambda LP with `node` disrupted; INF when infeasible."""
        st, lam, _ = self._model(False).solve(node, self.lose_inventory)
        self.solves += 1
        if st == "infeasible":
            return INF
        if st != "optimal":
            name = "the undisrupted network" if node is None else f"node {self.network.graph.ids[node]!r}"
            raise RuntimeError(f"HiGHS could not solve the TTS model for {name}: {st}")
        return lam

    def loss(self, node: int, ttr: float) -> tuple[float, dict[int, float]]:
        model = self._model(True)
        model.h.changeColBounds(model.lam, 1.0 / ttr, 1.0 / ttr)
        st, per_week, values = model.solve(node, self.lose_inventory, values=True)
        self.solves += 1
        if st != "optimal" or values is None:
            node_id = self.network.graph.ids[node]
            raise RuntimeError(f"HiGHS could not solve the lost-demand model for node {node_id!r}: {st}")
        return per_week, {a: values[col] for a, col in model.loss.items()}


def _tts(st: str, lam: float) -> float:
    """TTS from a min-lambda LP's status and objective."""
    return _tts_of(lam) if st == "optimal" else 0.0


def _tts_of(lam: float) -> float:
    if math.isinf(lam):
        return 0.0
    return math.inf if lam <= _EPS else 1.0 / lam


def _exposure_key(r: NodeRisk) -> tuple[float, float, str]:
    gap = r.gap
    return (-_rounded(r.lost_weeks), -(_rounded(gap) if gap is not None and not math.isinf(gap) else -math.inf),
            r.node)


def _rounded(x: float) -> float:
    """x to 9 significant digits and 9 decimals (weeks), so that ties up to the LPs' rounding (24 against
    24.000000000000007 weeks, 0 against -4e-16) are broken by node id rather than by that rounding."""
    return round(float(f"{x:.9g}"), 9) + 0.0
