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

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from straiik.accounts.roles import is_staff_of_platform
from straiik.core import restrict
from straiik.registry.permissions import is_authenticated, member_of

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer
    from straiik.protection.models import ScreeningHit
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


@restrict.rule("protection.ScreeningHit")
def viewable_hits(queryset: QuerySet[ScreeningHit], user: Viewer | None) -> QuerySet[ScreeningHit]:
    if is_office(user):
        return queryset
    return queryset.filter(organisation_id__in=admin_of(user))


@restrict.rule("protection.ScreeningHit", "change", "delete")
def decidable_hits(queryset: QuerySet[ScreeningHit], user: Viewer | None) -> QuerySet[ScreeningHit]:
    return queryset if is_office(user) else queryset.none()


@restrict.rule("protection.Disclosure")
@restrict.rule("protection.DueDiligence")
def viewable_protection_records(queryset: QuerySet[Any], user: Viewer | None) -> QuerySet[Any]:
    """Disclosures and due-diligence outcomes: the office, and the organisation's administrators."""
    if is_office(user):
        return queryset
    return queryset.filter(organisation_id__in=admin_of(user))


@restrict.withholding
def withhold_military_list(queryset: QuerySet[Any], user: Viewer | None, let_through: Q) -> QuerySet[Any]:
    """Export control, for every model whose records can carry tags: a record tagged with a Military List
    category is withheld from a user none of whose organisations is controlled from within the EU and NATO,
    unless it is their own (`let_through`, declared by the model's rule)."""
    from straiik.protection.services import military_list_release, military_tagged_ids

    released, _why = military_list_release(user)
    if released:
        return queryset
    return queryset.exclude(Q(pk__in=military_tagged_ids(queryset.model)) & ~let_through)


@restrict.withholding_note
def military_list_note(user: Viewer | None, queryset: QuerySet[Any]) -> str:
    from straiik.protection.services import withheld_note

    return withheld_note(user, queryset)
