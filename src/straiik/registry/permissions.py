"""Who may see and change what in the registry, in one place.

- view: the public sees organisations marked public; anyone signed in sees all of them.
- change: the organisation's own members, the programme office and platform administrators.
- delete, import: the programme office and platform administrators.
- sensitive facts (foreign ownership and control, clearance): seen by platform staff, defence buyers
  (who screen suppliers) and the organisation's own members; ownership and control are declared by the
  organisation's members, a clearance is recorded by the programme office only.
- contacts: signed-in users (they are personal data).
- history: those who may change the organisation; sensitive fields are masked for anyone who may not
  see them.
- members: only an organisation's administrators (and the programme office) add, approve, promote or
  remove members; a person's own claim to belong waits for an administrator; the last administrator
  stays (cannot leave or be demoted).
- authority: kinds that carry authority (defence unit, government body, financial institution) are
  registered or given only by the programme office; it alone verifies an organisation (identity checked
  against evidence), and only verified organisations post needs, submit SDIR proposals or register
  bundling demand and offers (registry.verification).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from straiik.accounts.roles import Role, has_role, is_staff_of_platform
from straiik.core import restrict

if TYPE_CHECKING:
    from typing_extensions import TypeIs

    from straiik.accounts.types import User, Viewer
    from straiik.registry.models import Capability, Organisation

_ORG_IDS_ATTR = "_straiik_member_of"


def member_of(user: Viewer | None) -> frozenset[int]:
    if not is_authenticated(user):
        return frozenset()
    cached = getattr(user, _ORG_IDS_ATTR, None)
    if cached is None:
        cached = frozenset(user.memberships.filter(state="active").values_list("organisation_id", flat=True))
        setattr(user, _ORG_IDS_ATTR, cached)
    return cached


_ADMIN_OF_ATTR = "_straiik_admin_of"


def admin_of(user: Viewer | None) -> frozenset[int]:
    """The organisations whose administrator `user` is."""
    if not is_authenticated(user):
        return frozenset()
    cached = getattr(user, _ADMIN_OF_ATTR, None)
    if cached is None:
        cached = frozenset(user.memberships.filter(state="active", is_admin=True)
                           .values_list("organisation_id", flat=True))
        setattr(user, _ADMIN_OF_ATTR, cached)
    return cached


def forget_memberships(user: Viewer | None) -> None:
    for attr in (_ORG_IDS_ATTR, _ADMIN_OF_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def can_manage_members(user: Viewer | None, organisation: Organisation) -> bool:
    return is_staff_of_platform(user) or organisation.pk in admin_of(user)


def can_request_membership(user: Viewer | None, organisation: Organisation) -> bool:
    return is_authenticated(user) and not is_staff_of_platform(user) and organisation.pk not in member_of(user)


def can_verify(user: Viewer | None, organisation: Organisation | None = None) -> bool:
    return is_staff_of_platform(user)


def can_give_kind(user: Viewer | None, kind: str) -> bool:
    from straiik.registry.models import AUTHORITY_KINDS

    return kind not in AUTHORITY_KINDS or is_staff_of_platform(user)


def is_authenticated(user: Viewer | None) -> TypeIs[User]:
    """A signed-in person (for the type checker: a User from here on)."""
    return bool(user is not None and getattr(user, "is_authenticated", False))


def can_view(user: Viewer | None, organisation: Organisation) -> bool:
    from straiik.registry.models import Visibility

    return organisation.visibility == Visibility.PUBLIC or is_authenticated(user)


def can_create(user: Viewer | None) -> bool:
    return is_authenticated(user)


def can_change(user: Viewer | None, organisation: Organisation) -> bool:
    return is_staff_of_platform(user) or organisation.pk in member_of(user)


def can_delete(user: Viewer | None, organisation: Organisation | None = None) -> bool:
    return is_staff_of_platform(user)


def can_import(user: Viewer | None) -> bool:
    return is_staff_of_platform(user)


def can_view_sensitive(user: Viewer | None, organisation: Organisation | None = None) -> bool:
    if organisation is not None and organisation.pk in member_of(user):
        return True
    # The marking of the organisation covers its sensitive fields (core.markings; MARKING_ROWS False).
    from straiik.core.markings import may_read

    if organisation is not None and not may_read(user, organisation):
        return False
    return is_staff_of_platform(user) or has_role(user, Role.DEFENCE_BUYER)


SELF_DECLARED_FIELDS = ("foreign_ownership_pct", "foreign_control_country")


def settable_sensitive_fields(user: Viewer | None, organisation: Organisation | None) -> set[str]:
    """Ownership and control are declared by the organisation itself (or the programme office); only the
    programme office records a security clearance. `organisation` None means a new registration, whose
    registrant becomes its member."""
    if is_staff_of_platform(user):
        return {*SELF_DECLARED_FIELDS, "clearance_status"}
    if is_authenticated(user) and (organisation is None or organisation.pk in member_of(user)):
        return set(SELF_DECLARED_FIELDS)
    return set()


def can_view_contacts(user: Viewer | None, organisation: Organisation | None = None) -> bool:
    return is_authenticated(user)


def can_view_history(user: Viewer | None, organisation: Organisation) -> bool:
    return can_change(user, organisation)


@restrict.rule("registry.Organisation")
def viewable_organisations(queryset: QuerySet[Organisation], user: Viewer | None) -> QuerySet[Organisation]:
    from straiik.registry.models import Visibility

    return queryset if is_authenticated(user) else queryset.filter(visibility=Visibility.PUBLIC)


@restrict.rule("registry.Organisation", "change")
def changeable_organisations(queryset: QuerySet[Organisation], user: Viewer | None) -> QuerySet[Organisation]:
    if is_staff_of_platform(user):
        return queryset
    return queryset.filter(pk__in=member_of(user))


@restrict.rule("registry.Organisation", "delete")
def deletable_organisations(queryset: QuerySet[Organisation], user: Viewer | None) -> QuerySet[Organisation]:
    return queryset if is_staff_of_platform(user) else queryset.none()


def _own_capabilities(user: Viewer | None) -> Q:
    """Export control lets an organisation's own members see its tagged capabilities."""
    return Q(organisation_id__in=member_of(user))


@restrict.rule("registry.Capability", releasable_to=_own_capabilities)
def viewable_capabilities(queryset: QuerySet[Capability], user: Viewer | None) -> QuerySet[Capability]:
    """A capability is seen by whoever sees its organisation; Military List items are withheld by export control
    (the mechanism) from readers outside their releasability."""
    from straiik.registry.models import Visibility

    if is_authenticated(user):
        return queryset
    return queryset.filter(organisation__visibility=Visibility.PUBLIC)


@restrict.rule("registry.Capability", "change")
def changeable_capabilities(queryset: QuerySet[Capability], user: Viewer | None) -> QuerySet[Capability]:
    if is_staff_of_platform(user):
        return queryset
    return queryset.filter(organisation_id__in=member_of(user))
