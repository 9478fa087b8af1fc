"""The first optimiser (issue 5), kept for comparison: `solve(..., strategy="legacy")` and the benchmark.

It solves every component once, smallest first, with a share of the remaining time in proportion to its
size; on problems with many small hard components that leaves them 0.1-0.3 s each (or skips them) while
the time left at the end goes unused. `solver.py` replaces it (issue 16).

`solve` always returns a feasible solution (in the worst case every demand solo), with a proven lower
bound and status `optimal` only when the total meets the bound within the spec's tolerance:

1. `structure.analyse` removes (demand, lot) pairs no feasible solution can use and splits the rest into
   independent components; demands left without a lot are solo in every solution.
2. The greedy heuristic gives every component a feasible starting solution and a fallback.
3. Components are solved one by one, smallest first, each with a share of the remaining time in
   proportion to its size, so time a small component does not need goes to the larger ones. HiGHS's
   dual bound is the component's bound (never below the simple per-demand bound of
   `structure.demand_lower_bound`). HiGHS is not given the greedy solution as a start by default: with
   HiGHS 1.16 a start can come back as a stale solution vector (see `mip.MipResult.consistent`), and on
   the benchmarks HiGHS did as well or better without it.
4. Every lot HiGHS returns is priced and checked again with the exact rules; a lot that fails (a
   rounding artefact) is dissolved into solo demands, which is always feasible. The better of this and
   the greedy solution is kept.
The bound of the whole problem is the sum of the components' bounds plus the solo cost of the demands
without a lot.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import replace

from .component import ComponentReport, SolveResult, SolveStats, assignment_cost, gap, repair, to_ids
from .evaluate import build_solution
from .greedy import greedy_component
from .mip import ComponentModel
from .model import FEASIBLE, OPTIMAL, Problem, Progress, money_close
from .structure import Component, analyse, demand_lower_bound

ProgressCallback = Callable[[Progress], None]


def solve_legacy(problem: Problem, *, time_limit: float = 60.0, decompose: bool = True, warm_start: bool = False,
                 progress: ProgressCallback | None = None, progress_interval: float = 1.0) -> SolveResult:
    """Optimise. `decompose=False` builds one HiGHS model of the whole problem instead of one per component
    (for comparison); `warm_start=True` gives HiGHS the greedy solution as a start."""
    began = time.perf_counter()
    # Kept back for putting the solution together after the last component (about 1 s at 100,000 demands)
    # and for HiGHS returning late: on a model of 70,000 columns it took up to a minute after its time limit
    # and the interrupt (mip.py) to come back.
    deadline = began + time_limit - min(0.15 * time_limit, 0.5 + 1e-3 * len(problem.demands))
    structure = analyse(problem)
    analysed = time.perf_counter()
    loose = structure.loose_demands
    loose_cost = sum(structure.solo_cost(d) for d in loose)

    parts = structure.components
    if not decompose and parts:
        parts = [Component(lots=sorted(i for c in parts for i in c.lots),
                           demands=sorted(d for c in parts for d in c.demands))]
    parts = sorted(parts, key=structure.pair_count)
    starts = [greedy_component(structure, c) for c in parts]
    totals = [assignment_cost(structure, c, a) for c, a in zip(parts, starts, strict=True)]
    bounds = [sum(demand_lower_bound(structure, d) for d in c.demands) for c in parts]
    greedy_total = loose_cost + sum(totals)
    stats = SolveStats(seconds=0.0, analyse_seconds=analysed - began, greedy_seconds=time.perf_counter() - analysed,
                       greedy_total=greedy_total, pruned_pairs=structure.pruned_pairs, loose_demands=len(loose))

    last_report = [0.0]

    def report(index: int, message: str, force: bool = False, total: float | None = None,
               bound: float | None = None) -> None:
        now = time.perf_counter()
        if progress is None or (not force and now - last_report[0] < progress_interval):
            return
        last_report[0] = now
        # HiGHS reports +inf before it has a solution and -inf before it has a bound; the greedy's figures
        # stand until HiGHS does better.
        better_total = 0.0 if total is None or not total < totals[index] else total - totals[index]
        better_bound = 0.0 if bound is None or not bound > bounds[index] else bound - bounds[index]
        all_total = loose_cost + sum(totals) + better_total
        all_bound = loose_cost + sum(bounds) + better_bound
        progress(Progress(elapsed=now - began, component=index + 1, components=len(parts), total=all_total,
                          bound=min(all_bound, all_total), message=message))

    sizes = [structure.pair_count(c) for c in parts]
    report(0, f"{len(problem.demands)} demands: {len(parts)} component(s), largest {sizes[-1] if sizes else 0} "
           f"demand-lot pairs, {len(loose)} demand(s) with no possible lot; greedy start {greedy_total:,.2f}",
           force=True)
    assignment: dict[int, int] = {}
    for index, (component, start) in enumerate(zip(parts, starts, strict=True)):
        part_began = time.perf_counter()
        remaining = deadline - part_began
        budget = remaining * sizes[index] / max(1, sum(sizes[index:]))
        entry = ComponentReport(demands=len(component.demands), lots=len(component.lots), pairs=sizes[index],
                                total=totals[index], bound=bounds[index], greedy_total=totals[index],
                                status="skipped", seconds=0.0)
        best = start
        if budget >= 0.05:
            model = ComponentModel(structure, component)
            budget = deadline - time.perf_counter() if index == len(parts) - 1 else budget
            part_deadline = part_began + budget
            on_progress = ((lambda total, bound, i=index: report(i, "solving", total=total, bound=bound))
                           if progress else None)
            result = model.solve(time_limit=max(0.05, part_deadline - time.perf_counter()),
                                 start=start if warm_start else None, on_progress=on_progress)
            if not result.consistent and warm_start:
                entry.restarted = True
                result = model.solve(time_limit=max(0.05, part_deadline - time.perf_counter(), 0.5 * budget),
                                     on_progress=on_progress)
            entry.status, entry.columns, entry.rows = result.status, result.columns, result.rows
            if result.assignment is not None:
                candidate, entry.dissolved_lots = repair(structure, result.assignment)
                cost = assignment_cost(structure, component, candidate)
                if cost < totals[index]:
                    best, totals[index] = candidate, cost
            if math.isfinite(result.bound):
                bounds[index] = max(bounds[index], result.bound)
        if bounds[index] > totals[index] and not money_close(bounds[index], totals[index]):
            report(index, f"warning: component bound {bounds[index]:,.2f} above its total {totals[index]:,.2f}; "
                   "the bound is lowered to the total", force=True)
        bounds[index] = min(bounds[index], totals[index])
        entry.total, entry.bound, entry.seconds = totals[index], bounds[index], time.perf_counter() - part_began
        stats.components.append(entry)
        assignment.update(best)
        report(index, f"component {index + 1}/{len(parts)}: {len(component.demands)} demands, {entry.status}, "
               f"gap {gap(totals[index], bounds[index]):.4%} in {entry.seconds:.1f} s", force=True)

    bound = loose_cost + sum(bounds)
    solution = build_solution(problem, to_ids(structure, assignment))
    # Sums taken in another order can differ in the last bits: the bound never exceeds the total.
    bound = min(bound, solution.total_cost)
    solution = replace(solution, bound=bound,
                       status=OPTIMAL if money_close(solution.total_cost, bound) else FEASIBLE)
    stats.seconds = time.perf_counter() - began
    return SolveResult(solution=solution, stats=stats)
