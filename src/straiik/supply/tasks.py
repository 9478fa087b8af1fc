"""Background tasks of supply-chain analysis (django-tasks, database backend; run by `straiik db_worker`)."""

from __future__ import annotations

from django_tasks import task

from straiik.supply import services


@task(queue_name="solver")
def run_analysis(analysis_id: int) -> str:
    return services.analysis_execute(analysis_id).status
