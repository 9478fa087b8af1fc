from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person. Roles are groups (accounts.roles.Role); organisations via registry.Membership."""

    # Raised by "sign out everywhere" and a reset of the second factor: every session signed with the old
    # value stops being valid at its next request (Django compares the session's auth hash).
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    AUDIT_KEY = "username"  # how other records' trails name a person
    AUDIT_FIELDS = ("username", "email", "is_active", "roles")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def audit_roles(self) -> list[str]:
        from straiik.accounts.roles import Role

        return sorted(self.groups.filter(name__in=Role.values).values_list("name", flat=True))

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        from django.utils.crypto import salted_hmac

        return salted_hmac("straiik.accounts.User.session", f"{self.password}:{self.session_generation}",
                           secret=secret, algorithm="sha256").hexdigest()


class ApiToken(models.Model):
    """A bearer token for the REST API. Only its SHA-256 is stored; the token is shown once.

    `scopes` maps an API app (accounts.tokens.API_APPS) to "read" or "write" (read and write); an app not
    named is out of the token's reach. A revoked token is kept (who used what, until when) but refused."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    scopes = models.JSONField(_("scopes"), default=dict, blank=True)
    last_used_from = models.GenericIPAddressField(_("last used from"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=200, blank=True)

    AUDIT_FIELDS = ("name", "prefix", "scopes", "expires_at", "revoked_at", "revoked_reason")

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user: User, name: str, scopes: dict[str, str], expires_at: Any) -> tuple[ApiToken, str]:
        key = "stk_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=cls.hash_key(key), prefix=key[:8],
                                   scopes=scopes, expires_at=expires_at)
        return token, key

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_active(self) -> bool:
        return not self.is_revoked and not self.is_expired

class AuthEvent(models.Model):
    """One line of the authentication log (accounts.authlog.record): who, from where, what, with what result.

    The lockout (accounts.lockout) is counted from these rows, so it holds across processes and restarts."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Sign-in")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        LOGIN_REFUSED = "login_refused", _("Sign-in refused (locked)")
        LOCKOUT = "lockout", _("Locked out")
        UNLOCK = "unlock", _("Unlocked")
        LOGOUT = "logout", _("Sign-out")
        LOGOUT_EVERYWHERE = "logout_everywhere", _("Signed out everywhere")
        SESSION_EXPIRED = "session_expired", _("Session expired")
        SIGNUP = "signup", _("Registration")
        EMAIL_CONFIRMED = "email_confirmed", _("E-mail address confirmed")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET = "password_reset", _("Password reset")
        MFA_ADDED = "mfa_added", _("Second factor added")
        MFA_REMOVED = "mfa_removed", _("Second factor removed")
        MFA_RESET = "mfa_reset", _("Second factor reset by an administrator")
        MFA_USED = "mfa_used", _("Second factor used")
        MFA_FAILED = "mfa_failed", _("Second factor refused")
        SSO_LOGIN = "sso_login", _("Single sign-on")
        SSO_FAILED = "sso_failed", _("Single sign-on refused")
        TOKEN_ISSUED = "token_issued", _("API token issued")
        TOKEN_USED = "token_used", _("API token used")
        TOKEN_FAILED = "token_failed", _("API token refused")
        TOKEN_REFUSED = "token_refused", _("API token used outside its scope")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=32)
    success = models.BooleanField(_("success"), default=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="auth_events")
    # As typed (lower case), whether or not such an account exists: the lockout counts by it.
    username = models.CharField(_("user name given"), max_length=254, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True, db_index=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("authentication event")
        verbose_name_plural = _("authentication log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["kind", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username or self.user_id or ''}"

    @property
    def kind_label(self) -> str:
        return str(dict(self.Kind.choices).get(self.kind, self.kind))
