"""Response headers that Django 5.2's own middleware does not set: Content-Security-Policy,
Permissions-Policy and Cache-Control for personal answers.

The policy is one fixed string built once from settings.SECURE_CSP, a dict of directives shaped like
Django 6.0's setting of the same name, so moving to Django 6 replaces this middleware with
django.middleware.csp.ContentSecurityPolicyMiddleware and keeps the setting. django-csp 4.0 was measured
against this: it rebuilds the policy on every response (about 130 µs per request here, against 2 µs), and
its extras (nonces, per-view overrides) are not needed by a policy without inline script or style."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _content_security_policy() -> str:
    policy = getattr(settings, "SECURE_CSP", {})
    return "; ".join(f"{directive} {' '.join(sources)}".strip() for directive, sources in policy.items())


def _permissions_policy() -> str:
    policy = getattr(settings, "STRAIIK_PERMISSIONS_POLICY", {})
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (a view may set its own first);
    `Cache-Control: no-store` on every response to a signed-in
    user or a bearer token (pages, exports, attachments, API answers): what they carry is for that person
    only, and must stay out of shared caches, proxies and the browser's disk cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.permissions_policy = _permissions_policy()
        self.content_security_policy = _content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.content_security_policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.content_security_policy
        if self.permissions_policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.permissions_policy
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) or getattr(request, "straiik_token_auth", False):
            response["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response
