"""Prometheus metrics: requests, their latency, task durations, the queue, and the workers.

Counters and histograms are prometheus_client's. Under gunicorn every worker process is its own Python, so
`straiik serve --production` sets PROMETHEUS_MULTIPROC_DIR (a folder all processes on the machine write
their figures to; the background worker too, when it runs with the same folder) and /metrics adds them up.
Queue depth, running tasks and live workers are read from the database at scrape time, so they are right
whichever process (or machine) runs the tasks.

/metrics answers only with the bearer token STRAIIK_METRICS_TOKEN, or, without a token set, only to the
addresses in STRAIIK_METRICS_ALLOWED_IPS (default: this machine).
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REQUESTS = Counter("straiik_http_requests", "HTTP requests answered", ["method", "view", "status"])
LATENCY = Histogram(
    "straiik_http_request_duration_seconds", "Time from request to response", ["method", "view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
TASKS = Histogram(
    "straiik_task_duration_seconds", "Run time of background tasks", ["task", "status"],
    buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600),
)


class DatabaseCollector(Collector):
    """What the database knows at scrape time: tasks by queue and status, the oldest waiting task, workers."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from django_tasks_db.compat import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        from straiik.core.workers import recent_heartbeats

        depth = GaugeMetricFamily("straiik_task_queue_depth", "Tasks waiting to run", labels=["queue"])
        running = GaugeMetricFamily("straiik_tasks_running", "Tasks being run now", labels=["queue"])
        for row in (DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
                    .values("queue_name", "status").annotate(n=Count("id"))):
            family = depth if row["status"] == TaskResultStatus.READY else running
            family.add_metric([row["queue_name"]], row["n"])
        yield depth
        yield running
        oldest = DBTaskResult.objects.ready().aggregate(t=Min("enqueued_at"))["t"]
        age = GaugeMetricFamily("straiik_task_oldest_waiting_seconds", "Age of the oldest task waiting to run")
        age.add_metric([], (timezone.now() - oldest).total_seconds() if oldest else 0.0)
        yield age
        workers = GaugeMetricFamily("straiik_workers_alive", "Workers with a recent heartbeat")
        workers.add_metric([], len(recent_heartbeats()))
        yield workers


def registry() -> CollectorRegistry:
    from prometheus_client import REGISTRY

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        result = CollectorRegistry()
        multiprocess.MultiProcessCollector(result)  # type: ignore[no-untyped-call]  # prometheus_client
    else:
        result = CollectorRegistry()
        for collector in list(REGISTRY._collector_to_names):  # the process's own metrics
            result.register(collector)
    result.register(DatabaseCollector())
    return result


def allowed(request: HttpRequest) -> bool:
    token = getattr(settings, "STRAIIK_METRICS_TOKEN", "")
    if token:
        given = request.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    return request.META.get("REMOTE_ADDR", "") in getattr(settings, "STRAIIK_METRICS_ALLOWED_IPS", [])


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)


def record_task(task_result: object) -> None:
    """task_finished signal: the task's run time by task and outcome."""
    started, finished = getattr(task_result, "started_at", None), getattr(task_result, "finished_at", None)
    if started is None or finished is None:
        return
    name = getattr(getattr(task_result, "task", None), "module_path", "") or "unknown"
    status = str(getattr(task_result, "status", "")).rsplit(".", 1)[-1].lower()
    TASKS.labels(task=name, status=status).observe(max((finished - started) / timedelta(seconds=1), 0.0))
