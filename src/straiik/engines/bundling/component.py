"""One component of a problem: its figures between visits, and one visit of it by a solver process.

A visit is plain data in and plain data out (`Visit` -> `VisitResult`), so the same function runs in this
process, in a pool of processes (`solver.py`) or in a task-queue worker on the platform. The first visit of
a component of at least QUICK_MIN_PAIRS pairs is a quick one (`_quick`: the LP relaxation for a bound, the
MIP restricted to the pairs it uses, the local search; then the whole model with the time left). Any other
visit:

0. improves the best known solution with the local search (`local.py`, at most LOCAL_SHARE of its time);

1. (when asked: `search`, off by default, see SEARCH_BY_DEFAULT) on a component that an earlier visit did
   not finish, first improves the best known solution with a large-neighbourhood search (`improve`): fix
   every lot and demand outside a neighbourhood of a few lots, re-optimise the neighbourhood with a small
   HiGHS model, keep what lowers the cost, repeat;
2. then solves the component's model with HiGHS, the best known solution as a start (`setSolution`) and
   its cost as a cutoff (`objective_bound`), so HiGHS prunes from the first node what cannot beat it.
   HiGHS 1.16 can hand back a stale vector after a start (see `mip.MipResult.consistent`): the visit then
   solves again without the start and drops the first answer's bound.
Every assignment that comes back is priced and checked again with the exact rules (`repair`), so the
best solution of a component is always feasible, and the bound is never above the component's total.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .evaluate import lot_violations
from .greedy import net_cost
from .local import improve_local
from .mip import ComponentModel
from .model import Solution, money_close, relative_gap
from .structure import Component, Structure

# The neighbourhood of one large-neighbourhood step: about this many demand-lot pairs, solved for at most
# this long; a component this small or smaller is solved whole by HiGHS instead.
LNS_PAIRS = 600
LNS_STEP_SECONDS = 1.0
# Share of a visit's time that the search may take before HiGHS gets the rest.
LNS_SHARE = 0.3
# Share of a visit's time that the local search (`local.py`) may take at most; it usually stops far sooner,
# at a local optimum (about 30 ms on a component of 150 demands).
LOCAL_SHARE = 0.1
# A first visit of a component with at least this many demand-lot pairs is a quick one (`_quick`); a smaller
# one HiGHS usually solves to optimality in less time than the relaxation and the restricted model take.
QUICK_MIN_PAIRS = 150
# When a quick visit leaves at least this much of its limit, the whole model gets the rest in the same visit.
QUICK_MIN_REST = 0.1
# Off by default: on the hard 10,000-demand benchmark HiGHS alone did better in the same time (docs/bundling.md).
SEARCH_BY_DEFAULT = False


@dataclass
class ComponentReport:
    """A component's figures: the best solution's cost, the proven bound, how it was solved."""

    demands: int
    lots: int
    pairs: int
    total: float
    bound: float
    greedy_total: float
    status: str  # HiGHS's model status of the last visit, or "skipped" when no time was left for it
    seconds: float  # solver time spent on it, over all visits
    columns: int = 0
    rows: int = 0
    dissolved_lots: int = 0
    restarted: bool = False  # HiGHS handed back an inconsistent solution after a start; solved again without
    visits: int = 0
    limit: float = 0.0  # the time limit of the last visit
    lns_improvements: int = 0
    proven: bool = False  # HiGHS proved its answer optimal (or nothing beats the cutoff)

    @property
    def optimal(self) -> bool:
        return self.proven or money_close(self.total, self.bound)

    @property
    def gap(self) -> float:
        return relative_gap(self.total, self.bound)

    @property
    def absolute_gap(self) -> float:
        return max(0.0, self.total - self.bound)


@dataclass
class SolveStats:
    seconds: float
    analyse_seconds: float
    greedy_seconds: float
    greedy_total: float
    pruned_pairs: int
    loose_demands: int
    components: list[ComponentReport] = field(default_factory=list)
    workers: int = 1
    strategy: str = "passes"


@dataclass
class SolveResult:
    solution: Solution
    stats: SolveStats


@dataclass
class Visit:
    """What a solver process is asked to do with one component."""

    index: int
    time_limit: float
    start: dict[int, int]  # the best known assignment (demand -> lot index; absent = solo)
    total: float  # its cost
    search: bool = False  # run the large-neighbourhood search first
    use_start: bool = True  # give HiGHS the start (off after HiGHS handed back a stale one)
    seed: int = 0
    local: bool = True  # improve the start with the local search (`local.py`) first
    first: bool = False  # the component's first visit: on a larger one, the quick visit (`_quick`)


@dataclass
class VisitResult:
    index: int
    assignment: dict[int, int]
    total: float
    bound: float  # -inf when nothing was proven
    status: str
    proven: bool
    seconds: float
    columns: int = 0
    rows: int = 0
    dissolved_lots: int = 0
    restarted: bool = False
    lns_improvements: int = 0


def assignment_cost(structure: Structure, component: Component, assignment: dict[int, int]) -> float:
    """Total cost of a component's demands under an assignment (demand -> lot index; absent = solo)."""
    members: dict[int, list[int]] = {}
    total = 0.0
    for d in component.demands:
        lot = assignment.get(d)
        if lot is None:
            total += structure.solo_cost(d)
        else:
            members.setdefault(lot, []).append(d)
    for lot, ds in members.items():
        total += net_cost(structure, structure.lots[lot], sum(structure.quantity[d] for d in ds),
                          any(structure.ua[d] for d in ds))
    return total


