"""The one place protection sends notifications: e-mail through Django's mail (the console backend unless the
operator set another), after the transaction commits. A notifications app can take over by changing `notify`."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

log = logging.getLogger(__name__)


def notify(users: Iterable[Any], *, subject: str, body: str, url: str = "") -> int:
    """Mail each user with an address; returns how many will be mailed."""
    recipients = sorted({u.email for u in users if getattr(u, "email", "")})
    if not recipients:
        return 0
    text = f"{body}\n\n{url}" if url else body

    def send() -> None:
        try:
            send_mail(f"[straiik] {subject}", text, settings.DEFAULT_FROM_EMAIL, recipients)
        except Exception:  # a mail relay that is down must not undo the decision already committed
            log.exception("protection: could not send %r to %s", subject, recipients)

    transaction.on_commit(send)
    return len(recipients)


def office_users() -> list[Any]:
    from straiik.accounts.models import User
    from straiik.accounts.roles import Role

    return list(User.objects.filter(is_active=True, groups__name=Role.PROGRAMME_OFFICE).distinct())


def organisation_admins(organisation: Any) -> list[Any]:
    return [m.user for m in organisation.memberships.filter(is_admin=True, user__is_active=True).select_related("user")]
