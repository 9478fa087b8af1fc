"""Reads for SDIR, filtered by permission (Http404 for what one may not see), and the indicators."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from straiik.core.confirm import Consequences
from straiik.core.exercises import official
from straiik.core.templatetags.straiik import money
from straiik.engines import sdir as engine
from straiik.protection.models import DueDiligence, ProtectionRules
from straiik.registry.models import COMPANY_KINDS, Organisation
from straiik.registry.taxonomies import Area
from straiik.sdir import permissions
from straiik.sdir.choices import (
    AFTER_CLOSE,
    AFTER_DECISION,
    AWARD_DAYS,
    NOTIFY_DAYS,
    TRANSITIONED,
    AssignmentState,
    AwardStatus,
    Outcome,
    Phase,
    ProposalState,
    State,
    Transition,
)
from straiik.sdir.models import Assignment, Award, Call, Proposal, Score

if TYPE_CHECKING:
    from straiik.accounts.types import User, Viewer


def call_filters(*, state: str = "", area: str = "", phase: str | int = "", strict: bool = True) -> dict[str, str]:
    """The list's filters, checked against the states, areas and phases there are. An unknown value is an error
    (ValidationError naming the filter and the values allowed) or, with `strict=False` (pages), dropped."""
    allowed = {"state": State.values, "area": Area.values, "phase": [str(p) for p in Phase.values]}
    given = {"state": state or "", "area": area or "", "phase": str(phase or "")}
    clean, errors = {}, {}
    for name, value in given.items():
        if not value:
            clean[name] = ""
        elif value in allowed[name]:
            clean[name] = value
        else:
            clean[name] = ""
            errors[name] = _("Unknown value; use one of: %(values)s.") % {"values": ", ".join(allowed[name])}
    if errors and strict:
        raise ValidationError(errors)
    return clean


def call_list(*, user: Viewer | None, state: str = "", area: str = "", phase: str | int = "") -> QuerySet[Call]:
    filters = call_filters(state=state, area=area, phase=phase)
    state, area, phase = filters["state"], filters["area"], filters["phase"]
    calls = Call.objects.select_related("owning_unit").restrict(user)
    if area:
        calls = calls.filter(area=area)
    if phase:
        calls = calls.filter(phase=phase)
    if state:
        # open and closed follow the dates: filter on them as the pages show them
        now = timezone.now()
        if state == State.OPEN:
            calls = calls.filter(state__in=[State.PUBLISHED, State.OPEN], opens_at__lte=now, closes_at__gt=now)
        elif state == State.PUBLISHED:
            calls = calls.filter(state=State.PUBLISHED, opens_at__gt=now)
        elif state == State.CLOSED:
            calls = calls.filter(Q(state=State.CLOSED) | Q(state__in=[State.PUBLISHED, State.OPEN], closes_at__lte=now))
        else:
            calls = calls.filter(state=state)
    return calls


def call_get(*, user: Viewer, pk: int) -> Call:
    call = Call.objects.select_related("owning_unit", "follows", "need", "moderator").restrict(user).filter(
        pk=pk).first()
    if call is None:
        raise Http404(_("No such call."))
    return call


def linked_need(*, user: Viewer, call: Call) -> Any:
    """The Defport need the call was made from, if `user` may see it."""
    from straiik.defport.models import Submission

    return Submission.objects.restrict(user).filter(pk=call.need_id).first() if call.need_id else None


def followed_call(*, user: Viewer, call: Call) -> Call | None:
    """The phase-1 call this call follows, if `user` may see it."""
    return Call.objects.restrict(user).filter(pk=call.follows_id).first() if call.follows_id else None


def chain(call: Call, *, user: Viewer | None = None) -> list[dict[str, Any]]:
    """The competition this call belongs to, as far as `user` (default: the public) may see it: the phase-1 call,
    the phase-2 calls that follow it, and for each award what became of it (phase 2, a phase-3 follow-on order,
    production)."""
    visible = Call.objects.restrict(user)
    root = call
    seen = {root.pk}
    while root.follows_id is not None and root.follows_id not in seen:
        followed = visible.select_related("follows").filter(pk=root.follows_id).first()
        if followed is None:  # a call one may not see (a draft, a withheld call) is not shown, nor named
            break
        root = followed
        seen.add(root.pk)
    steps, queue, listed = [], [root], {root.pk}
    while queue:
        current = queue.pop(0)
        awards = list(current.awards.restrict(user).select_related("organisation", "proposal").order_by("reference")) \
            if current.state in AFTER_DECISION else []
        steps.append({"call": current, "awards": awards,
                      "proposals": current.proposals.filter(state=ProposalState.SUBMITTED).count()})
        queue.extend(current.next_calls.restrict(user).filter(state__in=list(set(State.values) - {State.DRAFT}))
                     .exclude(pk__in=listed).order_by("id"))
        listed.update(c.pk for c in queue)
    return steps


def proposal_get(*, user: Viewer, pk: int) -> Proposal:
    proposal = Proposal.objects.select_related("call", "organisation", "submitted_by").restrict(user).filter(
        pk=pk).first()
    if proposal is None:
        raise Http404(_("No such proposal."))
    return proposal


def my_proposals(*, user: Viewer) -> QuerySet[Proposal]:
    from straiik.registry.permissions import member_of

    return Proposal.objects.filter(organisation_id__in=member_of(user)).select_related("call", "organisation").restrict(
        user)


def review_queue(*, user: User) -> list[Assignment]:
    """The reviewer's proposals: first those waiting for a declaration, then those to score, then the rest."""
    order = {AssignmentState.PENDING: 0, AssignmentState.CLEARED: 1, AssignmentState.SUBMITTED: 2,
             AssignmentState.CONFLICTED: 3}
    rows = list(Assignment.objects.restrict(user).filter(reviewer=user, proposal__call__state=State.IN_REVIEW)
                .select_related("proposal__organisation", "proposal__call")
                .order_by("proposal__call_id", "proposal_id"))
    rows.sort(key=lambda a: order[AssignmentState(a.state)])
    return rows


