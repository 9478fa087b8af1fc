"""Writes of notifications: telling people (`notify`), marking read, choosing how to be told, and the e-mail
itself (sent by background tasks after the transaction that caused it commits).

A notification is written in its recipient's language (`translation.override`), never reveals a record the
recipient may not see (each target's own permission check decides who is told), and links to the record,
whose page checks permission again."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from straiik.core import taskqueue
from straiik.notifications.kinds import KINDS
from straiik.notifications.models import MailSettings, Mode, Notification, Preference

if TYPE_CHECKING:
    from straiik.accounts.types import User, Viewer

log = logging.getLogger(__name__)
LANGUAGES = {code for code, _name in settings.LANGUAGES}

# Who may see a target: the one read path (core.restrict) for every model with a rule, and for some models a
# narrower check on top, (user, record) -> bool: an award's notifications are for those who follow it, a review's
# for its reviewer.
VISIBILITY: dict[str, str] = {
    "sdir.award": "straiik.sdir.permissions.can_follow_award",
    "sdir.assignment": "straiik.sdir.permissions.can_review",
}


def _function(path: str) -> Callable[..., Any]:
    module, name = path.rsplit(".", 1)
    return getattr(import_module(module), name)


def declared(model: Any) -> bool:
    from straiik.core import restrict

    return restrict.has_rule(model) or model._meta.label_lower in VISIBILITY


def extra_check(user: Viewer | None, target: Any) -> bool:
    path = VISIBILITY.get(target._meta.label_lower)
    return path is None or bool(_function(path)(user, target))


def may_see(user: Viewer | None, target: Any) -> bool:
    """Whether `user` may see `target`; a model without a rule is refused, so nothing leaks."""
    from straiik.core import restrict

    if target is None:
        return True
    if not declared(type(target)):
        raise ValueError(f"No visibility check declared for {target._meta.label_lower} (core.restrict)")
    return (not restrict.has_rule(type(target)) or restrict.can(user, target)) and extra_check(user, target)


_UNREAD = object()


def language_of(user: User, mail_settings: Any = _UNREAD) -> str:
    """The language a person reads their notifications in: chosen, else last used on the platform, else the
    platform's default."""
    if mail_settings is _UNREAD:
        mail_settings = MailSettings.objects.filter(user=user).first()
    for code in (getattr(mail_settings, "language", ""), getattr(mail_settings, "last_language", "")):
        if code in LANGUAGES:
            return code
    return settings.LANGUAGE_CODE


def modes_of(users: Iterable[Any], kind: str) -> dict[int, str]:
    default = KINDS[kind].default
    chosen = dict(Preference.objects.filter(user__in=list(users), kind=kind).values_list("user_id", "mode"))
    return {u.pk: chosen.get(u.pk, default) for u in users}


@dataclass
class Notice:
    """One thing to tell: to whom, about which record, with which texts (see `notify`)."""

    users: Iterable[Any]
    compose: Callable[[], tuple[str, str]]
    url: str = ""
    target: Any = None
    key: str = ""


def notify(users: Iterable[Any], *, kind: str, compose: Callable[[], tuple[str, str]], url: str = "",
           target: Any = None, key: str = "", exclude: Any = None, check: bool = True) -> list[Notification]:
    """Tell each of `users` (once each, not `exclude`, the person who acted) that something happened.

    `compose()` returns (subject, body) and is called once per recipients' language, inside
    `translation.override`, so texts built with gettext come out in the recipient's language. With `check`,
    only users who may see `target` are told (callers pass check=False only when the recipients are by
    construction those who may see it). With `key`, a user already told under that key is not told again.
    E-mail goes out after the transaction commits, by a background task."""
    return notify_many(kind, [Notice(users, compose, url, target, key)], exclude=exclude, check=check)


_SILENCED: ContextVar[frozenset[str]] = ContextVar("straiik_silenced_kinds", default=frozenset())


