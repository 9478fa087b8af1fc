"""The joint-procurement optimiser: decompose, start greedy, visit components in passes, on every core, add up.

`solve` always returns a feasible solution (in the worst case every demand solo), with a proven lower
bound and status `optimal` only when the total meets the bound within the spec's tolerance:

1. `structure.analyse` removes (demand, lot) pairs no feasible solution can use and splits the rest into
   independent components; demands left without a lot are solo in every solution.
2. The greedy heuristic gives every component a feasible start and a fallback; the simple per-demand
   bound (`structure.demand_lower_bound`) is every component's first bound.
3. Components are *visited* (`component.visit`) by a pool of `workers` processes (HiGHS is single-threaded
   for most of a MIP solve), whichever is free taking the next visit that `next_visit` chooses:
   - first every component once, in the order of the gap per demand-lot pair of its start, each with at
     least FIRST_MIN_VISIT and at most its share of the free workers' remaining time in proportion to its
     size among the components not visited yet; a small one is solved by HiGHS, a larger one gets the
     quick visit (`component._quick`: LP relaxation, the MIP restricted to its support, local search);
   - then, while time remains, the open component (unfinished, or not visited yet) with the largest
     absolute gap (total - bound),
     with at least twice its last limit and a share of the remaining time in proportion to its gap, warm:
     the local search (`local.py`) improves the best solution, which HiGHS gets as start and cutoff (and
     with `search=True` a large-neighbourhood search improves it first; off by default, as HiGHS alone did
     better on the benchmark).
   The solve stops when every component is optimal, or at the time limit; time is used fully only when a
   component is still open.
4. The bound of the whole problem is the sum of the components' bounds plus the solo cost of the demands
   without a lot; each component's bound is kept at most its total.

The same policy (`next_visit`) and the same visits run the platform's round across several task-queue
workers (`straiik.bundling.distributed`), with the component figures in database rows instead of memory.
`strategy="legacy"` runs the first optimiser (`legacy.py`) for comparison.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import pickle
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace

from .component import (
    SEARCH_BY_DEFAULT,
    ComponentReport,
    SolveResult,
    SolveStats,
    Visit,
    VisitResult,
    assignment_cost,
    gap,
    to_ids,
    visit,
)
from .evaluate import build_solution
from .greedy import greedy_assignment, greedy_component
from .legacy import solve_legacy
from .model import FEASIBLE, OPTIMAL, ComponentProgress, Problem, Progress, Solution, money_close
from .structure import Component, Structure, analyse, demand_lower_bound

ProgressCallback = Callable[[Progress], None]
STRATEGIES = ("passes", "legacy")
# The first visit of a component gets at most this share of the remaining time (of the free workers) in
# proportion to its size among those not visited yet, and at least FIRST_MIN_VISIT. (Before the quick first
# visits of issue 16's second round, first visits went smallest first without a floor, as a floor let dozens
# of small hard components eat the time the large ones needed; ordered by gap per pair, and with first
# visits that end when they are done, the floor costs little.)
FIRST_VISIT_SHARE = 1.0
FIRST_MIN_VISIT = 0.2
# No visit shorter than this is started: HiGHS needs a few tens of milliseconds to get anywhere.
MIN_VISIT = 0.05
# Starting the worker processes costs about half a second: below this many demand-lot pairs in all (which
# HiGHS solves in a fraction of that) the components are solved in this process.
POOL_MIN_PAIRS = 1000


def available_cores() -> int:
    """The cores this process may run on (a container or taskset may give it fewer than the machine has)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class Plan:
    """Everything a solve keeps between visits: the parts, their best assignments and figures."""

    structure: Structure
    parts: list[Component]
    reports: list[ComponentReport]
    assignments: list[dict[int, int]]
    loose_cost: float
    stats: SolveStats
    use_start: list[bool] = field(default_factory=list)
    local: bool = True  # every visit improves its start with the local search first

    @property
    def total(self) -> float:
        return self.loose_cost + sum(r.total for r in self.reports)

    @property
    def bound(self) -> float:
        return self.loose_cost + sum(r.bound for r in self.reports)

    def apply(self, result: VisitResult, limit: float) -> None:
        if merge(self.reports[result.index], result, limit):
            self.assignments[result.index] = result.assignment
        if result.restarted:
            self.use_start[result.index] = False

    def job(self, index: int, limit: float, search: bool = True) -> Visit:
        report = self.reports[index]
        return Visit(index=index, time_limit=limit, start=self.assignments[index], total=report.total,
                     search=search and report.visits > 0, use_start=self.use_start[index], seed=report.visits,
                     local=self.local, first=report.visits == 0)


