"""SDIR calls and awards as OCDS 1.1 release packages (the engine builds the releases from plain data)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from straiik.engines.sdir import ocds
from straiik.registry.models import Organisation
from straiik.sdir.choices import AFTER_CLOSE, PUBLIC_STATES, MilestoneStatus, ProposalState, State
from straiik.sdir.models import Call

MILESTONE_STATUS = {MilestoneStatus.PLANNED: "scheduled", MilestoneStatus.DELIVERED: "scheduled",
                    MilestoneStatus.ACCEPTED: "met", MilestoneStatus.REJECTED: "notMet"}
AWARD_STATUS = {"active": ("active", "active"), "completed": ("active", "terminated"),
                "terminated": ("cancelled", "terminated")}


def prefix() -> str:
    """The OCID prefix. A real publication registers its own with the Open Contracting Partnership."""
    return getattr(settings, "SDIR_OCID_PREFIX", "ocds-sdirnl")


def _party(organisation: Organisation) -> ocds.Party:
    return ocds.Party(id=f"NL-STRAIIK-{organisation.slug}", name=organisation.name, country=organisation.country)


def _public(queryset: Any, pk: int | None) -> Any:
    """The record `pk` as the public may read it (the one read path with no user), or None: an OCDS release is
    published to everyone, so it never names a draft, a restricted need or a withheld call."""
    return queryset.restrict(None).filter(pk=pk).first() if pk is not None else None


def call_data(call: Call) -> ocds.CallData:
    from straiik.defport.models import Submission

    state = call.current_state()
    follows = _public(Call.objects.all(), call.follows_id)
    need = _public(Submission.objects.all(), call.need_id)
    criteria = "; ".join(f"{c['label']} (weight {c['weight']:g}, scored 0-{c['max_score']}, pass mark "
                         f"{c['threshold']:g})" for c in call.criteria)
    rules = ["Registered organisations on the platform."]
    if call.allowed_countries:
        rules.append("Established in " + ", ".join(call.allowed_countries) + ".")
    if call.max_foreign_ownership_pct is not None:
        rules.append(f"Foreign ownership at most {call.max_foreign_ownership_pct} %.")
    if call.allowed_control_countries:
        rules.append("Foreign control only from " + ", ".join(call.allowed_control_countries) + ".")
    if call.sme_only:
        rules.append("SMEs and start-ups only.")
    if call.only_previous_winners and follows:
        rules.append(f"Only the winners of {follows.reference}.")
    tenderers: list[ocds.Party] = []
    if state in AFTER_CLOSE or state == State.CANCELLED:
        seen = set()
        for p in call.proposals.filter(state=ProposalState.SUBMITTED).select_related("organisation").order_by("id"):
            if p.organisation_id not in seen:
                seen.add(p.organisation_id)
                tenderers.append(_party(p.organisation))
    awards = []
    if call.awarded_at:
        # Milestones are published as the contract's implementation (OCDS), by design; the award's notes are not.
        for a in call.awards.restrict(None).select_related("organisation", "proposal").prefetch_related("milestones"):
            award_status, contract_status = AWARD_STATUS[a.status]
            awards.append(ocds.AwardData(
                id=a.reference, title=a.proposal.title, supplier=_party(a.organisation), amount=a.amount_eur,
                date=a.signed_at, status=award_status, contract_status=contract_status, start=a.start_date,
                end=a.end_date, follow_on=a.follow_on_reference,
                milestones=[ocds.Milestone(id=str(m.pk), title=m.title, due_date=m.due_date,
                                           status=MILESTONE_STATUS[MilestoneStatus(m.status)],
                                           description=m.deliverable,
                                           date_met=timezone.localtime(m.accepted_at).date() if m.accepted_at else None)
                            for m in a.milestones.all()]))
    status = {State.CANCELLED.value: "cancelled", State.COMPLETED.value: "complete"}.get(state, "active")
    if state in (State.DECIDED, State.AWARDED, State.IN_EXECUTION):
        status = "complete"
    return ocds.CallData(
        reference=call.reference, title=call.title, description=call.problem, buyer=_party(call.owning_unit),
        budget=call.budget_eur, max_award=call.max_award_eur, opens_at=call.opens_at, closes_at=call.closes_at,
        published_at=call.published_at or call.opens_at, phase_label=f"SDIR {call.get_phase_display()}",
        eligibility=" ".join(rules), award_criteria=criteria, selective=call.only_previous_winners,
        rationale=need.title if need else "", decision_due=call.decision_due_at,
        closed=state in AFTER_CLOSE or (state == State.CANCELLED and call.closes_at <= (call.ended_at or
                                                                                         timezone.now())),
        tenderers=tenderers, status=status,
        cancelled_at=call.ended_at if state in (State.CANCELLED, State.WITHDRAWN) else None,
        awarded_at=call.awarded_at, awards=awards,
        previous_ocid=ocds.ocid(prefix(), follows.reference) if follows else "",
        updated_at=max([m.accepted_at for a in call.awards.all() for m in a.milestones.all() if m.accepted_at],
                       default=None))


def releases_for(call: Call) -> list[dict[str, Any]]:
    if call.state not in PUBLIC_STATES or (call.state == State.WITHDRAWN and call.published_at is None):
        return []
    return ocds.call_releases(call_data(call), prefix=prefix())


def package(calls: list[Call], *, uri: str) -> dict[str, Any]:
    releases = [r for call in calls for r in releases_for(call)]
    return ocds.release_package(releases, uri=uri, published=timezone.now(), publisher="straiik SDIR programme office",
                                license_url="https://creativecommons.org/licenses/by/4.0/")
