"""Which proposals to fund within the phase budget: an exact 0-1 knapsack on the consensus totals, with HiGHS.

    maximise   sum_i s_i x_i          (s_i: consensus total in hundredths of a point, an integer)
    subject to sum_i c_i x_i <= B     (c_i: amount asked in euros, B: the phase budget)
               x_i in {0, 1}, only for the fundable proposals (above every threshold, within the maximum award)

Integer values and costs make the optimum exact: HiGHS runs with a zero relative gap and an absolute gap
below one hundredth of a point, and the chosen set is checked again in integers (a solution that breaks the
budget by rounding inside the solver is re-solved with a budget one euro tighter). Among selections of equal
total score a second solve takes the cheapest, so money is not spent for nothing.

Why the solver and not the ranking: funding down the ranking until the money runs out (what most panels do)
can leave a large remainder unused, or spend it on one big proposal where two smaller ones would score more.
Every decision is explained: for each proposal that was not chosen, why (below a threshold, above the
maximum award, does not fit in what is left), and for the first ones in rank order that were passed over,
what taking them would have cost: the best selection that includes them, and its lower total.
When everything fits, or nothing does, no solver is needed and none is run.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from straiik.engines.highs import new_highs


def _new_highs() -> highspy.Highs:
    """A silent HiGHS set up for exact selection (engines/highs.py)."""
    h = new_highs()
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.5)  # the objective is an integer (hundredths of a point)
    h.setOptionValue("mip_feasibility_tolerance", 1e-9)
    return h


@dataclass(frozen=True)
class Candidate:
    id: int
    score: float  # consensus total, 0-100
    cost: int  # euros asked
    fundable: bool = True
    reason: str = ""  # why not fundable, for the explanation ("below_threshold", ...)


@dataclass
class Explanation:
    id: int
    selected: bool
    code: str  # selected | below_threshold | over_max_award | does_not_fit | displaced | no_gain
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Selection:
    budget: int
    selected: list[int]  # in rank order
    total_score: float
    total_cost: int
    method: str  # "all_fit", "highs" or "none"
    optimal: bool
    greedy_selected: list[int]
    greedy_score: float
    greedy_cost: int
    explanations: dict[int, Explanation]
    solve_seconds: float = 0.0
    solves: int = 0

    @property
    def left(self) -> int:
        return self.budget - self.total_cost

    def as_dict(self) -> dict[str, Any]:
        return {"budget": self.budget, "selected": self.selected, "total_score": self.total_score,
                "total_cost": self.total_cost, "left": self.left, "method": self.method, "optimal": self.optimal,
                "greedy_selected": self.greedy_selected, "greedy_score": self.greedy_score,
                "greedy_cost": self.greedy_cost, "solve_seconds": round(self.solve_seconds, 4),
                "solves": self.solves,
                "explanations": {str(k): {"selected": e.selected, "code": e.code, "detail": e.detail}
                                 for k, e in self.explanations.items()}}


def _points(score: float) -> int:
    return round(score * 100)


class _Knapsack:
    def __init__(self, values: Sequence[int], costs: Sequence[int], budget: int) -> None:
        self.values, self.costs, self.budget = list(values), list(costs), budget
        self.solves = 0
        self.seconds = 0.0

    def solve(self, *, include: int | None = None, cheapest: bool = True) -> tuple[list[int], int]:
        """The best set of indices (the largest total value, then, with `cheapest`, the lowest cost), optionally
        forced to hold `include`. Returns (indices, total value); ([], -1) when `include` cannot fit at all."""
        if include is not None and self.costs[include] > self.budget:
            return [], -1
        best = self._run(maximise_value=True, include=include, budget=self.budget)
        value = sum(self.values[i] for i in best)
        if not cheapest:
            return sorted(best), value
        cheaper = self._run(maximise_value=False, include=include, budget=self.budget, min_value=value)
        if sum(self.values[i] for i in cheaper) >= value:
            best = cheaper
        return sorted(best), value

    def _run(self, *, maximise_value: bool, include: int | None, budget: int, min_value: int | None = None
             ) -> list[int]:
        started = time.perf_counter()
        n = len(self.values)
        for _attempt in range(3):
            h = _new_highs()
            lp = highspy.HighsLp()
            lp.num_col_ = n
            lp.col_cost_ = np.array([-v for v in self.values] if maximise_value else self.costs, dtype=np.float64)
            lower = np.zeros(n)
            if include is not None:
                lower[include] = 1.0
            lp.col_lower_ = lower
            lp.col_upper_ = np.ones(n)
            rows_lower, rows_upper, starts = [-highspy.kHighsInf], [float(budget)], [0]
            index: list[int] = []
            value: list[float] = []
            index.extend(range(n))
            value.extend(float(c) for c in self.costs)
            starts.append(len(index))
            if min_value is not None:
                rows_lower.append(float(min_value))
                rows_upper.append(highspy.kHighsInf)
                index.extend(range(n))
                value.extend(float(v) for v in self.values)
                starts.append(len(index))
            lp.num_row_ = len(rows_lower)
            lp.row_lower_ = np.array(rows_lower, dtype=np.float64)
            lp.row_upper_ = np.array(rows_upper, dtype=np.float64)
            matrix = lp.a_matrix_
            matrix.format_ = highspy.MatrixFormat.kRowwise
            matrix.num_col_, matrix.num_row_ = n, lp.num_row_
            matrix.start_ = np.array(starts, dtype=np.int32)
            matrix.index_ = np.array(index, dtype=np.int32)
            matrix.value_ = np.array(value, dtype=np.float64)
            lp.integrality_ = [highspy.HighsVarType.kInteger] * n
            h.passModel(lp)
            h.run()
            self.solves += 1
            status = h.getModelStatus()
            if status != highspy.HighsModelStatus.kOptimal:
                raise RuntimeError(f"HiGHS did not solve the selection: {h.modelStatusToString(status)}")
            chosen = [i for i, x in enumerate(h.getSolution().col_value) if x > 0.5]
            spent = sum(self.costs[i] for i in chosen)
            if spent <= self.budget and (min_value is None or sum(self.values[i] for i in chosen) >= min_value):
                self.seconds += time.perf_counter() - started
                return chosen
            budget -= max(1, spent - self.budget)  # rounding inside the solver: ask again with a tighter budget
        raise RuntimeError("HiGHS kept returning a selection over the budget")


def select(candidates: Sequence[Candidate], budget: int, *, max_award: int | None = None,
           rank_order: Sequence[int] | None = None, explain_limit: int = 5) -> Selection:
    """Choose the proposals to fund. `rank_order` lists candidate ids best first (default: by score, then cost);
    `explain_limit` bounds how many passed-over proposals get a what-if solve of their own."""
    if budget < 0:
        raise ValueError("the budget cannot be negative")
    by_id = {c.id: c for c in candidates}
    order = list(rank_order) if rank_order is not None else [
        c.id for c in sorted(candidates, key=lambda c: (-c.score, c.cost, c.id))]
    position = {cid: i + 1 for i, cid in enumerate(order)}
    explanations: dict[int, Explanation] = {}
    pool: list[Candidate] = []
    for cid in order:
        c = by_id[cid]
        if not c.fundable:
            explanations[cid] = Explanation(cid, False, c.reason or "below_threshold")
        elif max_award is not None and c.cost > max_award:
            explanations[cid] = Explanation(cid, False, "over_max_award", {"cost": c.cost, "max_award": max_award})
        elif c.cost <= 0:
            explanations[cid] = Explanation(cid, False, "no_cost", {"cost": c.cost})
        else:
            pool.append(c)

    greedy, greedy_cost = [], 0
    for c in pool:
        if greedy_cost + c.cost <= budget:
            greedy.append(c.id)
            greedy_cost += c.cost
    greedy_score = round(sum(by_id[i].score for i in greedy), 2)

    started = time.perf_counter()
    knapsack = _Knapsack([_points(c.score) for c in pool], [c.cost for c in pool], budget)
    if sum(c.cost for c in pool) <= budget:
        chosen_idx, method = list(range(len(pool))), "all_fit" if pool else "none"
        best_value = sum(knapsack.values)
    elif all(c.cost > budget for c in pool):
        chosen_idx, method, best_value = [], "none", 0
    else:
        chosen_idx, best_value = knapsack.solve()
        method = "highs"
    chosen = {pool[i].id for i in chosen_idx}
    total_cost = sum(by_id[i].cost for i in chosen)
    left = budget - total_cost

    explained = 0
    lowest_chosen = max((position[i] for i in chosen), default=0)
    for i, c in enumerate(pool):
        if c.id in chosen:
            explanations[c.id] = Explanation(c.id, True, "selected", {"rank": position[c.id]})
            continue
        detail: dict[str, Any] = {"cost": c.cost, "left": left, "rank": position[c.id]}
        code = "does_not_fit" if c.cost > left else "no_gain"
        # What-if for the first proposals passed over: those ranked above a chosen one, and the next in line.
        if method == "highs" and explained < explain_limit and (position[c.id] < lowest_chosen or explained == 0):
            with_it, value = knapsack.solve(include=i, cheapest=False)  # only the loss matters here
            explained += 1
            if value >= 0:
                detail["with_it_score"] = round(value / 100, 2)
                detail["loss"] = round((best_value - value) / 100, 2)
                detail["would_drop"] = [pool[j].id for j in chosen_idx if j not in with_it]
                detail["would_add"] = [pool[j].id for j in with_it if j != i and j not in chosen_idx]
                code = "displaced" if c.cost <= budget else "does_not_fit"
        explanations[c.id] = Explanation(c.id, False, code, detail)
    return Selection(
        budget=budget, selected=sorted(chosen, key=position.__getitem__),
        total_score=round(sum(by_id[i].score for i in chosen), 2), total_cost=total_cost, method=method,
        optimal=True, greedy_selected=greedy, greedy_score=greedy_score, greedy_cost=greedy_cost,
        explanations={cid: explanations[cid] for cid in order}, solve_seconds=time.perf_counter() - started,
        solves=knapsack.solves)
