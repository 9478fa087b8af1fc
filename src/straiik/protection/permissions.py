"""Who may see and do what in protection, in one place.

- The programme office and platform administrators ("the office") load lists, review hits, sign off
  disclosures, set protection rules, record due diligence and see everything here.
- An organisation's administrators (registry.Membership.is_admin) declare its disclosure and see its
  protection page: its disclosures, the screening results about it and the due-diligence outcomes.
  Other members and everyone else see none of it: a screening hit is sensitive until decided.
- Export-control tags are shown to whoever may see the tagged record; set by the office and by the members of
  the organisation that owns the record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from straiik.accounts.roles import is_staff_of_platform
from straiik.registry.permissions import is_authenticated, member_of

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer
    from straiik.protection.models import ScreeningHitQuerySet
    from straiik.registry.models import Organisation


def is_office(user: Viewer | None) -> bool:
    return is_staff_of_platform(user)


def admin_of(user: Viewer | None) -> frozenset[int]:
    if not is_authenticated(user):
        return frozenset()
    cached = getattr(user, "_straiik_admin_of", None)
    if cached is None:
        cached = frozenset(user.memberships.filter(is_admin=True).values_list("organisation_id", flat=True))
        setattr(user, "_straiik_admin_of", cached)  # noqa: B010 - a cache on the request's user object
    return cached


def can_view_protection(user: Viewer | None, organisation: Organisation) -> bool:
    return is_office(user) or organisation.pk in admin_of(user)


def can_declare(user: Viewer | None, organisation: Organisation) -> bool:
    return organisation.pk in admin_of(user) or is_office(user)


def can_use_protection(user: Viewer | None) -> bool:
    """Shown the Protection link: the office, and administrators of an organisation."""
    return is_office(user) or bool(admin_of(user))


def can_tag(user: Viewer | None, organisation: Organisation | None) -> bool:
    return is_office(user) or (organisation is not None and organisation.pk in member_of(user))


def restrict_hits(queryset: ScreeningHitQuerySet, user: Viewer | None, action: str) -> ScreeningHitQuerySet:
    if is_office(user):
        return queryset
    if action == "view":
        return queryset.filter(organisation_id__in=admin_of(user))
    return queryset.none()
