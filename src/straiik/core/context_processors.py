from typing import Any

from django.http import HttpRequest

from straiik.accounts.roles import roles_of


def platform(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"user_roles": roles_of(user) if user is not None else frozenset()}