def merge(report: ComponentReport, result: VisitResult, limit: float) -> bool:
    """Take a visit's answer into a component's figures: the cheaper solution, the larger bound (never above
    the total). True when the visit's solution is the new best. Merging is monotone, so a visit that comes
    back twice (a worker thought dead that was only slow) does no harm."""
    better = result.total < report.total
    if better:
        report.total = result.total
    if math.isfinite(result.bound):
        report.bound = max(report.bound, result.bound)
    report.bound = min(report.bound, report.total)
    report.proven = report.proven or result.proven
    report.status = result.status
    report.seconds += result.seconds
    report.visits += 1
    report.limit = limit
    report.columns, report.rows = result.columns, result.rows
    report.dissolved_lots += result.dissolved_lots
    report.restarted = report.restarted or result.restarted
    report.lns_improvements += result.lns_improvements
    return better


def parts_of(structure: Structure, *, decompose: bool = True) -> list[Component]:
    """The components in the solver's order (largest first, then by first demand): every process that
    analyses the same problem numbers them the same way."""
    parts = structure.components
    if not decompose and parts:
        parts = [Component(lots=sorted(i for c in parts for i in c.lots),
                           demands=sorted(d for c in parts for d in c.demands))]
    return sorted(parts, key=lambda c: (-structure.pair_count(c), c.demands[0]))


def prepare(problem: Problem, *, decompose: bool = True, structure: Structure | None = None) -> Plan:
    """Analyse, decompose, start greedy: the plan before any visit. Parts are in a fixed order (largest
    first), so every process that prepares the same problem numbers them the same way."""
    began = time.perf_counter()
    structure = structure or analyse(problem)
    analysed = time.perf_counter()
    loose = structure.loose_demands
    parts = parts_of(structure, decompose=decompose)
    starts = [greedy_component(structure, c) for c in parts]
    reports = []
    for component, start in zip(parts, starts, strict=True):
        total = assignment_cost(structure, component, start)
        bound = min(total, sum(demand_lower_bound(structure, d) for d in component.demands))
        reports.append(ComponentReport(demands=len(component.demands), lots=len(component.lots),
                                       pairs=structure.pair_count(component), total=total, bound=bound,
                                       greedy_total=total, status="skipped", seconds=0.0,
                                       proven=money_close(total, bound)))
    loose_cost = sum(structure.solo_cost(d) for d in loose)
    stats = SolveStats(seconds=0.0, analyse_seconds=analysed - began, greedy_seconds=time.perf_counter() - analysed,
                       greedy_total=loose_cost + sum(r.total for r in reports), pruned_pairs=structure.pruned_pairs,
                       loose_demands=len(loose), components=reports)
    return Plan(structure=structure, parts=parts, reports=reports, assignments=starts, loose_cost=loose_cost,
                stats=stats, use_start=[True] * len(parts))


def next_visit(reports: Sequence[ComponentReport], running: set[int], *, remaining: float,
               workers: int) -> tuple[int, float] | None:
    """Which component a free worker visits next, and for how long (see the module's docstring); None when
    there is nothing worth starting now (every open component is being visited, or no time is left)."""
    if remaining < MIN_VISIT:
        return None
    # First visits by the gap per demand-lot pair (total - bound of the start, over the pairs): what a visit
    # can win per second of solver time, as a visit's time grows with the pairs. Each gets at least
    # FIRST_MIN_VISIT and at most its share of the time the free workers have left, in proportion to its size
    # among the components not visited yet (what it does not use goes to the others). A first visit usually
    # ends long before its limit: HiGHS proves a small component optimal, a larger one gets the quick visit
    # (relaxation, restricted model, local search; `component._quick`).
    unvisited = [i for i, r in enumerate(reports) if r.visits == 0 and not r.optimal and i not in running]
    if unvisited:
        pairs_left = sum(reports[i].pairs for i in unvisited) or 1
        free = remaining * max(1, workers - len(running))
        chosen = max(unvisited, key=lambda i: (reports[i].absolute_gap / max(1, reports[i].pairs), -i))
        share = FIRST_VISIT_SHARE * free * reports[chosen].pairs / pairs_left
        return chosen, min(remaining, max(FIRST_MIN_VISIT, share))
    open_parts = [i for i, r in enumerate(reports) if not r.optimal]
    waiting = [i for i in open_parts if i not in running]
    if not waiting:
        return None
    chosen = max(waiting, key=lambda i: (reports[i].absolute_gap, -i))
    all_gaps = sum(reports[i].absolute_gap for i in open_parts) or 1.0
    share = remaining * workers * reports[chosen].absolute_gap / all_gaps
    return chosen, min(remaining, max(2 * reports[chosen].limit, share, MIN_VISIT))


