"""Settings of the load test's server: production's, except the two that need TLS.

The load test talks plain HTTP to gunicorn on 127.0.0.1 (no TLS proxy in front), so cookies marked Secure
would never come back and nobody could sign in. Everything else — DEBUG off, cached templates, hashed static
files, JSON logs, every middleware — is production's."""

from straiik.config.settings.production import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
