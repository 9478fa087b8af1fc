"""Lockout per account and per client address, counted from the authentication log (accounts.AuthEvent).

- An account name (as typed, whether or not such an account exists) is locked after
  STRAIIK_LOCKOUT_ACCOUNT_ATTEMPTS failed sign-ins within STRAIIK_LOCKOUT_WINDOW_SECONDS; a successful sign-in
  starts the count again.
- A client address is locked after STRAIIK_LOCKOUT_ADDRESS_ATTEMPTS failures of any kind (sign-in, second
  factor, API token) within the window; a success does not reset it (an attacker could sign in to an account
  of their own in between).
- A lock lasts STRAIIK_LOCKOUT_SECONDS, or until a platform administrator unlocks it (`unlock`).

The locked message is the same for every account name and address, so it tells nothing about who exists.

For API tokens (the token code calls these): `check_token_client(request)` is False while the caller's address
is locked (answer 429 without looking at the token); `record_token_failure(request, **details)` after a token
was refused (unknown, expired, revoked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from straiik.accounts import authlog
from straiik.accounts.models import AuthEvent

if TYPE_CHECKING:
    from straiik.accounts.types import User

K = AuthEvent.Kind
ACCOUNT, ADDRESS = "account", "address"
ACCOUNT_FAILURES = [K.LOGIN_FAILED, K.MFA_FAILED]
ADDRESS_FAILURES = [K.LOGIN_FAILED, K.MFA_FAILED, K.TOKEN_FAILED, K.SSO_FAILED]
LOCKED_MESSAGE = _(
    "Too many failed attempts: signing in is blocked for a while. Try again later, or ask the platform "
    "administrator to unblock it."
)


class Locked(PermissionDenied):
    def __init__(self) -> None:
        super().__init__(str(LOCKED_MESSAGE))


@dataclass(frozen=True)
class Lock:
    scope: str  # ACCOUNT or ADDRESS
    key: str  # the account name or the address
    since: datetime
    until: datetime


def normalise(username: str | None) -> str:
    return (username or "").strip().lower()[:254]


def _window() -> timedelta:
    return timedelta(seconds=settings.STRAIIK_LOCKOUT_WINDOW_SECONDS)


def _duration() -> timedelta:
    return timedelta(seconds=settings.STRAIIK_LOCKOUT_SECONDS)


def _scope_filter(scope: str, key: str) -> Q:
    return Q(username=key) if scope == ACCOUNT else Q(ip=key)


def _current_lock(scope: str, key: str) -> Lock | None:
    """The lock on `key` if its latest lockout is recent and no unlock followed it."""
    if not key:
        return None
    now = timezone.now()
    latest = (
        AuthEvent.objects.filter(_scope_filter(scope, key), kind__in=[K.LOCKOUT, K.UNLOCK], details__scope=scope,
                                 at__gt=now - _duration())
        .order_by("-at", "-id").only("kind", "at").first()
    )
    if latest is None or latest.kind != K.LOCKOUT:
        return None
    return Lock(scope=scope, key=key, since=latest.at, until=latest.at + _duration())


def lock_of(request: HttpRequest | None, username: str | None) -> Lock | None:
    return _current_lock(ACCOUNT, normalise(username)) or _current_lock(ADDRESS, authlog.client_ip(request) or "")


def check(request: HttpRequest | None, username: str | None) -> None:
    """Raise Locked (a PermissionDenied) if the account name or the client address is locked."""
    if lock_of(request, username) is not None:
        raise Locked()


def _failures_since_reset(scope: str, key: str) -> int:
    now = timezone.now()
    resets = Q(kind__in=[K.LOCKOUT, K.UNLOCK], details__scope=scope)
    if scope == ACCOUNT:
        resets |= Q(kind=K.LOGIN)
    last_reset = AuthEvent.objects.filter(_scope_filter(scope, key)).filter(resets).aggregate(at=Max("at"))["at"]
    start = now - _window()
    if last_reset is not None and last_reset > start:
        start = last_reset
    kinds = ACCOUNT_FAILURES if scope == ACCOUNT else ADDRESS_FAILURES
    return AuthEvent.objects.filter(_scope_filter(scope, key), kind__in=kinds, success=False, at__gt=start).count()


def register_failure(request: HttpRequest | None, username: str | None, *, kind: str = K.LOGIN_FAILED,
                     user: User | None = None, **details: Any) -> None:
    """Log a failure and lock the account name and/or the address when it was one too many."""
    name = normalise(username)
    authlog.record(kind, request=request, user=user, username=name, success=False, **details)
    ip = authlog.client_ip(request)
    if name and kind in ACCOUNT_FAILURES and _current_lock(ACCOUNT, name) is None:
        if _failures_since_reset(ACCOUNT, name) >= settings.STRAIIK_LOCKOUT_ACCOUNT_ATTEMPTS:
            authlog.record(K.LOCKOUT, request=request, user=user, username=name, success=False, scope=ACCOUNT,
                           seconds=settings.STRAIIK_LOCKOUT_SECONDS)
    if ip and _current_lock(ADDRESS, ip) is None:
        if _failures_since_reset(ADDRESS, ip) >= settings.STRAIIK_LOCKOUT_ADDRESS_ATTEMPTS:
            authlog.record(K.LOCKOUT, request=request, success=False, scope=ADDRESS,
                           seconds=settings.STRAIIK_LOCKOUT_SECONDS)


def unlock(*, scope: str, key: str, by: Any, request: HttpRequest | None = None) -> None:
    """An administrator lifts a lock before its time."""
    if scope not in (ACCOUNT, ADDRESS):
        raise ValueError(f"unknown lock scope {scope!r}")
    if scope == ACCOUNT:
        authlog.record(K.UNLOCK, request=request, username=normalise(key), scope=ACCOUNT,
                       by=by.get_username() if by else "")
    else:
        # The row's address is the locked one, not the administrator's.
        from straiik.accounts.models import AuthEvent as Row

        Row.objects.create(at=timezone.now(), kind=K.UNLOCK, ip=key, details={
            "scope": ADDRESS, "by": by.get_username() if by else ""})
        authlog.logger.info("auth unlock ok address=%s", key, extra={"auth_event": K.UNLOCK, "auth_success": True})


def current_locks() -> list[Lock]:
    """Every lock in force now, newest first (the administrator's page)."""
    now = timezone.now()
    rows = AuthEvent.objects.filter(kind=K.LOCKOUT, at__gt=now - _duration()).order_by("-at")
    locks, seen = [], set()
    for row in rows:
        scope = row.details.get("scope", ACCOUNT)
        key = row.username if scope == ACCOUNT else (row.ip or "")
        if (scope, key) in seen:
            continue
        seen.add((scope, key))
        lock = _current_lock(scope, key)
        if lock is not None:
            locks.append(lock)
    return locks


# --- API tokens -----------------------------------------------------------------------------------------


def check_token_client(request: HttpRequest) -> bool:
    """False while the caller's address is locked: the token code then refuses (429) without a lookup."""
    return _current_lock(ADDRESS, authlog.client_ip(request) or "") is None


def record_token_failure(request: HttpRequest, **details: Any) -> None:
    """A bearer token was refused (unknown, expired, revoked, out of scope): logged, counted per address."""
    register_failure(request, "", kind=K.TOKEN_FAILED, **details)


# --- the authentication backend ------------------------------------------------------------------------


class LockoutBackend:
    """First in AUTHENTICATION_BACKENDS: refuses any password check for a locked name or address, on every
    path that calls django.contrib.auth.authenticate (the sign-in page, the admin, anything added later)."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None, **credentials: Any) -> None:
        name = username or credentials.get("email") or credentials.get("login") or ""
        if lock_of(request, name) is not None:
            if request is not None:
                request._straiik_locked = True  # type: ignore[attr-defined] # the failure signal skips it
            authlog.record(K.LOGIN_REFUSED, request=request, username=normalise(name), success=False)
            raise Locked()
        return None
    # No get_user: this backend never signs anyone in (and force_login must not pick it).