def repair(structure: Structure, assignment: dict[int, int]) -> tuple[dict[int, int], int]:
    """Dissolve every lot that breaks a rule when checked exactly; returns the assignment and how many."""
    problem = structure.problem
    members: dict[int, list[int]] = {}
    for d, lot in assignment.items():
        members.setdefault(lot, []).append(d)
    bad = set()
    for lot, ds in members.items():
        candidate = structure.lots[lot]
        offer = problem.offers[candidate.offer]
        if lot_violations(problem, offer, candidate.period, [problem.demands[d] for d in sorted(ds)]):
            bad.add(lot)
    return {d: lot for d, lot in assignment.items() if lot not in bad}, len(bad)


def to_ids(structure: Structure, assignment: dict[int, int]) -> dict[str, tuple[str, str]]:
    problem = structure.problem
    return {problem.demands[d].id: (problem.offers[structure.lots[lot].offer].id, structure.lots[lot].period)
            for d, lot in assignment.items()}


def gap(total: float, bound: float) -> float:
    return 0.0 if total == bound else abs(total - bound) / max(abs(total), 1e-12)


def visit(structure: Structure, component: Component, job: Visit,
          on_progress: Callable[[float, float], None] | None = None) -> VisitResult:
    """One visit of a component (see the module's docstring); never returns a worse solution than the start."""
    began = time.monotonic()
    deadline = began + job.time_limit
    best, best_total = dict(job.start), job.total
    improvements = 0
    if job.first and job.local and structure.pair_count(component) >= QUICK_MIN_PAIRS:
        return _quick(structure, component, job, best, best_total, improvements, began)
    if job.local:
        candidate, moves = improve_local(structure, component, best,
                                         until=began + LOCAL_SHARE * job.time_limit, rng=random.Random(job.seed))
        if moves:
            candidate, _ = repair(structure, candidate)
            cost = assignment_cost(structure, component, candidate)
            if cost < best_total:
                best, best_total = candidate, cost
                improvements += moves
    if job.search and structure.pair_count(component) > LNS_PAIRS:
        best, best_total, steps = improve(structure, component, best, best_total,
                                          until=began + LNS_SHARE * job.time_limit, rng=random.Random(job.seed))
        improvements += steps
    model = ComponentModel(structure, component)
    result = model.solve(time_limit=max(0.05, deadline - time.monotonic()), start=best if job.use_start else None,
                         cutoff=best_total, on_progress=on_progress)
    restarted = False
    if not result.consistent:
        restarted = True
        result = model.solve(time_limit=max(0.05, deadline - time.monotonic()), cutoff=best_total,
                             on_progress=on_progress)
    dissolved = 0
    if result.assignment is not None:
        candidate, dissolved = repair(structure, result.assignment)
        cost = assignment_cost(structure, component, candidate)
        if cost < best_total:
            best, best_total = candidate, cost
    bound = result.bound if math.isfinite(result.bound) else -math.inf
    proven = result.optimal
    if result.status == "Infeasible" and result.assignment is None:
        # With the cutoff a hair above the best known cost, "infeasible" means nothing is cheaper than it.
        bound, proven = best_total, True
    return VisitResult(index=job.index, assignment=best, total=best_total, bound=bound, status=result.status,
                       proven=proven, seconds=time.monotonic() - began, columns=result.columns, rows=result.rows,
                       dissolved_lots=dissolved, restarted=restarted, lns_improvements=improvements)


