"""Who may see what in notifications: a notification is seen only by its addressee; its target (a call, a
submission) is shown as withheld when the addressee may no longer see it (selectors.with_visibility)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from straiik.core import restrict

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer


@restrict.rule("notifications.Notification", "view", "change")
def own_notifications(queryset: QuerySet[Any], user: Viewer | None) -> QuerySet[Any]:
    # not registry.permissions.is_authenticated: notifications sit below the registry (pyproject, import layers)
    return queryset.filter(user=user) if getattr(user, "is_authenticated", False) else queryset.none()
