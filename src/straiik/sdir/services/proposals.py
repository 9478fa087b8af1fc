"""Proposals: an applicant drafts, submits (a receipt with the content's SHA-256), changes until the deadline,
adds and removes attachments, or withdraws. The deadline is the server's clock, to the second."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from straiik.core.audit import apply_fields, record_change
from straiik.core.models import ObjectChange
from straiik.registry.verification import SUBMIT_PROPOSAL, require_verified
from straiik.sdir import files, permissions
from straiik.sdir.choices import ProposalState, State
from straiik.sdir.models import Attachment, Call, Proposal
from straiik.sdir.selectors import eligibility_problems
from straiik.sdir.services import notifications
from straiik.sdir.services._common import _full_clean, _json, _locked_proposal, _now, local, snapshot
from straiik.sdir.services.calls import _sync
from straiik.sdir.workflow import PROPOSALS

if TYPE_CHECKING:
    from straiik.accounts.types import User

PROPOSAL_FIELDS = ("organisation", "title", "summary", "approach", "amount_eur", "duration_months", "trl")


def _check_proposal(proposal: Proposal) -> None:
    errors: dict[str, list[str]] = {}
    proposal.title = (proposal.title or "").strip()
    proposal.summary = (proposal.summary or "").strip()
    proposal.approach = (proposal.approach or "").strip()
    if not proposal.title:
        errors["title"] = [_("Give a title.")]
    if not proposal.summary:
        errors["summary"] = [_("Summarise the proposal.")]
    if not proposal.approach:
        errors["approach"] = [_("Describe the technical approach and the work plan.")]
    call = proposal.call
    if proposal.amount_eur is not None:
        if proposal.amount_eur <= 0:
            errors["amount_eur"] = [_("Ask for an amount above zero.")]
        elif proposal.amount_eur > call.max_award_eur:
            errors["amount_eur"] = [_("At most the maximum award, € %(m)s.") % {"m": f"{call.max_award_eur:,}"}]
    if errors:
        raise ValidationError(errors)


def _deadline(call: Call, now: dt.datetime) -> None:
    if now < call.opens_at:
        raise ValidationError(_("The call opens at %(t)s (Amsterdam time).") % {
            "t": local(call.opens_at).strftime("%d-%m-%Y %H:%M:%S")}, code="not_open")
    if now >= call.closes_at or call.current_state(now) != State.OPEN:
        raise ValidationError(_("The call closed at %(t)s (Amsterdam time); proposals can no longer be changed.") % {
            "t": local(call.closes_at).strftime("%d-%m-%Y %H:%M:%S")}, code="closed")


@transaction.atomic
def proposal_create(*, user: User, call: Call, data: dict[str, Any], submit: bool = False,
                    now: dt.datetime | None = None) -> Proposal:
    now = _now(now)
    call = _sync(Call.objects.select_for_update().get(pk=call.pk), now)
    organisation = data.get("organisation")
    if organisation is None:
        raise ValidationError({"organisation": _("Say which organisation applies.")})
    if not permissions.applies_for(user, organisation.pk):
        raise PermissionDenied(_("You apply only for an organisation you belong to."))
    _deadline(call, now)
    if submit:
        require_verified(organisation, action=SUBMIT_PROPOSAL)
    problems = eligibility_problems(call, organisation)
    if problems:
        raise ValidationError({"organisation": problems})
    proposal = Proposal(call=call, submitted_by=user)
    apply_fields(proposal, data, fields=PROPOSAL_FIELDS)
    _check_proposal(proposal)
    _full_clean(proposal, exclude=["call", "submitted_by", "organisation"])
    proposal.save()
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=proposal, before=None,
                  after=snapshot(proposal), related=proposal)
    if submit:
        proposal = proposal_submit(user=user, proposal=proposal, now=now)
    return proposal


@transaction.atomic
def proposal_update(*, user: User, proposal: Proposal, data: dict[str, Any], now: dt.datetime | None = None
                    ) -> Proposal:
    """Change a proposal until the deadline. A submitted proposal stays submitted, with a new receipt."""
    now = _now(now)
    proposal = _locked_proposal(proposal)
    if not permissions.is_applicant(user, proposal):
        raise PermissionDenied(_("Only the applicant's members change a proposal."))
    _deadline(proposal.call, now)
    if proposal.state == ProposalState.WITHDRAWN:
        raise ValidationError(_("This proposal was withdrawn."))
    if "organisation" in data and data["organisation"].pk != proposal.organisation_id:
        raise ValidationError({"organisation": _("The applicant of a proposal cannot change.")})
    data = {k: v for k, v in data.items() if k != "organisation"}
    before = snapshot(proposal)
    apply_fields(proposal, data, fields=PROPOSAL_FIELDS)
    _check_proposal(proposal)
    _full_clean(proposal, exclude=["call", "submitted_by", "organisation"])
    proposal.save()
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=proposal, before=before,
                  after=snapshot(proposal))
    if proposal.state == ProposalState.SUBMITTED:
        proposal = _issue_receipt(user, proposal, now, resubmitted=True)
    return proposal


def content_hash(proposal: Proposal) -> str:
    """SHA-256 over what was submitted: the text fields and every attachment's own SHA-256."""
    payload = {name: _json(getattr(proposal, name)) for name in ("title", "summary", "approach", "amount_eur",
                                                                 "duration_months", "trl")}
    payload["organisation"] = proposal.organisation_id
    payload["attachments"] = sorted(proposal.attachments.values_list("sha256", flat=True))
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _issue_receipt(user: User, proposal: Proposal, now: dt.datetime, resubmitted: bool = False) -> Proposal:
    before = snapshot(proposal)
    proposal.content_hash = content_hash(proposal)
    proposal.receipt = f"{proposal.call.reference}-P{proposal.pk:05d}-{proposal.content_hash[:8].upper()}"
    proposal.submitted_at = now
    proposal.save(update_fields=["content_hash", "receipt", "submitted_at", "updated_at"])
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=proposal, before=before,
                  after=snapshot(proposal))
    notifications.tell_receipt(user, proposal, now, resubmitted)
    return proposal


