"""Writes in demand bundling. Each service checks permission, validates, saves and records the change in one
transaction. Values arrive parsed (lists, dicts, numbers); forms, imports and the API do the parsing."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from straiik.bundling import permissions
from straiik.bundling import problem as problem_rules
from straiik.bundling.choices import RunStatus
from straiik.bundling.models import BundlingRound, BundlingRun, Demand, JointProcurement, Offer
from straiik.bundling.parsing import check_tiers
from straiik.bundling.problem import build_problem, lead_nation, normalise_variation
from straiik.bundling.workflow import PROCUREMENTS, ROUNDS
from straiik.core import taskqueue
from straiik.core.audit import apply_fields, record_change, snapshot
from straiik.core.concurrency import check_version
from straiik.core.exercises import check_may_mark
from straiik.core.forms import MARKING_FIELDS
from straiik.core.models import ObjectChange
from straiik.engines import bundling as engine
from straiik.registry.models import Organisation
from straiik.registry.verification import BUNDLING, require_verified

if TYPE_CHECKING:
    from straiik.accounts.types import User

log = logging.getLogger(__name__)

ROUND_FIELDS = ("name", "description", "currency", "periods", "min_buyers", "min_eu_buyers", "individual_rationality",
                "funding_enabled", "funding_min_eu_content", "funding_share", "funding_share_with_ukraine",
                "ukraine_country", "time_limit", *MARKING_FIELDS)
DEMAND_FIELDS = ("buyer", "reference", "item", "standard", "quantity", "periods", "solo_unit_price")
OFFER_FIELDS = ("supplier", "reference", "item", "standards", "eu_content", "contract_cost", "tiers", "capacity")


def _locked_round(round: BundlingRound) -> BundlingRound:
    return BundlingRound.objects.select_for_update().get(pk=round.pk)


# --- rounds ---------------------------------------------------------------------------------------------------


def _check_round(round: BundlingRound) -> None:
    errors: dict[str, list[str]] = {}
    periods = round.periods
    if not isinstance(periods, list) or not periods or not all(isinstance(p, str) and p.strip() for p in periods):
        errors["periods"] = [_("Give at least one delivery period.")]
    elif len(set(periods)) != len(periods):
        errors["periods"] = [_("A period is given twice.")]
    if round.min_eu_buyers is not None and round.min_buyers is not None and round.min_eu_buyers > round.min_buyers:
        errors["min_eu_buyers"] = [_("Cannot be more than the minimum number of buyers.")]
    if round.currency and (len(round.currency) != 3 or not round.currency.isalpha()):
        errors["currency"] = [_("A three-letter currency code, e.g. EUR.")]
    round.currency = (round.currency or "").upper()
    round.ukraine_country = (round.ukraine_country or "").upper()
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def round_create(*, user: User, data: dict[str, Any], is_exercise: bool = False) -> BundlingRound:
    if not permissions.can_manage(user):
        raise PermissionDenied(_("Only the programme office opens bundling rounds."))
    check_may_mark(user, is_exercise)
    round = BundlingRound(created_by=user, is_exercise=is_exercise)
    apply_fields(round, data, fields=ROUND_FIELDS)
    _check_round(round)
    round.full_clean()
    round.save()
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=round, before=None, after=snapshot(round))
    return round


@transaction.atomic
def round_update(*, user: User, round: BundlingRound, data: dict[str, Any],
                 expected_version: str | list[str] | None = None) -> BundlingRound:
    if not permissions.can_manage(user):
        raise PermissionDenied(_("Only the programme office changes bundling rounds."))
    round = _locked_round(round)
    check_version(round, expected_version)
    before = snapshot(round)
    if "periods" in data and data["periods"] != round.periods:
        used = _periods_in_use(round)
        dropped = used - set(data["periods"])
        if dropped:
            raise ValidationError({"periods": _("Periods still used by demand or offers cannot be removed: %(p)s.")
                                   % {"p": ", ".join(sorted(dropped))}})
    apply_fields(round, data, fields=ROUND_FIELDS)
    _check_round(round)
    round.full_clean()
    round.save()
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=round, before=before, after=snapshot(round))
    return round


def _periods_in_use(round: BundlingRound) -> set[str]:
    used: set[str] = set()
    for periods in round.demands.values_list("periods", flat=True):
        used.update(periods)
    for capacity in round.offers.values_list("capacity", flat=True):
        used.update(p for p, units in capacity.items() if units)
    return used


@transaction.atomic
def round_set_status(*, user: User, round: BundlingRound, status: str, reason: str = "") -> BundlingRound:
    """Move a round to `status` by the step the workflow declares for it (`workflow.ROUNDS`: who may take it)."""
    round = _locked_round(round)
    return ROUNDS.take(round, ROUNDS.step_to(round, status), user=user, reason=reason, locked=True)


# --- demand and offers --------------------------------------------------------------------------------------------


def _check_demand(round: BundlingRound, demand: Demand) -> None:
    errors: dict[str, str] = {}
    periods = demand.periods
    if not isinstance(periods, list) or not periods:
        errors["periods"] = _("Give at least one acceptable delivery period.")
    else:
        unknown = [p for p in periods if p not in round.periods]
        if unknown:
            errors["periods"] = _("Not a period of this round: %(p)s (the round has %(all)s).") % {
                "p": ", ".join(map(str, unknown)), "all": ", ".join(round.periods)}
        elif len(set(periods)) != len(periods):
            errors["periods"] = _("A period is given twice.")
        else:
            demand.periods = sorted(periods, key=round.periods.index)
    demand.standard = (demand.standard or "").strip()
    if demand.quantity is not None and demand.quantity <= 0:
        errors["quantity"] = _("The quantity must be at least 1.")
    if errors:
        raise ValidationError(errors)


def _check_offer(round: BundlingRound, offer: Offer) -> None:
    errors: dict[str, str] = {}
    standards = offer.standards
    if not isinstance(standards, list) or not standards or not all(isinstance(s, str) and s.strip() for s in standards):
        errors["standards"] = _("Give at least one standard the offer meets.")
    else:
        offer.standards = list(dict.fromkeys(s.strip() for s in standards))
    try:
        tiers = [{"min_quantity": int(t["min_quantity"]), "unit_price": float(t["unit_price"])} for t in offer.tiers]
        if any(t["min_quantity"] < 0 or t["unit_price"] < 0 for t in tiers):
            raise ValueError(_("Tier quantities and prices cannot be negative."))
        offer.tiers = check_tiers(tiers)
    except (TypeError, KeyError):
        errors["tiers"] = _("Each tier needs a minimum quantity and a unit price.")
    except ValueError as error:
        errors["tiers"] = str(error)
    capacity = offer.capacity
    if not isinstance(capacity, dict):
        errors["capacity"] = _("Give the capacity per period.")
    else:
        unknown = [p for p in capacity if p not in round.periods]
        bad = [p for p, units in capacity.items() if not isinstance(units, int) or isinstance(units, bool) or units < 0]
        if unknown:
            errors["capacity"] = _("Not a period of this round: %(p)s (the round has %(all)s).") % {
                "p": ", ".join(unknown), "all": ", ".join(round.periods)}
        elif bad:
            errors["capacity"] = (_("Capacity must be a whole number of units, 0 or more (%(p)s).")
                                  % {"p": ", ".join(bad)})
        elif not any(capacity.values()):
            errors["capacity"] = _("Give the capacity for at least one period.")
        else:
            offer.capacity = {p: capacity[p] for p in round.periods if p in capacity}
    if errors:
        raise ValidationError(errors)


def _require_open(round: BundlingRound) -> None:
    if not round.accepts_inputs:
        raise ValidationError(_("This round is %(status)s: demand and offers can no longer change.")
                              % {"status": round.get_status_display().lower()})


@transaction.atomic
def demand_create(*, user: User, round: BundlingRound, data: dict[str, Any]) -> Demand:
    round = _locked_round(round)
    _require_open(round)
    demand = Demand(round=round, created_by=user)
    apply_fields(demand, data, fields=DEMAND_FIELDS)
    if demand.buyer_id is None or not permissions.may_buy_for(user, demand.buyer_id):
        raise PermissionDenied(_("You may register demand only for an organisation you buy for."))
    require_verified(Organisation.objects.get(pk=demand.buyer_id), action=BUNDLING)
    _check_demand(round, demand)
    demand.full_clean(exclude=["round", "created_by", "joint_procurement"])
    demand.save()
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=demand, before=None, after=snapshot(demand),
                  related=round)
    return demand


@transaction.atomic
def demand_update(*, user: User, demand: Demand, data: dict[str, Any]) -> Demand:
    demand = Demand.objects.select_for_update().select_related("round", "buyer").get(pk=demand.pk)
    _require_open(demand.round)
    if not permissions.can_change_demand(user, demand):
        raise PermissionDenied(_("You may not change this demand."))
    before = snapshot(demand)
    apply_fields(demand, data, fields=DEMAND_FIELDS)
    if not permissions.may_buy_for(user, demand.buyer_id):
        raise PermissionDenied(_("You may register demand only for an organisation you buy for."))
    require_verified(Organisation.objects.get(pk=demand.buyer_id), action=BUNDLING)
    _check_demand(demand.round, demand)
    demand.full_clean(exclude=["round", "created_by", "joint_procurement"])
    demand.save()
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=demand, before=before,
                  after=snapshot(demand), related=demand.round)
    return demand


@transaction.atomic
def demand_delete(*, user: User, demand: Demand) -> None:
    demand = Demand.objects.select_for_update().select_related("round", "buyer").get(pk=demand.pk)
    _require_open(demand.round)
    if not permissions.can_change_demand(user, demand):
        raise PermissionDenied(_("You may not withdraw this demand."))
    record_change(user=user, action=ObjectChange.Action.DELETE, instance=demand, before=snapshot(demand), after=None,
                  related=demand.round)
    demand.delete()


@transaction.atomic
def offer_create(*, user: User, round: BundlingRound, data: dict[str, Any]) -> Offer:
    round = _locked_round(round)
    _require_open(round)
    offer = Offer(round=round, created_by=user)
    apply_fields(offer, data, fields=OFFER_FIELDS)
    if offer.supplier_id is None or not permissions.may_supply_for(user, offer.supplier_id):
        raise PermissionDenied(_("You may register offers only for an organisation you belong to."))
    require_verified(Organisation.objects.get(pk=offer.supplier_id), action=BUNDLING)
    _check_offer(round, offer)
    offer.full_clean(exclude=["round", "created_by"])
    offer.save()
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=offer, before=None, after=snapshot(offer),
                  related=round)
    return offer


@transaction.atomic
def offer_update(*, user: User, offer: Offer, data: dict[str, Any]) -> Offer:
    offer = Offer.objects.select_for_update().select_related("round", "supplier").get(pk=offer.pk)
    _require_open(offer.round)
    if not permissions.can_change_offer(user, offer):
        raise PermissionDenied(_("You may not change this offer."))
    before = snapshot(offer)
    apply_fields(offer, data, fields=OFFER_FIELDS)
    if not permissions.may_supply_for(user, offer.supplier_id):
        raise PermissionDenied(_("You may register offers only for an organisation you belong to."))
    require_verified(Organisation.objects.get(pk=offer.supplier_id), action=BUNDLING)
    _check_offer(offer.round, offer)
    offer.full_clean(exclude=["round", "created_by"])
    offer.save()
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=offer, before=before, after=snapshot(offer),
                  related=offer.round)
    return offer


@transaction.atomic
def offer_delete(*, user: User, offer: Offer) -> None:
    offer = Offer.objects.select_for_update().select_related("round", "supplier").get(pk=offer.pk)
    _require_open(offer.round)
    if not permissions.can_change_offer(user, offer):
        raise PermissionDenied(_("You may not withdraw this offer."))
    if offer.procurements.exists():
        raise ValidationError(_("A joint procurement was agreed on this offer; it cannot be withdrawn."))
    record_change(user=user, action=ObjectChange.Action.DELETE, instance=offer, before=snapshot(offer), after=None,
                  related=offer.round)
    offer.delete()


# --- optimiser runs ---------------------------------------------------------------------------------------------


def run_request(*, user: User, round: BundlingRound, label: str = "", variation: dict[str, Any] | None = None,
                time_limit: int | None = None, enqueue: bool = True) -> BundlingRun:
    """Snapshot the round's inputs (changed as the what-if says) and queue the optimiser on them."""
    if not permissions.can_manage(user):
        raise PermissionDenied(_("Only the programme office runs the optimiser."))
    variation = normalise_variation(round, variation or {})
    limit = int(time_limit or round.time_limit)
    if not 1 <= limit <= 3600:
        raise ValidationError({"time_limit": _("Between 1 and 3600 seconds.")})
    with transaction.atomic():
        problem = build_problem(round, variation)
        if not problem["demands"]:
            raise ValidationError(_("There is no demand to bundle (after the what-if changes)."))
        run = BundlingRun.objects.create(round=round, label=(label or _("Optimiser run")).strip()[:200],
                                         variation=variation, time_limit=limit, problem=problem, requested_by=user,
                                         progress={"message": _("Waiting for a worker")})
        record_change(user=user, action=ObjectChange.Action.CREATE, instance=run, before=None,
                      after={"label": run.label, "variation": variation, "time_limit": limit,
                             "demands": len(problem["demands"]), "offers": len(problem["offers"])}, related=round)
    if enqueue:
        taskqueue.enqueue_on_commit(
            "straiik.bundling.tasks.solve_run", run.pk,
            then=lambda result: BundlingRun.objects.filter(pk=run.pk).update(task_id=str(result.id)))
    return run


