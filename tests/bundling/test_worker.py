"""The optimiser runs as a real background task: queued by the request, picked up by django-tasks' database
worker (`straiik db_worker`), progress and results written to the run."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from straiik.bundling import services
from straiik.bundling.models import BundlingRun, RunStatus
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_queued_run_is_solved_by_the_database_worker(bundling_round: Any, office: Any,
                                                       django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_request(user=office, round=bundling_round, label="from the queue")
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED and run.task_id
    task = DBTaskResult.objects.get(id=run.task_id)
    assert task.queue_name == "solver" and task.status == "READY"
    page = client_for(office).get(run.get_absolute_url())
    assert b"Waiting for the background worker" in page.content and b'hx-trigger="every 1s"' in page.content

    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--interval", "0", verbosity=0)

    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert run.solution["savings"] == pytest.approx(5_260)
    assert run.progress["phase"] == "done" and run.finished_at >= run.started_at
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.return_value == "done"
    progress = client_for(office).get(f"/bundling/runs/{run.pk}/progress/")
    assert progress["HX-Refresh"] == "true"


def test_a_run_is_claimed_once(bundling_round: Any, office: Any) -> None:
    run = services.run_request(user=office, round=bundling_round, enqueue=False)
    BundlingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    assert services.run_execute(run.pk).status == RunStatus.RUNNING  # another worker has it


def test_a_run_whose_worker_died_is_shown_as_stale(bundling_round: Any, office: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    run = services.run_request(user=office, round=bundling_round, enqueue=False)
    BundlingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING,
                                                 heartbeat_at=timezone.now() - timedelta(minutes=30))
    page = client_for(office).get(run.get_absolute_url())
    assert b"The worker stopped reporting" in page.content
    assert b"every 1s" not in page.content
