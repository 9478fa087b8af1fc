"""The decision: rank on the consensus, select within the budget, and tell every applicant why."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from straiik.core.models import ObjectChange
from straiik.engines import sdir as engine
from straiik.sdir.choices import Outcome, ProposalState
from straiik.sdir.models import Call, Decision, Proposal
from straiik.sdir.selectors import candidates_for, explain
from straiik.sdir.services import notifications
from straiik.sdir.services._common import snapshot

if TYPE_CHECKING:
    from straiik.accounts.types import User


def decide(*, user: User, call: Call, now: dt.datetime) -> Decision:
    """Rank on the consensus, select within the budget, tell every applicant (called by `transition`). The outcomes
    are written in bulk, each with its audit record, so a call with thousands of proposals decides in seconds."""
    from django.contrib.contenttypes.models import ContentType

    from straiik.registry.models import Membership

    missing = call.proposals.filter(state=ProposalState.SUBMITTED, consensus_total__isnull=True).count()
    if missing:
        raise ValidationError(_("%(n)s proposals have no consensus yet.") % {"n": missing})
    ranking, candidates, proposals = candidates_for(call)
    selection = engine.select(candidates, call.budget_eur, max_award=call.max_award_eur,
                              rank_order=[r.id for r in ranking])
    decision = Decision.objects.create(call=call, decided_by=user, decided_at=now, budget_eur=call.budget_eur,
                                       method=selection.method, selection=selection.as_dict(),
                                       ranking=[{"id": r.id, "rank": r.rank, "score": r.score, "amount": r.amount,
                                                 "fundable": r.fundable, "tied": r.tied} for r in ranking])
    # The outcome sentences are written in the decider's language: the presets' labels too.
    criteria = call.criteria_shown()
    members: dict[int, set[Any]] = {}
    for m in Membership.objects.filter(organisation_id__in={p.organisation_id for p in proposals.values()}
                                       ).select_related("user"):
        members.setdefault(m.organisation_id, set()).add(m.user)
    content_type = ContentType.objects.get_for_model(Proposal)
    changes, told = [], []
    for r in ranking:
        p = proposals[r.id]
        why = selection.explanations[r.id]
        before = snapshot(p)
        p.rank = r.rank
        p.outcome = Outcome.SELECTED if why.selected else (
            Outcome.NOT_FUNDABLE if why.code == "below_threshold" else Outcome.NOT_SELECTED)
        p.outcome_reason = explain(why, proposals, criteria, p, float(call.quality_threshold))
        p.updated_at = now
        changes.append(ObjectChange(user=user, user_name=user.get_username(), action=ObjectChange.Action.UPDATE,
                                    changed_object_type=content_type, changed_object_id=p.pk,
                                    related_object_type=content_type, related_object_id=p.pk,
                                    object_repr=str(p)[:200], prechange_data=before, postchange_data=snapshot(p)))
        told.append((p, members.get(p.organisation_id, set()) | {p.submitted_by}))
    Proposal.objects.bulk_update(list(proposals.values()), ["rank", "outcome", "outcome_reason", "updated_at"],
                                 batch_size=500)
    ObjectChange.objects.bulk_create(changes, batch_size=1000)
    notifications.tell_decisions(told)
    return decision


