"""The `straiik` command: Django's management commands under one name, with development settings.

    straiik migrate
    straiik demo --orgs 300 --seed 1
    straiik serve                          # development server and a worker
    straiik serve --production 0.0.0.0:8000 --no-worker
    straiik worker                         # background tasks
    straiik registry-import FILE.xlsx

Operators set DJANGO_SETTINGS_MODULE=straiik.config.settings.production for a production deployment.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# The commands whose processes record Prometheus metrics that /metrics adds up (core/metrics.py).
_METRICS_COMMANDS = {"serve", "worker"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "straiik.config.settings.dev")
    args = list(sys.argv if argv is None else ["straiik", *argv])
    args[0] = "straiik"
    if len(args) > 1 and args[1] in _METRICS_COMMANDS and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Before anything imports prometheus_client: it reads this once. Web and worker processes on one
        # machine share the folder (under STRAIIK_DATA_DIR, like the settings' default).
        folder = Path(os.environ.get("STRAIIK_DATA_DIR") or Path.cwd() / "data").resolve() / "metrics"
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
