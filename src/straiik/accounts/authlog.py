"""The authentication log: one function that every sign-in path (pages, admin, API tokens, single sign-on)
calls. It writes an accounts.AuthEvent row and logs the same event to the `straiik.auth` logger, so the
operator's log collection sees it even when the database is not read."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils import timezone

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

logger = logging.getLogger("straiik.auth")

# Never stored or logged, whatever a caller passes in **details.
_SECRET_KEYS = {"password", "password1", "password2", "secret", "token", "key", "code", "otp", "client_secret"}


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as the web server saw it. Behind a proxy, Django's SECURE_PROXY_SSL_HEADER does
    not rewrite REMOTE_ADDR: configure the proxy to pass the real address (e.g. gunicorn --forwarded-allow-ips)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(kind: str, *, request: HttpRequest | None = None, user: Viewer | None = None, username: str = "",
           success: bool = True, **details: Any) -> None:
    from straiik.accounts.models import AuthEvent

    if user is not None and not user.is_authenticated:
        user = None
    if not username and user is not None:
        username = user.get_username()
    username = (username or "").strip().lower()[:254]
    ip = client_ip(request)
    agent = request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""
    clean = {k: _jsonable(v) for k, v in details.items() if k.lower() not in _SECRET_KEYS}
    AuthEvent.objects.create(at=timezone.now(), kind=kind, success=success, user=user, username=username, ip=ip,
                             user_agent=agent,
                             details=clean)
    logger.info("auth %s %s user=%s ip=%s %s", kind, "ok" if success else "refused", username or "-", ip or "-",
                clean or "", extra={"auth_event": kind, "auth_success": success})


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)
