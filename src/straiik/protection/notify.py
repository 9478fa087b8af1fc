"""The one place protection sends notifications: through the platform's notifications app (kind
`protection.alert`), so they reach the bell and e-mail as each recipient chose."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

log = logging.getLogger(__name__)


def notify(users: Iterable[Any], *, subject: str, body: str, url: str = "") -> int:
    """Tell each user through the platform's notifications (the bell, and e-mail after commit as each chose);
    returns how many are told. The recipients are the office or the organisation's administrators, who by
    construction may see the protection page the link leads to."""
    from straiik.notifications import services as notifications

    recipients = [u for u in users if u is not None]
    if not recipients:
        return 0
    made = notifications.notify(recipients, kind="protection.alert", compose=lambda: (subject, body), url=url,
                                check=False)
    return len(made)


def office_users() -> list[Any]:
    from straiik.accounts.models import User
    from straiik.accounts.roles import Role

    return list(User.objects.filter(is_active=True, groups__name=Role.PROGRAMME_OFFICE).distinct())


def organisation_admins(organisation: Any) -> list[Any]:
    return [m.user for m in organisation.memberships.filter(is_admin=True, user__is_active=True).select_related("user")]
