"""Background tasks of protection (django-tasks, database backend; run by `straiik db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def screen_registry() -> dict[str, int]:
    """Screen the whole registry against the current lists (after a list import on a large registry)."""
    from straiik.protection.screening import screen_all

    return screen_all()


@task(queue_name="default")
def remind_renewals() -> int:
    """Mail the administrators of organisations whose disclosure is due for renewal (run daily)."""
    from straiik.protection.services import send_renewal_reminders

    return send_renewal_reminders()
