"""Response headers that the other middleware does not set (the Content-Security-Policy comes from
django-csp's CSPMiddleware, configured in settings.CONTENT_SECURITY_POLICY)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _permissions_policy() -> str:
    policy = getattr(settings, "STRAIIK_PERMISSIONS_POLICY", {})
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; `Cache-Control: no-store` on every response to a signed-in
    user or a bearer token (pages, exports, attachments, API answers): what they carry is for that person
    only, and must stay out of shared caches, proxies and the browser's disk cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.permissions_policy = _permissions_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.permissions_policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.permissions_policy
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) or getattr(request, "straiik_token_auth", False):
            response["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response
