"""Single sign-on with OpenID Connect against an organisation's identity provider (django-allauth's
openid_connect provider), configured by STRAIIK_OIDC_* (settings/identity.py) or as a social application in
the admin. The application's settings carry, under "straiik", how claims map onto the platform:

    {"role_claim": "groups", "roles": {"<claim value>": "<role>", ...},
     "organisation_claim": "org", "organisations": {"<claim value>": "<organisation slug>", ...},
     "mfa_claims": {"amr": ["mfa", "otp", "hwk"], "acr": ["<acr value>"]}}

At every sign-in the roles the mapping can grant follow the provider (granted when the claim has them,
withdrawn when it no longer does); roles given on the platform outside the mapping are left alone. A mapped
organisation makes the user a (non-administrator) member. When `mfa_claims` is set and the ID token's `amr`
or `acr` carries one of the values, the provider's second factor counts in place of the platform's.

The ID token's signature is always checked against the provider's published keys (allauth skips it when the
token came straight from the token endpoint; on a closed network without TLS inspection we do not)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse

from straiik.accounts import authlog
from straiik.accounts.mfa import SESSION_MFA_BY_IDP
from straiik.accounts.models import AuthEvent, User
from straiik.accounts.roles import Role, forget_roles
from straiik.accounts.services import user_grant_role
from straiik.core.audit import record_change
from straiik.core.models import ObjectChange


class VerifyingAdapter(OpenIDConnectOAuth2Adapter):
    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict:
        return jwtkit.verify_and_decode(
            credential=id_token, keys_url=self.openid_config["jwks_uri"], issuer=self.openid_config["issuer"],
            audience=app.client_id, lookup_kid=jwtkit.lookup_kid_jwk, verify_signature=True,
        )


@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return OAuth2LoginView.adapter_view(VerifyingAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    from allauth.socialaccount.internal import statekit

    state = request.GET.get("state")
    if state is not None and state not in statekit.get_states(request):
        # allauth refuses it as "unknown"; the log says why.
        request._straiik_sso_reason = "state does not match a sign-in started in this browser"  # type: ignore[attr-defined]
    try:
        return OAuth2CallbackView.adapter_view(VerifyingAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc


def claims_of(sociallogin: Any) -> dict[str, Any]:
    data = sociallogin.account.extra_data or {}
    if "id_token" in data or "userinfo" in data:
        return {**(data.get("userinfo") or {}), **(data.get("id_token") or {})}
    return dict(data)


def mapping_of(sociallogin: Any) -> dict[str, Any]:
    app = getattr(sociallogin.provider, "app", None)
    return dict((getattr(app, "settings", None) or {}).get("straiik") or {})


def claim_values(claim: Any) -> list[str]:
    if claim is None:
        return []
    if isinstance(claim, list | tuple | set):
        return [str(v) for v in claim]
    return [v for v in str(claim).split() if v] if " " in str(claim) else [str(claim)]


def mfa_by_provider(claims: dict[str, Any], mapping: dict[str, Any]) -> bool:
    """True when the ID token says the provider checked a second factor in a way the mapping accepts."""
    accepted = mapping.get("mfa_claims") or {}
    id_token_claims = claims
    for claim in ("amr", "acr"):
        wanted = set(claim_values(accepted.get(claim)))
        if wanted and wanted & set(claim_values(id_token_claims.get(claim))):
            return True
    return False


# What else the claims decide, from the apps above accounts (the registry: memberships of the mapped organisations,
# registry/sso.py), registered from their AppConfig.ready(). Each takes user, claims and mapping, and returns its
# changes for the log.
CLAIM_HANDLERS: list[Callable[..., dict[str, Any]]] = []


@transaction.atomic
def apply_mapping(*, user: User, claims: dict[str, Any], mapping: dict[str, Any]) -> dict[str, Any]:
    """Roles and memberships from the claims; returns what changed (for the log)."""
    role_map = {str(k): v for k, v in (mapping.get("roles") or {}).items() if v in Role.values}
    wanted = {role_map[v] for v in claim_values(claims.get(mapping.get("role_claim", "groups"))) if v in role_map}
    managed = set(role_map.values())
    held = set(user.groups.filter(name__in=managed).values_list("name", flat=True))
    for role in sorted(wanted - held):
        user_grant_role(actor=None, user=user, role=role)
    withdrawn = sorted((held & managed) - wanted)
    if withdrawn:
        before = sorted(held)
        user.groups.remove(*Group.objects.filter(name__in=withdrawn))
        record_change(user=None, action=ObjectChange.Action.UPDATE, instance=user, before={"roles": before},
                      after={"roles": sorted(held - set(withdrawn))})
    forget_roles(user)
    changes: dict[str, Any] = {"granted": sorted(wanted - held), "withdrawn": withdrawn}
    for handler in CLAIM_HANDLERS:
        changes.update(handler(user=user, claims=claims, mapping=mapping))
    return changes


def on_social_login(request: HttpRequest, user: User, sociallogin: Any) -> None:
    """After allauth signed the user in through the provider (accounts.signals)."""
    claims, mapping = claims_of(sociallogin), mapping_of(sociallogin)
    changes = apply_mapping(user=user, claims=claims, mapping=mapping)
    by_provider = mfa_by_provider(claims, mapping)
    if by_provider:
        request.session[SESSION_MFA_BY_IDP] = True
    authlog.record(AuthEvent.Kind.SSO_LOGIN, request=request, user=user,
                   provider=sociallogin.account.provider, subject=str(claims.get("sub", "")),
                   mfa_by_provider=by_provider, amr=claim_values(claims.get("amr")), **changes)
