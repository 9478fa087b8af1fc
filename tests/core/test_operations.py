"""The production server's surroundings: liveness and readiness, request ids, JSON logs, metrics, workers'
heartbeats and the sweep for tasks lost with a dead worker."""

from __future__ import annotations

import json
import logging
import os
from datetime import timedelta
from typing import Any

import pytest
from django.db.migrations import Migration
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from straiik.core import health, workers
from straiik.core.logs import JsonFormatter, RequestIdFilter, new_request_id, request_id_var
from straiik.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_migration_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "_migrations_applied", False)


def beat(worker_id: str = "w1", *, ago: float = 0) -> WorkerHeartbeat:
    return WorkerHeartbeat.objects.create(worker_id=worker_id, hostname="test", pid=1, queues="*",
                                          last_seen=timezone.now() - timedelta(seconds=ago))


def running_task(worker_ids: list[str], *, started_ago: float = 0) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING, args_kwargs={"args": [], "kwargs": {}}, task_path="straiik.sdir.tasks.x",
        backend_name="default", worker_ids=worker_ids, started_at=timezone.now() - timedelta(seconds=started_ago))


def test_readyz_is_ok_with_database_migrations_and_a_live_worker() -> None:
    beat()
    response = Client().get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["workers"]["alive"] == 1 and body["checks"]["queue"]["depth"] == 0
    assert set(body["checks"]) == {"database", "migrations", "workers", "queue"}


def test_readyz_fails_without_a_recent_worker_heartbeat() -> None:
    beat(ago=3600)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["workers"] == {**response.json()["checks"]["workers"], "ok": False, "alive": 0}
    with override_settings(STRAIIK_READY_REQUIRES_WORKER=False):
        assert Client().get("/readyz").status_code == 200


def test_readyz_names_pending_migrations(monkeypatch: pytest.MonkeyPatch) -> None:
    beat()
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan",
                        lambda self, targets: [(Migration("0099_later", "registry"), False)])
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"]["pending"] == ["registry.0099_later"]


def test_readyz_reports_a_database_failure_as_503_not_500(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> dict[str, Any]:
        raise RuntimeError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": {"ok": False, "error": "RuntimeError: connection refused",
                                                      "ms": response.json()["checks"]["database"]["ms"]}}


def test_readyz_fails_when_the_queue_is_longer_than_allowed() -> None:
    beat()
    for _ in range(3):
        DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path="x.y", backend_name="default")
    with override_settings(STRAIIK_READY_MAX_QUEUE=2):
        response = Client().get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["queue"] == {
        "ok": False, "depth": 3, "max": 2, "ms": response.json()["checks"]["queue"]["ms"]}


def test_request_id_is_kept_from_the_proxy_or_made_and_returned() -> None:
    assert Client().get("/healthz", headers={"X-Request-ID": "edge-42.a"})["X-Request-ID"] == "edge-42.a"
    made = Client().get("/healthz", headers={"X-Request-ID": "bad id\n<script>"})["X-Request-ID"]
    assert len(made) == 32 and made.isalnum()
    assert new_request_id("x" * 65) != "x" * 65


