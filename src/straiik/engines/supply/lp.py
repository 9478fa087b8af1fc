"""Building blocks for the linear programmes (HiGHS through highspy): a silent solver, a row-wise model
builder, and the flow structure every model shares.

The shared structure, for nodes k and edges e = (source -> node, part r):
- p[k] >= 0: what node k makes per period (bounded by its capacity, or more, per model);
- f[e] >= 0: what goes through edge e, in units of the source's output;
- for every part r of node k:  sum over e in r of f[e] / quantity[e]  >=  p[k]   (AND over parts, the
  alternatives of a part add up: OR); a part with one source needs neither f nor a row (see `Flows`);
- the balance of each node (what it makes and draws from stock covers what leaves it) is added by each
  model, since each has its own terms (losses, stock, deliveries).
Lead times are not modelled: as in Simchi-Levi et al. (2015), flows are aggregated over the period.
"""

from __future__ import annotations

import highspy
import numpy as np

from straiik.engines.highs import new_highs

from .model import Graph

INF = highspy.kHighsInf
class Builder:
    def __init__(self) -> None:
        self.cost: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.row_lower: list[float] = []
        self.row_upper: list[float] = []
        self.starts: list[int] = [0]
        self.index: list[int] = []
        self.value: list[float] = []

    def col(self, cost: float, lower: float, upper: float) -> int:
        self.cost.append(cost)
        self.lower.append(lower)
        self.upper.append(upper)
        return len(self.cost) - 1

    def row(self, lower: float, upper: float, index: list[int], value: list[float]) -> int:
        self.row_lower.append(lower)
        self.row_upper.append(upper)
        self.index.extend(index)
        self.value.extend(value)
        self.starts.append(len(self.index))
        return len(self.row_lower) - 1

    def highs(self, *, maximize: bool = False) -> highspy.Highs:
        lp = highspy.HighsLp()
        lp.num_col_ = len(self.cost)
        lp.num_row_ = len(self.row_lower)
        lp.col_cost_ = np.array(self.cost, dtype=np.float64)
        lp.col_lower_ = np.array(self.lower, dtype=np.float64)
        lp.col_upper_ = np.array(self.upper, dtype=np.float64)
        lp.row_lower_ = np.array(self.row_lower, dtype=np.float64)
        lp.row_upper_ = np.array(self.row_upper, dtype=np.float64)
        if maximize:
            lp.sense_ = highspy.ObjSense.kMaximize
        matrix = lp.a_matrix_
        matrix.format_ = highspy.MatrixFormat.kRowwise
        matrix.num_col_ = lp.num_col_
        matrix.num_row_ = lp.num_row_
        matrix.start_ = np.array(self.starts, dtype=np.int32)
        matrix.index_ = np.array(self.index, dtype=np.int32)
        matrix.value_ = np.array(self.value, dtype=np.float64)
        h = new_highs()
        h.passModel(lp)
        return h


def capacity_bound(capacity: float | None) -> float:
    return INF if capacity is None else float(capacity)


class Flows:
    """The columns of the shared flow structure: p[k] per node, f[e] per edge of a part with alternatives.

    An edge that is the only source of its part carries exactly quantity * p[node] (more would only be
    wasted), so it gets no column and no row of its own: its flow is written as that multiple of p[node]
    wherever it appears. On networks of required parts only (such as the Willems chains) this removes a
    column and a row per edge."""

    def __init__(self, b: Builder, g: Graph, p_upper: list[float]):
        self.graph = g
        self.p = [b.col(0.0, 0.0, ub) for ub in p_upper]
        self.f: list[int | None] = [None] * len(g.edges)
        qty = g.qty
        for k, groups in enumerate(g.groups):
            for edges in groups:
                if len(edges) > 1:
                    for e in edges:
                        self.f[e] = b.col(0.0, 0.0, INF)
                    b.row(0.0, INF, [self.f[e] for e in edges] + [self.p[k]],  # type: ignore[arg-type]
                          [1.0 / qty[e] for e in edges] + [-1.0])

    def balance(self, k: int) -> tuple[list[int], list[float]]:
        """Columns and coefficients of p[k] minus everything that leaves node k to its customers."""
        g = self.graph
        terms: dict[int, float] = {self.p[k]: 1.0}
        for e in g.out_edges[k]:
            fe = self.f[e]
            if fe is None:
                col, coef = self.p[g.dst[e]], g.qty[e]
            else:
                col, coef = fe, 1.0
            terms[col] = terms.get(col, 0.0) - coef
        return list(terms), list(terms.values())


def status(h: highspy.Highs) -> str:
    """'optimal', 'infeasible' or HiGHS's own word for anything else."""
    st = h.getModelStatus()
    if st == highspy.HighsModelStatus.kOptimal:
        return "optimal"
    if st in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        return "infeasible"
    return h.modelStatusToString(st)
