"""The people a request or a service deals with, as types for the type checker and the reader.

- `User`: a signed-in person (straiik.accounts.models.User): what services that write take, and what a view behind
  @login_required (or an API operation behind write_auth) has as request.user.
- `Viewer`: whoever asks: a signed-in person or a visitor without an account (AnonymousUser). Permissions and
  selectors that also answer visitors take a Viewer, or `Viewer | None` where the system itself asks.
- `AuthenticatedHttpRequest`: the request of a view behind @login_required: its user is a User.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from straiik.accounts.models import User

Viewer: TypeAlias = User | AnonymousUser


class AuthenticatedHttpRequest(HttpRequest):
    """For annotations only: Django builds the request; @login_required makes its user a User."""

    user: User


__all__ = ["AuthenticatedHttpRequest", "User", "Viewer"]