@transaction.atomic
def proposal_submit(*, user: User, proposal: Proposal, now: dt.datetime | None = None) -> Proposal:
    now = _now(now)
    proposal = _locked_proposal(proposal)
    if not permissions.is_applicant(user, proposal):
        raise PermissionDenied(_("Only the applicant's members submit a proposal."))
    _deadline(proposal.call, now)
    if proposal.state == ProposalState.WITHDRAWN:
        raise ValidationError(_("This proposal was withdrawn."))
    require_verified(proposal.organisation, action=SUBMIT_PROPOSAL)
    problems = eligibility_problems(proposal.call, proposal.organisation)
    if problems:
        raise ValidationError({"organisation": problems})
    proposal = PROPOSALS.take(proposal, "submit", user=user, now=now, locked=True)
    return _issue_receipt(user, proposal, now)


@transaction.atomic
def proposal_withdraw(*, user: User, proposal: Proposal, reason: str = "", now: dt.datetime | None = None
                      ) -> Proposal:
    """The applicant takes a proposal back, at any time before the decision."""
    now = _now(now)
    proposal = _locked_proposal(proposal)
    if not permissions.is_applicant(user, proposal):
        raise PermissionDenied(_("Only the applicant's members withdraw a proposal."))
    state = _sync(Call.objects.select_for_update().get(pk=proposal.call_id), now).state
    if state not in (State.OPEN, State.CLOSED, State.IN_REVIEW):
        raise ValidationError(_("A proposal can be withdrawn until the decision."))
    proposal = PROPOSALS.take(proposal, "withdraw", user=user, reason=(reason or "").strip()[:5_000], now=now,
                              locked=True)
    notifications.tell_withdrawn(user, proposal, now)
    return proposal


@transaction.atomic
def attachment_add(*, user: User, proposal: Proposal, name: str, stream: Any, size: int | None = None,
                   now: dt.datetime | None = None) -> Attachment:
    now = _now(now)
    proposal = _locked_proposal(proposal)
    if not permissions.is_applicant(user, proposal):
        raise PermissionDenied(_("Only the applicant's members add attachments."))
    _deadline(proposal.call, now)
    if proposal.state == ProposalState.WITHDRAWN:
        raise ValidationError(_("This proposal was withdrawn."))
    if proposal.attachments.count() >= files.MAX_FILES:
        raise ValidationError({"file": _("At most %(n)s attachments per proposal.") % {"n": files.MAX_FILES}})
    checked = files.check(name, stream, size)
    stored = files.store(checked)
    try:
        attachment = Attachment.objects.create(proposal=proposal, name=checked.name, stored_name=stored,
                                               kind=checked.kind, size=len(checked.content), sha256=checked.sha256,
                                               uploaded_by=user, uploaded_at=now)
    except Exception:
        files.delete_stored(stored)
        raise
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=attachment, before=None,
                  after=snapshot(attachment), related=proposal)
    if proposal.state == ProposalState.SUBMITTED:
        _issue_receipt(user, proposal, now, resubmitted=True)
    return attachment


@transaction.atomic
def attachment_delete(*, user: User, attachment: Attachment, now: dt.datetime | None = None) -> None:
    now = _now(now)
    proposal = _locked_proposal(attachment.proposal)
    if not permissions.is_applicant(user, proposal):
        raise PermissionDenied(_("Only the applicant's members remove attachments."))
    _deadline(proposal.call, now)
    before = snapshot(attachment)
    stored = attachment.stored_name
    record_change(user=user, action=ObjectChange.Action.DELETE, instance=attachment, before=before, after=None,
                  related=proposal)
    attachment.delete()
    transaction.on_commit(lambda: files.delete_stored(stored))
    if proposal.state == ProposalState.SUBMITTED:
        _issue_receipt(user, proposal, now, resubmitted=True)


