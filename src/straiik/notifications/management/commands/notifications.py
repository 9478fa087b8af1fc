"""straiik notifications check|digest: the periodic work of notifications, for cron or a systemd timer.

    straiik notifications check    # every hour: deadlines near or passed, milestones due or late
    straiik notifications digest   # once a day: one e-mail per person with their digest notifications
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from straiik.notifications import periodic, services


class Command(BaseCommand):
    help = "Check deadlines and milestones (check) or send the daily digests (digest)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("what", choices=["check", "digest"])

    def handle(self, *args: Any, what: str, **options: Any) -> None:
        if what == "check":
            told = periodic.run_all()
            self.stdout.write(", ".join(f"{n} {name} notifications" for name, n in told.items()) + ".")
        else:
            self.stdout.write(f"{services.send_digests()} digest e-mails sent.")
