"""Surge: the least added capacity (or cost) that lets the network reach a target output, and where.

A steady-state linear programme (HiGHS), per week:

    minimise   sum over nodes k of surge_cost[k] * added[k]
    subject to make[k] + draw[k] - shipped out of k + short[a] >= target[a] (products with a target),
                                                               >= demand[a] (other products, unless
                                                                  keep_other_demand is False), >= 0 (others)
               parts: sum over alternatives of shipped / quantity >= make     (AND over parts, OR within)
               make[k] <= capacity[k] + added[k],  0 <= added[k] <= surge_limit[k]
               draw[k] <= stock[k] / weeks   (only with `weeks`: stock may be run down over that period)

It is solved twice: first minimising the shortfall sum short[a] / target[a] (so an unreachable target gets as
close as the surge limits allow, and says so), then, with the shortfalls held there, minimising the cost.
A node without a capacity limit never needs added capacity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .flows import Allocation, allocate
from .lp import INF, Builder, Flows, status
from .model import Network

_TOL = 1e-7


@dataclass(frozen=True)
class CapacityAddition:
    node: str
    capacity: float  # today's capacity per week
    added: float  # capacity to add per week
    cost: float  # added * surge_cost

    @property
    def new_capacity(self) -> float:
        return self.capacity + self.added


@dataclass(frozen=True)
class SurgePlan:
    targets: dict[str, float]  # product -> target output per week
    achieved: dict[str, float]  # product -> output per week the plan reaches (== target when feasible)
    feasible: bool  # every target reached
    additions: tuple[CapacityAddition, ...]  # largest cost first
    total_cost: float

    @property
    def total_added(self) -> float:
        return sum(a.added for a in self.additions)


def surge(network: Network, targets: Mapping[str, float], *, keep_other_demand: bool = True,
          weeks: float | None = None, allocation: Allocation | None = None) -> SurgePlan:
    """Where to add capacity so that each product in `targets` reaches its target output per week (for
    example twice its demand). With `weeks`, stock may be run down over that many weeks to help."""
    g = network.graph
    for pid, value in targets.items():
        if pid not in g.index:
            raise ValueError(f"unknown product {pid!r}")
        if not value >= 0:
            raise ValueError(f"target for {pid!r} must be a number >= 0")
    if weeks is not None and weeks <= 0:
        raise ValueError("weeks must be greater than 0")
    alloc = allocation or allocate(network)
    b = Builder()
    flows = Flows(b, g, [INF] * g.n)
    p = flows.p
    added: dict[int, int] = {}
    for k, nd in enumerate(g.nodes):
        if nd.capacity is None:
            continue
        limit = INF if nd.surge_limit is None else nd.surge_limit
        a = added[k] = b.col(0.0, 0.0, limit)
        b.row(-INF, nd.capacity, [p[k], a], [1.0, -1.0])
    short: dict[int, int] = {}
    required: dict[int, float] = {}
    for k, nd in enumerate(g.nodes):
        if nd.id in targets:
            required[k] = float(targets[nd.id])
        elif keep_other_demand:
            required[k] = nd.demand
    stock = alloc.inventory_units
    for k in range(g.n):
        need = required.get(k, 0.0)
        idx, val = flows.balance(k)
        if weeks is not None and stock[k] > 0:
            idx.append(b.col(0.0, 0.0, stock[k] / weeks))
            val.append(1.0)
        if g.nodes[k].id in targets and need > 0:
            s = short[k] = b.col(1.0 / need, 0.0, need)
            idx.append(s)
            val.append(1.0)
        b.row(need, INF, idx, val)
    h = b.highs()
    h.run()
    if status(h) != "optimal":
        raise RuntimeError(f"HiGHS could not solve the surge model: {status(h)}")
    sol = h.getSolution().col_value
    short_values = {k: sol[c] for k, c in short.items()}
    # Phase 2: hold the shortfalls, minimise the cost of added capacity.
    n_cols = h.getNumCol()
    costs = np.zeros(n_cols)
    for k, a in added.items():
        costs[a] = g.nodes[k].surge_cost
    h.changeColsCost(n_cols, np.arange(n_cols, dtype=np.int32), costs)
    for k, c in short.items():
        h.changeColBounds(c, 0.0, short_values[k] + _TOL * max(1.0, required[k]))
    h.run()
    if status(h) != "optimal":
        raise RuntimeError(f"HiGHS could not solve the surge model: {status(h)}")
    sol = h.getSolution().col_value
    additions = []
    for k, a in added.items():
        x = sol[a]
        if x > _TOL * max(1.0, g.nodes[k].capacity or 0.0):
            nd = g.nodes[k]
            additions.append(CapacityAddition(nd.id, float(nd.capacity or 0.0), x, x * nd.surge_cost))
    additions.sort(key=lambda c: (-c.cost, -c.added, c.node))
    achieved = {}
    for pid, target in targets.items():
        k = g.index[pid]
        achieved[pid] = target - (sol[short[k]] if k in short else 0.0)
    feasible = all(achieved[pid] >= targets[pid] - 1e-6 * max(1.0, targets[pid]) for pid in targets)
    return SurgePlan(dict(targets), achieved, feasible, tuple(additions), sum(c.cost for c in additions))
