"""Platform roles. A role is a Django group; a person may hold several. Membership of an organisation
(registry.Membership) is the 'organisation member' role; the anonymous public holds none."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform-admin", _("Platform administrator")
    PROGRAMME_OFFICE = "programme-office", _("Programme office")
    DEFENCE_BUYER = "defence-buyer", _("Defence buyer")
    REVIEWER = "reviewer", _("Reviewer")


_CACHE_ATTR = "_straiik_roles"


def roles_of(user: Viewer | None) -> frozenset[str]:
    """The roles a user holds, read once per request object."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        names = set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
        if user.is_superuser:
            names.add(Role.PLATFORM_ADMIN)
        cached = frozenset(names)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def has_role(user: Viewer | None, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_staff_of_platform(user: Viewer | None) -> bool:
    """Platform administrators and the programme office run the platform and see everything."""
    return has_role(user, Role.PLATFORM_ADMIN, Role.PROGRAMME_OFFICE)


def forget_roles(user: Viewer | None) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
