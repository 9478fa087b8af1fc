"""Demo content for SDIR (clearly marked example content): a phase-1 call on counter-drone sensing that has been
decided and awarded, with one result carried into a phase-3 follow-on order, and an open call that takes
proposals now. The history is played through the services with `now` set to the moments it happened, so
every deadline, receipt, review, decision and indicator is real. Idempotent."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from straiik.registry.models import Membership, Organisation, OrganisationKind
from straiik.sdir import services
from straiik.sdir.models import Assignment, Award, Call

EXAMPLE = "(example)"
PROPOSALS = [
    ("Passive RF sensing of drone control links", "A network of passive receivers that hears drone control links and "
     "locates the pilot.", 380_000),
    ("Low-cost FMCW radar fence", "Small radars on masts around the camp, fused into one picture.", 450_000),
    ("Acoustic arrays for FPV drones", "Microphone arrays that classify rotor sounds, working without emissions.",
     260_000),
    ("Camera and AI detection on existing masts", "Thermal and visual cameras with on-board classification.",
     300_000),
    ("Drone detection from a tethered balloon", "A tethered aerostat lifts sensors for a wider view.", 480_000),
]


def _users() -> dict[str, Any]:
    from straiik.accounts.models import User

    return {name: User.objects.filter(username=name).first() for name in ("office", "buyer", "reviewer", "member")}


def _applicant(organisation: Organisation, number: int) -> Any:
    """An applicant account for a demo company (it cannot log in), unless `member` already belongs to it."""
    from straiik.accounts.models import User

    member = Membership.objects.filter(organisation=organisation).select_related("user").first()
    if member is not None:
        return member.user
    user, created = User.objects.get_or_create(username=f"sdir-demo-applicant-{number}",
                                               defaults={"first_name": "Example applicant"})
    if created:
        user.set_unusable_password()
        user.save()
    Membership.objects.get_or_create(user=user, organisation=organisation)
    return user


@transaction.atomic
def load(seed: int = 1) -> int:
    """Create the demo calls once; returns how many were created (0 when present or without the demo users)."""
    users = _users()
    if any(u is None for u in users.values()) or \
            Call.objects.filter(is_exercise=True, title__endswith=EXAMPLE).exists():
        return 0
    office, buyer, reviewer, member = users["office"], users["buyer"], users["reviewer"], users["member"]
    unit = Organisation.objects.filter(is_demo=True, kind=OrganisationKind.DEFENCE_UNIT).order_by("id").first()
    companies = list(Organisation.objects.filter(is_demo=True, kind__in=[OrganisationKind.SME,
                                                                         OrganisationKind.STARTUP]).order_by("id"))
    # the first call limits foreign ownership to 49 %: take companies that meet it
    companies = [c for c in companies if (c.foreign_ownership_pct or 0) <= 49 and not c.foreign_control_country]
    first_company = Membership.objects.filter(user=member).values_list("organisation_id", flat=True).first()
    companies.sort(key=lambda o: o.pk != first_company)  # the demo member's company applies first
    if unit is None or len(companies) < 3:
        return 0
    Membership.objects.get_or_create(user=buyer, organisation=unit)
    rng = random.Random(seed)
    panel = [reviewer, office]
    now = timezone.now()
    opens = now - dt.timedelta(days=200)
    closes = opens + dt.timedelta(days=45)

    call = services.call_create(user=office, now=opens - dt.timedelta(days=7), reviewers=panel, is_exercise=True,
                                data={
        "title": f"Early warning of small drones around field camps {EXAMPLE}", "area": "sensors",
        "problem": "Units in the field need to detect and track small drones (FPV, quadcopters) around a temporary "
                   "camp early enough to act. Phase 1 studies the feasibility of sensors that work without mains power "
                   "and are set up within an hour.",
        "owning_unit": unit, "phase": 1, "budget_eur": 1_000_000, "max_award_eur": 500_000, "opens_at": opens,
        "closes_at": closes, "scheme": "dasa", "reviewers_per_proposal": 2, "allowed_countries": [],
        "max_foreign_ownership_pct": 49})
    services.transition(user=office, call=call, action="publish", now=opens - dt.timedelta(days=5))
    proposals = []
    for i, (company, (title, summary, amount)) in enumerate(zip(companies, PROPOSALS, strict=False)):
        if company.foreign_ownership_pct is None:
            Organisation.objects.filter(pk=company.pk).update(foreign_ownership_pct=0)
            company.refresh_from_db()
        applicant = _applicant(company, i + 1)
        proposals.append(services.proposal_create(
            user=applicant, call=call, submit=True, now=opens + dt.timedelta(days=10 + i), data={
                "organisation": company, "title": f"{title} {EXAMPLE}", "summary": summary,
                "approach": "Work package 1: requirements with the unit. Work package 2: lab tests. Work package 3: "
                            "a field trial at a MINDbase test ground, and a plan for a prototype.",
                "amount_eur": amount, "duration_months": 6, "trl": rng.choice([3, 4, 5])}))
    reviewed = closes + dt.timedelta(days=20)
    services.transition(user=office, call=call, action="start_review", now=closes + dt.timedelta(days=2))
    marks = {p.pk: [rng.choice([6, 7, 8, 9]) for _ in range(3)] for p in proposals}
    marks[proposals[-1].pk] = [5, 3, 4]  # one below the pass mark on "feasible"
    for a in Assignment.objects.filter(proposal__call=call).select_related("reviewer"):
        services.declare_interest(user=a.reviewer, assignment=a, conflict=False, now=reviewed)
        d, f, v = (max(0, m + rng.choice([-1, 0, 0, 1])) for m in marks[a.proposal_id])
        services.scores_save(user=a.reviewer, assignment=a, now=reviewed, scores={
            "desirable": (d, "Answers the unit's need; the field trial is convincing."),
            "feasible": (f, "The team has built comparable sensors before."),
            "viable": (v, "A route to a prototype is sketched; costs are plausible.")})
    services.consensus_from_means(user=office, call=call, now=reviewed)
    services.transition(user=office, call=call, action="decide", now=closes + dt.timedelta(days=62))
    services.transition(user=office, call=call, action="award", now=closes + dt.timedelta(days=110))
    services.transition(user=office, call=call, action="start_execution", now=closes + dt.timedelta(days=111))
    awards = list(Award.objects.filter(call=call).order_by("reference"))
    for award in awards:
        first = award.milestones.order_by("due_date").first()
        applicant = award.proposal.submitted_by
        if first is None or applicant is None:
            continue
        services.milestone_report(user=applicant, milestone=first, note="Interim report delivered.")
        services.milestone_review(user=buyer, milestone=first, accept=True)
    if awards:
        services.transition_record(user=office, award=awards[0], transition="phase_3",
                                   follow_on_reference="DMO-2026-FO-001", follow_on_amount_eur=2_400_000,
                                   note="Twenty field sets ordered for the camps (example).")

    open_call = services.call_create(user=office, reviewers=panel, is_exercise=True, data={
        "title": f"Autonomous mine countermeasures in shallow harbours {EXAMPLE}", "area": "maritime",
        "problem": "The navy seeks autonomous underwater vehicles that find and classify mines in shallow, murky "
                   "water, including sonar and navigation without GPS.",
        "owning_unit": unit, "phase": 1, "budget_eur": 1_500_000, "max_award_eur": 400_000,
        "opens_at": now - dt.timedelta(days=5), "closes_at": now + dt.timedelta(days=40), "scheme": "edf",
        "reviewers_per_proposal": 2, "sme_only": True})
    services.transition(user=office, call=open_call, action="publish", now=now - dt.timedelta(days=6))
    services.proposal_create(user=_applicant(companies[1], 2), call=open_call, submit=True, data={
        "organisation": companies[1], "title": f"Sonar swarm for harbour clearance {EXAMPLE}",
        "summary": "Three small AUVs share sonar images.", "approach": "Simulation, tank tests, harbour trial.",
        "amount_eur": 350_000, "duration_months": 6, "trl": 4})
    return 2