def _quick(structure: Structure, component: Component, job: Visit, best: dict[int, int], best_total: float,
           improvements: int, began: float) -> VisitResult:
    """The first visit of a larger component: its LP relaxation (a bound, usually close to the optimum),
    then the MIP restricted to the pairs the relaxation uses and those of the best solution (a few hundred
    binaries at most, usually solved in a fraction of a second), then the local search again; then, with
    the time left of the visit's limit if any, the whole model from that start. Later visits solve the whole
    model."""
    deadline = began + job.time_limit
    model = ComponentModel(structure, component)
    relaxed = time.monotonic()
    bound, support = model.relaxation(time_limit=max(0.05, deadline - relaxed))
    status = "relaxation only"
    columns, rows = len(model.builder.cost), len(model.builder.row_lower)
    # The restricted model gets at least as long as the relaxation took (a visit may run over its limit by
    # that much): the relaxation's support is only worth something with a solution from it.
    deadline = max(deadline, time.monotonic() + (time.monotonic() - relaxed))
    if support:
        support.update(best.items())
        sub_lots = list(structure.lots)
        for i in component.lots:
            sub_lots[i] = replace(structure.lots[i], members=[d for d in structure.lots[i].members
                                                              if (d, i) in support])
        sub = replace(structure, lots=sub_lots)
        part = Component(lots=[i for i in component.lots if sub_lots[i].members], demands=component.demands)
        result = ComponentModel(sub, part).solve(time_limit=max(0.05, deadline - time.monotonic()),
                                                 start=best if job.use_start else None, cutoff=best_total)
        if not result.consistent:
            result = ComponentModel(sub, part).solve(time_limit=max(0.05, deadline - time.monotonic()),
                                                     cutoff=best_total)
        status = f"restricted: {result.status}"
        if result.assignment is not None:
            candidate, _ = repair(structure, result.assignment)
            cost = assignment_cost(structure, component, candidate)
            if cost < best_total:
                best, best_total = candidate, cost
    # The local search polishes what the restricted model found; it stops at a local optimum, usually within
    # tens of milliseconds, and may take up to a quarter of the visit's limit for it.
    candidate, moves = improve_local(structure, component, best,
                                     until=max(deadline, time.monotonic() + 0.25 * job.time_limit),
                                     rng=random.Random(job.seed + 1))
    if moves:
        candidate, _ = repair(structure, candidate)
        cost = assignment_cost(structure, component, candidate)
        if cost < best_total:
            best, best_total = candidate, cost
            improvements += moves
    proven = math.isfinite(bound) and money_close(best_total, bound)
    dissolved = 0
    restarted = False
    if not proven and deadline - time.monotonic() > QUICK_MIN_REST:
        # Time left in this visit (a component with a large share): the whole model, from the better start.
        result = model.solve(time_limit=deadline - time.monotonic(), start=best if job.use_start else None,
                             cutoff=best_total)
        if not result.consistent:
            restarted = True
            result = model.solve(time_limit=max(0.05, deadline - time.monotonic()), cutoff=best_total)
        status = result.status
        if result.assignment is not None:
            candidate, dissolved = repair(structure, result.assignment)
            cost = assignment_cost(structure, component, candidate)
            if cost < best_total:
                best, best_total = candidate, cost
        if math.isfinite(result.bound):
            bound = max(bound, result.bound)
        proven = result.optimal
        if result.status == "Infeasible" and result.assignment is None:
            bound, proven = best_total, True
    return VisitResult(index=job.index, assignment=best, total=best_total, bound=min(bound, best_total),
                       status=status, proven=proven, seconds=time.monotonic() - began, columns=columns, rows=rows,
                       dissolved_lots=dissolved, restarted=restarted, lns_improvements=improvements)


def improve(structure: Structure, component: Component, assignment: dict[int, int], total: float, *,
            until: float, rng: random.Random) -> tuple[dict[int, int], float, int]:
    """Large-neighbourhood search: returns a feasible assignment no dearer than the one given, its cost and
    how many steps improved it. Each step frees the demands of a few connected lots (and the solo demands
    that could join them), keeps everything else as it is and solves that small model with HiGHS."""
    assignment = dict(assignment)
    improvements = 0
    lots = component.lots
    while time.monotonic() < until - 0.05:
        opened = sorted(set(assignment.values()))
        seed_lot = rng.choice(opened) if opened and rng.random() < 0.6 else rng.choice(lots)
        hood = _neighbourhood(structure, seed_lot, rng)
        free = sorted({d for i in hood for d in structure.lots[i].members
                       if assignment.get(d) is None or assignment[d] in hood})
        free_set = set(free)
        sub_lots = list(structure.lots)
        for i in hood:
            sub_lots[i] = replace(structure.lots[i], members=[d for d in structure.lots[i].members if d in free_set])
        sub = replace(structure, lots=sub_lots)
        part = Component(lots=[i for i in hood if sub_lots[i].members], demands=free)
        start = {d: lot for d, lot in assignment.items() if d in free_set}
        before = assignment_cost(sub, part, start)
        result = ComponentModel(sub, part).solve(time_limit=max(0.05, min(LNS_STEP_SECONDS, until - time.monotonic())),
                                                 start=start, cutoff=before)
        if result.assignment is None:
            continue
        candidate, _ = repair(structure, result.assignment)
        after = assignment_cost(sub, part, candidate)
        if after < before and not money_close(after, before, 1e-9):
            for d in free:
                assignment.pop(d, None)
            assignment.update(candidate)
            total += after - before
            improvements += 1
    return assignment, assignment_cost(structure, component, assignment), improvements


def _neighbourhood(structure: Structure, seed_lot: int, rng: random.Random) -> list[int]:
    """Lots linked to the seed by shared candidate demands, breadth first, up to about LNS_PAIRS pairs."""
    hood, seen = [seed_lot], {seed_lot}
    pairs = len(structure.lots[seed_lot].members)
    frontier = [seed_lot]
    while frontier and pairs < LNS_PAIRS:
        lot = frontier.pop(0)
        members = list(structure.lots[lot].members)
        rng.shuffle(members)
        for d in members:
            for other in structure.lots_of[d]:
                if other in seen:
                    continue
                size = len(structure.lots[other].members)
                if pairs + size > 1.5 * LNS_PAIRS:
                    continue
                seen.add(other)
                hood.append(other)
                frontier.append(other)
                pairs += size
                if pairs >= LNS_PAIRS:
                    return hood
    return hood
