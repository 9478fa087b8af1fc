"""Demand bundling's state machines, declared as data and taken by `core.workflow`.

A round (`ROUNDS`), by the programme office:

    open ⇄ closed (inputs frozen) → concluded;  a concluded round can be reopened
    open, closed → withdrawn (with a reason; by the office or the round's owner, while nothing was solved or agreed)

A joint procurement (`PROCUREMENTS`), by the programme office:

    agreed → contracted;  agreed, contracted → cancelled   (cancelled is final)

Cancelling a procurement releases its demand (the demands' `joint_procurement` is cleared, so they can go into
another contract). That is why "cancelled" is terminal: before the engine, a cancelled procurement could be set
back to "agreed" with no demand attached while still listing its participants. A contract that is to be tendered
again comes from a new run of the round, as a new procurement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from straiik.bundling import permissions
from straiik.bundling.choices import ProcurementStatus, RoundStatus, RunStatus
from straiik.bundling.models import BundlingRound, Demand, JointProcurement
from straiik.core import workflow
from straiik.core.workflow import Step

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

OFFICE, OWNER = "office", "owner"


def _actors(user: Viewer, instance: Any) -> set[str]:
    found = {OFFICE} if permissions.can_manage(user) else set()
    if isinstance(instance, BundlingRound) and user is not None and instance.created_by_id == user.pk:
        found.add(OWNER)
    return found



def _not_yet_solved(step: Step) -> None:
    round = step.instance
    if round.runs.filter(status=RunStatus.DONE).exists() or round.procurements.exists():
        raise ValidationError(gettext("The round was solved or a joint procurement agreed from it: conclude it "
                                       "instead of withdrawing it."))


t = workflow.transition

ROUNDS = workflow.register(workflow.Workflow(
    model=BundlingRound, states=RoundStatus, state_field="status", actors=_actors,
    noun=_("the round"), transitions=[
        t("close", _("Close for inputs"), {RoundStatus.OPEN}, RoundStatus.CLOSED, {OFFICE}),
        t("reopen", _("Reopen"), {RoundStatus.CLOSED, RoundStatus.CONCLUDED}, RoundStatus.OPEN, {OFFICE}),
        t("conclude", _("Conclude"), {RoundStatus.OPEN, RoundStatus.CLOSED}, RoundStatus.CONCLUDED, {OFFICE}),
        t("withdraw", _("Withdraw"), {RoundStatus.OPEN, RoundStatus.CLOSED}, RoundStatus.WITHDRAWN, {OFFICE, OWNER},
          needs_reason=True, hook=_not_yet_solved),
    ]))


def _release_demand(step: Step) -> None:
    Demand.objects.filter(joint_procurement=step.instance).update(joint_procurement=None)


PROCUREMENTS = workflow.register(workflow.Workflow(
    model=JointProcurement, states=ProcurementStatus, state_field="status", actors=_actors,
    related=lambda p: p.round, noun=_("the joint procurement"), transitions=[
        t("sign", _("Contract signed"), {ProcurementStatus.AGREED}, ProcurementStatus.CONTRACTED, {OFFICE}),
        t("cancel", _("Cancelled"), {ProcurementStatus.AGREED, ProcurementStatus.CONTRACTED},
          ProcurementStatus.CANCELLED, {OFFICE}, confirm=True, hook=_release_demand),
    ]))
del t
