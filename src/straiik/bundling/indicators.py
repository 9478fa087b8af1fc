"""Demand bundling's indicators for the action agenda (registered from BundlingConfig.ready()).

- bundling.joint_procurements and bundling.savings: the joint procurements accepted in the year and not
  cancelled, and what they save against buying nationally (EUR rounds only).
Exercise records (demos, tests, practice: core/exercises.py) are left out.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from straiik.bundling.choices import ProcurementStatus
from straiik.bundling.models import JointProcurement
from straiik.core.exercises import official
from straiik.core.indicators import Indicator, Measurement, register, window


def _procurements(year: int, as_of: dt.date) -> QuerySet[JointProcurement]:
    start, end, _last = window(year, as_of)
    return official(JointProcurement.objects.filter(accepted_at__gte=start, accepted_at__lt=end).exclude(
        status=ProcurementStatus.CANCELLED), "round__")


def joint_procurements(year: int, as_of: dt.date) -> Measurement:
    rows = _procurements(year, as_of)
    contracted = rows.filter(status=ProcurementStatus.CONTRACTED).count()
    return Measurement(float(rows.count()), {"contracted": contracted})


def savings(year: int, as_of: dt.date) -> Measurement:
    rows = list(_procurements(year, as_of).values_list("round__currency", "solo_cost", "net_cost"))
    in_euro = [(solo, net) for currency, solo, net in rows if currency == "EUR"]
    total = sum(float(solo - net) for solo, net in in_euro)
    return Measurement(round(total, 2), {"procurements": len(in_euro), "other_currencies": len(rows) - len(in_euro)})


def register_all() -> None:
    register(Indicator("bundling.joint_procurements", _("Joint procurements concluded"), "procurements",
                       joint_procurements, source="bundling",
                       description=_("Joint procurements accepted in the year and not cancelled.")))
    register(Indicator("bundling.savings", _("Savings from joint procurement"), "EUR", savings, source="bundling",
                       description=_("What the year's joint procurements save against buying nationally.")))