def assemble(plan: Plan) -> Solution:
    assignment: dict[int, int] = {}
    for best in plan.assignments:
        assignment.update(best)
    problem = plan.structure.problem
    solution = build_solution(problem, to_ids(plan.structure, assignment))
    # Sums taken in another order can differ in the last bits: the bound never exceeds the total.
    bound = min(plan.bound, solution.total_cost)
    return replace(solution, bound=bound, status=OPTIMAL if money_close(solution.total_cost, bound) else FEASIBLE)


def component_progress(plan: Plan, running: dict[int, float]) -> tuple[ComponentProgress, ...]:
    return tuple(ComponentProgress(index=i + 1, demands=r.demands, status=_state(r, i in running), total=r.total,
                                   bound=r.bound, gap=r.gap, visits=r.visits)
                 for i, r in enumerate(plan.reports))


def _state(report: ComponentReport, running: bool) -> str:
    if running:
        return "running"
    if report.optimal:
        return "optimal"
    return "waiting" if report.visits == 0 else "open"


def greedy(problem: Problem) -> Solution:
    """The greedy heuristic alone (no bound): the benchmark's point of comparison."""
    structure = analyse(problem)
    return build_solution(problem, to_ids(structure, greedy_assignment(structure)))


def solve(problem: Problem, *, time_limit: float = 60.0, workers: int | None = 1, decompose: bool = True,
          warm_start: bool = True, search: bool = SEARCH_BY_DEFAULT, local: bool = True, strategy: str = "passes",
          progress: ProgressCallback | None = None, progress_interval: float = 1.0) -> SolveResult:
    """Optimise. `workers`: processes to solve components in (None: every available core; 1: this process);
    `decompose=False` builds one model of the whole problem (for comparison); `warm_start=False` never gives
    HiGHS a start; `search=True` runs the large-neighbourhood search before HiGHS on revisits; `local=False`
    leaves out the local search (`local.py`) that improves every visit's start before HiGHS;
    `strategy="legacy"`: the first optimiser (issue 5), one visit per component."""
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}; one of {', '.join(STRATEGIES)}")
    if strategy == "legacy":
        return solve_legacy(problem, time_limit=time_limit, decompose=decompose, warm_start=False,
                            progress=progress, progress_interval=progress_interval)
    workers = available_cores() if workers is None else max(1, int(workers))
    began = time.monotonic()
    # Kept back for putting the solution together and for HiGHS returning late (on a model of 70,000
    # columns it took up to a minute after its time limit and the interrupt, mip.py, to come back); 1e-3 s per
    # demand until issue 16's second round, which measured 1-3 s for assembly and stragglers at 100,000.
    deadline = began + time_limit - min(0.15 * time_limit, 0.5 + 1e-4 * len(problem.demands))
    plan = prepare(problem, decompose=decompose)
    if not warm_start:
        plan.use_start = [False] * len(plan.parts)
    plan.local = local
    open_parts = sum(1 for r in plan.reports if not r.optimal)
    small = sum(r.pairs for r in plan.reports) < POOL_MIN_PAIRS
    plan.stats.workers = 1 if small else min(workers, max(1, open_parts))
    running: dict[int, float] = {}  # component -> when its visit began
    last_report = [-math.inf]

    def report(message: str, force: bool = False, live: tuple[int, float, float] | None = None) -> None:
        now = time.monotonic()
        if progress is None or (not force and now - last_report[0] < progress_interval):
            return
        last_report[0] = now
        total, bound = plan.total, plan.bound
        if live is not None:  # HiGHS's figures for the component it is solving in this process
            index, live_total, live_bound = live
            r = plan.reports[index]
            if live_total < r.total:
                total += live_total - r.total
            if min(live_bound, live_total, r.total) > r.bound:
                bound += min(live_bound, live_total, r.total) - r.bound
        done = sum(1 for r in plan.reports if r.optimal)
        progress(Progress(elapsed=now - began, component=done, components=len(plan.parts), total=total,
                          bound=min(bound, total), message=message, parts=component_progress(plan, running)))

    sizes = [r.pairs for r in plan.reports]
    report(f"{len(problem.demands)} demands: {len(plan.parts)} component(s), largest {sizes[0] if sizes else 0} "
           f"demand-lot pairs, {plan.stats.loose_demands} demand(s) with no possible lot; greedy start "
           f"{plan.stats.greedy_total:,.2f}; {plan.stats.workers} worker(s)", force=True)

    def done_message(result: VisitResult) -> str:
        r = plan.reports[result.index]
        return (f"component {result.index + 1}/{len(plan.parts)} ({r.demands} demands): {result.status}, "
                f"gap {gap(r.total, r.bound):.4%}, visit {r.visits} of {result.seconds:.1f} s")

    if plan.stats.workers > 1:
        try:
            _solve_in_pool(plan, deadline, search, running, report, done_message)
        except BrokenProcessPool:  # a worker process was killed: go on here with what came back
            running.clear()
            report("a worker process died; solving on in this process", force=True)
    while True:
        choice = next_visit(plan.reports, set(), remaining=deadline - time.monotonic(), workers=1)
        if choice is None:
            break
        index, limit = choice
        running[index] = time.monotonic()
        live = ((lambda t, b, i=index: report("solving", live=(i, t, b))) if progress else None)
        result = visit(plan.structure, plan.parts[index], plan.job(index, limit, search), on_progress=live)
        del running[index]
        plan.apply(result, limit)
        report(done_message(result))

    solution = assemble(plan)
    plan.stats.seconds = time.monotonic() - began
    unproven = [f"#{i + 1} {r.gap:.4%}" for i, r in enumerate(plan.reports) if not r.optimal]
    report(f"finished: {len(plan.parts) - len(unproven)}/{len(plan.parts)} component(s) optimal"
           + (f"; not proven optimal: {', '.join(unproven[:10])}" if unproven else ""), force=True)
    return SolveResult(solution=solution, stats=plan.stats)


