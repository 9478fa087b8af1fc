"""The agenda's own indicator (registered from AgendaConfig.ready(); the registry itself is straiik.core.indicators,
which the other apps fill with theirs).

- agenda.concrete_actions: the share of the year's actions that are concrete and executable (quality.py).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from straiik.agenda import selectors
from straiik.agenda.models import Agenda
from straiik.core.indicators import Indicator, Measurement, NotComputable, register, window


def concrete_actions(year: int, as_of: dt.date) -> Measurement:
    window(year, as_of)
    agenda = Agenda.objects.filter(year=year).first()
    if agenda is None:
        raise NotComputable(gettext("There is no action agenda for %(year)s.") % {"year": year}, "no-agenda",
                            year=year)
    summary = selectors.quality(agenda).summary
    if not summary.overall.total:
        raise NotComputable(gettext("The agenda for %(year)s has no actions yet.") % {"year": year}, "no-actions",
                            year=year)
    return Measurement(100.0 * (summary.overall.share or 0.0),
                       {"concrete": summary.overall.concrete, "actions": summary.overall.total})


def register_all() -> None:
    register(Indicator("agenda.concrete_actions", _("Concrete and executable actions"), "%", concrete_actions,
                       source="agenda", description=_("The share of the year's actions with an owner, a deadline, "
                                                      "a measurable indicator and no vague verbs.")))
