"""API tokens: issue, use, refusal and revocation, with their scopes and expiry.

A token carries, per API app, "read" (GET, HEAD, OPTIONS) or "write" (read and every other method); an app
it does not name is out of its reach. Tokens expire (STRAIIK_API_TOKEN_DAYS, 90 by default, at most
STRAIIK_API_TOKEN_MAX_DAYS) and are revoked when their user's password changes (a pre_save hook on the user,
see accounts.signals) and when the second factor is reset (`revoke_all`). Only the SHA-256 of a key is
stored; the key is shown once and never logged: log lines and the audit trail name a token by its prefix."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import TextChoices
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from straiik.accounts import authlog
from straiik.accounts.models import ApiToken
from straiik.core.audit import record_change, snapshot
from straiik.core.models import ObjectChange

if TYPE_CHECKING:
    from straiik.accounts.types import User

API_APPS = ("registry", "defport", "sdir", "bundling", "supply", "agenda", "protection", "notifications")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Token use is recorded (log line, last used time and address) at most this often per token and address,
# so a client that reads a thousand pages in a minute does not write a thousand rows.
USE_RECORD_INTERVAL = dt.timedelta(seconds=60)


class Scope(TextChoices):
    READ = "read", gettext_lazy("read")
    WRITE = "write", gettext_lazy("read and write")


class TokenRefused(Exception):
    """A token that may not be used for this request; `status` is 401 (not a usable token) or 403 (a
    usable token without the scope)."""

    def __init__(self, status: int, message: str, reason: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.reason = reason


def default_days() -> int:
    return int(getattr(settings, "STRAIIK_API_TOKEN_DAYS", 90))


def max_days() -> int:
    return int(getattr(settings, "STRAIIK_API_TOKEN_MAX_DAYS", 365))


def clean_scopes(scopes: dict[str, str]) -> dict[str, str]:
    """Scopes as stored: only known apps and levels, apps without access left out."""
    errors = [app for app in scopes if app not in API_APPS]
    errors += [f"{app}={level}" for app, level in scopes.items() if level and level not in Scope.values]
    if errors:
        raise ValidationError({"scopes": _("Unknown scopes: %(s)s.") % {"s": ", ".join(sorted(errors))}})
    cleaned = {app: level for app, level in scopes.items() if level}
    if not cleaned:
        raise ValidationError({"scopes": _("Give the token access to at least one part of the platform.")})
    return dict(sorted(cleaned.items()))


@transaction.atomic
def token_issue(*, user: User, name: str, scopes: dict[str, str], days: int | None = None,
                request: Any = None) -> tuple[ApiToken, str]:
    """A new token and its key (the only time the key exists outside the caller's hands)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    days = default_days() if days is None else days
    if not 1 <= days <= max_days():
        raise ValidationError({"days": _("A token lasts between 1 and %(n)d days.") % {"n": max_days()}})
    token, key = ApiToken.issue(user=user, name=name[:100], scopes=clean_scopes(scopes),
                                expires_at=timezone.now() + dt.timedelta(days=days))
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=token, before=None,
                  after=snapshot(token), related=user)
    authlog.record("token_issued", request=request, user=user, token=token.prefix,
                   scopes=",".join(f"{a}:{lvl}" for a, lvl in token.scopes.items()), days=days)
    return token, key


def _revoke(token: ApiToken, *, actor: User | None, reason: str, request: Any = None) -> None:
    before = snapshot(token)
    token.revoked_at = timezone.now()
    token.revoked_reason = reason[:200]
    token.save(update_fields=["revoked_at", "revoked_reason"])
    record_change(user=actor, action=ObjectChange.Action.UPDATE, instance=token, before=before,
                  after=snapshot(token), related=token.user)
    authlog.record("token_revoked", request=request, user=token.user, token=token.prefix, reason=reason)


@transaction.atomic
def token_revoke(*, user: User, token: ApiToken, reason: str = "", request: Any = None) -> None:
    """Revoke one token (its owner, from the profile page)."""
    if token.is_revoked:
        return
    _revoke(token, actor=user, reason=reason or "revoked by its owner", request=request)


@transaction.atomic
def revoke_all(user: User, *, reason: str, actor: User | None = None, request: Any = None) -> int:
    """Revoke every token of `user` still in force; returns how many. Called when the password changes
    (accounts.signals) and when the second factor is reset (the identity work calls it there)."""
    tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        _revoke(token, actor=actor, reason=reason, request=request)
    return len(tokens)


def app_of(path: str) -> str | None:
    """The API app a request path belongs to (`/api/v1/registry/...` → registry)."""
    from django.urls import reverse

    root = reverse("api:api-root")
    if not path.startswith(root):
        return None
    app = path[len(root):].split("/", 1)[0]
    return app if app in API_APPS else None


def _date(value: dt.datetime | None) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value is not None else ""


def authenticate(request: Any, key: str) -> Any:
    """The user behind a bearer key for this request, or TokenRefused saying why not. Every refusal is
    logged; a use is logged (and its time and address kept) once a minute per token and address."""
    from straiik.accounts import lockout

    app = app_of(request.path)
    if not lockout.check_token_client(request):
        # Too many refused keys from this address: refused before the key is even looked up.
        authlog.record("token_refused", request=request, success=False, token=key[:8], reason="address locked",
                       app=app or "-", method=request.method)
        raise TokenRefused(429, str(lockout.LOCKED_MESSAGE), "address locked")
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    needed = Scope.READ if request.method in SAFE_METHODS else Scope.WRITE
    try:
        _check(token, app, needed)
    except TokenRefused as refusal:
        details = {"token": token.prefix if token else key[:8], "reason": refusal.reason, "app": app or "-",
                   "method": request.method}
        if refusal.status == 401:
            # A key that is unknown, expired or revoked counts towards the address's lockout (guessing).
            lockout.register_failure(request, "", kind="token_failed", user=token.user if token else None,
                                     **details)
        else:  # a known key used outside its scope: refused and logged, not a guess
            authlog.record("token_refused", request=request, user=token.user if token else None, success=False,
                           **details)
        raise
    assert token is not None
    now = timezone.now()
    address = request.META.get("REMOTE_ADDR") or None
    if (token.last_used_at is None or now - token.last_used_at >= USE_RECORD_INTERVAL
            or token.last_used_from != address):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_from=address)
        authlog.record("token_used", request=request, user=token.user, token=token.prefix, app=app or "-",
                       method=request.method)
    return token.user


def _check(token: ApiToken | None, app: str | None, needed: str) -> None:
    if token is None:
        raise TokenRefused(401, _("This token is not known. Create a token on your profile page."), "unknown")
    if token.is_revoked:
        raise TokenRefused(401, _("This token was revoked on %(date)s (%(reason)s). Create a new token on your "
                                  "profile page.") % {"date": _date(token.revoked_at), "reason": token.revoked_reason},
                           "revoked")
    if token.is_expired:
        raise TokenRefused(401, _("This token expired on %(date)s. Create a new token on your profile page.")
                           % {"date": _date(token.expires_at)}, "expired")
    if not token.user.is_active:
        raise TokenRefused(401, _("The account of this token is disabled."), "inactive user")
    if app is None:
        return
    held = token.scopes.get(app)
    if held is None:
        raise TokenRefused(403, _("This token has no access to %(app)s. Create a token with a scope for %(app)s "
                                  "on your profile page.") % {"app": app}, "no scope")
    if needed == Scope.WRITE and held != Scope.WRITE:
        raise TokenRefused(403, _("This token may only read %(app)s; changing data needs a token with read and "
                                  "write access to %(app)s.") % {"app": app}, "read only")