# --- the process pool ---------------------------------------------------------------------------------------

_worker_plan: tuple[Structure, list[Component]] | None = None


def _worker_start(payload: bytes) -> None:
    global _worker_plan
    _worker_plan = pickle.loads(payload)  # noqa: S301 - our own parent process pickled it


def _worker_visit(job: Visit) -> VisitResult:
    assert _worker_plan is not None, "the pool's initializer did not run"
    structure, parts = _worker_plan
    return visit(structure, parts[job.index], job)


def _solve_in_pool(plan: Plan, deadline: float, search: bool, running: dict[int, float],
                   report: Callable[..., None], done_message: Callable[[VisitResult], str]) -> None:
    """Keep every worker busy with the next visit; a visit's answer comes back as plain data."""
    workers = plan.stats.workers
    # forkserver: a fresh process per worker (HiGHS's threads and fork do not mix), started once.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["straiik.engines.bundling.solver"])
    # Pickled once here, not once per worker (20 MB and 2-3 s at 100,000 demands).
    payload = pickle.dumps((plan.structure, plan.parts), protocol=pickle.HIGHEST_PROTOCOL)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_start,
                             initargs=(payload,)) as pool:
        futures: dict[Future[VisitResult], tuple[int, float]] = {}
        while True:
            while len(futures) < workers:
                choice = next_visit(plan.reports, set(running), remaining=deadline - time.monotonic(),
                                    workers=workers)
                if choice is None:
                    break
                index, limit = choice
                running[index] = time.monotonic()
                futures[pool.submit(_worker_visit, plan.job(index, limit, search))] = choice
            if not futures:
                break
            finished, _ = wait(list(futures), timeout=1.0, return_when=FIRST_COMPLETED)
            for future in finished:
                index, limit = futures.pop(future)
                del running[index]
                try:
                    result = future.result()
                except BrokenProcessPool:
                    raise
                except Exception as error:  # noqa: BLE001 - one failed visit keeps the best solution so far
                    failed = plan.reports[index]
                    failed.visits, failed.limit, failed.status = failed.visits + 1, limit, "error"
                    report(f"component {index + 1}: the visit failed ({type(error).__name__}: {error})", force=True)
                    continue
                plan.apply(result, limit)
                report(done_message(result))
            if not finished:
                report("solving")
