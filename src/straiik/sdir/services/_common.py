"""What every SDIR service shares: the audit snapshot, setting fields from a form, the clock and Amsterdam time."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from straiik.sdir.models import Call, Proposal

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The audited fields as JSON values: related records by name, decimals as text, dates in ISO 8601."""
    data: dict[str, Any] = {}
    for name in instance.AUDIT_FIELDS:  # type: ignore[attr-defined]
        field = instance._meta.get_field(name)
        if field.is_relation:
            data[name] = str(getattr(instance, name)) if getattr(instance, field.attname) is not None else None
        else:
            data[name] = _json(getattr(instance, name))
    if isinstance(instance, Call) and instance.pk:
        data["reviewers"] = sorted(instance.reviewers.values_list("username", flat=True))
    return data


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _apply(instance: models.Model, data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), _("unknown field")))
    for name, value in data.items():
        if isinstance(value, float) and isinstance(instance._meta.get_field(name), models.DecimalField):
            value = Decimal(str(value))
        setattr(instance, name, value)


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
