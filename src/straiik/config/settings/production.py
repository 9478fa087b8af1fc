"""Production: every secret from the environment, secure cookies and headers, no debug."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, logging_config

DEBUG = False
if not SECRET_KEY or len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):  # noqa: F405
    raise ImproperlyConfigured("STRAIIK_SECRET_KEY must be set to a random string of at least 50 characters")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False

SECURE_SSL_REDIRECT = env_bool("STRAIIK_SECURE_SSL_REDIRECT", True)
# Probes and the metrics scraper ask over plain HTTP on the internal network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("STRAIIK_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# __Host- cookies are only accepted by browsers when Secure, for path / and without a Domain: no subdomain or
# plain-http page can set or overwrite them (session fixation, CSRF cookie tossing).
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False  # security keys and passkeys over HTTPS only
# Rate limits (sign-up, reset) and used one-time codes live in the cache: it must be shared by every worker
# process, or a code could be replayed on another worker. The database cache needs no extra service; its
# table is created by `straiik migrate` (accounts/0004). STRAIIK_CACHE_BACKEND/LOCATION choose another.
CACHES = {"default": {
    "BACKEND": os.environ.get("STRAIIK_CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
    "LOCATION": os.environ.get("STRAIIK_CACHE_LOCATION", "straiik_cache"),
}}

LOGGING = logging_config(level=os.environ.get("STRAIIK_LOG_LEVEL", "INFO"),
                         fmt=os.environ.get("STRAIIK_LOG_FORMAT", "json"))
