"""The server-rendered write, written once: form → service → the service's error on the form → message → redirect.

Every create and edit page does the same five things around its one service call (NetBox
`netbox/views/generic/object_views.py ObjectEditView`, as a function so views keep their decorators, URLs and
templates). A view builds its form and its context, and says what to call:

    return service_form(
        request, RoundForm(request.POST or None, instance=round), template="bundling/form.html",
        save=lambda posted: services.round_update(user=request.user, round=round, data=posted.data,
                                                  expected_version=posted.version),
        version_of=round, success=_("The round's rules were saved."), context={"title": ..., "round": round})

What it folds in, so no view repeats it:
- optimistic concurrency (core.concurrency): `version_of=record` adds the hidden version field; the service gets
  the version the form was opened at as `posted.version` and a stale save shows above the fields;
- exercise mode (core.exercises): `exercise=True` adds the programme office's "exercise" checkbox; the service
  gets `posted.is_exercise`;
- the confirmation step (core.confirm): `confirm=` returns the consequences of an irreversible save, shown on a
  confirmation page before the service runs (None: nothing to confirm);
- refusals that belong to one field (`refusals={VerificationRequired: "organisation"}`) and a service's
  ValidationError on the fields it names (`renames` for form fields named differently).

`service_action` is the same for the buttons that post without a page of their own (delete, withdraw,
introduce): call → message → redirect, the service's refusal as an error message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from straiik.core import exercises
from straiik.core.concurrency import add_version_field, take_version
from straiik.core.confirm import Consequences, confirmation, is_confirmed
from straiik.core.forms import apply_validation_error

T = TypeVar("T")
Message = str | Callable[[Any], str] | None
Target = Any  # a model instance (its get_absolute_url), a URL or URL name, or a callable on the service's result


@dataclass
class Posted:
    """A valid posted form, as the service call reads it."""

    form: Any
    version: str | None = None
    is_exercise: bool = False

    @cached_property
    def data(self) -> Any:
        """The form's `service_data()` (what the app's form maps for its service), else its cleaned data."""
        service_data = getattr(self.form, "service_data", None)
        return service_data() if service_data is not None else dict(self.form.cleaned_data)

    @property
    def cleaned_data(self) -> dict[str, Any]:
        return self.form.cleaned_data  # type: ignore[no-any-return]


def _resolve(value: Any, result: Any) -> Any:
    return value(result) if callable(value) else value


def _done(request: HttpRequest, result: Any, success: Message, redirect_to: Target) -> HttpResponse:
    message = _resolve(success, result)
    if message:
        messages.success(request, message)
    target = _resolve(redirect_to, result) if redirect_to is not None else result
    if isinstance(target, HttpResponse):
        return target
    return redirect(target)


def service_form(
    request: HttpRequest,
    form: Any,
    *,
    save: Callable[[Posted], T],
    template: str,
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None,
    success: Message = None,
    redirect_to: Target = None,
    version_of: Any = None,
    exercise: bool = False,
    confirm: Callable[[Posted], Consequences | None] | None = None,
    cancel_url: str | Callable[[], str] = "",
    refusals: Mapping[type[Exception], str | None] | None = None,
    renames: Mapping[str, str] | None = None,
    error_limit: int | None = None,
    formsets: Iterable[Any] = (),
    invalid_status: int = 200,
) -> HttpResponse:
    """Show `form` on `template`; on a valid POST call `save(posted)`. Success: the `success` message (text, or a
    function of what `save` returned) and a redirect to `redirect_to` (likewise; by default the returned record).
    Refusal: the page again with the error on the form, answered with `invalid_status` (also for an invalid form).
    `formsets` must be valid too; `context` (or a function giving it, evaluated only to render) joins `form`."""
    if exercise:
        exercises.add_field(form, request.user)
    if version_of is not None:
        add_version_field(form, version_of)
    if request.method == "POST" and form.is_valid() and all(fs.is_valid() for fs in formsets):
        posted = Posted(form=form, version=take_version(form), is_exercise=exercises.chosen(form) if exercise
                        else False)
        consequences = confirm(posted) if confirm is not None and not is_confirmed(request) else None
        if consequences is not None:
            return confirmation(request, consequences, cancel_url=cancel_url() if callable(cancel_url) else cancel_url)
        caught: tuple[type[BaseException], ...] = (ValidationError, *(refusals or {}))
        try:
            result = save(posted)
        except caught as error:
            # a refusal that names its field comes first: some (VerificationRequired) are ValidationErrors too
            kind = next((k for k in (refusals or {}) if isinstance(error, k)), None)
            if kind is not None:
                form.add_error((refusals or {})[kind], str(error))
            elif isinstance(error, ValidationError):
                apply_validation_error(form, error, renames=renames, limit=error_limit)
            else:  # not reachable: `caught` holds only these kinds
                raise
        else:
            return _done(request, result, success, redirect_to)
    shown = context() if callable(context) else (context or {})
    return render(request, template, {"form": form, **shown},
                  status=invalid_status if request.method == "POST" else 200)


def service_action(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    success: Message = None,
    redirect_to: Target = None,
    failure_redirect: Target = None,
    confirm: Callable[[], Consequences | None] | None = None,
    cancel_url: str = "",
    form: Any = None,
    invalid_message: str = "",
) -> HttpResponse:
    """A button's POST: `call()`, then the `success` message and a redirect to `redirect_to`; a ValidationError
    from the service becomes an error message, with a redirect to `failure_redirect` (default: `redirect_to`).
    `confirm` gives the consequences to confirm first (None: nothing to confirm), as in `service_form`. With
    `form` (a small form posted from another page), an invalid form is an error message too: `invalid_message`,
    or the form's own messages."""
    if form is not None and not form.is_valid():
        messages.error(request, invalid_message or " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(_resolve(failure_redirect if failure_redirect is not None else redirect_to, None))
    consequences = confirm() if confirm is not None and not is_confirmed(request) else None
    if consequences is not None:
        return confirmation(request, consequences, cancel_url=cancel_url)
    try:
        result = call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        target = failure_redirect if failure_redirect is not None else redirect_to
        return redirect(_resolve(target, None))
    return _done(request, result, success, redirect_to)
