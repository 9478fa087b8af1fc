"""The mixed-integer model of one component (or of the whole problem), solved with HiGHS.

Per candidate lot l = (offer, period) with reachable tiers k = [lo_k, hi_k] at unit price u_k:

- x[d,l] binary: demand d joins lot l (only pairs that survived pruning in `structure`); each demand is
  in at most one lot;
- z[l,k] binary: the lot is open in tier k (at most one; open = sum_k z);
- Q[l,k] >= 0: the lot's quantity when its tier is k, else 0 (lo_k z <= Q[l,k] <= hi_k z), and
  sum_k Q[l,k] = sum_d q_d x[d,l]: the all-units tier is the one whose range holds the quantity, and
  capacity is the top of the last range;
- where a Ukrainian buyer changes the funding share: W[l] = V when one is in the lot, else 0 (W <= V,
  W <= Vmax * sum of Ukrainian x), so the bilinear "share depends on who joins" is linear;
- w[b,l] in [0,1]: buyer b is in the lot (w <= sum of its x), counted for min_buyers and min_eu_buyers.
  It need not be integer: with x integer the right-hand side is 0 or at least 1.

Net lot cost C = sum_k (1 - share) u_k Q[l,k] + F sum_k z[l,k] - (share_ua - share) W.
Objective: the all-solo baseline (the objective offset), minus q_d * solo_d for each x, plus the lot costs.
Individual rationality C <= solo_d * Q when x[d,l] = 1 is a big-M row with the smallest valid M from the
tier ranges, added only for the demands for which it can bind; pruning gives two stronger cuts for free:
x[d,l] <= the sum of z over the tiers where d can be rational, and Q >= the smallest quantity at which
it can be.

A formulation with x split by tier (x[d,l,k], which makes individual rationality linear without big-M
and prices each demand at its own tier) was tried: its relaxation is tighter, but it is 2-4 times larger
and on the benchmark HiGHS reached a 1.1% gap at 10,000 demands in 60 s where this one reaches 0.1%.

Money is divided by the component's largest solo cost of one demand and each lot's quantities by its
largest candidate demand, so the coefficients stay near 1 whether a lot buys cartridges or radars.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from straiik.engines.highs import new_highs

from .structure import CandidateLot, Component, Structure

INF = highspy.kHighsInf
# Threads for HiGHS: 1. The MIP search is essentially serial, and with one solver process per core HiGHS's
# second thread only competes with the other process (measured on the shared 2-core machine: a third less
# wall time on small components with 1 than with HiGHS's default). HiGHS starts one scheduler per process
# with the first solve's thread count and refuses (status "Not Set") a later model that asks for fewer; in
# a process where another engine solved first with the default, `_run` then solves with the default too,
# and so does every later model of this process.
THREADS: int | None = 1


def _highs() -> highspy.Highs:
    h = new_highs()
    if THREADS:
        h.setOptionValue("threads", THREADS)
    return h


def _run(h: highspy.Highs) -> None:
    global THREADS
    status = h.run()
    if THREADS and status == highspy.HighsStatus.kError and h.getModelStatus() == highspy.HighsModelStatus.kNotset:
        THREADS = None
        h.setOptionValue("threads", 0)  # HiGHS's default: as many as the process's scheduler has
        h.run()


class _Builder:
    def __init__(self) -> None:
        self.cost: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[int] = []
        self.row_lower: list[float] = []
        self.row_upper: list[float] = []
        self.starts: list[int] = [0]
        self.index: list[int] = []
        self.value: list[float] = []

    def col(self, cost: float, lower: float, upper: float, integer: bool = False) -> int:
        self.cost.append(cost)
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(1 if integer else 0)
        return len(self.cost) - 1

    def row(self, lower: float, upper: float, index: list[int], value: list[float]) -> None:
        self.row_lower.append(lower)
        self.row_upper.append(upper)
        self.index.extend(index)
        self.value.extend(value)
        self.starts.append(len(self.index))

    def lp(self, offset: float) -> highspy.HighsLp:
        lp = highspy.HighsLp()
        lp.num_col_ = len(self.cost)
        lp.num_row_ = len(self.row_lower)
        lp.col_cost_ = np.array(self.cost, dtype=np.float64)
        lp.col_lower_ = np.array(self.lower, dtype=np.float64)
        lp.col_upper_ = np.array(self.upper, dtype=np.float64)
        lp.row_lower_ = np.array(self.row_lower, dtype=np.float64)
        lp.row_upper_ = np.array(self.row_upper, dtype=np.float64)
        lp.offset_ = offset
        matrix = lp.a_matrix_
        matrix.format_ = highspy.MatrixFormat.kRowwise
        matrix.num_col_ = lp.num_col_
        matrix.num_row_ = lp.num_row_
        matrix.start_ = np.array(self.starts, dtype=np.int32)
        matrix.index_ = np.array(self.index, dtype=np.int32)
        matrix.value_ = np.array(self.value, dtype=np.float64)
        kinds = {0: highspy.HighsVarType.kContinuous, 1: highspy.HighsVarType.kInteger}
        lp.integrality_ = [kinds[i] for i in self.integer]
        return lp


@dataclass
class _LotCols:
    lot: int
    unit: float  # the lot's quantities are in units of this many
    x: list[int]  # aligned with lot.members
    z: list[int]  # aligned with lot.tiers
    quantity: list[int]  # Q[l,k], aligned with lot.tiers
    funding: int | None  # W
    ua_flag: int | None  # y, only when the share with Ukraine is the smaller one
    buyers: dict[int, int]  # buyer index -> w column


@dataclass
class MipResult:
    assignment: dict[int, int] | None  # demand -> lot index; None when HiGHS found no solution
    objective: float | None
    bound: float  # -inf when HiGHS proved nothing
    status: str
    optimal: bool
    columns: int
    rows: int
    nonzeros: int
    build_seconds: float
    solve_seconds: float
    # The solution vector's own objective agrees with the objective HiGHS reports. HiGHS 1.16 can break
    # this after a user start: presolve maps the start into its reduced space (where dual reductions
    # change it into a better solution), then hands back the original start vector with the better
    # objective. The caller then re-solves without a start.
    consistent: bool = True


class ComponentModel:
    """The model of a set of lots (a component, or all lots for the undecomposed comparison)."""

    def __init__(self, structure: Structure, component: Component):
        self.structure = structure
        self.component = component
        demands = component.demands
        # Money in units of the largest solo cost of one demand; each lot's quantities in units of its largest
        # candidate demand: cartridges (a million rounds at 0.90) and radars (2 at 9 million) then look alike
        # to HiGHS, also in one model of the whole problem.
        self.scale = max((structure.solo_cost(d) for d in demands), default=1.0) or 1.0
        self.offset = sum(structure.solo_cost(d) for d in demands) / self.scale
        self.builder = _Builder()
        self.lots = [self._add_lot(i) for i in component.lots]
        x_of: dict[int, list[int]] = {}
        for cols in self.lots:
            for d, col in zip(structure.lots[cols.lot].members, cols.x, strict=True):
                x_of.setdefault(d, []).append(col)
        for cols_of_d in x_of.values():
            if len(cols_of_d) > 1:
                self.builder.row(-INF, 1.0, cols_of_d, [1.0] * len(cols_of_d))

    def _add_lot(self, i: int) -> _LotCols:
        st, b, scale = self.structure, self.builder, self.scale
        rules = st.problem.rules
        lot = st.lots[i]
        q, price = st.quantity, st.solo_price
        unit = float(max(q[d] for d in lot.members))
        z = [b.col(lot.contract_cost / scale, 0.0, 1.0, True) for _ in lot.tiers]
        qty = [b.col((1.0 - lot.share_base) * t.price * unit / scale, 0.0, t.hi / unit) for t in lot.tiers]
        x = [b.col(-q[d] * price[d] / scale, 0.0, 1.0, True) for d in lot.members]
        b.row(-INF, 1.0, z, [1.0] * len(z))
        b.row(0.0, 0.0, x + qty, [q[d] / unit for d in lot.members] + [-1.0] * len(qty))
        for t, zc, qc in zip(lot.tiers, z, qty, strict=True):
            b.row(0.0, INF, [qc, zc], [1.0, -t.lo / unit])
            b.row(-INF, 0.0, [qc, zc], [1.0, -t.hi / unit])
        for d, xc in zip(lot.members, x, strict=True):
            ok = lot.ok_tiers[d]
            b.row(-INF, 0.0, [xc] + [z[k] for k in ok], [1.0] + [-1.0] * len(ok))
            if lot.q_min[d] > q[d]:
                b.row(0.0, INF, qty + [xc], [1.0] * len(qty) + [-lot.q_min[d] / unit])

        delta = (lot.share_ua - lot.share_base) if lot.has_ua else 0.0
        funding = ua_flag = None
        prices = [t.price * unit / scale for t in lot.tiers]  # value per scaled quantity, in scaled money
        if delta != 0.0:
            v_max = max(t.price * t.hi for t in lot.tiers) / scale
            funding = b.col(-delta, 0.0, v_max)
            b.row(-INF, 0.0, [funding] + qty, [1.0] + [-p for p in prices])
            ua_x = [xc for d, xc in zip(lot.members, x, strict=True) if st.ua[d]]
            if delta > 0:
                b.row(-INF, 0.0, [funding] + ua_x, [1.0] + [-v_max] * len(ua_x))
            else:  # more funding without Ukraine: W must reach V when a Ukrainian buyer is in
                ua_flag = b.col(0.0, 0.0, 1.0)
                b.row(-v_max, INF, [funding, ua_flag] + qty, [1.0, -v_max] + [-p for p in prices])
                for xc in ua_x:
                    b.row(0.0, INF, [ua_flag, xc], [1.0, -1.0])

        if rules.individual_rationality:
            self._rationality_rows(lot, unit, x, z, qty, funding, delta)

        buyers: dict[int, int] = {}
        if rules.min_buyers > 1 or rules.min_eu_buyers > 0:
            by_buyer: dict[int, list[int]] = {}
            for d, xc in zip(lot.members, x, strict=True):
                by_buyer.setdefault(st.buyer[d], []).append(xc)
            for buyer, xs in by_buyer.items():
                buyers[buyer] = w = b.col(0.0, 0.0, 1.0)
                b.row(-INF, 0.0, [w] + xs, [1.0] + [-1.0] * len(xs))
            if rules.min_buyers > 1:
                ws = list(buyers.values())
                b.row(0.0, INF, ws + z, [1.0] * len(ws) + [-float(rules.min_buyers)] * len(z))
            if rules.min_eu_buyers > 0:
                ws = [w for buyer, w in buyers.items() if st.eu[buyer]]
                b.row(0.0, INF, ws + z, [1.0] * len(ws) + [-float(rules.min_eu_buyers)] * len(z))
        return _LotCols(lot=i, unit=unit, x=x, z=z, quantity=qty, funding=funding, ua_flag=ua_flag, buyers=buyers)

    def _rationality_rows(self, lot: CandidateLot, unit: float, x: list[int], z: list[int], qty: list[int],
                          funding: int | None, delta: float) -> None:
        """C - solo_d * Q <= M (1 - x[d,l]) for the demands for which it can bind."""
        st, b, scale = self.structure, self.builder, self.scale
        share_lo = lot.share_lo
        fixed = lot.contract_cost
        for d, xc in zip(lot.members, x, strict=True):
            solo = st.solo_price[d]
            worst = max((1.0 - share_lo) * lot.tiers[k].price + fixed / max(lot.tiers[k].lo, lot.q_min[d])
                        for k in lot.ok_tiers[d])
            if worst <= solo:
                continue  # in every tier the demand can be in, the lot is cheaper per unit than alone
            big_m = max(0.0, max(((1.0 - share_lo) * t.price - solo) * n + fixed
                                 for t in lot.tiers for n in (t.lo, t.hi))) / scale
            index = qty + z + [xc]
            value = ([((1.0 - lot.share_base) * t.price - solo) * unit / scale for t in lot.tiers]
                     + [fixed / scale] * len(z) + [big_m])
            if funding is not None:
                index.append(funding)
                value.append(-delta)
            b.row(-INF, big_m, index, value)

    def start_values(self, assignment: dict[int, int]) -> list[float]:
        """Column values for a feasible assignment (demand -> lot), to give HiGHS as a starting solution."""
        st = self.structure
        values = [0.0] * len(self.builder.cost)
        for cols in self.lots:
            lot = st.lots[cols.lot]
            members = [d for d in lot.members if assignment.get(d) == cols.lot]
            if not members:
                continue
            quantity = sum(st.quantity[d] for d in members)
            for d, xc in zip(lot.members, cols.x, strict=True):
                if assignment.get(d) == cols.lot:
                    values[xc] = 1.0
            k = next(k for k, t in enumerate(lot.tiers) if t.lo <= quantity <= t.hi)
            values[cols.z[k]] = 1.0
            values[cols.quantity[k]] = quantity / cols.unit
            if any(st.ua[d] for d in members):
                if cols.funding is not None:
                    values[cols.funding] = quantity * lot.tiers[k].price / self.scale
                if cols.ua_flag is not None:
                    values[cols.ua_flag] = 1.0
            for d in members:
                if st.buyer[d] in cols.buyers:
                    values[cols.buyers[st.buyer[d]]] = 1.0
        return values

    def relaxation(self, *, time_limit: float) -> tuple[float, set[tuple[int, int]]]:
        """Solve the LP relaxation: its optimum (in money; -inf unless HiGHS proved it optimal) is a lower
        bound of the component, and the (demand, lot) pairs with x > 0 are where good solutions usually are.
        On the hard benchmark the relaxation of a mid-sized component is within a few tenths of a per cent of
        its optimum, and solved in tens of milliseconds."""
        h = _highs()
        lp = self.builder.lp(self.offset)
        lp.integrality_ = []
        h.passModel(lp)
        h.setOptionValue("time_limit", max(0.01, float(time_limit)))
        _run(h)
        support: set[tuple[int, int]] = set()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return -math.inf, support
        values = np.asarray(h.getSolution().col_value)
        for cols in self.lots:
            for d, col in zip(self.structure.lots[cols.lot].members, cols.x, strict=True):
                if values[col] > 1e-6:
                    support.add((d, cols.lot))
        # HiGHS's LP optimum is exact to its tolerances (1e-7 on scaled rows and reduced costs); kept back by
        # a millionth of the all-solo cost so that the bound is valid whatever the rounding.
        objective = h.getInfo().objective_function_value
        return (objective - 1e-6 * abs(self.offset)) * self.scale, support

    def solve(self, *, time_limit: float, start: dict[int, int] | None = None, rel_gap: float = 5e-7,
              cutoff: float | None = None, on_progress: Callable[[float, float], None] | None = None) -> MipResult:
        """Solve with HiGHS. `on_progress(total, bound)` (in money) is called now and then while it runs.
        `cutoff` (money): the cost of a known solution; HiGHS prunes every node that cannot beat it."""
        began = time.perf_counter()
        b = self.builder
        h = _highs()
        h.passModel(self.builder.lp(self.offset))
        h.setOptionValue("time_limit", max(0.01, float(time_limit)))
        # Each component within 5e-7 relative keeps the sum within the spec's 1e-6, with room for rounding.
        h.setOptionValue("mip_rel_gap", rel_gap)
        h.setOptionValue("mip_abs_gap", 1e-9)
        if cutoff is not None and math.isfinite(cutoff):
            # A hair above the known cost, so the known solution itself stays inside (HiGHS's feasibility
            # tolerances); nodes whose bound cannot beat it are pruned from the start.
            h.setOptionValue("objective_bound", cutoff / self.scale * (1 + 1e-9) + 1e-9)
        if start:
            solution = highspy.HighsSolution()
            solution.col_value = self.start_values(start)
            solution.value_valid = True
            h.setSolution(solution)
        # HiGHS checks its time limit between steps; on a large model one step (a root LP, a sub-MIP) can run
        # on for tens of seconds. The interrupt callbacks stop it at the limit wherever it is.
        hard_stop = time.perf_counter() + max(0.01, float(time_limit)) + 0.5

        def guard(event: highspy.highs.HighsCallbackEvent) -> None:
            if time.perf_counter() > hard_stop:
                event.interrupt()

        for callback in (h.cbMipInterrupt, h.cbSimplexInterrupt, h.cbIpmInterrupt):
            callback.subscribe(guard)
        if on_progress is not None:
            scale = self.scale

            def report(event: highspy.highs.HighsCallbackEvent) -> None:
                out = event.data_out
                on_progress(out.mip_primal_bound * scale, out.mip_dual_bound * scale)

            h.cbMipInterrupt.subscribe(report)
        build_seconds = time.perf_counter() - began
        _run(h)
        solve_seconds = time.perf_counter() - began - build_seconds
        status = h.getModelStatus()
        info = h.getInfo()
        bound = info.mip_dual_bound if math.isfinite(info.mip_dual_bound) else -math.inf
        assignment: dict[int, int] | None = None
        objective: float | None = None
        consistent = True
        if info.primal_solution_status == 2:  # kSolutionStatusFeasible
            values = np.asarray(h.getSolution().col_value)
            assignment = {}
            for cols in self.lots:
                for d, col in zip(self.structure.lots[cols.lot].members, cols.x, strict=True):
                    if values[col] > 0.5:
                        assignment[d] = cols.lot
            objective = info.objective_function_value * self.scale
            own = (self.offset + float(np.dot(np.asarray(b.cost), values))) * self.scale
            consistent = abs(own - objective) <= 1e-7 * max(abs(own), abs(objective), 1e-9)
        return MipResult(assignment=assignment, objective=objective, bound=bound * self.scale,
                         status=h.modelStatusToString(status), optimal=status == highspy.HighsModelStatus.kOptimal,
                         columns=len(b.cost), rows=len(b.row_lower), nonzeros=len(b.index),
                         build_seconds=build_seconds, solve_seconds=solve_seconds, consistent=consistent)