class _ProgressWriter:
    """Writes the solver's progress to the run row, at most once a second, so a page reload shows it."""

    def __init__(self, run_id: int, phase: str, interval: float = 1.0) -> None:
        self.run_id, self.phase, self.interval, self.last = run_id, phase, interval, 0.0

    def __call__(self, event: engine.Progress) -> None:
        now = time.monotonic()
        if now - self.last < self.interval:
            return
        self.last = now
        BundlingRun.objects.filter(pk=self.run_id).update(
            progress={"phase": self.phase, "elapsed": round(event.elapsed, 1), "component": event.component,
                      "components": event.components, "total": event.total, "bound": event.bound,
                      "gap": event.gap, "message": event.message},
            heartbeat_at=timezone.now())


def run_execute(run_id: int, *, solver: Callable[..., engine.SolveResult] | None = None) -> BundlingRun:
    """The background task's body: solve, store the solution, and for rounds with Ukrainian demand solve once
    more without it to show what Ukraine's participation changes. Failures are stored on the run.

    The solve is shared with every other task-queue worker, component by component (`distributed.py`);
    `solver` (e.g. `engine.solve`) solves in this process instead."""
    from straiik.bundling import distributed

    def solve_phase(phase: str, problem: engine.Problem, limit: float) -> engine.SolveResult:
        if solver is not None:
            return solver(problem, time_limit=limit, progress=_ProgressWriter(run_id, phase), progress_interval=1.0)
        return distributed.solve_phase(run, phase, problem, limit)

    claimed = BundlingRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now(),
        progress={"message": _("Reading the problem")})
    run = BundlingRun.objects.get(pk=run_id)
    if not claimed:
        log.warning("run %s is %s, not queued; not run again", run_id, run.status)
        return run
    try:
        problem = engine.parse_problem(run.problem)
        ukraine = problem_rules.ukraine_buyer(problem)
        main_share = 0.75 if ukraine else 1.0
        result = solve_phase("main", problem, run.time_limit * main_share)
        solution = engine.solution_to_dict(result.solution)
        stats = _stats(result)
        without = None
        if ukraine:
            reduced = problem_rules.without_buyer(run.problem, ukraine)
            if reduced["demands"]:
                other = solve_phase("without-ukraine", engine.parse_problem(reduced), max(run.time_limit * 0.25, 1.0))
                without = engine.solution_to_dict(other.solution)
            else:
                without = {"total_cost": 0.0, "baseline_cost": 0.0, "savings": 0.0, "lots": [], "solo": [],
                           "buyers": {}, "status": "optimal", "bound": 0.0}
        violations = engine.check(problem, result.solution)
        if violations:  # the engine's own output is checked before anyone sees it
            raise RuntimeError("the solution breaks rules: " + "; ".join(map(str, violations[:5])))
    except Exception as error:  # noqa: BLE001 - any failure is reported on the run, not lost in a log
        log.exception("bundling run %s failed", run_id)
        BundlingRun.objects.filter(pk=run_id).update(status=RunStatus.FAILED, finished_at=timezone.now(),
                                                     error=f"{type(error).__name__}: {error}"[:2000])
        return BundlingRun.objects.get(pk=run_id)
    BundlingRun.objects.filter(pk=run_id).update(
        status=RunStatus.DONE, finished_at=timezone.now(), solution=solution, stats=stats, without_ukraine=without,
        progress={"phase": "done", "elapsed": round(result.stats.seconds, 1), "total": solution["total_cost"],
                  "bound": solution.get("bound"), "gap": result.solution.gap, "message": _("Finished")})
    return BundlingRun.objects.get(pk=run_id)


