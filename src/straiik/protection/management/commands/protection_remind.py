"""straiik protection_remind: mail the administrators of every organisation whose foreign-influence disclosure is
due for renewal (STRAIIK_DISCLOSURE_RENEWAL_DAYS after its sign-off). Run it daily (cron, a systemd timer), or
queue the `remind_renewals` task."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from straiik.protection import services


class Command(BaseCommand):
    help = "Remind organisations whose disclosure is due for renewal."

    def handle(self, *args: Any, **options: Any) -> None:
        told = services.send_renewal_reminders()
        self.stdout.write(f"{told} organisations reminded.")
