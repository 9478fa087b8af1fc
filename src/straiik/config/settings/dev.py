"""Local development and `make run`: debug on, a fixed development key."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("STRAIIK_DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
# `straiik demo` gives the demo accounts whose role needs a second factor this TOTP secret (README: add it to an
# authenticator app, or compute a code with `straiik demo_totp`). Development only: never in production.
STRAIIK_DEMO_TOTP_SECRET = "STRAIIKDEMOTOTPSECRETFORLOCALUSE"  # noqa: S105 - public by design, demo only
