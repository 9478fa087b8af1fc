"""The action agenda's state machines, declared as data and taken by `core.workflow`.

An agenda (`AGENDAS`), by the programme office: draft → published (it must hold actions) → back to draft.

An action (`ACTIONS`), by its owners (the members of the owning organisation) and the programme office, as their
progress reports (or the office's edits) set its status:

    planned → in progress ⇄ delayed;  planned, in progress, delayed → done;  back to planned (office)
    planned, in progress, delayed → cancelled (office);  done, cancelled → in progress again (office: reopened)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from straiik.agenda import permissions
from straiik.agenda.choices import ActionStatus, AgendaStatus
from straiik.agenda.models import Action, Agenda
from straiik.core import workflow
from straiik.core.workflow import Step

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

OFFICE, OWNER = "office", "owner"


def _actors(user: Viewer, agenda: Agenda) -> set[str]:
    return {OFFICE} if permissions.can_manage(user) else set()



def _on_publish(step: Step) -> None:
    if not step.instance.actions.exists():
        raise ValidationError(gettext("An agenda without actions cannot be published."))
    step.instance.published_at = step.now


def _on_withdraw(step: Step) -> None:
    step.instance.published_at = None


t = workflow.transition
AGENDAS = workflow.register(workflow.Workflow(
    model=Agenda, states=AgendaStatus, state_field="status", actors=_actors,
    noun=_("the agenda"), wrong_state=_("The agenda is %(status)s already."), transitions=[
        t("publish", _("Publish"), {AgendaStatus.DRAFT}, AgendaStatus.PUBLISHED, {OFFICE}, hook=_on_publish),
        t("withdraw", _("Back to draft"), {AgendaStatus.PUBLISHED}, AgendaStatus.DRAFT, {OFFICE}, hook=_on_withdraw),
    ]))


def _action_actors(user: Viewer, action: Action) -> set[str]:
    found = {OFFICE} if permissions.can_manage(user) else set()
    if permissions.is_action_owner(user, action):
        found.add(OWNER)
    return found


def _progress(step: Step) -> None:
    """The progress that comes with the status (a progress report's); a done action is at 100 %."""
    if "progress" in step.options:
        step.instance.progress = step.options["progress"]
    if step.transition.target == ActionStatus.DONE:
        step.instance.progress = 100


BUSY = {ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.DELAYED}
ACTIONS = workflow.register(workflow.Workflow(
    model=Action, states=ActionStatus, state_field="status", actors=_action_actors, noun=_("the action"),
    prepare=_progress, transitions=[
        t("start", _("In progress"), {ActionStatus.PLANNED, ActionStatus.DELAYED}, ActionStatus.IN_PROGRESS,
          {OFFICE, OWNER}),
        t("delay", _("Delayed"), {ActionStatus.PLANNED, ActionStatus.IN_PROGRESS}, ActionStatus.DELAYED,
          {OFFICE, OWNER}),
        t("complete", _("Done"), BUSY, ActionStatus.DONE, {OFFICE, OWNER}),
        t("replan", _("Planned"), {ActionStatus.IN_PROGRESS, ActionStatus.DELAYED}, ActionStatus.PLANNED, {OFFICE}),
        t("cancel", _("Cancelled"), BUSY, ActionStatus.CANCELLED, {OFFICE}),
        t("reopen", _("In progress"), {ActionStatus.DONE, ActionStatus.CANCELLED}, ActionStatus.IN_PROGRESS,
          {OFFICE}),
    ]))
del t
