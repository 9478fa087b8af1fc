"""Disruption scenarios simulated week by week: one site, a whole country, or a raw material is lost for a
while; what does each product still deliver, what is lost, and how do stocks run down and refill?

Each week is one linear programme (HiGHS), solved in order, each from the previous week's basis:

    maximise   sum over products a of delivered[a] / demand[a]                  (each product's week counts 1)
             + 0.001 * sum over stocked nodes k of (refill[k] - draw[k]) / throughput[k]   (keep stock up)
    subject to make[k] + draw[k] - refill[k] - shipped out of k - delivered[k] >= 0
               parts: sum over alternatives of shipped / quantity >= make      (AND over parts, OR within)
               make[k] <= capacity[k] this week,  draw[k] <= stock[k],  stock[k] - draw[k] + refill[k] <= its
               normal level,  delivered[a] <= demand[a]

The week's plan only knows this week (as a planner would: no hoarding for a disruption it cannot foresee);
demand not met in its week is lost (no backorders); lead times are not modelled. The second objective term
is a thousand times lighter per unit than any delivery, so stock is only drawn to deliver and is refilled
from spare capacity afterwards. Stock levels start at `inventory_weeks` times each node's planned throughput.

A disruption takes away `1 - capacity_left` of a node's capacity from `start_week` for `weeks` weeks (by
default each node's own `recovery_weeks`; when that is unknown, to the end of the horizon); a week partly
covered loses that fraction. A node without a capacity limit keeps `capacity_left` times its planned
throughput while disrupted. With `lose_inventory`, the node's stock is destroyed when the disruption starts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from .flows import Allocation, allocate
from .lp import INF, Builder, Flows, capacity_bound, status
from .materials import material_key
from .model import Network

Progress = Callable[[int, int], None]
_STOCK_WEIGHT = 1e-3


@dataclass(frozen=True)
class Disruption:
    nodes: tuple[str, ...]
    start_week: float = 0.0
    weeks: float | None = None  # None: each node's recovery_weeks (unknown: to the end of the horizon)
    capacity_left: float = 0.0  # fraction of capacity left while disrupted
    lose_inventory: bool = False
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "nodes", tuple(self.nodes))
        if not 0.0 <= self.capacity_left <= 1.0:
            raise ValueError("capacity_left must be between 0 and 1")
        if self.start_week < 0 or (self.weeks is not None and self.weeks < 0):
            raise ValueError("start_week and weeks must not be negative")


def site_disruption(network: Network, node_id: str, **options: object) -> Disruption:
    if node_id not in network.node_by_id:
        raise ValueError(f"unknown node {node_id!r}")
    return Disruption((node_id,), label=f"site {node_id}", **options)  # type: ignore[arg-type]


def country_disruption(network: Network, country: str, **options: object) -> Disruption:
    """Every site in one country (ISO alpha-2)."""
    code = country.strip().upper()
    nodes = tuple(n.id for n in network.nodes if n.country == code)
    if not nodes:
        raise ValueError(f"no node in country {code!r}")
    return Disruption(nodes, label=f"country {code}", **options)  # type: ignore[arg-type]


def material_disruption(network: Network, material: str, *, countries: Iterable[str] | None = None,
                        **options: object) -> Disruption:
    """Every node supplying a raw material, or only those in `countries` (e.g. an export ban)."""
    key = material_key(material)
    only = {c.strip().upper() for c in countries} if countries is not None else None
    nodes = tuple(n.id for n in network.nodes
                  if n.material and material_key(n.material) == key and (only is None or n.country in only))
    if not nodes:
        raise ValueError(f"no node supplies {material!r}" + (f" in {sorted(only)}" if only else ""))
    where = f" from {', '.join(sorted(only))}" if only else ""
    return Disruption(nodes, label=f"material {key}{where}", **options)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ProductWeeks:
    product: str
    demand: float  # per week
    output: tuple[float, ...]  # delivered, per week
    lost: tuple[float, ...]  # demand not met, per week
    inventory: tuple[float, ...]  # the product's own stock at the end of each week

    @property
    def lost_total(self) -> float:
        return sum(self.lost)

    @property
    def lost_weeks(self) -> float:
        """Weeks of demand lost."""
        return self.lost_total / self.demand

    @property
    def fill_rate(self) -> float:
        return 1.0 - self.lost_total / (self.demand * len(self.lost)) if self.lost else 1.0

    @property
    def first_short_week(self) -> int | None:
        """The first week (0-based) in which demand is not met in full."""
        tol = 1e-6 * self.demand
        return next((t for t, x in enumerate(self.lost) if x > tol), None)


@dataclass(frozen=True)
class ScenarioResult:
    weeks: int
    disruptions: tuple[Disruption, ...]
    products: tuple[ProductWeeks, ...]  # in the network's product order

    @property
    def lost_weeks(self) -> float:
        """Weeks of demand lost, added over products."""
        return sum(p.lost_weeks for p in self.products)

    def by_product(self) -> dict[str, ProductWeeks]:
        return {p.product: p for p in self.products}


def simulate(network: Network, disruptions: Iterable[Disruption], *, weeks: int = 52,
             progress: Progress | None = None, allocation: Allocation | None = None) -> ScenarioResult:
    disruptions = tuple(disruptions)
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    g = network.graph
    alloc = allocation or allocate(network)
    for d in disruptions:
        for node_id in d.nodes:
            if node_id not in g.index:
                raise ValueError(f"unknown node {node_id!r} in disruption {d.label!r}")
    need = alloc.need
    target = np.asarray(alloc.inventory_units, dtype=float)
    cap0 = [capacity_bound(nd.capacity) for nd in g.nodes]

    b = Builder()
    flows = Flows(b, g, list(cap0))
    p = flows.p
    stocked = [k for k in range(g.n) if target[k] > 0]
    u_col, r_col, cap_row = {}, {}, {}
    for k in stocked:
        w = _STOCK_WEIGHT / max(need[k], 1e-12)
        u_col[k] = b.col(-w, 0.0, float(target[k]))
        r_col[k] = b.col(w, 0.0, INF)
        cap_row[k] = b.row(-INF, 0.0, [r_col[k], u_col[k]], [1.0, -1.0])
    dlv = {a: b.col(1.0 / g.nodes[a].demand, 0.0, g.nodes[a].demand) for a in g.products}
    for k in range(g.n):
        idx, val = flows.balance(k)
        if k in u_col:
            idx += [u_col[k], r_col[k]]
            val += [1.0, -1.0]
        if k in dlv:
            idx.append(dlv[k])
            val.append(-1.0)
        b.row(0.0, INF, idx, val)
    h = b.highs(maximize=True)
    h.setOptionValue("presolve", "off")  # keeps the basis from one week to the next

    # Per node, the (start, end, capacity_left, lose_inventory) windows that hit it.
    windows: dict[int, list[tuple[float, float, float, bool]]] = {}
    for d in disruptions:
        for node_id in d.nodes:
            k = g.index[node_id]
            length = d.weeks if d.weeks is not None else g.nodes[k].recovery_weeks
            end = math.inf if length is None else d.start_week + length
            windows.setdefault(k, []).append((d.start_week, end, d.capacity_left, d.lose_inventory))

    stock = target.copy()
    u_idx = np.array([u_col[k] for k in stocked], dtype=np.int32)
    r_idx = np.array([r_col[k] for k in stocked], dtype=np.int32)
    row_idx = np.array([cap_row[k] for k in stocked], dtype=np.int32)
    stocked_arr = np.array(stocked, dtype=np.int64)
    dlv_nodes = list(g.products)
    dlv_idx = np.array([dlv[a] for a in dlv_nodes], dtype=np.int64)
    current_cap = list(cap0)
    out = np.zeros((weeks, len(dlv_nodes)))
    inv = np.zeros((weeks, len(dlv_nodes)))
    for t in range(weeks):
        if progress is not None:
            progress(t, weeks)
        for k, wins in windows.items():
            factor = 1.0
            for start, end, left, lose in wins:
                overlap = max(0.0, min(t + 1.0, end) - max(float(t), start))
                if overlap > 0:
                    factor = min(factor, 1.0 - overlap * (1.0 - left))
                if lose and t <= start < t + 1.0:
                    stock[k] = 0.0
            base = cap0[k] if not math.isinf(cap0[k]) else need[k]
            cap = cap0[k] if factor >= 1.0 else base * factor
            if cap != current_cap[k]:
                h.changeColBounds(p[k], 0.0, cap)
                current_cap[k] = cap
        if stocked:
            n_s = len(stocked)
            h.changeColsBounds(n_s, u_idx, np.zeros(n_s), stock[stocked_arr])
            h.changeRowsBounds(  # type: ignore[attr-defined]  # in highspy, missing from its stubs
                n_s, row_idx, np.full(n_s, -INF), target[stocked_arr] - stock[stocked_arr])
        h.run()
        st = status(h)
        if st != "optimal":
            raise RuntimeError(f"HiGHS could not solve week {t}: {st}")
        values = np.asarray(h.getSolution().col_value)
        if stocked:
            stock[stocked_arr] = np.clip(stock[stocked_arr] - values[u_idx] + values[r_idx], 0.0,
                                         target[stocked_arr])
        out[t] = values[dlv_idx]
        inv[t] = stock[np.array(dlv_nodes, dtype=np.int64)] if dlv_nodes else 0.0
    if progress is not None:
        progress(weeks, weeks)
    products = []
    for j, a in enumerate(dlv_nodes):
        demand = g.nodes[a].demand
        output = tuple(float(min(demand, max(0.0, x))) for x in out[:, j])
        products.append(ProductWeeks(g.ids[a], demand, output, tuple(demand - x for x in output),
                                     tuple(float(x) for x in inv[:, j])))
    order = {pid: i for i, pid in enumerate(network.products)}
    products.sort(key=lambda pw: order[pw.product])
    return ScenarioResult(weeks, disruptions, tuple(products))
