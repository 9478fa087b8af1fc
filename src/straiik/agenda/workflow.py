"""The action agenda's state machine, declared as data and taken by `core.workflow`.

An agenda (`AGENDAS`), by the programme office: draft → published (it must hold actions) → back to draft.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from straiik.agenda import permissions
from straiik.agenda.choices import AgendaStatus
from straiik.agenda.models import Agenda
from straiik.core import workflow
from straiik.core.workflow import Step

OFFICE = "office"


def _actors(user: Any, agenda: Agenda) -> set[str]:
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
del t
