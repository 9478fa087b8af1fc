"""One round's solve shared by every task-queue worker: components as rows, claimed with a lease.

The run's task (`tasks.solve_run`, the *coordinator*) analyses the problem, writes one `BundlingComponent`
row per independent component (with the greedy start and the simple bound) and enqueues helper tasks
(`tasks.solve_components`). Then every worker, the coordinator included, runs the same loop (`work`):

1. under a lock on the run row, choose the next visit with the engine's own policy
   (`engines.bundling.solver.next_visit`: every component once, then the largest absolute gaps with growing
   limits) and claim that row: state running, this worker's name, a lease until the visit's end plus
   `LEASE_GRACE` seconds;
2. solve it (`engines.bundling.component.visit`: HiGHS with the best solution as start and cutoff),
   renewing the lease and writing the run's combined progress while HiGHS reports;
3. merge the answer into the row (the cheaper solution, the larger bound: monotone, so a visit that comes
   back late does no harm).

A worker that dies leaves a running row whose lease expires: the next claim puts it back and another worker
(or the coordinator) picks it up; after `MAX_ATTEMPTS` claims that never came back it is marked failed and
keeps its best solution, so the round still finishes. A visit that raises is retried the same way. The
coordinator stops when every component is optimal (or failed) or at the phase's deadline, waits for the
visits still running, and puts the solution together from the rows. Workers on several machines share
nothing but the PostgreSQL database (docs/bundling.md).
"""

from __future__ import annotations

import logging
import math
import os
import socket
import time
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from straiik.bundling import problem as problem_rules
from straiik.bundling.choices import ComponentState, RunStatus
from straiik.bundling.models import BundlingComponent, BundlingRun
from straiik.core import taskqueue
from straiik.engines import bundling as engine
from straiik.engines.bundling.component import SEARCH_BY_DEFAULT, ComponentReport, Visit, VisitResult, to_ids
from straiik.engines.bundling.component import visit as engine_visit
from straiik.engines.bundling.model import money_close, relative_gap
from straiik.engines.bundling.solver import MIN_VISIT, merge, next_visit, parts_of, prepare
from straiik.engines.bundling.structure import Component, Structure, analyse

log = logging.getLogger(__name__)

# A lease lasts the visit's time limit plus this; HiGHS's reports renew it for this long.
LEASE_GRACE = 30.0
# Claims of one component that never came back (the worker died each time) before it is given up.
MAX_ATTEMPTS = 3
# How often an idle worker looks for work again, and how many helper tasks a phase enqueues at most.
POLL_SECONDS = 0.2
MAX_HELPERS = 16
# How often a worker writes the run's combined progress after its visits (besides when a part is proven).
PROGRESS_SECONDS = 1.0
# How long the coordinator waits after the deadline for visits still running.
FINISH_GRACE = 5.0

# The helper task, queued by name: tasks.py imports this module.
SOLVE_COMPONENTS = "straiik.bundling.tasks.solve_components"


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class _Phase:
    structure: Structure
    parts: list[Component]
    loose_cost: float
    progress_at: float = -math.inf  # when this worker last wrote the run's progress (time.monotonic)


_phases: dict[tuple[int, str], _Phase] = {}


def phase_problem(run: BundlingRun, phase: str) -> dict[str, Any]:
    """The problem a phase solves: the run's, or for the comparison without Ukraine the same without it."""
    if phase == "main":
        return run.problem
    buyer = problem_rules.ukraine_buyer(engine.parse_problem(run.problem))
    return problem_rules.without_buyer(run.problem, buyer) if buyer else run.problem


def phase_time_limit(run: BundlingRun, phase: str) -> float:
    """Three quarters of the run's limit for the main solve when Ukraine takes part, a quarter (at least 1 s)
    for the solve without it; the whole limit otherwise (as services.run_execute)."""
    with_ukraine = problem_rules.ukraine_buyer(engine.parse_problem(run.problem)) is not None
    if phase == "main":
        return run.time_limit * (0.75 if with_ukraine else 1.0)
    return max(run.time_limit * 0.25, 1.0)