def assignment_get(*, user: Viewer, pk: int) -> Assignment:
    assignment = Assignment.objects.select_related("proposal__call", "proposal__organisation").restrict(user).filter(
        pk=pk).first()
    if assignment is None or not permissions.can_review(user, assignment):
        raise Http404(_("No such review."))
    return assignment


def sheets_of(proposal: Proposal, *, user: Viewer, own: Assignment | None = None) -> list[dict[str, Any]]:
    """The reviewers' score sheets a user may see: all of them (office, moderator, a reviewer whose own scores are
    submitted), or only one's own."""
    criteria = proposal.call.criteria_shown()
    everyone = permissions.can_see_all_scores(user, proposal, own)
    assignments = proposal.assignments.select_related("reviewer").prefetch_related("scores")
    if not everyone:
        assignments = assignments.filter(reviewer=user) if permissions.is_authenticated(user) else assignments.none()
    rows = []
    for a in assignments:
        scores = {s.criterion: s for s in a.scores.all()}
        values = {k: float(s.value) for k, s in scores.items()}
        complete = all(c.key in values for c in criteria)
        rows.append({"assignment": a, "reviewer": a.reviewer, "own": a.reviewer_id == getattr(user, "pk", None),
                     "scores": [(c, scores.get(c.key)) for c in criteria],
                     "total": engine.weighted_total(values, criteria) if complete else None})
    return rows


def moderation(*, user: Viewer, call: Call) -> list[dict[str, Any]]:
    """Per submitted proposal: the reviews' states, each reviewer's total, the means, the spread and the consensus,
    the widest disagreements first."""
    if not permissions.can_see_proposals_of(user, call):
        raise PermissionDenied(_("The moderation is for the moderator and the programme office."))
    criteria = call.criteria_shown()
    proposals = list(call.proposals.filter(state=ProposalState.SUBMITTED).select_related("organisation").order_by(
        "id"))
    states: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for pid, state, n in Assignment.objects.filter(proposal__call=call).values_list("proposal_id", "state").annotate(
            n=Count("id")):
        states[pid][state] = n
    sheets: dict[int, dict[int, dict[str, float]]] = defaultdict(dict)
    for pid, aid, key, value in Score.objects.filter(assignment__proposal__call=call,
                                                     assignment__state=AssignmentState.SUBMITTED).values_list(
            "assignment__proposal_id", "assignment_id", "criterion", "value"):
        sheets[pid].setdefault(aid, {})[key] = float(value)
    rows: list[dict[str, Any]] = []
    for p in proposals:
        done = [s for s in sheets[p.pk].values() if all(c.key in s for c in criteria)]
        totals = [engine.weighted_total(s, criteria) for s in done]
        means = engine.mean_scores(done, criteria)
        rows.append({"proposal": p, "submitted": states[p.pk][AssignmentState.SUBMITTED],
                     "open": states[p.pk][AssignmentState.PENDING] + states[p.pk][AssignmentState.CLEARED],
                     "conflicted": states[p.pk][AssignmentState.CONFLICTED], "totals": totals,
                     "means": means, "mean_total": engine.weighted_total(means, criteria) if means else None,
                     "spread": engine.spread(totals),
                     "means_list": [(c, means.get(c.key)) for c in criteria]})
    rows.sort(key=lambda r: (r["proposal"].consensus_total is not None, -r["spread"], r["proposal"].pk))
    return rows


