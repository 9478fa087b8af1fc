"""A change the database refuses because of other records: a delete of a record that others still refer to
(PROTECT, RESTRICT), or a write that breaks a unique or foreign-key rule. The API and the pages answer it with
409 Conflict and say what still refers to the record, instead of a server error.

Only the kinds of record and their counts are named, never the records themselves: the caller may not be allowed
to see them."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

CONFLICTS = (ProtectedError, RestrictedError, IntegrityError)


def referrers(exc: Exception) -> list[dict[str, Any]]:
    """What still refers to the record: [{"model": "bundling.demand", "name": "demands", "count": 3}, ...]."""
    objects: Any = ()
    if isinstance(exc, ProtectedError):
        objects = exc.protected_objects
    elif isinstance(exc, RestrictedError):
        objects = exc.restricted_objects
    counts = Counter(type(o) for o in objects)
    found = []
    for model, count in sorted(counts.items(), key=lambda item: item[0]._meta.label):
        meta = model._meta
        name = meta.verbose_name if count == 1 else meta.verbose_name_plural
        found.append({"model": meta.label_lower, "name": str(name), "count": count})
    return found


def describe(exc: Exception) -> tuple[str, list[dict[str, Any]]]:
    """A message for the person who tried, and the referring records (kinds and counts)."""
    found = referrers(exc)
    if found:
        listed = ", ".join(f"{r['count']} {r['name']}" for r in found)  # the names are translated, singular or plural
        return _("This record cannot be deleted: other records still refer to it (%(list)s). Remove or change "
                 "those first.") % {"list": listed}, found
    if isinstance(exc, ProtectedError | RestrictedError):
        return _("This record cannot be deleted: other records still refer to it."), []
    logger.warning("Integrity error answered with 409: %s", exc)
    return _("The change conflicts with other records (a duplicate, or a record that is still referred to or no "
             "longer exists). Nothing was changed."), []


class ConflictMiddleware:
    """Pages: a delete or a write the database refuses because of other records answers 409 with the error page
    (what still refers to the record), not a server error. The API has its own handler (core.api)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        return self.get_response(request)

    def process_exception(self, request: Any, exception: Exception) -> Any:
        if not isinstance(exception, CONFLICTS):
            return None
        from django.shortcuts import render

        message, _found = describe(exception)
        return render(request, "core/error.html", {"status": 409, "message": message}, status=409)
