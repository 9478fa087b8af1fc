"""straiik tasks_sweep: find tasks left running by a worker that stopped, and queue them again or fail them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from straiik.core.workers import max_attempts, stale_seconds, sweep_lost_tasks


class Command(BaseCommand):
    help = ("Queue again (up to STRAIIK_TASK_MAX_ATTEMPTS runs) or mark failed the tasks still running on a "
            "worker whose heartbeat is older than STRAIIK_WORKER_STALE_SECONDS.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--stale-after", type=float, default=None,
                            help=f"seconds without a heartbeat (default {stale_seconds():g})")

    def handle(self, *args: Any, stale_after: float | None, **options: Any) -> None:
        result = sweep_lost_tasks(stale_after=stale_after)
        self.stdout.write(f"Lost tasks: {len(result.requeued)} queued again, {len(result.failed)} marked failed "
                          f"(at most {max_attempts()} runs each).")
        for task_id in result.requeued:
            self.stdout.write(f"  queued again: {task_id}")
        for task_id in result.failed:
            self.stdout.write(f"  failed: {task_id}")
