"""Remembers the language a signed-in person uses the platform in, for the e-mail sent to them while they are
away (when they chose no language for e-mail): when they sign in (a signal, apps.py) and when they switch the
language in the header (here). Nothing is written on ordinary page views."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

if TYPE_CHECKING:
    from straiik.accounts.types import User


class RememberLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method == "POST" and response.status_code in (200, 302) \
                and request.path == reverse("set_language"):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                from straiik.notifications.services import remember_language

                remember_language(user=user, language=request.POST.get("language", ""))
        return response


def on_login(sender: object, request: HttpRequest | None, user: User, **kwargs: object) -> None:
    from straiik.notifications.services import remember_language

    # Only a request that went through LocaleMiddleware knows the person's language (a login made in code, such
    # as a test client's force_login, does not: it would record the default as if chosen).
    language = getattr(request, "LANGUAGE_CODE", "") if request is not None else ""
    if language:
        remember_language(user=user, language=language)
