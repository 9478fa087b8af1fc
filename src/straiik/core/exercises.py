"""Exercises apart from reality. Records made to practise, demonstrate or test (bundling rounds, supply networks,
SDIR calls, Defport submissions: `is_exercise`; everything `straiik demo` loads) are shown with a badge and
left out of the official figures: the agenda's live indicators, SDIR's indicators, the dashboards' totals and
the annual report to Parliament.

An office user includes them on request: `?exercises=1` on any page or API call (ExercisesMiddleware), or the
report's option. Code that computes a figure filters with `official(queryset, path)`, which reads the choice
from a context variable, so the indicators' signatures stay (year, as_of)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

# Set by `including` (code that decides for itself: the report's option, the stored history).
_FORCED: ContextVar[bool | None] = ContextVar("straiik_include_exercises", default=None)
# The request being served: `?exercises=1` counts when its user may include exercises, checked when a figure is
# computed (API token users are known only then).
_REQUEST: ContextVar[HttpRequest | None] = ContextVar("straiik_exercises_request", default=None)
PARAMETER = "exercises"
# The models that can be exercises, by label (app_label.model_name).
MODELS = ("bundling.bundlinground", "supply.supplynetwork", "sdir.call", "defport.submission")


def included() -> bool:
    forced = _FORCED.get()
    if forced is not None:
        return forced
    request = _REQUEST.get()
    return bool(request is not None and request.GET.get(PARAMETER) == "1"
                and may_include(getattr(request, "user", None)))


@contextmanager
def including(flag: bool = True) -> Iterator[None]:
    token = _FORCED.set(flag)
    try:
        yield
    finally:
        _FORCED.reset(token)


def official(queryset: QuerySet[Any], path: str = "") -> QuerySet[Any]:
    """`queryset` without exercise records (reached through `path`, e.g. "round__"), unless they are included."""
    if included():
        return queryset
    return queryset.filter(**{f"{path}is_exercise": False})


def may_include(user: Viewer | None) -> bool:
    from straiik.accounts.roles import is_staff_of_platform

    return is_staff_of_platform(user)


def counts() -> dict[str, int]:
    """How many exercise records there are, per kind (for the note "N exercise records left out")."""
    from django.apps import apps

    found = {}
    for label in MODELS:
        model = apps.get_model(label)
        found[label] = model._default_manager.filter(is_exercise=True).count()
    return found


def note(request: HttpRequest, labels: tuple[str, ...] = MODELS) -> dict[str, Any]:
    """Context for core/_exercise_note.html: how many exercise records the figures leave out (or include), and
    the link that switches (for those who may)."""
    by_label = counts()
    n = sum(by_label.get(label, 0) for label in labels)
    params = request.GET.copy()
    if included():
        params.pop(PARAMETER, None)
    else:
        params[PARAMETER] = "1"
    query = params.urlencode()
    return {"exercises": {"count": n, "included": included(), "may_include": may_include(request.user),
                          "switch_url": f"{request.path}?{query}" if query else request.path}}


class ExercisesMiddleware:
    """Makes the request known to `included()`, so `?exercises=1` from an office user includes exercise records
    in the figures of that request (pages and API alike)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _REQUEST.set(request)
        try:
            return self.get_response(request)
        finally:
            _REQUEST.reset(token)


def check_may_mark(user: Viewer, is_exercise: bool) -> None:
    """Only the programme office marks a record as an exercise (it takes the record out of official figures)."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    if is_exercise and not may_include(user):
        raise PermissionDenied(_("Only the programme office marks records as exercises."))


def exercise_set(*, user: Viewer, instance: Any, is_exercise: bool) -> Any:
    """Mark a record as an exercise, or as real, afterwards (the programme office; recorded in the history)."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.db import transaction
    from django.utils.translation import gettext as _

    from straiik.core.audit import record_change
    from straiik.core.models import ObjectChange

    if instance._meta.label_lower not in MODELS:
        raise ValidationError(_("This kind of record cannot be an exercise."))
    if not may_include(user):
        raise PermissionDenied(_("Only the programme office marks records as exercises."))
    with transaction.atomic():
        locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        before = locked.is_exercise
        if before != is_exercise:
            type(instance)._default_manager.filter(pk=instance.pk).update(is_exercise=is_exercise)
            record_change(user=user, action=ObjectChange.Action.UPDATE, instance=locked,
                          before={"is_exercise": before}, after={"is_exercise": is_exercise})
    instance.is_exercise = is_exercise
    return instance


def add_field(form: Any, user: Viewer) -> Any:
    """The "exercise" checkbox on a creation form, for the programme office only."""
    from django import forms
    from django.utils.translation import gettext_lazy as _

    if may_include(user):
        form.fields["is_exercise"] = forms.BooleanField(
            required=False, label=_("An exercise, demo or test"),
            help_text=_("Shown with a badge and left out of the official figures (indicators, dashboards' totals, "
                        "the report to Parliament)."))
    return form


def chosen(form: Any) -> bool:
    """Whether the checkbox was ticked; taken out of the form's data, so the app's own form-to-service mapping
    never sees it (call it before that)."""
    if not hasattr(form, "_straiik_exercise"):
        form._straiik_exercise = bool(getattr(form, "cleaned_data", {}).pop("is_exercise", False))
    return bool(form._straiik_exercise)


def add_report_field(form: Any, user: Viewer) -> Any:
    """The report's option to count exercise records too, for the programme office only."""
    from django import forms
    from django.utils.translation import gettext_lazy as _

    if may_include(user):
        form.fields["include_exercises"] = forms.BooleanField(
            required=False, label=_("Include exercise records (demos, tests, practice)"),
            help_text=_("Off for the report to Parliament: its figures are the official ones."))
    return form