def selection_preview(*, user: Viewer, call: Call) -> dict[str, Any] | None:
    """The ranking and the selection as they would be decided now (the office looks before deciding)."""
    if not permissions.can_manage(user, call):
        raise PermissionDenied(_("The decision is prepared by the programme office."))
    import hashlib

    from django.core.cache import cache

    ranking, candidates, proposals = candidates_for(call)
    if not ranking:
        return None
    # The exact selection takes seconds for thousands of proposals: solve once per set of inputs.
    key = "sdir-preview-" + hashlib.sha256(repr((call.pk, call.budget_eur, call.max_award_eur, [
        (c.id, c.score, c.cost, c.fundable) for c in candidates], [r.id for r in ranking])).encode()).hexdigest()
    selection = cache.get(key)
    if selection is None:
        selection = engine.select(candidates, call.budget_eur, max_award=call.max_award_eur,
                                  rank_order=[r.id for r in ranking]).as_dict()
        cache.set(key, selection, 3600)
    return {"selection": selection, "ranking": [r.__dict__ for r in ranking], "proposals": proposals}


def decision_rows(call: Call, selection: dict[str, Any], ranking: list[dict[str, Any]],
                  proposals: dict[int, Proposal] | None = None) -> list[dict[str, Any]]:
    if proposals is None:
        proposals = {p.pk: p for p in call.proposals.select_related("organisation").filter(
            pk__in=[r["id"] for r in ranking])}
    criteria = call.criteria_shown()
    rows = []
    for r in ranking:
        p = proposals.get(r["id"])
        if p is None:
            continue
        raw = selection["explanations"][str(r["id"])]
        why = engine.Explanation(r["id"], raw["selected"], raw["code"], raw["detail"])
        rows.append({**r, "proposal": p, "selected": why.selected, "code": why.code,
                     "why": explain(why, proposals, criteria, p, float(call.quality_threshold))})
    return rows


def award_list(*, user: Viewer) -> QuerySet[Award]:
    return Award.objects.select_related("call", "organisation", "proposal").restrict(user)


def award_get(*, user: Viewer, pk: int) -> Award:
    award = Award.objects.select_related("call", "organisation", "proposal").restrict(user).filter(pk=pk).first()
    if award is None:
        raise Http404(_("No such award."))
    return award


def history(instance: Any, limit: int = 50) -> list[Any]:
    """The record's changes, newest first, with their differences as a person reads them."""
    from straiik.core.audit import describe_value, history_for

    changes = list(history_for(instance)[:limit])
    for change in changes:
        model = change.changed_object_type.model_class()
        shown = []
        for name, before, after in change.differences():
            label, before = describe_value(model, name, before)
            _label, after = describe_value(model, name, after)
            shown.append((label, before, after))
        change.visible_differences = shown
    return changes


def notifications(*, user: User) -> QuerySet[Any]:
    """The user's SDIR notifications (kept by the platform's notifications app)."""
    from straiik.notifications.selectors import notifications as all_of

    return all_of(user=user).filter(kind__startswith="sdir.")


def unread_count(user: User) -> int:
    from straiik.notifications.selectors import unread_count as count

    return count(user)


