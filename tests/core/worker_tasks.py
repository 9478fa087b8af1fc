"""Tasks for the worker tests (tests/core/test_workers.py), run by real `straiik worker` processes."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task


@task(queue_name="default")
def record_run(label: str, log: str, pause: float = 0.0, block_while: str = "") -> str:
    """Append "label pid" to `log` (one small O_APPEND write: lines from several processes never mix), then
    pause, or wait while the file `block_while` exists (at most 120 s)."""
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(f"{label} {os.getpid()}\n")
    if pause:
        time.sleep(pause)
    deadline = time.monotonic() + 120
    while block_while and Path(block_while).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return label
