"""The notifications API: one's own notifications, unread count, marking read; preferences."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from ninja import Router, Schema

from straiik.core.api import AuthedRequest, ErrorOut, write_auth
from straiik.notifications import selectors, services
from straiik.notifications.models import Notification

router = Router(tags=["notifications"], auth=write_auth)
ERRORS: dict[int | tuple[int, ...], type] = {(400, 401, 403, 404, 422): ErrorOut}


class NotificationOut(Schema):
    id: int
    kind: str
    subject: str
    body: str
    url: str
    language: str
    delivery: str
    created_at: dt.datetime
    read_at: dt.datetime | None
    emailed_at: dt.datetime | None


class PreferencesIn(Schema):
    modes: dict[str, str] = {}
    language: str | None = None


@router.get("/", response={200: list[NotificationOut], **ERRORS},
            summary="Your notifications, newest first (200 at most); unread=true for the unread ones only")
def list_notifications(request: AuthedRequest, unread: bool = False) -> Any:
    rows = selectors.with_visibility(request.auth, list(selectors.notifications(user=request.auth,
                                                                                unread=unread)[:200]))
    for n in rows:
        if n.withheld:  # its record is no longer yours to see
            n.subject, n.body, n.url = "", "", ""
    return rows


@router.get("/unread", response={200: dict[str, int], **ERRORS}, summary="How many notifications are unread")
def unread(request: AuthedRequest) -> Any:
    return {"unread": selectors.unread_count(request.auth)}


@router.post("/{notification_id}/read", response={200: NotificationOut, **ERRORS})
def read(request: AuthedRequest, notification_id: int) -> Any:
    notification = Notification.objects.restrict(request.auth).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    return services.notification_read(user=request.auth, notification=notification)


@router.post("/read-all", response={200: dict[str, int], **ERRORS})
def read_all(request: AuthedRequest) -> Any:
    return {"marked": services.notifications_read_all(user=request.auth)}


@router.get("/preferences", response={200: dict[str, Any], **ERRORS},
            summary="Per kind: immediate, digest or off; and the language of e-mail")
def preferences(request: AuthedRequest) -> Any:
    return {"modes": {row["kind"].code: row["mode"] for row in selectors.preference_rows(request.auth)},
            "language": services.language_of(request.auth)}


@router.put("/preferences", response={200: dict[str, Any], **ERRORS})
def set_preferences(request: AuthedRequest, payload: PreferencesIn) -> Any:
    services.preferences_set(user=request.auth, modes=payload.modes, language=payload.language)
    return preferences(request)
