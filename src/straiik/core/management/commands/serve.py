"""straiik serve [ADDRESS:PORT]: the web server and a background worker together, for a single machine.

`make run` uses it. The worker (`db_worker`, django-tasks' database backend) runs as a child process and
stops with the server. In production run the web server and `straiik db_worker` as separate services."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the platform and run a background worker beside it (development and single-machine use)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true", help="serve pages only")

    def handle(self, *args: Any, addrport: str, no_worker: bool, **options: Any) -> None:
        worker = None
        if not no_worker and not os.environ.get("RUN_MAIN"):  # not again in the autoreloader's child
            worker = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
                [sys.executable, "-m", "straiik.cli", "db_worker", "--queue-name", "*", "--interval", "0.5",
                 "--no-reload"], env={**os.environ})
            self.stdout.write(f"Background worker started (pid {worker.pid}).")
        try:
            call_command("runserver", addrport)
        finally:
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
