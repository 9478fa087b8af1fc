"""Structured logs: one JSON object a line, each carrying the id of the request or task it belongs to.

The id lives in a context variable, set by `core.request_middleware.RequestIdMiddleware` for a web request (from
the `X-Request-ID` header a proxy sent, or a new one) and by the worker for a task (`task-<task id>`), so
every line written while that request or task runs, by any logger, can be traced back to it.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import uuid
from typing import Any

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("straiik_request_id", default="")

# A proxy's id is kept only when it is short and plain, so a client cannot write arbitrary text into logs.
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

# Attributes every LogRecord has; anything else on a record came from `extra=` and goes into the JSON.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request_id"}


def new_request_id(incoming: str | None = None) -> str:
    if incoming and _VALID_ID.match(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Puts the current request or task id on every record as `record.request_id` (empty outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "request_id", ...extra fields, "exception"}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or request_id_var.get(),
            "process": record.process,
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def logging_config(*, level: str, fmt: str) -> dict[str, Any]:
    """The LOGGING setting: `fmt` "json" (production) or "text" (development), both with the request id."""
    formatters = {
        "json": {"()": "straiik.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    }
    if fmt not in formatters:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"STRAIIK_LOG_FORMAT must be json or text, not {fmt!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "straiik.core.logs.RequestIdFilter"}},
        "formatters": {"main": formatters[fmt]},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "main", "filters": ["request_id"]}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "INFO"},
            # One line per request comes from straiik.request (with the request id); Django's own
            # "Not Found"/"Internal Server Error" lines stay, at WARNING and above.
            "django.request": {"level": "WARNING"},
            # The worker's own handlers (db_worker adds one to stdout) would print each line twice.
            "django_tasks": {"handlers": ["console"], "level": level, "propagate": False},
            "django_tasks_db": {"handlers": ["console"], "level": level, "propagate": False},
            "gunicorn.error": {"handlers": ["console"], "level": level, "propagate": False},
        },
    }
