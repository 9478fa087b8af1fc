"""Who may see what in notifications: a notification is seen only by its addressee; its target (a call, a
submission) is shown as withheld when the addressee may no longer see it (selectors.with_visibility)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from straiik.core import restrict
from straiik.registry.permissions import is_authenticated


@restrict.rule("notifications.Notification", "view", "change")
def own_notifications(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    return queryset.filter(user=user) if is_authenticated(user) else queryset.none()
