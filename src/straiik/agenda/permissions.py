"""Who may see and change what in the action agenda (STRAIIK-D), in one place.

- read: a published agenda, its actions and progress, its indicators, the motions and commitments and the progress
  report are public (the agenda is reported to Parliament); a draft agenda is read by everyone signed in;
- edit an agenda (create it, its ambitions, objectives and actions, links to the platform, publish it) and keep the
  register of motions and commitments: the programme office and platform administrators;
- post progress on an action: the programme office and administrators, and the action's owners: the members of
  its owning organisation (not on a cancelled action);
- evidence files and the history of changes: everyone signed in who may read the agenda (evidence can be an
  internal document; a link's target stays behind its own app's permissions, see links.py);
- recompute the indicators and rebuild their history: the programme office and administrators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from straiik.accounts.roles import is_staff_of_platform
from straiik.core import restrict
from straiik.registry.permissions import is_authenticated, member_of

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer
    from straiik.agenda.models import Action, Agenda


def can_manage(user: Viewer | None) -> bool:
    return is_staff_of_platform(user)


@restrict.rule("agenda.Agenda")
def viewable_agendas(queryset: QuerySet[Agenda], user: Viewer | None) -> QuerySet[Agenda]:
    from straiik.agenda.choices import AgendaStatus

    if is_authenticated(user):
        return queryset
    return queryset.filter(status=AgendaStatus.PUBLISHED)


@restrict.rule("agenda.Action")
@restrict.rule("agenda.Ambition")
@restrict.rule("agenda.Objective")
def viewable_agenda_parts(queryset: QuerySet[Any], user: Viewer | None) -> QuerySet[Any]:
    """An agenda's ambitions, objectives and actions: whoever may read the agenda."""
    from straiik.agenda.models import AgendaStatus

    if is_authenticated(user):
        return queryset
    return queryset.filter(agenda__status=AgendaStatus.PUBLISHED)


@restrict.rule("agenda.ProgressUpdate")
def viewable_progress(queryset: QuerySet[Any], user: Viewer | None) -> QuerySet[Any]:
    from straiik.agenda.models import AgendaStatus

    if is_authenticated(user):
        return queryset
    return queryset.filter(action__agenda__status=AgendaStatus.PUBLISHED)


@restrict.rule("agenda.ParliamentaryItem")
def viewable_items(queryset: QuerySet[Any], user: Viewer | None) -> QuerySet[Any]:
    """The register of motions and commitments is public (its answering actions follow their agenda's rule)."""
    return queryset


def can_view_agenda(user: Viewer | None, agenda: Agenda) -> bool:
    return agenda.is_published or is_authenticated(user)


def can_edit_agenda(user: Viewer | None, agenda: Agenda | None = None) -> bool:
    return can_manage(user)


def is_action_owner(user: Viewer | None, action: Action) -> bool:
    return action.owner_organisation_id is not None and action.owner_organisation_id in member_of(user)


def can_report_progress(user: Viewer | None, action: Action) -> bool:
    from straiik.agenda.choices import ActionStatus

    if can_manage(user):
        return True
    return action.status != ActionStatus.CANCELLED and is_action_owner(user, action)


def can_view_evidence(user: Viewer | None, agenda: Agenda) -> bool:
    return is_authenticated(user) and can_view_agenda(user, agenda)


def can_view_history(user: Viewer | None, agenda: Agenda) -> bool:
    return is_authenticated(user) and can_view_agenda(user, agenda)


def can_manage_parliament(user: Viewer | None) -> bool:
    return can_manage(user)


def can_refresh_indicators(user: Viewer | None) -> bool:
    return can_manage(user)
