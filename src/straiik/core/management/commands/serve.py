"""straiik serve [ADDRESS:PORT]: the platform's web server, and a background worker beside it.

    straiik serve                       # development: Django's runserver (auto-reload) and a worker
    straiik serve --production 0.0.0.0:8000 --no-worker
                                        # gunicorn, workers and timeouts from STRAIIK_WEB_* (core/server.py)

`make run` uses the first. The worker (`straiik worker`) runs as a child process and stops with the server;
in production run the web server with --no-worker and `straiik worker` as its own service (deploy/)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve the platform and run a background worker beside it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true", help="serve pages only")
        parser.add_argument("--production", action="store_true",
                            help="gunicorn with STRAIIK_WEB_WORKERS processes instead of Django's runserver")
        parser.add_argument("--workers", type=int, default=None, help="web processes (overrides STRAIIK_WEB_WORKERS)")

    def handle(self, *args: Any, addrport: str, no_worker: bool, production: bool, workers: int | None,
               **options: Any) -> None:
        worker = None
        if not no_worker and not os.environ.get("RUN_MAIN"):  # not again in the autoreloader's child
            worker = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
                [sys.executable, "-m", "straiik.cli", "worker", "--queue-name", "*", "--interval", "0.5",
                 "--no-reload"], env={**os.environ})
            self.stdout.write(f"Background worker started (pid {worker.pid}).")
        try:
            if production:
                self._production(addrport, workers)
            else:
                call_command("runserver", addrport)
        finally:
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()

    def _production(self, addrport: str, workers: int | None) -> None:
        from django.conf import settings
        from django.db import connections

        from straiik.core.server import ProductionServer, clean_metrics_dir, gunicorn_options

        if ":" not in addrport:
            raise CommandError("Give the address as HOST:PORT, e.g. 0.0.0.0:8000")
        if workers is not None:
            if workers < 1:
                raise CommandError("--workers must be at least 1")
            settings.STRAIIK_WEB_WORKERS = workers
        metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        if metrics_dir:
            clean_metrics_dir(metrics_dir)
        # The workers are forked from this process: they must not share its database connection.
        connections.close_all()
        ProductionServer(gunicorn_options(addrport)).run()