@contextmanager
def silenced(*kinds: str) -> Iterator[None]:
    """No notifications of these kinds inside (a bulk import tells once, in a summary, not once per row)."""
    token = _SILENCED.set(_SILENCED.get() | set(kinds))
    try:
        yield
    finally:
        _SILENCED.reset(token)


def notify_many(kind: str, notices: list[Notice], *, exclude: Any = None, check: bool = True
                ) -> list[Notification]:
    """`notify` for many records at once (a decision on 2,000 proposals): preferences and languages are read
    once for everyone, and the rows written in one bulk insert."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}: declare it in notifications/kinds.py")
    if kind in _SILENCED.get():
        return []
    excluded = getattr(exclude, "pk", None)
    plan: list[tuple[Notice, list[Any]]] = []
    for notice in notices:
        recipients = {u.pk: u for u in notice.users
                      if u is not None and getattr(u, "is_active", True) and u.pk != excluded}
        if notice.key:
            told = set(Notification.objects.filter(user_id__in=list(recipients), key=notice.key)
                       .values_list("user_id", flat=True))
            recipients = {pk: u for pk, u in recipients.items() if pk not in told}
        if check and notice.target is not None:
            recipients = {pk: u for pk, u in recipients.items() if may_see(u, notice.target)}
        if recipients:
            plan.append((notice, list(recipients.values())))
    if not plan:
        return []
    everyone = list({u.pk: u for _n, people in plan for u in people}.values())
    mail = {m.user_id: m for m in MailSettings.objects.filter(user__in=everyone)}
    modes = modes_of(everyone, kind)
    rows = []
    for notice, people in plan:
        target = notice.target
        target_type = ContentType.objects.get_for_model(target) if target is not None else None
        texts: dict[str, tuple[str, str]] = {}
        for user in people:
            language = language_of(user, mail.get(user.pk))
            if language not in texts:
                with translation.override(language):
                    subject, body = notice.compose()
                    texts[language] = (str(subject), str(body))
            subject, body = texts[language]
            rows.append(Notification(user=user, kind=kind, subject=subject[:200], body=body, url=notice.url[:300],
                                     target_type=target_type, target_id=getattr(target, "pk", None),
                                     key=notice.key, language=language, delivery=modes[user.pk]))
    created = Notification.objects.bulk_create(rows, batch_size=1000)
    _mail_after_commit([n.pk for n in created if n.delivery == Mode.IMMEDIATE])
    return created


def _mail_after_commit(ids: list[int], batch: int = 200) -> None:
    """Enqueue the e-mail once the transaction commits: a rolled-back change tells nobody."""
    if not ids:
        return

    def enqueue() -> None:
        for start in range(0, len(ids), batch):
            taskqueue.enqueue("straiik.notifications.tasks.send_notification_emails", ids[start:start + batch])

    transaction.on_commit(enqueue)


def office_users() -> list[Any]:
    from straiik.accounts.models import User
    from straiik.accounts.roles import Role

    return list(User.objects.filter(groups__name=Role.PROGRAMME_OFFICE, is_active=True).distinct())


# --- reading ------------------------------------------------------------------------------------------------------

def notification_read(*, user: User, notification: Notification) -> Notification:
    if notification.user_id != getattr(user, "pk", None):
        raise PermissionDenied(_("Not your notification."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())


# --- preferences --------------------------------------------------------------------------------------------------

@transaction.atomic
def preferences_set(*, user: User, modes: dict[str, str], language: str | None = None) -> None:
    errors = {}
    for kind, mode in modes.items():
        if kind not in KINDS:
            errors[kind] = _("Unknown kind of notification.")
        elif mode not in Mode.values:
            errors[kind] = _("Choose e-mail at once, daily digest or no e-mail.")
    if language is not None and language and language not in LANGUAGES:
        errors["language"] = _("Choose one of the platform's languages.")
    if errors:
        raise ValidationError(errors)
    for kind, mode in modes.items():
        if mode == KINDS[kind].default:
            Preference.objects.filter(user=user, kind=kind).delete()
        else:
            Preference.objects.update_or_create(user=user, kind=kind, defaults={"mode": mode})
    if language is not None:
        MailSettings.objects.update_or_create(user=user, defaults={"language": language})


def remember_language(*, user: User, language: str) -> None:
    """The language a person last used the platform in (read for their e-mail when they chose none)."""
    if language in LANGUAGES:
        MailSettings.objects.update_or_create(user=user, defaults={"last_language": language})


# --- e-mail -------------------------------------------------------------------------------------------------------

def absolute(url: str) -> str:
    return urljoin(settings.STRAIIK_SITE_URL.rstrip("/") + "/", url.lstrip("/")) if url else ""


def _attachments(notification: Notification) -> list[tuple[str, bytes, str]]:
    path = KINDS[notification.kind].attachments if notification.kind in KINDS else ""
    return list(_function(path)(notification)) if path else []


def send_emails(ids: list[int]) -> int:
    """Send the e-mail of each notification to be mailed at once and not yet mailed (the worker's body;
    idempotent: each row is claimed before sending, so two workers never send one twice)."""
    sent = 0
    rows = Notification.objects.filter(pk__in=ids, emailed_at=None, delivery=Mode.IMMEDIATE).select_related("user")
    for notification in rows:
        if not Notification.objects.filter(pk=notification.pk, emailed_at=None).update(emailed_at=timezone.now()):
            continue
        address = notification.user.email
        if not address:
            continue
        try:
            with translation.override(notification.language or settings.LANGUAGE_CODE):
                context = {"n": notification, "link": absolute(notification.url),
                           "preferences": absolute(reverse("notifications:preferences"))}
                message = EmailMessage(subject=_("[straiik] %(s)s") % {"s": notification.subject},
                                       body=render_to_string("notifications/email/one.txt", context),
                                       from_email=settings.DEFAULT_FROM_EMAIL, to=[address])
                for name, content, mimetype in _attachments(notification):
                    message.attach(name, content, mimetype)
            message.send()
        except Exception:
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)  # tried again next time
            raise
        sent += 1
    return sent


def send_digests(*, now: Any = None) -> int:
    """One e-mail per person with everything set to the daily digest since their last one, grouped by kind
    (run once a day: `straiik notifications digest`, or the `send_digests` task). Returns e-mails sent."""
    from straiik.accounts.models import User

    now = now or timezone.now()
    sent = 0
    pending = Notification.objects.filter(delivery=Mode.DIGEST, emailed_at=None, created_at__lte=now)
    for user in User.objects.filter(pk__in=pending.values("user_id")).order_by("pk"):
        with transaction.atomic():
            rows = list(pending.filter(user=user).select_for_update().order_by("created_at", "id"))
            Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=now)
            MailSettings.objects.update_or_create(user=user, defaults={"digested_at": now})
            if not rows or not user.email:
                continue
            order = list(KINDS)
            groups: dict[str, list[Notification]] = {}
            for n in sorted(rows, key=lambda n: (order.index(n.kind) if n.kind in KINDS else len(order))):
                groups.setdefault(n.kind, []).append(n)
            with translation.override(language_of(user)):
                context = {"user": user, "count": len(rows),
                           "groups": [(KINDS[k].label if k in KINDS else k,
                                       [(n, absolute(n.url)) for n in items]) for k, items in groups.items()],
                           "preferences": absolute(reverse("notifications:preferences")),
                           "all": absolute(reverse("notifications:list"))}
                message = EmailMessage(
                    subject=ngettext("[straiik] Your daily digest: %(n)s notification",
                                     "[straiik] Your daily digest: %(n)s notifications", len(rows)) % {"n": len(rows)},
                    body=render_to_string("notifications/email/digest.txt", context),
                    from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email])
            # Sent inside the transaction: if the mail server refuses, the rows stay unsent for the next run.
            message.send()
            sent += 1
    return sent
