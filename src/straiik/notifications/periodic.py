"""The checks a clock drives: Defport answer deadlines near or passed, SDIR award milestones near or late.
Each notice has a key, so running a check again (every hour, or after a restart) tells nobody twice; a moved
deadline is a new key and is told again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from straiik.notifications.services import notify, office_users


def deadline_warn_days() -> int:
    return int(getattr(settings, "STRAIIK_NOTIFY_DEADLINE_DAYS", 3))


def milestone_warn_days() -> int:
    return int(getattr(settings, "STRAIIK_NOTIFY_MILESTONE_DAYS", 7))


@transaction.atomic
def defport_deadlines(now: dt.datetime | None = None) -> int:
    """For each submission still waiting for the office's answer: its assignee (or, unassigned, the whole
    programme office) is told when the deadline is within a few days, and again when it has passed."""
    from straiik.defport.choices import AWAITING_ANSWER
    from straiik.defport.models import Submission

    now = now or timezone.now()
    office = None
    told = 0
    soon = now + dt.timedelta(days=deadline_warn_days())
    for s in Submission.objects.filter(state__in=AWAITING_ANSWER, due_at__lte=soon).select_related("assigned_to"):
        if s.assigned_to is not None:
            people = [s.assigned_to]
        else:
            office = office if office is not None else office_users()
            people = office
        passed = s.due_at < now
        due = timezone.localtime(s.due_at)
        key = f"defport.deadline.{'passed' if passed else 'near'}:{s.pk}:{due.date().isoformat()}"

        def compose(s: Any = s, due: dt.datetime = due, passed: bool = passed) -> tuple[str, str]:
            values = {"s": s, "d": date_format(due.date(), "DATE_FORMAT")}
            if passed:
                return (_("Answer overdue: %(s)s") % values,
                        _("The answer to “%(s)s” was due on %(d)s and has not been given.") % values)
            return (_("Answer due on %(d)s: %(s)s") % values,
                    _("The programme office answers “%(s)s” by %(d)s. It is still waiting.") % values)

        told += len(notify(people, kind="defport.deadline", compose=compose, url=s.get_absolute_url(), target=s,
                           key=key))
    return told


@transaction.atomic
def sdir_milestones(today: dt.date | None = None) -> int:
    """For each milestone of an active award not yet delivered: the awardee's members and the programme office
    are told a week before it is due, and again when it is late."""
    from straiik.registry.models import Membership
    from straiik.sdir.choices import AwardStatus, MilestoneStatus
    from straiik.sdir.models import Milestone

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


def check_all() -> int:
    return defport_deadlines() + sdir_milestones()
