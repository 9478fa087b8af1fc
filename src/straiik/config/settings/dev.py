"""Local development and `make run`: debug on, a fixed development key, and the platform's own 404 and 500
pages unless STRAIIK_DEBUG is set explicitly (then Django's debug pages)."""

import os

from .base import *  # noqa: F403
from .base import MIDDLEWARE, env_bool

DEBUG = env_bool("STRAIIK_DEBUG", True)
STRAIIK_DEBUG_PAGES = DEBUG and bool(os.environ.get("STRAIIK_DEBUG"))
MIDDLEWARE = [*MIDDLEWARE, "straiik.core.middleware.PlatformErrorPages"]
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
# `straiik demo` gives the demo accounts whose role needs a second factor this TOTP secret (README: add it to an
# authenticator app, or compute a code with `straiik demo_totp`). Development only: never in production.
STRAIIK_DEMO_TOTP_SECRET = "STRAIIKDEMOTOTPSECRETFORLOCALUSE"  # noqa: S105 - public by design, demo only
