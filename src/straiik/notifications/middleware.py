"""Remembers the language a signed-in person uses the platform in, for the e-mail sent to them while they
are away (when they chose no language for e-mail). One write when it changes, not one per request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

SESSION_KEY = "_straiik_ui_language"


class RememberLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        language = getattr(request, "LANGUAGE_CODE", "")
        session = getattr(request, "session", None)
        if user is not None and user.is_authenticated and session is not None and language \
                and session.get(SESSION_KEY) != language:
            from straiik.notifications.services import remember_language

            remember_language(user=user, language=language)
            session[SESSION_KEY] = language
        return response
