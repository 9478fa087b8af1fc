"""Background workers that can be watched and whose lost tasks are found again.

django-tasks-db claims a task with `SELECT ... FOR UPDATE SKIP LOCKED` (an exclusive transaction on SQLite)
and marks it running, so two workers never take the same task. What it does not do is notice a worker that
died in the middle of a task (killed, out of memory, machine gone): the task would stay "running" for ever.
`straiik worker` therefore writes a heartbeat (core.models.WorkerHeartbeat) every few seconds from a thread
of its own, also while a long task runs, and every worker sweeps now and then: a task still marked running
whose worker's heartbeat is older than `STRAIIK_WORKER_STALE_SECONDS` is put back in the queue (up to
`STRAIIK_TASK_MAX_ATTEMPTS` runs in all) or, after that, marked failed with `WorkerLost`. Nothing is lost
silently; `straiik tasks_sweep` runs the same sweep by hand.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from straiik.core.logs import request_id_var
from straiik.core.models import WorkerHeartbeat

logger = logging.getLogger("straiik.worker")

LOST_EXCEPTION = "straiik.core.workers.WorkerLost"


class WorkerLost(Exception):
    """The worker running a task stopped sending its heartbeat before the task finished."""


def heartbeat_seconds() -> float:
    return float(getattr(settings, "STRAIIK_WORKER_HEARTBEAT_SECONDS", 10))


def stale_seconds() -> float:
    return float(getattr(settings, "STRAIIK_WORKER_STALE_SECONDS", 60))


def max_attempts() -> int:
    return int(getattr(settings, "STRAIIK_TASK_MAX_ATTEMPTS", 3))


@dataclass
class SweepResult:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def sweep_lost_tasks(*, now: Any = None, stale_after: float | None = None) -> SweepResult:
    """Requeue or fail the running tasks whose worker's heartbeat is older than `stale_after` seconds.

    A task whose worker never wrote a heartbeat (an old-style `db_worker`) counts as lost once it has been
    running longer than `stale_after` without one. Each lost task is handled in its own locked update, so
    two workers sweeping at once do not both requeue it."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=stale_seconds() if stale_after is None else stale_after)
    result = SweepResult()
    running = list(DBTaskResult.objects.running().values_list("id", "worker_ids", "started_at"))
    if not running:
        return result
    last_workers = {task_id: (ids[-1] if ids else "") for task_id, ids, _ in running}
    beats = dict(WorkerHeartbeat.objects.filter(worker_id__in=set(last_workers.values()))
                 .values_list("worker_id", "last_seen"))
    for task_id, worker_ids, started_at in running:
        seen = beats.get(last_workers[task_id])
        if (seen if seen is not None else started_at or now) >= cutoff:
            continue
        with transaction.atomic():
            task = (DBTaskResult.objects.select_for_update(skip_locked=True)
                    .filter(id=task_id, status=TaskResultStatus.RUNNING).first())
            if task is None or task.worker_ids != worker_ids:  # finished, or taken again meanwhile
                continue
            attempts = len(task.worker_ids)
            if attempts < max_attempts():
                task.status = TaskResultStatus.READY
                task.started_at = None
                task.save(update_fields=["status", "started_at"])
                result.requeued.append(str(task.id))
                logger.warning("Task %s (%s) lost with worker %s after attempt %d: queued again",
                               task.id, task.task_path, last_workers[task_id], attempts,
                               extra={"task_id": str(task.id), "event": "task_requeued"})
            else:
                task.status = TaskResultStatus.FAILED
                task.finished_at = now
                task.exception_class_path = LOST_EXCEPTION
                task.traceback = (f"WorkerLost: worker {last_workers[task_id]} stopped sending its heartbeat "
                                  f"while running this task (attempt {attempts} of {max_attempts()}).\n")
                task.return_value = None
                task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback",
                                         "return_value"])
                result.failed.append(str(task.id))
                logger.error("Task %s (%s) lost with worker %s after %d attempts: marked failed",
                             task.id, task.task_path, last_workers[task_id], attempts,
                             extra={"task_id": str(task.id), "event": "task_lost"})
    return result


def recent_heartbeats(*, now: Any = None) -> list[WorkerHeartbeat]:
    cutoff = (now or timezone.now()) - timedelta(seconds=stale_seconds())
    return list(WorkerHeartbeat.objects.filter(last_seen__gte=cutoff, stopped_at__isnull=True))


class Heartbeat:
    """Writes this worker's heartbeat every `interval` seconds from a daemon thread, and sweeps for lost
    tasks every `sweep_every` beats. The thread has its own database connection."""

    def __init__(self, *, worker_id: str, queues: str, interval: float, sweep_every: int = 3) -> None:
        self.worker_id, self.queues, self.interval, self.sweep_every = worker_id, queues, interval, sweep_every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="straiik-heartbeat", daemon=True)

    def start(self) -> None:
        WorkerHeartbeat.objects.update_or_create(worker_id=self.worker_id, defaults={
            "hostname": socket.gethostname()[:255], "pid": os.getpid(), "queues": self.queues[:255],
            "started_at": timezone.now(), "last_seen": timezone.now(), "current_task_id": "", "stopped_at": None})
        self._thread.start()

    def beat(self, **fields: Any) -> None:
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(last_seen=timezone.now(), **fields)

    def _loop(self) -> None:
        beats = 0
        try:
            while not self._stop.wait(self.interval):
                try:
                    close_old_connections()
                    self.beat()
                    beats += 1
                    if beats % self.sweep_every == 0:
                        sweep_lost_tasks()
                except Exception:  # a database hiccup must not end the heartbeat for good
                    logger.exception("Worker heartbeat failed")
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)
        try:
            self.beat(stopped_at=timezone.now(), current_task_id="")
        except Exception:
            logger.exception("Could not record the worker's stop")


class HeartbeatWorker(Worker):
    """django-tasks-db's worker with a heartbeat, a sweep at start, and each task's id on its log lines."""

    heartbeat: Heartbeat

    def run(self) -> None:
        self.heartbeat = Heartbeat(worker_id=self.worker_id, queues=",".join(self.queue_names),
                                   interval=heartbeat_seconds())
        swept = sweep_lost_tasks()
        if swept.requeued or swept.failed:
            logger.warning("At start: %d lost tasks queued again, %d marked failed",
                           len(swept.requeued), len(swept.failed))
        self.heartbeat.start()
        try:
            super().run()
        finally:
            self.heartbeat.stop()

    def run_task(self, db_task_result: DBTaskResult[Any, Any]) -> None:
        token = request_id_var.set(f"task-{db_task_result.id}")
        self.heartbeat.beat(current_task_id=str(db_task_result.id))
        started = time.perf_counter()
        try:
            super().run_task(db_task_result)
        finally:
            logger.info("Task %s (%s) %s in %.3f s", db_task_result.id, db_task_result.task_path,
                        db_task_result.status.lower(), time.perf_counter() - started,
                        extra={"task_id": str(db_task_result.id), "task": db_task_result.task_path,
                               "status": db_task_result.status,
                               "duration_ms": round((time.perf_counter() - started) * 1000, 1)})
            self.heartbeat.beat(current_task_id="")
            request_id_var.reset(token)