def _load(run_id: int, phase: str) -> _Phase:
    """The analysed problem of a phase, once per worker process (every process numbers components alike)."""
    key = (run_id, phase)
    if key not in _phases:
        if len(_phases) > 4:
            _phases.clear()
        run = BundlingRun.objects.get(pk=run_id)
        structure = analyse(engine.parse_problem(phase_problem(run, phase)))
        _phases[key] = _Phase(structure=structure, parts=parts_of(structure),
                              loose_cost=sum(structure.solo_cost(d) for d in structure.loose_demands))
    return _phases[key]


def _report(row: BundlingComponent) -> ComponentReport:
    return ComponentReport(demands=row.demands, lots=0, pairs=row.pairs, total=row.total, bound=row.bound,
                           greedy_total=row.greedy_total, status=row.solver_status or "skipped", seconds=row.seconds,
                           visits=row.visits, limit=row.limit, lns_improvements=row.lns_improvements,
                           proven=row.proven)


# --- the coordinator ----------------------------------------------------------------------------------------


def solve_phase(run: BundlingRun, phase: str, problem: engine.Problem, time_limit: float) -> engine.SolveResult:
    """Set up the phase's components, work on them with every other worker, and put the solution together."""
    began = time.monotonic()
    start_phase(run, phase, problem, time_limit)
    work(run.pk, phase, coordinator=True)
    return finish_phase(run.pk, phase, problem, began)


def start_phase(run: BundlingRun, phase: str, problem: engine.Problem, time_limit: float) -> None:
    """One row per component (greedy start, simple bound), and helper tasks for the other workers."""
    began = time.monotonic()
    plan = prepare(problem)
    reserve = min(0.15 * time_limit, 0.5 + 1e-4 * len(problem.demands))  # as engines.bundling.solver.solve
    deadline = timezone.now() + timedelta(seconds=max(0.0, time_limit - reserve - (time.monotonic() - began)))
    rows = [BundlingComponent(run=run, phase=phase, index=i, demands=r.demands, pairs=r.pairs, total=r.total,
                              bound=r.bound, greedy_total=r.greedy_total, proven=r.proven,
                              state=ComponentState.OPTIMAL if r.optimal else ComponentState.WAITING,
                              assignment=sorted(plan.assignments[i].items()), deadline=deadline)
            for i, r in enumerate(plan.reports)]
    BundlingComponent.objects.filter(run=run, phase=phase).delete()
    BundlingComponent.objects.bulk_create(rows, batch_size=500)
    _phases[run.pk, phase] = _Phase(structure=plan.structure, parts=plan.parts, loose_cost=plan.loose_cost)
    open_parts = sum(1 for r in plan.reports if not r.optimal)
    for _helper in range(min(open_parts - 1, MAX_HELPERS)):  # the coordinator is a worker too
        taskqueue.enqueue(SOLVE_COMPONENTS, run.pk, phase)
    write_progress(run.pk, phase, plan.loose_cost)


def finish_phase(run_id: int, phase: str, problem: engine.Problem, began: float) -> engine.SolveResult:
    """The solution from the rows: every component's best assignment, the sum of their bounds."""
    state = _load(run_id, phase)
    write_progress(run_id, phase, state.loose_cost)  # the last visits' figures (their writes are throttled)
    rows = list(BundlingComponent.objects.filter(run_id=run_id, phase=phase).order_by("index"))
    assignment: dict[int, int] = {}
    for row in rows:
        assignment.update({int(d): int(lot) for d, lot in row.assignment})
    solution = engine.build_solution(problem, to_ids(state.structure, assignment))
    bound = min(state.loose_cost + sum(row.bound for row in rows), solution.total_cost)
    solution = replace(solution, bound=bound,
                       status=engine.OPTIMAL if money_close(solution.total_cost, bound) else engine.FEASIBLE)
    reports = [_report(row) for row in rows]
    stats = engine.SolveStats(seconds=time.monotonic() - began, analyse_seconds=0.0, greedy_seconds=0.0,
                              greedy_total=state.loose_cost + sum(r.greedy_total for r in rows),
                              pruned_pairs=state.structure.pruned_pairs,
                              loose_demands=len(state.structure.loose_demands), components=reports,
                              workers=len({row.worker for row in rows if row.worker}) or 1, strategy="distributed")
    return engine.SolveResult(solution=solution, stats=stats)


