"""straiik worker: run background tasks, with a heartbeat and a sweep for tasks lost with a dead worker.

The same options as django-tasks-db's `db_worker` (which it extends); use this one in production, so the
readiness check sees the worker and a task whose worker was killed is retried or marked failed."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands import db_worker

from straiik.core import workers


class Command(db_worker.Command):
    help = "Run background tasks, with a heartbeat and recovery of tasks lost with a dead worker."

    def handle(self, *args: Any, **options: Any) -> None:
        original = db_worker.Worker
        db_worker.Worker = workers.HeartbeatWorker  # type: ignore[misc]  # db_worker.Command.handle builds its Worker by this name
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]
