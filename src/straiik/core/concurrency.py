"""No lost updates: optimistic concurrency for records edited in forms and through the API.

A record's version is its `updated_at` (every edited model has one, set on each save), to the microsecond.
A form carries the version it was opened at in a hidden field; an API client sends the `ETag` it read back in
`If-Match`. The service locks the row (`select_for_update`), compares, and refuses a save made from an older
version with `ConcurrentEditError`: the form shows it above the fields with the user's input kept, the API
answers 412 Precondition Failed. Two people saving the same record from the same version: the first is
saved, the second is told, nothing is silently overwritten.

    # service, inside its transaction, after locking the row
    check_version(organisation, expected_version)
    # view
    form = add_version_field(OrganisationForm(request.POST or None, instance=org), org)
    ... expected = take_version(form)   # before form.service_data()
    # API
    services.organisation_update(..., expected_version=if_match(request)); set_etag(response, org)

A PATCH without `If-Match` is applied as before (last write wins): clients that want the guarantee send it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

VERSION_FIELD = "version"


def version_of(instance: Any) -> str:
    """The version token of a saved record: its updated_at in microseconds since 1970, or "" when it has none."""
    updated = getattr(instance, "updated_at", None)
    if updated is None:
        return ""
    return str(int(updated.timestamp() * 1_000_000))


def etag_of(instance: Any) -> str:
    return f'"{version_of(instance)}"'


class ConcurrentEditError(ValidationError):
    """The record was saved by someone else after the version this change was made from."""

    def __init__(self, instance: Any, expected: str) -> None:
        self.current_version = version_of(instance)
        self.expected_version = expected
        last = _last_change(instance)
        if last is not None:
            message = _("%(record)s was changed by %(user)s at %(time)s, after you opened it. Your changes were not "
                        "saved: open it again to see the new version, then make your changes again.") % {
                "record": str(instance), "user": last.user_name or "-",
                "time": last.time.strftime("%d-%m-%Y %H:%M:%S")}
        else:
            message = _("%(record)s was changed by someone else after you opened it. Your changes were not saved: "
                        "open it again to see the new version, then make your changes again.") % {
                "record": str(instance)}
        super().__init__(message, code="stale")


def _last_change(instance: Any) -> Any:
    from django.contrib.contenttypes.models import ContentType

    from straiik.core.models import ObjectChange

    return (ObjectChange.objects.filter(changed_object_type=ContentType.objects.get_for_model(instance),
                                        changed_object_id=instance.pk).order_by("-time", "-id").first())


def check_version(instance: Any, expected: str | list[str] | None) -> None:
    """Raise ConcurrentEditError unless `expected` (one version or the list an If-Match header gave) is the
    record's current version. None means the caller sent no version: nothing to check."""
    if expected is None:
        return
    accepted = [expected] if isinstance(expected, str) else expected
    if version_of(instance) not in accepted:
        raise ConcurrentEditError(instance, accepted[0] if accepted else "")


# Forms

F = TypeVar("F", bound=forms.BaseForm)


def add_version_field(form: F, instance: Any) -> F:
    """Give an edit form a hidden field with the version of `instance` it was opened at (a posted form keeps
    the version it was opened at, which is what is checked)."""
    form.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False,
                                                 initial=version_of(instance))
    return form


def take_version(form: forms.BaseForm) -> str | None:
    """The version a valid form was opened at, removed from cleaned_data so service_data() does not see it;
    None when the form was posted without one (an old page, a script)."""
    value = form.cleaned_data.pop(VERSION_FIELD, None)
    return value or None


# API

def if_match(request: HttpRequest) -> list[str] | None:
    """The versions named by the If-Match header (strong or weak ETags), None without one or for "*"."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    versions = []
    for tag in header.split(","):
        tag = tag.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        versions.append(tag.strip('"'))
    return versions


def set_etag(response: HttpResponse, instance: Any) -> None:
    if version_of(instance):
        response["ETag"] = etag_of(instance)


def install_conflict_handler(api: Any) -> None:
    """412 Precondition Failed for a change made from an older version than the record's (API)."""

    @api.exception_handler(ConcurrentEditError)  # type: ignore[untyped-decorator]
    def stale(request: HttpRequest, exc: ConcurrentEditError) -> HttpResponse:
        response: HttpResponse = api.create_response(request, {
            "message": exc.messages[0],
            "errors": {"current_version": exc.current_version, "your_version": exc.expected_version}},
            status=412)
        if exc.current_version:
            response["ETag"] = f'"{exc.current_version}"'
        return response
