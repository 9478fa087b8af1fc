"""Reads of notifications. A notification whose record its recipient may no longer see (they left the
organisation, the record became restricted) is shown without its text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from straiik.core import restrict
from straiik.notifications.kinds import KINDS
from straiik.notifications.models import MailSettings, Mode, Notification, Preference
from straiik.notifications.services import declared, extra_check

if TYPE_CHECKING:
    from straiik.accounts.types import User, Viewer


def notifications(*, user: User, unread: bool = False) -> QuerySet[Notification]:
    rows = Notification.objects.restrict(user)
    return rows.filter(read_at=None) if unread else rows


def unread_count(user: Viewer | None) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.restrict(user).filter(read_at=None).count()


def with_visibility(user: User, rows: list[Notification]) -> list[Notification]:
    """Mark each row `withheld` when its target is gone or no longer visible to `user` (checked per page)."""
    wanted: dict[int, set[int]] = {}
    for n in rows:
        if n.target_type_id:
            wanted.setdefault(n.target_type_id, set()).add(n.target_id or 0)
    found: dict[tuple[int, int], Any] = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None or not declared(model):
            continue
        # one query per kind of target, through the one read path
        targets = model._default_manager.filter(pk__in=ids)
        if restrict.has_rule(model):
            targets = restrict.restrict(targets, user)
        for obj in targets:
            found[(type_id, obj.pk)] = obj
    for n in rows:
        n.withheld = False
        if n.target_type_id:
            target = found.get((n.target_type_id, n.target_id or 0))
            n.withheld = target is None or not extra_check(user, target)
    return rows


def preference_rows(user: User) -> list[dict[str, Any]]:
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "mode"))
    return [{"kind": k, "mode": chosen.get(k.code, k.default)} for k in KINDS.values()]


def mail_settings(user: User) -> MailSettings:
    return MailSettings.objects.filter(user=user).first() or MailSettings(user=user)


def pending_digest(user: User) -> int:
    return Notification.objects.filter(user=user, delivery=Mode.DIGEST, emailed_at=None).count()
