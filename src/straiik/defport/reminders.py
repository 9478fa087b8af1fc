"""Defport's clock-driven check for the notifications (registered from DefportConfig.ready()): answer deadlines near
or passed. Each notice has a key, so running the check again tells nobody twice; a moved deadline is told again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from straiik.defport.choices import AWAITING_ANSWER
from straiik.defport.models import Submission
from straiik.notifications.periodic import deadline_warn_days
from straiik.notifications.services import notify, office_users


@transaction.atomic
def defport_deadlines(now: dt.datetime | None = None) -> int:
    """For each submission still waiting for the office's answer: its assignee (or, unassigned, the whole
    programme office) is told when the deadline is within a few days, and again when it has passed."""
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
        if s.due_at is None:  # not reached: due_at__lte leaves out those without a deadline
            continue
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
