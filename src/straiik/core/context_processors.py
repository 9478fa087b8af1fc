from typing import Any

from django.http import HttpRequest

from straiik.accounts.roles import roles_of


def platform(request: HttpRequest) -> dict[str, Any]:
    from straiik.core.markings import page_marking

    user = getattr(request, "user", None)
    return {"user_roles": roles_of(user) if user is not None else frozenset(),
            # the highest marking among the records this page shows (core.markings.shown): the banner
            "page_marking": page_marking(request)}
