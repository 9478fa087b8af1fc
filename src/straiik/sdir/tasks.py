"""Background tasks of SDIR (django-tasks, database backend; run by `straiik db_worker`)."""

from __future__ import annotations

from django_tasks import task

from straiik.sdir import services


@task(queue_name="default")
def send_notification_emails(notification_ids: list[int]) -> int:
    """Kept for tasks queued before notifications moved to their own app (notifications.tasks sends them now)."""
    from straiik.notifications.services import send_emails

    return send_emails(notification_ids)


@task(queue_name="default")
def open_and_close_calls() -> int:
    """Take the date-driven transitions that are due (the pages show the right state without it)."""
    return services.sync_due()
