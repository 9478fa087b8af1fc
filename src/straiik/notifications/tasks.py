"""Background tasks of notifications (django-tasks, database backend; run by `straiik db_worker`)."""

from __future__ import annotations

from django_tasks import task

from straiik.notifications import services


@task(queue_name="default")
def send_notification_emails(notification_ids: list[int]) -> int:
    """Mail the notifications that their recipients want at once."""
    return services.send_emails(notification_ids)


@task(queue_name="default")
def send_digests() -> int:
    """The daily digest: one e-mail per person with what happened since the last one."""
    return services.send_digests()


@task(queue_name="default")
def check_deadlines() -> int:
    """Tell of Defport answer deadlines and SDIR milestones that are near or passed (once each)."""
    from straiik.notifications.periodic import check_all

    return check_all()