def dashboard(*, now: dt.datetime | None = None) -> dict[str, Any]:
    """The programme's indicators, over every call that has closed (drafts and withdrawn calls do not count, nor
    exercises unless included: core/exercises.py)."""
    now = now or timezone.now()
    # Public figures over what the public may see (the one read path with no user): a withheld call is neither
    # counted nor named, for anyone, so the page is the same for everyone.
    calls = official(Call.objects.restrict(None))
    closed = [c for c in calls.exclude(state__in=[State.DRAFT, State.WITHDRAWN, State.CANCELLED]).order_by(
        "closes_at", "id") if c.current_state(now) in AFTER_CLOSE]
    times = engine.timeliness([engine.CallTimes(c.pk, c.reference, c.closes_at, c.notified_at, c.awarded_at, c.phase,
                                                c.area) for c in closed], now,
                              notify_target=NOTIFY_DAYS, award_target=AWARD_DAYS)
    by_id = {c.pk: c for c in closed}
    labels = {"on_time": _("on time"), "late": _("late"), "waiting": _("waiting"), "overdue": _("overdue")}
    for row in times.rows:
        row["call"] = by_id[row["id"]]
        row["notification_label"], row["award_label"] = labels[row["notification"]], labels[row["award"]]
    decided = [c.pk for c in closed if c.state in AFTER_DECISION]
    success: list[dict[str, Any]] = []
    counts = (Proposal.objects.filter(call_id__in=decided, state=ProposalState.SUBMITTED)
              .values("call__phase", "call__area")
              .annotate(n=Count("id"), won=Count("id", filter=Q(outcome=Outcome.SELECTED)))
              .order_by("call__phase", "call__area"))
    for count in counts:
        success.append({"phase": Phase(count["call__phase"]).label, "phase_n": count["call__phase"],
                        "area": Area(count["call__area"]).label, "area_code": count["call__area"],
                        "proposals": count["n"], "selected": count["won"],
                        "rate": engine.rate(count["won"], count["n"])})
    by_phase = []
    for phase in Phase:
        n = sum(r["proposals"] for r in success if r["phase_n"] == phase)
        won = sum(r["selected"] for r in success if r["phase_n"] == phase)
        by_phase.append({"phase": phase.label, "proposals": n, "selected": won, "rate": engine.rate(won, n)})
    awards = official(Award.objects.restrict(None).filter(call__in=calls.values("pk")), "call__")
    outcome = dict(awards.values_list("transition").annotate(n=Count("id")))
    total = awards.count()
    recorded = sum(n for key, n in outcome.items() if key)
    transitioned = sum(outcome.get(t, 0) for t in TRANSITIONED)
    finished = awards.exclude(status=AwardStatus.ACTIVE)
    finished_unknown = finished.filter(transition="").count()
    amounts = list(awards.values_list("amount_eur", flat=True))
    return {
        "now": now, "times": times, "success": success, "by_phase": by_phase,
        "calls": calls.exclude(state=State.DRAFT).count(), "closed": len(closed),
        "awards": total, "awarded_eur": sum(amounts), "median_award": statistics.median(amounts) if amounts else None,
        "transition": {"recorded": recorded, "transitioned": transitioned, "rate": engine.rate(transitioned, recorded),
                       "unknown": total - recorded, "finished": finished.count(),
                       "finished_unknown": finished_unknown,
                       "counts": [(value, label, outcome.get(value, 0)) for value, label in Transition.choices
                                  if value]},
        "follow_on_eur": sum(awards.exclude(follow_on_amount_eur=None).values_list("follow_on_amount_eur", flat=True)),
    }


def awards_with_milestones(call: Call) -> QuerySet[Award]:
    from straiik.sdir.models import Milestone

    return call.awards.select_related("organisation", "proposal").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")))


