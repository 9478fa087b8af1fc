"""Sign-in, second factor, single sign-on and sessions (django-allauth; docs/security.md says why and how).

Imported by base.py; everything an operator may change is read from the environment."""

from __future__ import annotations

import json
import os

from django.core.exceptions import ImproperlyConfigured


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


AUTHENTICATION_BACKENDS = [
    # Refuses locked accounts and addresses before any password is checked, on every path (admin included).
    "straiik.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# --- sessions: rotated at sign-in (Django does), idle timeout and absolute lifetime (accounts.middleware) ---
STRAIIK_SESSION_IDLE_SECONDS = _int("STRAIIK_SESSION_IDLE_SECONDS", 30 * 60)
STRAIIK_SESSION_MAX_SECONDS = _int("STRAIIK_SESSION_MAX_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = STRAIIK_SESSION_MAX_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- lockout (accounts.lockout): counted from the authentication log, so it holds across processes ---
STRAIIK_LOCKOUT_ACCOUNT_ATTEMPTS = _int("STRAIIK_LOCKOUT_ACCOUNT_ATTEMPTS", 5)
STRAIIK_LOCKOUT_ADDRESS_ATTEMPTS = _int("STRAIIK_LOCKOUT_ADDRESS_ATTEMPTS", 20)
STRAIIK_LOCKOUT_WINDOW_SECONDS = _int("STRAIIK_LOCKOUT_WINDOW_SECONDS", 15 * 60)
STRAIIK_LOCKOUT_SECONDS = _int("STRAIIK_LOCKOUT_SECONDS", 15 * 60)

# --- django-allauth: accounts ---
ACCOUNT_ADAPTER = "straiik.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True  # signing up with a known address mails its owner instead of saying so
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = _int("STRAIIK_EMAIL_CONFIRMATION_DAYS", 3)
ACCOUNT_PASSWORD_RESET_TIMEOUT = _int("STRAIIK_PASSWORD_RESET_SECONDS", 60 * 60)
PASSWORD_RESET_TIMEOUT = ACCOUNT_PASSWORD_RESET_TIMEOUT
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False  # the session ends with the browser, and at the latest after the lifetime
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[straiik] "
ACCOUNT_EMAIL_NOTIFICATIONS = True  # the owner is told by e-mail when the password, an address or a factor changes
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins are counted by accounts.lockout (per account and per address, in the database).
    "login_failed": False,
    "signup": "20/h/ip",
    "reset_password": "10/h/ip,3/h/key",
    "reset_password_from_key": "20/h/ip",
    "confirm_email": "1/3m/key,10/h/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}

# --- django-allauth: second factor ---
MFA_ADAPTER = "straiik.accounts.adapter.MfaAdapter"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("STRAIIK_MFA_ISSUER", "straiik")
MFA_TOTP_TOLERANCE = 1
MFA_PASSKEY_LOGIN_ENABLED = True
# Accounts that need a second factor are created by operators, often without an e-mail address.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Browsers allow WebAuthn on http://localhost; production runs behind HTTPS (settings/production.py).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
MFA_RATE_LIMITS = {"authenticate": "5/m/ip,10/15m/user", "activate_totp": "10/15m/user", "reauthenticate": "10/m/user"}
# Roles that may not use the platform without a second factor (accounts.middleware.RequireMfaMiddleware).
STRAIIK_MFA_REQUIRED_ROLES = ["platform-admin", "programme-office", "defence-buyer", "reviewer"]
# Development only (settings/dev.py): the TOTP secret `straiik demo` gives the demo accounts that need one.
STRAIIK_DEMO_TOTP_SECRET = ""

# --- django-allauth: single sign-on with OpenID Connect (accounts.sso) ---
SOCIALACCOUNT_ADAPTER = "straiik.accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # the identity provider vouches for the address
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_ONLY = False


def _oidc_apps() -> list[dict]:
    """One identity provider from STRAIIK_OIDC_* (more can be added in the admin as social applications).

    STRAIIK_OIDC_MAPPING is JSON: {"role_claim": "groups", "roles": {"<claim value>": "<role>"},
    "organisation_claim": "org", "organisations": {"<claim value>": "<organisation slug>"},
    "mfa_claims": {"amr": ["mfa", "otp", "hwk"], "acr": ["..."]}}."""
    issuer = os.environ.get("STRAIIK_OIDC_ISSUER", "")
    if not issuer:
        return []
    try:
        mapping = json.loads(os.environ.get("STRAIIK_OIDC_MAPPING") or "{}")
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(f"STRAIIK_OIDC_MAPPING is not valid JSON: {exc}") from exc
    return [{
        "provider_id": os.environ.get("STRAIIK_OIDC_ID", "idp"),
        "name": os.environ.get("STRAIIK_OIDC_NAME", "Single sign-on"),
        "client_id": os.environ.get("STRAIIK_OIDC_CLIENT_ID", ""),
        "secret": os.environ.get("STRAIIK_OIDC_CLIENT_SECRET", ""),
        "settings": {"server_url": issuer, "oauth_pkce_enabled": True, "fetch_userinfo": True,
                     "scope": ["openid", "profile", "email"], "straiik": mapping},
    }]


SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": _oidc_apps(), "OAUTH_PKCE_ENABLED": True}}

