"""Background tasks of SDIR (django-tasks, database backend; run by `straiik db_worker`)."""

from __future__ import annotations

from django_tasks import task

from straiik.sdir import services


@task(queue_name="default")
def send_notification_emails(notification_ids: list[int]) -> int:
    """Mail the notifications (receipts, decisions with the feedback letter attached, awards)."""
    return services.send_emails(notification_ids)


@task(queue_name="default")
def open_and_close_calls() -> int:
    """Take the date-driven transitions that are due (the pages show the right state without it)."""
    return services.sync_due()