def step_consequences(*, user: Viewer, call: Call, action: str, reason: str = "") -> Consequences:
    """What an irreversible step of a call will do and whom it tells, for its confirmation page."""
    from straiik.sdir.workflow import TRANSITIONS

    step = TRANSITIONS[action]
    c = Consequences(title=_("%(step)s: %(c)s?") % {"step": step.label, "c": call.reference}, button=str(step.label),
                     danger=action in ("cancel", "withdraw"))
    submitted = list(call.proposals.filter(state=ProposalState.SUBMITTED).select_related("organisation")
                     .order_by("organisation__name", "pk"))
    if action == "decide":
        preview = selection_preview(user=user, call=call)
        chosen = set(preview["selection"]["selected"]) if preview else set()
        funded = [p for p in submitted if p.pk in chosen]
        c.effects = [
            _("%(n)s of %(m)s proposals are funded, for € %(spent)s of the budget of € %(budget)s.") % {
                "n": len(funded), "m": len(submitted), "spent": money(sum(p.amount_eur for p in funded)),
                "budget": money(call.budget_eur)},
            _("Every applicant is told the outcome at once, in the platform and by e-mail, with a feedback letter."),
            _("The ranking and the selection are fixed: scores can no longer change."),
        ]
        c.recipients_heading = _("Who is told, and what")
        c.recipients = [_("%(o)s — “%(t)s”: %(outcome)s") % {
            "o": p.organisation.name, "t": p.title,
            "outcome": _("selected") if p.pk in chosen else _("not selected")} for p in submitted]
    elif action == "award":
        selected = [p for p in submitted if p.outcome == Outcome.SELECTED]
        c.effects = [
            ngettext("%(n)s contract is awarded, € %(total)s in all, with its milestones.",
                     "%(n)s contracts are awarded, € %(total)s in all, each with its milestones.", len(selected)) % {
                "n": len(selected), "total": money(sum(p.amount_eur for p in selected))},
            _("Each company is told in the platform and by e-mail; the awards are published in the OCDS releases."),
        ]
        c.recipients = [_("%(o)s — € %(a)s for “%(t)s”") % {"o": p.organisation.name, "a": money(p.amount_eur),
                                                          "t": p.title} for p in selected]
    elif action == "cancel":
        c.effects = [_("The call ends without a decision; proposals can no longer be reviewed or funded."),
                     _("Every applicant with a submitted proposal is told, with your reason: %(r)s") % {"r": reason}]
        c.recipients = [f"{p.organisation.name} — “{p.title}”" for p in submitted]
    elif action == "withdraw":
        c.effects = [_("The call is withdrawn before it opens; it can no longer be published or edited."),
                     _("Your reason is kept in the call's history: %(r)s") % {"r": reason}]
    elif action == "complete":
        c.effects = [_("The call is complete: its awards and milestones can no longer change.")]
    return c


# --- eligibility, ranking and the applicants' reasons (read by the services too) ---------------------------

SME_EMPLOYEES = 250


def is_sme(organisation: Organisation) -> bool:
    if organisation.kind in ("sme", "startup"):
        return True
    return organisation.employees is not None and organisation.employees < SME_EMPLOYEES