def _stats(result: engine.SolveResult) -> dict[str, Any]:
    stats = result.stats
    open_parts = sorted(((i, c) for i, c in enumerate(stats.components) if not c.optimal),
                        key=lambda item: -item[1].absolute_gap)
    return {"seconds": round(stats.seconds, 3), "greedy_total": stats.greedy_total,
            "components": len(stats.components), "loose_demands": stats.loose_demands,
            "pruned_pairs": stats.pruned_pairs, "workers": stats.workers,
            "optimal_components": sum(1 for c in stats.components if c.optimal),
            # The components not proven optimal, largest absolute gap first (at most 20 listed).
            "open_components": [{"index": i + 1, "demands": c.demands, "gap": c.gap, "absolute_gap": c.absolute_gap,
                                 "status": c.status} for i, c in open_parts[:20]]}


STALE_AFTER_SECONDS = 120


def run_is_stale(run: BundlingRun) -> bool:
    """A running run whose worker stopped reporting (killed, machine restarted): it will not finish."""
    if run.status != RunStatus.RUNNING or run.heartbeat_at is None:
        return False
    return (timezone.now() - run.heartbeat_at).total_seconds() > max(STALE_AFTER_SECONDS, run.time_limit * 2)


# --- accepting a proposal -----------------------------------------------------------------------------------------


