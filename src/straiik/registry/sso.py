"""What single sign-on's claims decide in the registry: membership of the organisations the mapping names
(accounts/sso.py describes the mapping; this handler is registered there from RegistryConfig.ready())."""

from __future__ import annotations

from typing import Any

from straiik.accounts import sso
from straiik.accounts.models import User
from straiik.registry.models import Membership, Organisation


def memberships_from_claims(*, user: User, claims: dict[str, Any], mapping: dict[str, Any]) -> dict[str, Any]:
    """A mapped organisation makes the user a (non-administrator) member; returns the slugs joined."""
    joined = []
    org_map = {str(k): v for k, v in (mapping.get("organisations") or {}).items()}
    for value in sso.claim_values(claims.get(mapping.get("organisation_claim", "org"))):
        slug = org_map.get(value)
        organisation = Organisation.objects.filter(slug=slug).first() if slug else None
        if organisation is not None:
            _membership, created = Membership.objects.get_or_create(user=user, organisation=organisation)
            if created:
                joined.append(organisation.slug)
    return {"joined": joined}


def connect() -> None:
    sso.CLAIM_HANDLERS.append(memberships_from_claims)
