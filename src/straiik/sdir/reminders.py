"""SDIR's clock-driven check for the notifications (registered from SdirConfig.ready()): award milestones near or
late. Each notice has a key, so running the check again tells nobody twice; a moved due date is told again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from straiik.notifications.periodic import milestone_warn_days
from straiik.notifications.services import notify, office_users
from straiik.registry.models import Membership
from straiik.sdir.choices import AwardStatus, MilestoneStatus
from straiik.sdir.models import Milestone


@transaction.atomic
def sdir_milestones(today: dt.date | None = None) -> int:
    """For each milestone of an active award not yet delivered: the awardee's members and the programme office
    are told a week before it is due, and again when it is late."""
    today = today or timezone.localdate()
    office = office_users()
    told = 0
    soon = today + dt.timedelta(days=milestone_warn_days())
    rows = (Milestone.objects.filter(award__status=AwardStatus.ACTIVE, due_date__lte=soon,
                                     status__in=[MilestoneStatus.PLANNED, MilestoneStatus.REJECTED])
            .select_related("award", "award__organisation"))
    for m in rows:
        award = m.award
        members = [ms.user for ms in Membership.objects.filter(organisation_id=award.organisation_id)
                   .select_related("user")]
        late = m.due_date < today
        key = f"sdir.milestone.{'late' if late else 'due'}:{m.pk}:{m.due_date.isoformat()}"

        def compose(m: Any = m, late: bool = late) -> tuple[str, str]:
            values = {"m": m.title, "a": m.award.reference, "o": m.award.organisation.name,
                      "d": date_format(m.due_date, "DATE_FORMAT")}
            if late:
                return (_("Milestone late: %(m)s (%(a)s)") % values,
                        _("The milestone “%(m)s” of %(o)s's award %(a)s was due on %(d)s and is not delivered "
                          "yet.") % values)
            return (_("Milestone due on %(d)s: %(m)s (%(a)s)") % values,
                    _("The milestone “%(m)s” of %(o)s's award %(a)s is due on %(d)s.") % values)

        told += len(notify([*members, *office], kind="sdir.milestone", compose=compose,
                           url=award.get_absolute_url(), target=award, key=key))
    return told
