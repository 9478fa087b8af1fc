"""The platform's own error pages while DEBUG is on (`make run`), unless Django's debug pages are asked for.

`make run` is a demo that people try: a mistyped address or a failing page must show straiik's 404 or 500
page, not Django's technical page with settings and a traceback. Setting STRAIIK_DEBUG explicitly brings the
debug pages back (settings.STRAIIK_DEBUG_PAGES). With DEBUG off Django uses the handlers in config/urls.py
already, and this middleware does nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

from straiik.core import views

log = logging.getLogger("django.request")


class PlatformErrorPages:
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
