"""Sessions that end (idle timeout, absolute lifetime), and a second factor before anything else for the roles
that need one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from straiik.accounts import authlog
from straiik.accounts.mfa import mfa_missing
from straiik.accounts.models import AuthEvent
from straiik.accounts.signals import SESSION_AUTH_AT, SESSION_SEEN_AT

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

# Writing the last-seen time on every request would write the session on every request; a minute is close
# enough for a 30-minute idle timeout.
SEEN_GRANULARITY_SECONDS = 60


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        now = timezone.now().timestamp()
        auth_at, seen_at = session.get(SESSION_AUTH_AT), session.get(SESSION_SEEN_AT)
        if auth_at is None or seen_at is None:  # a session from before these limits existed
            session[SESSION_AUTH_AT] = auth_at or now
            session[SESSION_SEEN_AT] = now
            return
        idle, age = now - seen_at, now - auth_at
        if idle > settings.STRAIIK_SESSION_IDLE_SECONDS or age > settings.STRAIIK_SESSION_MAX_SECONDS:
            user = request.user
            reason = "idle" if idle > settings.STRAIIK_SESSION_IDLE_SECONDS else "lifetime"
            request._straiik_quiet_logout = True  # type: ignore[attr-defined]
            logout(request)
            authlog.record(AuthEvent.Kind.SESSION_EXPIRED, request=request, user=user, reason=reason,
                           idle_seconds=int(idle), age_seconds=int(age))
            messages.info(request, _("Your session has ended. Please sign in again."))
        elif idle > SEEN_GRANULARITY_SECONDS:
            session[SESSION_SEEN_AT] = now


def _allowed_without_mfa(path: str) -> bool:
    prefixes = [reverse("mfa_index"), reverse("accounts:logout"), reverse("account_logout"),
                reverse("account_reauthenticate"), settings.STATIC_URL, "/i18n/", "/jsi18n/"]
    return any(path.startswith(p) for p in prefixes)


class RequireMfaMiddleware:
    """A user whose role needs a second factor and who has none is sent to enrolment, and can reach nothing
    else: no page, no admin, no API with the session (403 in JSON)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Viewer | None = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and not _allowed_without_mfa(request.path)
                and mfa_missing(user, request)):
            return self._refuse(request)
        return self.get_response(request)

    def _refuse(self, request: HttpRequest) -> HttpResponse:
        message = _("Your role requires a second factor. Set up an authenticator app or a security key first.")
        if request.path.startswith("/api/"):
            return JsonResponse({"message": message}, status=403)
        target = reverse("mfa_index")
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        messages.warning(request, message)
        return HttpResponseRedirect(target)
