"""What every SDIR service shares: the clock and Amsterdam time, the content's JSON for receipts (the audit
snapshot and setting fields from a form are core.audit's `snapshot` and `apply_fields`)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models
from django.utils import timezone

from straiik.core.audit import snapshot
from straiik.sdir.models import Proposal

__all__ = ["AMSTERDAM", "add_months", "local", "snapshot"]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _json(value: Any) -> Any:
    """A value as the receipt's content hash has always read it (not the audit trail's form: receipts stay valid)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _full_clean(instance: models.Model, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude), validate_unique=False)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value, AMSTERDAM)


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)



def _locked_proposal(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().select_related("call", "organisation").get(pk=proposal.pk)
