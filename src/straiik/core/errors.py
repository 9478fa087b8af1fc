"""Refusals that explain themselves."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class Refused(PermissionDenied):
    """Refused, with a message that says why and what to do. Pages show the message (core.views.error_403),
    the API answers 403 with it as JSON; a plain PermissionDenied shows only the generic text."""
