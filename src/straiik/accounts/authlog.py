"""The authentication log: every sign-in, refusal and token event in one place.

This version only writes to the `straiik.auth` logger; the sign-in work (issue 12.1) replaces it with one
that also stores each event as a row the platform administrator can read and filter, with the same
signature and the same log line, so callers do not change."""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger("straiik.auth")


def _address(request: Any) -> str:
    if request is None:
        return ""
    return str(getattr(request, "META", {}).get("REMOTE_ADDR", "") or "")


def record(kind: str, *, request: Any = None, user: Any = None, username: str = "", success: bool = True,
           **details: Any) -> None:
    """Record one authentication event. `details` must never carry a secret (a password, a token's key)."""
    if not username and user is not None and getattr(user, "is_authenticated", False):
        username = user.get_username()
    logger.info(
        "auth %s %s user=%s address=%s %s", kind, "ok" if success else "refused", username or "-",
        _address(request) or "-", " ".join(f"{key}={value}" for key, value in sorted(details.items())),
        extra={"auth_event": kind, "auth_success": success},
    )
