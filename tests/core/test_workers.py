"""Background workers as separate processes on PostgreSQL: two workers never run the same task; a worker
killed with SIGKILL in the middle of a task leaves it running in the database, and the next worker's sweep
finds it (the dead worker's heartbeat stopped) and runs it again — never lost.

They need a database that other processes can open, so they run on PostgreSQL (`make test-postgres`): the
SQLite test database lives in the test process's memory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from straiik.core.models import WorkerHeartbeat
from tests.core.worker_tasks import record_run

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="worker processes need a shared database server"),
]


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(worker_id: str, data_dir: Path, *extra: str, **env: str) -> subprocess.Popen[str]:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "straiik.config.settings.test",
                   "DATABASE_URL": database_url(), "PYTHONPATH": str(ROOT), "STRAIIK_LOG_FORMAT": "json",
                   "STRAIIK_DATA_DIR": str(data_dir), **env}
    environment.pop("PROMETHEUS_MULTIPROC_DIR", None)  # the worker's own, under its data folder
    return subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "straiik.cli", "worker", "--queue-name", "*", "--interval", "0.1", "--no-reload",
         "--no-startup-delay", "--worker-id", worker_id, *extra],
        cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_for(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_two_workers_never_run_the_same_task(tmp_path: Path) -> None:
    log = tmp_path / "runs.log"
    results = [record_run.enqueue(f"task-{n}", str(log), pause=0.05) for n in range(60)]
    workers = [start_worker("worker-a", tmp_path, "--batch"), start_worker("worker-b", tmp_path, "--batch")]
    outputs = [w.communicate(timeout=120)[0] for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs

    lines = log.read_text().splitlines()
    labels = Counter(line.split()[0] for line in lines)
    assert len(lines) == 60 and set(labels.values()) == {1}, "each task ran exactly once"
    assert len({line.split()[1] for line in lines}) == 2, "both workers took tasks"
    rows = DBTaskResult.objects.filter(id__in=[r.id for r in results])
    assert {r.status for r in rows} == {TaskResultStatus.SUCCESSFUL}
    assert all(len(r.worker_ids) == 1 for r in rows), "no task was claimed twice"
    assert Counter(r.worker_ids[0] for r in rows).keys() == {"worker-a", "worker-b"}


def test_a_task_of_a_killed_worker_is_run_again_not_lost(tmp_path: Path) -> None:
    log, block = tmp_path / "runs.log", tmp_path / "block"
    block.touch()
    result = record_run.enqueue("long", str(log), block_while=str(block))
    fast = {"STRAIIK_WORKER_HEARTBEAT_SECONDS": "0.3", "STRAIIK_WORKER_STALE_SECONDS": "1.5"}
    doomed = start_worker("doomed", tmp_path, **fast)
    try:
        wait_for(lambda: DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.RUNNING, 60,
                 "the first worker to start the task")
        wait_for(lambda: log.exists(), 30, "the task to begin")
    finally:
        doomed.send_signal(signal.SIGKILL)  # no chance to clean up: as the kernel's OOM killer would
        doomed.communicate(timeout=30)
    assert doomed.returncode == -signal.SIGKILL

    # What a dead worker leaves: the task still "running" on a worker whose heartbeat has stopped.
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == TaskResultStatus.RUNNING and row.worker_ids == ["doomed"]
    beat = WorkerHeartbeat.objects.get(worker_id="doomed")
    assert beat.stopped_at is None and beat.current_task_id == str(result.id)

    block.unlink()
    time.sleep(1.6)  # until the dead worker's heartbeat is older than STRAIIK_WORKER_STALE_SECONDS
    rescuer = start_worker("rescuer", tmp_path, "--batch", **fast)
    output = rescuer.communicate(timeout=120)[0]
    assert rescuer.returncode == 0, output
    assert "lost tasks queued again" in output

    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL and row.return_value == "long"
    assert row.worker_ids == ["doomed", "rescuer"]
    assert [line.split()[0] for line in log.read_text().splitlines()] == ["long", "long"]
    assert WorkerHeartbeat.objects.get(worker_id="rescuer").stopped_at is not None
