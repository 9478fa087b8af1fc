"""Local development and `make run`: debug on, a fixed development key."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("STRAIIK_DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