def test_every_request_writes_one_structured_access_line(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="straiik.request"):
        response = Client().get("/registry/", headers={"X-Request-ID": "trace-1"})
    (record,) = [r for r in caplog.records if r.name == "straiik.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "trace-1" == response["X-Request-ID"]
    assert line["path"] == "/registry/" and line["status"] == 200 and line["view"] == "registry:list"
    assert line["level"] == "INFO" and line["duration_ms"] >= 0 and line["user_id"] is None


def test_json_formatter_puts_the_current_id_and_the_exception_on_one_line() -> None:
    logger = logging.getLogger("straiik.test")
    record = logger.makeRecord("straiik.test", logging.ERROR, __file__, 1, "failed %s", ("x",), None)
    token = request_id_var.set("task-abc")
    try:
        RequestIdFilter().filter(record)
        try:
            raise ValueError("boom")
        except ValueError:
            import sys

            record.exc_info = sys.exc_info()
        text = JsonFormatter().format(record)
    finally:
        request_id_var.reset(token)
    assert "\n" not in text
    line = json.loads(text)
    assert line["request_id"] == "task-abc" and line["message"] == "failed x"
    assert "ValueError: boom" in line["exception"]


def test_metrics_are_internal_only_or_need_the_token() -> None:
    Client().get("/registry/")
    response = Client().get("/metrics")  # the test client comes from 127.0.0.1
    assert response.status_code == 200
    text = response.content.decode()
    assert 'straiik_http_requests_total{method="GET",status="200",view="registry:list"}' in text
    assert "straiik_http_request_duration_seconds_bucket" in text and "straiik_task_queue_depth" in text
    assert Client(REMOTE_ADDR="10.1.2.3").get("/metrics").status_code == 403
    with override_settings(STRAIIK_METRICS_TOKEN="s3cret-token"):
        assert Client().get("/metrics").status_code == 403
        assert Client().get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
        assert Client(REMOTE_ADDR="10.1.2.3").get(
            "/metrics", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200


def test_metrics_count_the_queue_and_task_durations() -> None:
    from straiik.core.metrics import TASKS, record_task

    DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path="x.y", backend_name="default",
                                queue_name="solver")
    before = TASKS.labels(task="straiik.bundling.tasks.solve", status="successful")._sum.get()

    class Result:
        started_at = timezone.now() - timedelta(seconds=2.5)
        finished_at = timezone.now()
        status = TaskResultStatus.SUCCESSFUL

        class task:  # noqa: N801 - stands in for a Task object
            module_path = "straiik.bundling.tasks.solve"

    record_task(Result())
    assert TASKS.labels(task="straiik.bundling.tasks.solve", status="successful")._sum.get() - before == \
        pytest.approx(2.5, abs=0.1)
    text = Client().get("/metrics").content.decode()
    assert 'straiik_task_queue_depth{queue="solver"} 1.0' in text
    assert 'straiik_task_duration_seconds_count{status="successful",task="straiik.bundling.tasks.solve"}' in text


def test_gunicorn_takes_workers_and_timeouts_from_the_settings() -> None:
    from straiik.core.server import gunicorn_options

    with override_settings(STRAIIK_WEB_WORKERS=3, STRAIIK_WEB_TIMEOUT=45, STRAIIK_WEB_THREADS=1):
        options = gunicorn_options("0.0.0.0:8000")
    assert options["workers"] == 3 and options["timeout"] == 45 and options["worker_class"] == "sync"
    assert options["bind"] == ["0.0.0.0:8000"] and options["accesslog"] is None
    with override_settings(STRAIIK_WEB_THREADS=4):
        assert gunicorn_options("127.0.0.1:1")["worker_class"] == "gthread"


def test_metric_files_of_dead_processes_are_removed_and_live_ones_kept(tmp_path: Any) -> None:
    from straiik.core.server import clean_metrics_dir

    live = tmp_path / f"counter_{os.getpid()}.db"
    dead = tmp_path / "counter_999999999.db"
    live.write_bytes(b"x")
    dead.write_bytes(b"x")
    assert clean_metrics_dir(tmp_path) == 1
    assert live.exists() and not dead.exists()


def test_sweep_requeues_a_task_whose_worker_stopped_beating() -> None:
    beat("dead", ago=600)
    beat("alive")
    lost = running_task(["dead"], started_ago=700)
    busy = running_task(["alive"], started_ago=700)
    result = workers.sweep_lost_tasks()
    assert result.requeued == [str(lost.id)] and result.failed == []
    lost.refresh_from_db()
    busy.refresh_from_db()
    assert lost.status == TaskResultStatus.READY and lost.started_at is None and lost.worker_ids == ["dead"]
    assert busy.status == TaskResultStatus.RUNNING


def test_sweep_fails_a_task_after_its_last_attempt() -> None:
    beat("dead", ago=600)
    lost = running_task(["w-a", "w-b", "dead"], started_ago=700)
    with override_settings(STRAIIK_TASK_MAX_ATTEMPTS=3):
        result = workers.sweep_lost_tasks()
    assert result.failed == [str(lost.id)]
    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.FAILED and lost.exception_class_path == workers.LOST_EXCEPTION
    assert "stopped sending its heartbeat" in lost.traceback and lost.finished_at is not None


def test_sweep_waits_for_a_worker_without_heartbeat_until_the_task_is_old() -> None:
    young = running_task(["old-style-db-worker"], started_ago=5)
    old = running_task(["old-style-db-worker"], started_ago=600)
    assert workers.sweep_lost_tasks().requeued == [str(old.id)]
    young.refresh_from_db()
    assert young.status == TaskResultStatus.RUNNING


def test_tasks_sweep_command_reports_what_it_did() -> None:
    from io import StringIO

    from django.core.management import call_command

    beat("dead", ago=600)
    lost = running_task(["dead"], started_ago=700)
    out = StringIO()
    call_command("tasks_sweep", stdout=out)
    assert "1 queued again, 0 marked failed" in out.getvalue() and str(lost.id) in out.getvalue()
