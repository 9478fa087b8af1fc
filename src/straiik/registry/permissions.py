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

from straiik.accounts.roles import Role, has_role, is_staff_of_platform

if TYPE_CHECKING:
    from typing_extensions import TypeIs

    from straiik.accounts.types import User, Viewer
    from straiik.registry.models import Organisation, OrganisationQuerySet

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
    if is_staff_of_platform(user) or has_role(user, Role.DEFENCE_BUYER):
        return True
    return organisation is not None and organisation.pk in member_of(user)


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


def restrict_organisations(queryset: OrganisationQuerySet, user: Viewer | None, action: str) -> OrganisationQuerySet:
    from straiik.registry.models import Visibility

    if action == "view":
        return queryset if is_authenticated(user) else queryset.filter(visibility=Visibility.PUBLIC)
    if action == "change":
        if is_staff_of_platform(user):
            return queryset
        return queryset.filter(pk__in=member_of(user))
    if action == "delete":
        return queryset if is_staff_of_platform(user) else queryset.none()
    raise ValueError(f"unknown action {action!r}")