@transaction.atomic
def procurement_accept(*, user: User, run: BundlingRun, offer_code: str, period: str) -> JointProcurement:
    """Turn one proposed joint contract of a finished run into a joint procurement record."""
    if not permissions.can_manage(user):
        raise PermissionDenied(_("Only the programme office accepts proposals."))
    run = BundlingRun.objects.select_for_update().select_related("round").get(pk=run.pk)
    if run.status != RunStatus.DONE or not run.solution:
        raise ValidationError(_("This run has no results to accept."))
    if run.variation:
        raise ValidationError(_("A what-if run is for comparison; accept proposals from a run on the round as it "
                                "is."))
    lot = next((lot for lot in run.solution["lots"] if lot["offer"] == offer_code and lot["period"] == period), None)
    if lot is None:
        raise ValidationError(_("This run proposes no joint contract on %(offer)s in %(period)s.")
                              % {"offer": offer_code, "period": period})
    offer = Offer.objects.select_for_update().filter(round=run.round, pk=_pk(offer_code, "O")).first()
    if offer is None:
        raise ValidationError(_("The offer %(offer)s has been withdrawn since this run.") % {"offer": offer_code})
    demand_ids = [_pk(code, "D") for code in lot["demands"]]
    demands = list(Demand.objects.select_for_update().filter(round=run.round, pk__in=demand_ids)
                   .select_related("buyer"))
    if len(demands) != len(demand_ids):
        raise ValidationError(_("Some demand in this proposal has been withdrawn since the run; run the optimiser "
                                "again."))
    changed = [d.code for d in demands if d.updated_at > run.created_at]
    if changed or offer.updated_at > run.created_at:
        raise ValidationError(_("Inputs changed after this run (%(what)s); run the optimiser again before accepting.")
                              % {"what": ", ".join(changed + ([offer.code] if offer.updated_at > run.created_at
                                                              else []))})
    taken = [d.code for d in demands if d.joint_procurement_id is not None]
    if taken:
        raise ValidationError(_("Demand %(codes)s is already part of an agreed joint procurement.")
                              % {"codes": ", ".join(taken)})
    from straiik.protection.services import require_clearance

    require_clearance(run.round, offer.supplier)  # due diligence, confirmed sanctions matches, export control
    problem = engine.parse_problem(run.problem)
    members = [problem.demand_by_id[code] for code in lot["demands"]]
    figures = engine.lot_figures(problem, problem.offer_by_id[offer_code], period, members)
    if engine.lot_violations(problem, problem.offer_by_id[offer_code], period, members):
        raise ValidationError(_("This proposal breaks the round's rules."))  # cannot happen for a checked run
    participants = []
    by_buyer: dict[str, dict[str, Any]] = {}
    for demand in members:
        share = demand.quantity * figures.net_cost / figures.quantity
        entry = by_buyer.setdefault(demand.buyer, {"nation": demand.buyer, "demands": [], "quantity": 0,
                                                   "cost": 0.0, "solo_cost": 0.0})
        entry["demands"].append(demand.id)
        entry["quantity"] += demand.quantity
        entry["cost"] += share
        entry["solo_cost"] += demand.solo_cost
    for entry in by_buyer.values():
        entry["cost"] = round(entry["cost"], 2)
        entry["solo_cost"] = round(entry["solo_cost"], 2)
        participants.append(entry)
    procurement = JointProcurement.objects.create(
        round=run.round, run=run, offer=offer, period=period, lead_nation=lead_nation(problem, members),
        participants=participants, quantity=figures.quantity, unit_price=_money(figures.unit_price),
        value=_money(figures.value), contract_cost=_money(figures.contract_cost), funding=_money(figures.funding),
        net_cost=_money(figures.net_cost), solo_cost=_money(sum(d.solo_cost for d in members)), accepted_by=user)
    Demand.objects.filter(pk__in=demand_ids).update(joint_procurement=procurement)
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=procurement, before=None,
                  after=snapshot(procurement), related=run.round)
    return procurement


@transaction.atomic
def procurement_set_status(*, user: User, procurement: JointProcurement, status: str) -> JointProcurement:
    """Sign or cancel a joint procurement (`workflow.PROCUREMENTS`: cancelling releases its demand, and is final)."""
    if not permissions.can_manage(user):
        raise PermissionDenied(_("Only the programme office changes joint procurements."))
    procurement = JointProcurement.objects.select_for_update(of=("self",)).get(pk=procurement.pk)
    return PROCUREMENTS.take(procurement, PROCUREMENTS.step_to(procurement, status), user=user, locked=True)


def _pk(code: str, prefix: str) -> int:
    if not code.startswith(prefix) or not code[1:].isdigit():
        raise ValidationError(_("“%(code)s” is not an id of this round.") % {"code": code})
    return int(code[1:])


def _money(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))
