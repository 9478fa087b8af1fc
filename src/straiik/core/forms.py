"""Form helpers shared by the apps' views."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError


def apply_validation_error(form: Any, error: ValidationError, *, renames: Mapping[str, str] | None = None,
                           limit: int | None = None) -> None:
    """Show a service's ValidationError on the form: each field's messages on that field (a service field
    named differently in the form via `renames`, where the form has that field), anything else at the top of
    the form (at most `limit` messages, for errors that list every bad row of a file)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target: str | None = (renames or {}).get(field, field)
            if target not in form.fields:
                target = field if field in form.fields else None
            form.add_error(target, errors)
    elif limit is not None:
        for message in error.messages[:limit]:
            form.add_error(None, message)
    else:
        form.add_error(None, error)