# --- every worker -------------------------------------------------------------------------------------------


_DONE = "done"


def work(run_id: int, phase: str, *, coordinator: bool = False, worker: str | None = None) -> int:
    """Claim and solve components of a phase until there is nothing left to do; returns the visits made.
    A helper returns as soon as the phase is over; the coordinator also waits for visits still running."""
    worker = worker or worker_name()
    state = _load(run_id, phase)
    visits = 0
    while True:
        outcome = _claim(run_id, phase, worker)
        if outcome == _DONE:
            return visits
        if outcome is None:
            time.sleep(POLL_SECONDS)
            continue
        assert isinstance(outcome, BundlingComponent)
        _visit(run_id, phase, outcome, worker, state)
        visits += 1


def _claim(run_id: int, phase: str, worker: str) -> BundlingComponent | str | None:
    """The next component for this worker (claimed), None to wait and ask again, or _DONE."""
    now = timezone.now()
    with transaction.atomic():
        # One decision at a time per run, across every worker and machine.
        BundlingRun.objects.select_for_update().filter(pk=run_id).values_list("pk", flat=True).first()
        rows = list(BundlingComponent.objects.filter(run_id=run_id, phase=phase).order_by("index")
                    .defer("assignment"))
        if not rows:
            return _DONE
        running = set()
        for row in rows:
            if row.state != ComponentState.RUNNING:
                continue
            if row.lease_until is not None and row.lease_until > now:
                running.add(row.index)
                continue
            # The worker that claimed it stopped reporting: give it to someone else, or give up on it.
            row.state = (ComponentState.FAILED if row.attempts - row.visits >= MAX_ATTEMPTS
                         else ComponentState.OPEN if row.visits else ComponentState.WAITING)
            row.error = _("The worker %(worker)s stopped reporting.") % {"worker": row.worker}
            row.lease_until = None
            row.save(update_fields=["state", "error", "lease_until"])
            log.warning("bundling run %s: component %s of %s was left by its worker; %s", run_id, row.index, phase,
                        row.state)
            if row.state != ComponentState.FAILED:
                taskqueue.enqueue_on_commit(SOLVE_COMPONENTS, run_id, phase)
        remaining = (rows[0].deadline - now).total_seconds()
        blocked = running | {row.index for row in rows if row.state == ComponentState.FAILED}
        choice = next_visit([_report(row) for row in rows], blocked, remaining=remaining,
                            workers=len(running) + 1)
        if choice is None:
            everything_done = all(row.state in (ComponentState.OPTIMAL, ComponentState.FAILED) for row in rows)
            if not running and (everything_done or remaining < MIN_VISIT or not _open(rows, blocked)):
                return _DONE
            if remaining < -FINISH_GRACE:
                return _DONE  # visits still running past the deadline and its grace: their answers come too late
            return None
        index, limit = choice
        row = rows[index]
        BundlingComponent.objects.filter(pk=row.pk).update(
            state=ComponentState.RUNNING, worker=worker, attempts=F("attempts") + 1, limit=limit,
            lease_until=now + timedelta(seconds=limit + LEASE_GRACE))
    return BundlingComponent.objects.get(pk=row.pk)


def _open(rows: list[BundlingComponent], blocked: set[int]) -> bool:
    return any(row.state not in (ComponentState.OPTIMAL, ComponentState.FAILED) and row.index not in blocked
               for row in rows)


