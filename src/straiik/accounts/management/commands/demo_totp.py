"""straiik demo_totp: the current TOTP code of the demo accounts (development settings only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Print the current one-time code of the demo accounts' second factor (development settings only)."

    def handle(self, *args: Any, **options: Any) -> None:
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

        secret = getattr(settings, "STRAIIK_DEMO_TOTP_SECRET", "")
        if not secret:
            raise CommandError("No demo TOTP secret in these settings (only the development settings have one).")
        counters = list(yield_hotp_counters_from_time())
        self.stdout.write(format_hotp_value(hotp_value(secret, counters[len(counters) // 2])))
