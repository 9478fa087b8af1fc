"""Every authentication event to the log (accounts.authlog), whichever path raised it: Django's own signals
(sign-in, failure, sign-out: the pages and the admin) and allauth's (registration, passwords, second factor)."""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver
from django.utils import timezone

from straiik.accounts import authlog, lockout
from straiik.accounts.models import AuthEvent, User

K = AuthEvent.Kind
SESSION_AUTH_AT = "straiik_auth_at"
SESSION_SEEN_AT = "straiik_seen_at"


@receiver(auth_signals.user_logged_in)
def on_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    now = timezone.now().timestamp()
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_AUTH_AT] = now
        request.session[SESSION_SEEN_AT] = now
    methods = []
    if request is not None and hasattr(request, "session"):
        methods = [m.get("method") for m in request.session.get("account_authentication_methods", [])]
    authlog.record(K.LOGIN, request=request, user=user, methods=[m for m in methods if m])


@receiver(auth_signals.user_login_failed)
def on_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    if request is not None and getattr(request, "_straiik_locked", False):
        return  # refused by the lockout: logged as login_refused, not counted again
    name = credentials.get("username") or credentials.get("email") or credentials.get("login") or ""
    user = None
    if name:
        user = (User.objects.filter(username__iexact=name).first()
                or User.objects.filter(email__iexact=name).order_by("pk").first())
    lockout.register_failure(request, name, user=user)


@receiver(auth_signals.user_logged_out)
def on_logout(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is None or (request is not None and getattr(request, "_straiik_quiet_logout", False)):
        return
    authlog.record(K.LOGOUT, request=request, user=user)


@receiver(account_signals.user_logged_in)
def on_allauth_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    sociallogin = kwargs.get("sociallogin")
    if sociallogin is not None:
        from straiik.accounts import sso

        sso.on_social_login(request, user, sociallogin)


@receiver(account_signals.user_signed_up)
def on_signup(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    authlog.record(K.SIGNUP, request=request, user=user, sso=bool(kwargs.get("sociallogin")))


@receiver(account_signals.email_confirmed)
def on_email_confirmed(sender: Any, request: Any, email_address: Any, **kwargs: Any) -> None:
    authlog.record(K.EMAIL_CONFIRMED, request=request, user=email_address.user, email=email_address.email)


@receiver(account_signals.password_changed)
@receiver(account_signals.password_set)
def on_password_changed(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    authlog.record(K.PASSWORD_CHANGED, request=request, user=user)


@receiver(account_signals.password_reset)
def on_password_reset(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    authlog.record(K.PASSWORD_RESET, request=request, user=user)


@receiver(mfa_signals.authenticator_added)
def on_mfa_added(sender: Any, request: Any, user: User, authenticator: Any, **kwargs: Any) -> None:
    authlog.record(K.MFA_ADDED, request=request, user=user, type=authenticator.type)


@receiver(mfa_signals.authenticator_removed)
def on_mfa_removed(sender: Any, request: Any, user: User, authenticator: Any, **kwargs: Any) -> None:
    authlog.record(K.MFA_REMOVED, request=request, user=user, type=authenticator.type)


@receiver(mfa_signals.authenticator_used)
def on_mfa_used(sender: Any, request: Any, user: User, authenticator: Any, **kwargs: Any) -> None:
    authlog.record(K.MFA_USED, request=request, user=user, type=authenticator.type,
                   reauthenticated=bool(kwargs.get("reauthenticated")))


@receiver(mfa_signals.authentication_failed)
def on_mfa_failed(sender: Any, request: Any, user: User, authenticator: Any = None, **kwargs: Any) -> None:
    lockout.register_failure(request, user.get_username(), kind=K.MFA_FAILED, user=user,
                             type=getattr(authenticator, "type", ""))
