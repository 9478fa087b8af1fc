"""The checks a clock drives (`straiik notifications check`, the check_deadlines task): each app that has deadlines
registers its check here from its AppConfig.ready() (Defport: answer deadlines, straiik/defport/reminders.py; SDIR:
award milestones, straiik/sdir/reminders.py), so notifications knows none of them. Each check returns how many
notices it sent; its notices have keys, so running a check again (every hour, or after a restart) tells nobody
twice."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

CHECKS: dict[str, Callable[[], int]] = {}


def register(name: str, check: Callable[[], int]) -> None:
    """Add a check under a name for people ("deadline", "milestone": "3 deadline notifications")."""
    if name in CHECKS:
        raise ValueError(f"periodic check {name} is registered twice")
    CHECKS[name] = check


def deadline_warn_days() -> int:
    return int(getattr(settings, "STRAIIK_NOTIFY_DEADLINE_DAYS", 3))


def milestone_warn_days() -> int:
    return int(getattr(settings, "STRAIIK_NOTIFY_MILESTONE_DAYS", 7))


def run_all() -> dict[str, int]:
    """Run every registered check; the notices each sent, by name."""
    return {name: check() for name, check in CHECKS.items()}


def check_all() -> int:
    return sum(run_all().values())
