"""Background tasks of demand bundling (django-tasks, database backend; run by `straiik db_worker`)."""

from __future__ import annotations

from django_tasks import task

from straiik.bundling import services


@task(queue_name="solver")
def solve_run(run_id: int) -> str:
    """Solve one optimiser run; progress and results are written to the run row as it goes."""
    run = services.run_execute(run_id)
    return run.status


@task(queue_name="solver")
def solve_components(run_id: int, phase: str) -> int:
    """Help solve a run: claim its components one by one until the phase is over (bundling/distributed.py)."""
    from straiik.bundling import distributed

    return distributed.work(run_id, phase)
