"""Response headers that Django 5.2's own middleware does not set: Content-Security-Policy,
Permissions-Policy and Cache-Control for personal answers.

The policy is one fixed string built once from settings.SECURE_CSP, a dict of directives shaped like
Django 6.0's setting of the same name, so moving to Django 6 replaces this middleware with
django.middleware.csp.ContentSecurityPolicyMiddleware and keeps the setting. django-csp 4.0 was measured
against this: it rebuilds the policy on every response (about 130 µs per request here, against 2 µs), and
its extras (nonces, per-view overrides) are not needed by a policy without inline script or style.

Also the platform's own error pages while DEBUG is on (`make run`, PlatformErrorPages below)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

from straiik.core import views


def _content_security_policy(policy: dict[str, list[str]] | None = None) -> str:
    """The header's value for `policy` (settings.SECURE_CSP unless given)."""
    if policy is None:
        policy = getattr(settings, "SECURE_CSP", {})
    return "; ".join(f"{directive} {' '.join(sources)}".strip() for directive, sources in policy.items())


def _permissions_policy() -> str:
    policy = getattr(settings, "STRAIIK_PERMISSIONS_POLICY", {})
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


def sso_origins() -> list[str]:
    """The origins (scheme://host[:port]) of the configured OpenID Connect providers: from the settings
    (STRAIIK_OIDC_*) and from the social applications added in the admin."""
    from urllib.parse import urlsplit

    urls = [app.get("settings", {}).get("server_url", "") for app in
            getattr(settings, "SOCIALACCOUNT_PROVIDERS", {}).get("openid_connect", {}).get("APPS", [])]
    from allauth.socialaccount.models import SocialApp
    from django.db import DatabaseError

    try:
        urls += [(app.settings or {}).get("server_url", "")
                 for app in SocialApp.objects.filter(provider="openid_connect").only("settings")]
    except DatabaseError:  # no table yet (before migrate): the settings' providers only
        urls += []
    origins = []
    for url in urls:
        parts = urlsplit(url or "")
        if parts.scheme in ("http", "https") and parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin not in origins:
                origins.append(origin)
    return origins


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (a view may set its own first);
    `Cache-Control: no-store` on every response to a signed-in
    user or a bearer token (pages, exports, attachments, API answers): what they carry is for that person
    only, and must stay out of shared caches, proxies and the browser's disk cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.permissions_policy = _permissions_policy()
        self.content_security_policy = _content_security_policy()

    def _policy_for(self, request: HttpRequest) -> str:
        """The fixed policy; on the sign-in pages, form-action also names the single sign-on providers'
        origins: Chromium applies form-action to the redirect that follows a form's submission, and the
        "sign in with ..." form is answered by a redirect to the provider."""
        if not request.path.startswith("/accounts/") or "form-action" not in getattr(settings, "SECURE_CSP", {}):
            return self.content_security_policy
        origins = sso_origins()
        if not origins:
            return self.content_security_policy
        policy = dict(settings.SECURE_CSP)
        policy["form-action"] = [*policy["form-action"], *origins]
        return _content_security_policy(policy)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.content_security_policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self._policy_for(request)
        if self.permissions_policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.permissions_policy
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) or getattr(request, "straiik_token_auth", False):
            response["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response


log = logging.getLogger("django.request")


class PlatformErrorPages:
    """The platform's own error pages while DEBUG is on (`make run`), unless Django's debug pages are asked for:
    a mistyped address or a failing page shows straiik's 404 or 500 page, not Django's technical page with
    settings and a traceback. Setting STRAIIK_DEBUG explicitly brings the debug pages back
    (settings.STRAIIK_DEBUG_PAGES). With DEBUG off this does nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def _active(self) -> bool:
        return settings.DEBUG and not getattr(settings, "STRAIIK_DEBUG_PAGES", False)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # An address that matches no URL never reaches a view: Django answered with its technical 404.
        if self._active() and response.status_code == 404 and getattr(request, "resolver_match", None) is None:
            return views.error_404(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not self._active():
            return None
        if isinstance(exception, Http404):
            return views.error_404(request, exception)
        from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation

        if isinstance(exception, PermissionDenied | BadRequest | SuspiciousOperation):
            return None  # Django answers these with the platform's handlers even in debug mode
        log.error("Internal Server Error: %s", request.path, exc_info=exception, extra={"status_code": 500,
                                                                                        "request": request})
        return views.error_500(request)
