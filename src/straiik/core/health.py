"""Liveness and readiness.

/healthz: the process answers (no database: a load balancer must not restart every web process because
the database is slow). /readyz: the database answers, every migration is applied, a worker's heartbeat is
recent, and the task queue is not longer than STRAIIK_READY_MAX_QUEUE (when set); 503 with the failing
check otherwise, so a deployment waits for it and a load balancer sends no traffic meanwhile.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

_migrations_applied = False  # once all are applied they stay so for this code: checked once per process


def check_database() -> dict[str, Any]:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True}


def check_migrations() -> dict[str, Any]:
    global _migrations_applied
    if _migrations_applied:
        return {"ok": True}
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return {"ok": False, "pending": [f"{m.app_label}.{m.name}" for m, _ in pending][:20]}
    _migrations_applied = True
    return {"ok": True}


def check_workers() -> dict[str, Any]:
    from straiik.core.workers import recent_heartbeats, stale_seconds

    alive = recent_heartbeats()
    required = getattr(settings, "STRAIIK_READY_REQUIRES_WORKER", True)
    return {"ok": bool(alive) or not required, "alive": len(alive), "stale_after_seconds": stale_seconds()}


def check_queue() -> dict[str, Any]:
    from django_tasks_db.models import DBTaskResult

    depth = DBTaskResult.objects.ready().count()
    limit = getattr(settings, "STRAIIK_READY_MAX_QUEUE", 0)
    return {"ok": not limit or depth <= limit, "depth": depth, **({"max": limit} if limit else {})}


CHECKS: dict[str, Callable[[], dict[str, Any]]] = {
    "database": check_database,
    "migrations": check_migrations,
    "workers": check_workers,
    "queue": check_queue,
}


def readiness() -> tuple[bool, dict[str, Any]]:
    results: dict[str, Any] = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            result = check()
        except Exception as error:  # the point of the check: say what is wrong instead of failing
            result = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = result
        if name == "database" and not result["ok"]:
            break  # the others need the database
    return all(r["ok"] for r in results.values()) and len(results) == len(CHECKS), results
