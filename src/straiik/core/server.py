"""The production web server: gunicorn, configured from the settings (STRAIIK_WEB_* environment variables).

`STRAIIK_WEB_WORKERS` processes with `STRAIIK_WEB_THREADS` threads each (gunicorn's gthread workers; 1 thread
gives its sync workers). straiik's views are synchronous Django whose time goes to templates and database
work; threads overlap the database waits and keep connections alive, processes give the cores. Measured
against granian (a Rust server) and gunicorn's sync workers in docs/operations.md.
"""

from __future__ import annotations

import glob
import os
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from gunicorn.app.base import BaseApplication


def gunicorn_options(bind: str) -> dict[str, Any]:
    threads = settings.STRAIIK_WEB_THREADS
    return {
        "bind": [bind],
        "workers": settings.STRAIIK_WEB_WORKERS,
        "worker_class": "gthread" if threads > 1 else "sync",
        "threads": threads,
        "timeout": settings.STRAIIK_WEB_TIMEOUT,
        "graceful_timeout": settings.STRAIIK_WEB_GRACEFUL_TIMEOUT,
        "keepalive": settings.STRAIIK_WEB_KEEPALIVE,
        # A worker is replaced after this many requests (with jitter, so not all at once) when set: bounds slow
        # leaks, at the price of a new process building its matching index again. 0: never.
        "max_requests": settings.STRAIIK_WEB_MAX_REQUESTS,
        "max_requests_jitter": max(settings.STRAIIK_WEB_MAX_REQUESTS // 10, 0),
        # The access log is straiik.request's (JSON, with the request id); gunicorn's own lines go through
        # the same logging configuration.
        "accesslog": None,
        "errorlog": "-",
        "logconfig_dict": settings.LOGGING,
        "forwarded_allow_ips": os.environ.get("STRAIIK_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
        "proc_name": "straiik-web",
        "control_socket_disable": True,  # gunicorn 27's runtime control socket: not used, one path per user
        "child_exit": _child_exit,
    }


def _child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]  # prometheus_client


def clean_metrics_dir(path: str | os.PathLike[str]) -> int:
    """Remove the metric files of processes that no longer run (prometheus_client names them *_<pid>.db);
    those of running processes (a worker beside the web server) stay. Returns how many were removed."""
    removed = 0
    for name in glob.glob(os.path.join(path, "*.db")):
        match = re.search(r"_(\d+)\.db$", name)
        if match is None:
            continue
        try:
            os.kill(int(match.group(1)), 0)
        except ProcessLookupError:
            Path(name).unlink(missing_ok=True)
            removed += 1
        except PermissionError:
            pass  # a running process of another user
    return removed


class ProductionServer(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from django.core.wsgi import get_wsgi_application

        return get_wsgi_application()
