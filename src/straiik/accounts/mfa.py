"""The second factor (django-allauth's mfa: TOTP, WebAuthn security keys and passkeys, recovery codes): who
must have one, an administrator's reset, and enrolment by an operator (the demo accounts)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest

from straiik.accounts import authlog
from straiik.accounts.roles import has_role

if TYPE_CHECKING:
    from straiik.accounts.types import User, Viewer

# Set in the session when the identity provider's amr/acr claim shows it checked a second factor (accounts.sso).
SESSION_MFA_BY_IDP = "straiik_mfa_by_idp"


def mfa_required(user: Viewer | None) -> bool:
    """Platform administrators, the programme office, defence buyers, reviewers and staff (the admin site)."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_staff or user.is_superuser or has_role(user, *settings.STRAIIK_MFA_REQUIRED_ROLES))


def mfa_enabled(user: Viewer | None) -> bool:
    from allauth.mfa.utils import is_mfa_enabled

    cached = getattr(user, "_straiik_mfa_enabled", None)
    if cached is None:
        cached = bool(is_mfa_enabled(user))
        setattr(user, "_straiik_mfa_enabled", cached)  # noqa: B010 - a cache on the request's user object
    return cached


def mfa_missing(user: User, request: HttpRequest | None = None) -> bool:
    """True when the user must have a second factor and has none (nor one checked by the identity provider)."""
    if not mfa_required(user):
        return False
    if request is not None and hasattr(request, "session") and request.session.get(SESSION_MFA_BY_IDP):
        return False
    return not mfa_enabled(user)


def totp_enrol(*, user: User, secret: str, recovery_codes: bool = True) -> None:
    """Give a user a TOTP authenticator with a known secret (the demo accounts; an operator's CLI)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return
    TOTP.activate(user, secret)
    if recovery_codes and not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)
    if hasattr(user, "_straiik_mfa_enabled"):
        del user._straiik_mfa_enabled


@transaction.atomic
def mfa_reset(user: User, by: Any, *, request: HttpRequest | None = None) -> int:
    """An administrator removes every second factor of `user` (lost phone, lost key): the user enrols again at
    the next sign-in. Every session of the user ends and the API tokens are revoked. Returns how many
    authenticators were removed."""
    from allauth.mfa.models import Authenticator

    from straiik.accounts.models import AuthEvent, User

    removed = list(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    Authenticator.objects.filter(user=user).delete()
    from straiik.accounts import tokens as api_tokens

    tokens = api_tokens.revoke_all(user, reason="second factor reset", actor=by, request=request)
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    authlog.record(AuthEvent.Kind.MFA_RESET, request=request, user=user, by=by.get_username() if by else "",
                   removed=sorted(removed), tokens_revoked=tokens)
    return len(removed)
