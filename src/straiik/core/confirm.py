"""A confirmation step before an irreversible action, rendered by the server: the action's form posts once, the
page says what will happen and to whom, and a second post with `confirmed=yes` carries the same fields. It works
with a keyboard and without JavaScript (no `confirm()` dialog), and the view stays the one that acts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirmed"


@dataclass
class Consequences:
    """What an action will do, for the confirmation page: a heading, the effects in sentences, and the people or
    organisations who will be told (each a line: "Velden Radar B.V. — selected")."""

    title: str
    effects: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    recipients_heading: str = ""
    button: str = ""
    danger: bool = False
    final: bool = True  # says "This cannot be undone."; a step that can be reversed says how in its effects


def is_confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "yes"


def confirmation(request: HttpRequest, consequences: Consequences, *, cancel_url: str,
                 exclude: Iterable[str] = ()) -> HttpResponse:
    """The confirmation page for the POST being made: the same fields again, and the consequences."""
    skip = {"csrfmiddlewaretoken", CONFIRM_FIELD, *exclude}
    fields: list[tuple[str, Any]] = [(name, value) for name, values in request.POST.lists() if name not in skip
                                     for value in values]
    return render(request, "core/confirm.html", {
        "c": consequences, "fields": fields, "action": request.get_full_path(), "cancel_url": cancel_url})
