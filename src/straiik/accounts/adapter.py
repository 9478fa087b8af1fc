"""How django-allauth behaves on straiik: the lockout before any password check, e-mail verification only for
accounts that have an address, secrets of the second factor encrypted at rest, and single sign-on mapped
to roles and organisations (accounts.sso)."""

from __future__ import annotations

import base64
import hashlib
from types import SimpleNamespace
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.stages import EmailVerificationStage
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.http import HttpRequest

from straiik.accounts import authlog, lockout
from straiik.accounts.models import AuthEvent


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        name = credentials.get("username") or credentials.get("email") or ""
        if lockout.lock_of(request, name) is not None:
            authlog.record(AuthEvent.Kind.LOGIN_REFUSED, request=request, username=lockout.normalise(name),
                           success=False)
            raise forms.ValidationError(lockout.LOCKED_MESSAGE, code="locked")

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Adding a second factor asks for the password again, unless the user signed in moments ago (within
        ACCOUNT_REAUTHENTICATION_TIMEOUT): the enrolment that follows a first sign-in needs no second password."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        if required and app == "allauth.mfa":
            import time

            from allauth.account import app_settings as account_settings
            from allauth.account.internal.flows.login import get_authentication_records
            from allauth.core import context

            request = context.request
            records = get_authentication_records(request, request.user) if request is not None else []
            if records and time.time() - records[-1].get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT:
                return False
        return required

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """The e-mails greet from "straiik", not from the host name the request came in on."""
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        site = context.get("current_site") or get_current_site(allauth_context.request)
        context = {**context, "current_site": SimpleNamespace(name="straiik", domain=getattr(site, "domain", ""))}
        super().send_mail(template_prefix, email, context)

    def get_login_stages(self) -> list[str]:
        stages = super().get_login_stages()
        verification = "allauth.account.stages.EmailVerificationStage"
        return [("straiik.accounts.adapter.EmailVerificationUnlessNoAddress" if s == verification else s)
                for s in stages]


class EmailVerificationUnlessNoAddress(EmailVerificationStage):
    """Self-registered accounts always have an address and must confirm it before the first sign-in.
    Accounts an operator created without an address (`user_create`) have nothing to confirm."""

    def handle(self):
        from allauth.account.models import EmailAddress

        user = self.login.user
        # No user: a sign-up with a known address, which allauth answers like any other (prevent enumeration).
        if user is not None and not user.email and not EmailAddress.objects.filter(user=user).exists():
            return None, True
        return super().handle()


class MfaAdapter(DefaultMFAAdapter):
    """TOTP secrets are stored encrypted (Fernet, a key derived from SECRET_KEY): a copy of the database alone
    does not give the second factor away. Rotating SECRET_KEY without SECRET_KEY_FALLBACKS means re-enrolling."""

    @staticmethod
    def _fernets() -> list[Any]:
        from cryptography.fernet import Fernet

        keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        return [Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"straiik.mfa:{k}".encode()).digest())) for k in keys]

    def encrypt(self, text: str) -> str:
        return "fernet:" + self._fernets()[0].encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        from cryptography.fernet import InvalidToken, MultiFernet

        if not encrypted_text.startswith("fernet:"):
            return encrypted_text
        try:
            return MultiFernet(self._fernets()).decrypt(encrypted_text[len("fernet:"):].encode()).decode()
        except InvalidToken as exc:
            raise ValueError("the second factor's secret cannot be decrypted with this SECRET_KEY") from exc


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def on_authentication_error(self, request: HttpRequest, provider: Any, error: Any = None,
                                exception: Any = None, extra_context: Any = None) -> None:
        lockout.register_failure(request, "", kind=AuthEvent.Kind.SSO_FAILED,
                                 provider=getattr(getattr(provider, "app", None), "provider_id", None)
                                 or getattr(provider, "id", str(provider)), error=str(error or ""),
                                 exception=repr(exception) if exception else "",
                                 cause=repr(getattr(exception, "__cause__", None) or ""),
                                 reason=getattr(request, "_straiik_sso_reason", ""))
        return super().on_authentication_error(request, provider, error=error, exception=exception,
                                               extra_context=extra_context)