def _visit(run_id: int, phase: str, row: BundlingComponent, worker: str, state: _Phase) -> None:
    job = Visit(index=row.index, time_limit=row.limit, start={int(d): int(lot) for d, lot in row.assignment},
                total=row.total, search=SEARCH_BY_DEFAULT and row.visits > 0, use_start=row.use_start,
                seed=row.attempts, first=row.visits == 0)
    last = [time.monotonic()]

    def on_progress(total: float, bound: float) -> None:
        now = time.monotonic()
        if now - last[0] < 1.0:
            return
        last[0] = now
        # Never shortened: the claim's lease (the visit's limit + LEASE_GRACE) stands if it is longer.
        BundlingComponent.objects.filter(pk=row.pk, worker=worker, state=ComponentState.RUNNING).update(
            lease_until=Greatest(F("lease_until"), Value(timezone.now() + timedelta(seconds=LEASE_GRACE))))
        write_progress(run_id, phase, state.loose_cost)

    try:
        result = engine_visit(state.structure, state.parts[row.index], job, on_progress=on_progress)
    except Exception as error:  # noqa: BLE001 - the component is retried; the round goes on
        log.exception("bundling run %s: visit of component %s failed", run_id, row.index)
        BundlingComponent.objects.filter(pk=row.pk, worker=worker).update(
            state=ComponentState.OPEN if row.visits else ComponentState.WAITING, lease_until=None,
            error=f"{type(error).__name__}: {error}"[:2000])
        BundlingComponent.objects.filter(pk=row.pk, attempts__gte=F("visits") + MAX_ATTEMPTS).update(
            state=ComponentState.FAILED)
        return
    optimal = _merge(row.pk, worker, result, job.time_limit)
    # The progress reads every row of the phase: after a short visit (most first visits take tens of
    # milliseconds) at most every PROGRESS_SECONDS per worker, and whenever a part is proven optimal.
    now = time.monotonic()
    if optimal or now - state.progress_at >= PROGRESS_SECONDS:
        state.progress_at = now
        write_progress(run_id, phase, state.loose_cost)


def _merge(pk: int, worker: str, result: VisitResult, limit: float) -> bool:
    """Merge a visit's answer into its row; True when the part is now proven optimal."""
    with transaction.atomic():
        row = BundlingComponent.objects.select_for_update().get(pk=pk)
        report = _report(row)
        if merge(report, result, limit):
            row.assignment = sorted(result.assignment.items())
        row.total, row.bound, row.proven = report.total, report.bound, report.proven
        row.solver_status, row.seconds, row.visits = report.status, report.seconds, report.visits
        row.lns_improvements = report.lns_improvements
        row.use_start = row.use_start and not result.restarted
        if row.worker == worker:  # else another worker claimed it meanwhile (we were thought dead): its claim stands
            row.state = ComponentState.OPTIMAL if report.optimal else ComponentState.OPEN
            row.lease_until = None  # the worker's name stays: who solved it last
        elif report.optimal:
            row.state = ComponentState.OPTIMAL
        row.save()
        return report.optimal


def write_progress(run_id: int, phase: str, loose_cost: float, message: str = "") -> None:
    """The run's progress, combined over every worker: totals, bound, components by state, largest gaps."""
    rows = list(BundlingComponent.objects.filter(run_id=run_id, phase=phase)
                .values_list("index", "demands", "state", "total", "bound", "worker"))
    busy = {r[5] for r in rows if r[2] == ComponentState.RUNNING}
    if not rows:
        return
    total = loose_cost + sum(r[3] for r in rows)
    bound = min(total, loose_cost + sum(r[4] for r in rows))
    states: dict[str, int] = {}
    for r in rows:
        states[r[2]] = states.get(r[2], 0) + 1
    worst = sorted((r for r in rows if r[2] != ComponentState.OPTIMAL and r[3] > r[4]), key=lambda r: r[4] - r[3])[:5]
    run = BundlingRun.objects.only("started_at").get(pk=run_id)
    elapsed = (timezone.now() - run.started_at).total_seconds() if run.started_at else 0.0
    optimal = states.get(ComponentState.OPTIMAL, 0)
    BundlingRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
        progress={"phase": phase, "elapsed": round(elapsed, 1), "total": total, "bound": bound,
                  "gap": relative_gap(total, bound), "component": optimal, "components": len(rows),
                  "states": states, "workers": len(busy),
                  "open": [{"index": r[0] + 1, "demands": r[1], "state": r[2], "gap": _gap(r[3], r[4])} for r in worst],
                  "message": message or _("%(optimal)s of %(count)s parts proven optimal") % {
                      "optimal": optimal, "count": len(rows)}},
        heartbeat_at=timezone.now())


def _gap(total: float, bound: float) -> float:
    return 0.0 if total == bound or not math.isfinite(bound) else (total - bound) / max(abs(total), 1e-12)
