"""A round's solve shared by task-queue workers: component rows, leases, a dead worker, a failing visit.

The round of conftest.py has Ukrainian demand, so a run has two phases (with and without Ukraine), one
component each. With the capacity cut to 130 units only three of the four nations' 40 units fit: the greedy
start no longer meets the simple bound, so the main phase's component needs a visit. The optimum: UA, NL and
DE in the lot (Q = 120, V = 9,600, S = 1,920 with Ukraine, C = 8,180), BE alone (4,000): 12,180 of 16,000."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from straiik.bundling import distributed, services
from straiik.bundling.models import BundlingComponent, BundlingRun, ComponentState, RunStatus
from straiik.engines import bundling as engine
from tests.bundling.conftest import offer_of

pytestmark = pytest.mark.django_db
SAVINGS = 16_000 - 12_180


@pytest.fixture
def tight_round(bundling_round: Any, office: Any) -> Any:
    services.offer_update(user=office, offer=offer_of(bundling_round), data={"capacity": {"2027-Q1": 130}})
    return bundling_round


def started(run: BundlingRun, phase: str = "main") -> engine.Problem:
    problem = engine.parse_problem(distributed.phase_problem(run, phase))
    BundlingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=timezone.now())
    distributed.start_phase(run, phase, problem, distributed.phase_time_limit(run, phase))
    return problem


def test_the_database_worker_solves_a_run_component_by_component(tight_round: Any, office: Any,
                                                                 django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_request(user=office, round=tight_round, label="shared")
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--interval", "0", verbosity=0)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert run.solution["status"] == "optimal" and run.solution["savings"] == pytest.approx(SAVINGS)
    rows = list(run.components.all())
    assert {row.phase for row in rows} == {"main", "without-ukraine"}
    assert all(row.state == ComponentState.OPTIMAL and row.lease_until is None for row in rows)
    assert next(row for row in rows if row.phase == "main").visits == 1  # solved by HiGHS, not by the greedy
    assert run.stats["optimal_components"] == run.stats["components"] and run.stats["open_components"] == []
    assert engine.check(engine.parse_problem(run.problem), engine.parse_solution(run.solution)) == []
    # Helpers enqueued for other workers found nothing left and finished.
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


def test_a_component_left_by_a_dead_worker_is_picked_up_again(tight_round: Any, office: Any,
                                                              django_capture_on_commit_callbacks: Any) -> None:
    run = services.run_request(user=office, round=tight_round, enqueue=False)
    problem = started(run)
    claimed = distributed._claim(run.pk, "main", "elsewhere:4242")
    assert isinstance(claimed, BundlingComponent) and claimed.state == ComponentState.RUNNING
    # ... and that worker dies: no report, its lease runs out.
    BundlingComponent.objects.filter(pk=claimed.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    began = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        visits = distributed.work(run.pk, "main", coordinator=True, worker="here:1")
    result = distributed.finish_phase(run.pk, "main", problem, began)
    claimed.refresh_from_db()
    assert visits == 1
    assert claimed.state == ComponentState.OPTIMAL and claimed.attempts == 2 and claimed.visits == 1
    assert "elsewhere:4242" in claimed.error
    assert result.solution.status == engine.OPTIMAL and engine.check(problem, result.solution) == []
    assert result.solution.bound <= result.solution.total_cost
    # Another worker was asked to help with it (a new task on the queue).
    assert DBTaskResult.objects.filter(task_path__endswith="solve_components").exists()


def test_a_component_whose_workers_keep_dying_is_given_up_and_the_round_still_finishes(
        tight_round: Any, office: Any) -> None:
    run = services.run_request(user=office, round=tight_round, enqueue=False)
    problem = started(run)
    row = BundlingComponent.objects.get(run=run, phase="main")
    BundlingComponent.objects.filter(pk=row.pk).update(
        state=ComponentState.RUNNING, worker="elsewhere:1", attempts=distributed.MAX_ATTEMPTS,
        lease_until=timezone.now() - timedelta(seconds=1))
    assert distributed.work(run.pk, "main", coordinator=True) == 0
    row.refresh_from_db()
    assert row.state == ComponentState.FAILED and row.total == row.greedy_total
    result = distributed.finish_phase(run.pk, "main", problem, time.monotonic())
    assert engine.check(problem, result.solution) == []  # the greedy start: feasible, with a valid bound
    assert result.solution.bound <= result.solution.total_cost


def test_a_visit_that_fails_is_retried_and_the_run_finishes(tight_round: Any, office: Any,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = distributed.engine_visit

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("HiGHS fell over")
        return real(*args, **kwargs)

    monkeypatch.setattr(distributed, "engine_visit", flaky)
    run = services.run_execute(services.run_request(user=office, round=tight_round, enqueue=False).pk)
    assert run.status == RunStatus.DONE, run.error
    assert run.solution["status"] == "optimal" and run.solution["savings"] == pytest.approx(SAVINGS)
    main = run.components.get(phase="main")
    assert main.attempts == 2 and main.visits == 1 and "HiGHS fell over" in main.error
    assert main.state == ComponentState.OPTIMAL


def test_progress_is_combined_over_the_components(tight_round: Any, office: Any) -> None:
    run = services.run_request(user=office, round=tight_round, enqueue=False)
    started(run)
    run.refresh_from_db()
    progress = run.progress
    assert progress["components"] == 1 and progress["states"] == {"waiting": 1}
    assert progress["bound"] <= progress["total"]
    assert progress["open"][0]["index"] == 1 and progress["open"][0]["gap"] > 0


def test_the_run_page_shows_the_parts_and_their_gaps(tight_round: Any, office: Any) -> None:
    from tests.conftest import client_for

    run = services.run_request(user=office, round=tight_round, enqueue=False)
    started(run)
    page = client_for(office).get(f"/bundling/runs/{run.pk}/progress/")
    text = page.content.decode()
    assert "0 / 1" in text and "Parts not proven optimal" in text and "#1" in text
    assert "waiting for its first visit" in text
    run = services.run_execute(services.run_request(user=office, round=tight_round, enqueue=False).pk)
    assert run.stats["optimal_components"] == run.stats["components"] == 1
    assert "1 of 1 independent parts proven optimal" in client_for(office).get(run.get_absolute_url()).content.decode()


def test_a_running_visit_renews_its_lease_and_writes_the_combined_progress(tight_round: Any, office: Any,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    run = services.run_request(user=office, round=tight_round, enqueue=False)
    started(run)
    real = distributed.engine_visit
    seen: dict[str, Any] = {}

    class Clock:  # every reading two seconds later: the progress callback never waits for its second
        now = 0.0

        def monotonic(self) -> float:
            self.now += 2.0
            return self.now

    def slow(structure: Any, component: Any, job: Any, on_progress: Any) -> Any:
        row = BundlingComponent.objects.get(run=run, phase="main", index=job.index)
        BundlingComponent.objects.filter(pk=row.pk).update(lease_until=timezone.now() + timedelta(seconds=1))
        on_progress(1.0, 0.5)
        seen["lease"] = BundlingComponent.objects.get(pk=row.pk).lease_until
        seen["progress"] = BundlingRun.objects.get(pk=run.pk).progress
        return real(structure, component, job)

    monkeypatch.setattr(distributed, "engine_visit", slow)
    monkeypatch.setattr(distributed, "time", type("T", (), {"monotonic": Clock().monotonic, "sleep": time.sleep})())
    distributed.work(run.pk, "main", coordinator=True, worker="here:2")
    assert seen["lease"] >= timezone.now() + timedelta(seconds=distributed.LEASE_GRACE - 5)
    assert seen["progress"]["states"] == {"running": 1} and seen["progress"]["workers"] == 1
