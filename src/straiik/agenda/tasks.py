"""Background tasks of the action agenda (django-tasks, database backend; run by `straiik db_worker`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django_tasks import task

from straiik.agenda import services


@task(queue_name="default")
def record_indicators(year: int, as_of: str) -> int:
    """Compute every indicator for the year as of the date and store the values; returns how many were stored."""
    with transaction.atomic():
        stored, _skipped = services.indicators_record(year=year, as_of=dt.date.fromisoformat(as_of))
    return stored