def _pct(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def eligibility_problems(call: Call, organisation: Organisation) -> list[str]:
    """Why an organisation may not apply to a call (empty when it may)."""
    problems = []
    if organisation.kind not in COMPANY_KINDS and organisation.kind not in ("knowledge", "international"):
        problems.append(_("%(o)s is a %(k)s: companies and knowledge institutions apply to SDIR calls.") % {
            "o": organisation.name, "k": organisation.get_kind_display()})
    if call.allowed_countries and organisation.country not in call.allowed_countries:
        problems.append(_("%(o)s is established in %(c)s; this call is open to organisations from %(a)s.") % {
            "o": organisation.name, "c": organisation.country, "a": ", ".join(call.allowed_countries)})
    if call.max_foreign_ownership_pct is not None:
        if organisation.foreign_ownership_pct is None:
            problems.append(_("Declare %(o)s's foreign ownership in the registry first: this call limits it to "
                              "%(m)s %%.") % {"o": organisation.name, "m": _pct(call.max_foreign_ownership_pct)})
        elif organisation.foreign_ownership_pct > call.max_foreign_ownership_pct:
            problems.append(_("%(o)s is %(p)s %% foreign-owned; this call allows at most %(m)s %%.") % {
                "o": organisation.name, "p": _pct(organisation.foreign_ownership_pct),
                "m": _pct(call.max_foreign_ownership_pct)})
    control = organisation.foreign_control_country
    if control and control != organisation.country and call.allowed_control_countries \
            and control not in call.allowed_control_countries:
        problems.append(_("%(o)s is controlled from %(c)s; this call allows control only from %(a)s.") % {
            "o": organisation.name, "c": control, "a": ", ".join(call.allowed_control_countries)})
    # The call's protection rules and the organisation's foreign-influence disclosure (control along the
    # declared chain, not only the registry's field checked above).
    from straiik.protection.services import eligibility_problems as protection_problems

    problems += protection_problems(call, organisation, allowed_control=call.allowed_control_countries,
                                    skip_registry_control=bool(call.allowed_control_countries))
    if call.sme_only and not is_sme(organisation):
        problems.append(_("This call is for SMEs and start-ups (fewer than %(n)s employees).") % {"n": SME_EMPLOYEES})
    if call.only_previous_winners and not Award.objects.filter(call=call.follows,
                                                               organisation=organisation).exists():
        problems.append(_("This call is limited to the winners of %(c)s.") % {"c": call.follows})
    return problems



def candidates_for(call: Call) -> tuple[list[engine.Ranked], list[engine.Candidate], dict[int, Proposal]]:
    """The ranking and the selection's candidates, from the proposals' consensus."""
    criteria = call.criteria_list()
    proposals = {p.pk: p for p in call.proposals.filter(state=ProposalState.SUBMITTED).select_related(
        "organisation")}
    threshold = float(call.quality_threshold)
    items, candidates = [], []
    for p in proposals.values():
        if p.consensus_total is None:
            continue
        total = float(p.consensus_total)
        failed = engine.below_thresholds(p.consensus, criteria)
        fundable = total >= threshold and not failed
        assert p.submitted_at is not None  # only submitted proposals are ranked
        items.append(engine.RankInput(p.pk, total, p.amount_eur, p.submitted_at.timestamp(), fundable))
        candidates.append(engine.Candidate(p.pk, total, p.amount_eur, fundable,
                                           "" if fundable else "below_threshold"))
    return engine.rank(items), candidates, proposals



def _grouped(value: float) -> str:
    from django.utils.formats import number_format

    return number_format(round(value), 0, force_grouping=True)


def explain(why: engine.Explanation, proposals: dict[int, Proposal], criteria: list[Any], proposal: Proposal,
            threshold: float) -> str:
    """The sentence an applicant reads about the selection."""
    d = why.detail
    if why.code == "selected":
        return _("Ranked %(r)s; selected within the phase budget.") % {"r": d.get("rank")}
    if why.code == "below_threshold":
        failed = [c.label for c in criteria if float(proposal.consensus.get(c.key, 0)) < c.threshold]
        if failed:
            return _("Below the pass mark on: %(c)s.") % {"c": ", ".join(failed)}
        return _("The total %(t)s is below the lowest fundable total, %(m)s.") % {
            "t": proposal.consensus_total, "m": threshold}
    if why.code == "over_max_award":
        return _("Asks more than the maximum award.")
    if why.code == "displaced" and "loss" in d:
        names = ", ".join(str(proposals[i].title) for i in d.get("would_drop", []))
        return _("Ranked %(r)s. Funding it (€ %(c)s) would have meant dropping %(n)s from the selection and "
                 "lowering the total score of the funded proposals by %(l)s points.") % {
            "r": d.get("rank"), "c": _grouped(d["cost"]), "n": names or "—", "l": d["loss"]}
    if why.code == "does_not_fit":
        return _("Ranked %(r)s. It asks € %(c)s; € %(left)s of the budget was left after the higher-value "
                 "selection.") % {"r": d.get("rank"), "c": _grouped(d.get("cost", 0)),
                                  "left": _grouped(d.get("left", 0))}
    return _("Ranked %(r)s; not selected.") % {"r": d.get("rank")}


def applicants(proposal: Proposal) -> list[Any]:
    from straiik.registry.models import Membership

    users = {m.user for m in Membership.objects.filter(organisation_id=proposal.organisation_id).select_related(
        "user")}
    users.add(proposal.submitted_by)
    return sorted(users, key=lambda u: u.pk)


def awards_waiting_due_diligence(limit: int = 200) -> list[dict[str, Any]]:
    """Selected SDIR proposals whose call requires due diligence and whose organisation has none recorded yet for
    that call, before the awards are made (protection's dashboard; registered from SdirConfig.ready())."""
    call_type = ContentType.objects.get_for_model(Call)
    call_ids = list(ProtectionRules.objects.filter(content_type=call_type, due_diligence_required=True
                                                   ).values_list("object_id", flat=True))
    rows = []
    for call in Call.objects.filter(pk__in=call_ids, awarded_at__isnull=True).prefetch_related("proposals"):
        done = set(DueDiligence.objects.filter(content_type=call_type, object_id=call.pk).exclude(
            outcome="refused").values_list("organisation_id", flat=True))
        for proposal in call.proposals.filter(outcome=Outcome.SELECTED, state=ProposalState.SUBMITTED
                                              ).select_related("organisation"):
            if proposal.organisation_id not in done:
                rows.append({"call": call, "proposal": proposal, "organisation": proposal.organisation})
    return rows[:limit]
