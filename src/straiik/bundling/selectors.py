"""Reads for demand bundling: what a user may see, and the results of a run as people read them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from straiik.bundling import permissions
from straiik.bundling.choices import RunStatus
from straiik.bundling.models import BundlingRound, BundlingRun, Demand, JointProcurement, Offer
from straiik.bundling.problem import describe_variation, lead_nation
from straiik.core.confirm import Consequences
from straiik.core.templatetags.straiik import money
from straiik.engines import bundling as engine
from straiik.registry.models import CpvCode, Organisation
from straiik.registry.taxonomies import country_name

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer


def round_list(*, user: Viewer) -> QuerySet[BundlingRound]:
    if not permissions.can_view_rounds(user):
        raise PermissionDenied(_("Sign in to see bundling rounds."))
    # The counts are of what the reader may see: a supplier does not learn how many competitors offer.
    demands = Q(demands__in=Demand.objects.restrict(user).values("pk"))
    return BundlingRound.objects.restrict(user).annotate(
        demand_count=Count("demands", filter=demands, distinct=True),
        offer_count=Count("offers", filter=Q(offers__in=Offer.objects.restrict(user).values("pk")), distinct=True),
        nation_count=Count("demands__buyer__country", filter=demands, distinct=True))


def round_get(*, user: Viewer, pk: int) -> BundlingRound:
    if not permissions.can_view_rounds(user):
        raise PermissionDenied(_("Sign in to see bundling rounds."))
    try:
        return BundlingRound.objects.restrict(user).get(pk=pk)
    except BundlingRound.DoesNotExist:
        raise Http404(_("No such bundling round.")) from None


def demands_of(*, user: Viewer, round: BundlingRound) -> QuerySet[Demand]:
    return round.demands.select_related("buyer", "item", "joint_procurement").restrict(user)


def offers_of(*, user: Viewer, round: BundlingRound) -> QuerySet[Offer]:
    return round.offers.select_related("supplier", "item").restrict(user)


def demand_get(*, user: Viewer, pk: int) -> Demand:
    demand = Demand.objects.select_related("round", "buyer", "item").restrict(user).filter(pk=pk).first()
    if demand is None:
        raise Http404(_("No such demand."))
    return demand


def offer_get(*, user: Viewer, pk: int) -> Offer:
    offer = Offer.objects.select_related("round", "supplier", "item").restrict(user).filter(pk=pk).first()
    if offer is None:
        raise Http404(_("No such offer."))
    return offer


def runs_of(*, user: Viewer, round: BundlingRound) -> QuerySet[BundlingRun]:
    if not permissions.can_view_results(user):
        return round.runs.none()
    return round.runs.select_related("requested_by").defer("problem", "solution", "without_ukraine").restrict(user)


def run_get(*, user: Viewer, pk: int) -> BundlingRun:
    if not permissions.can_view_results(user):
        raise PermissionDenied(_("Results are for the programme office and defence buyers."))
    try:
        return BundlingRun.objects.select_related("round", "requested_by").restrict(user).get(pk=pk)
    except BundlingRun.DoesNotExist:
        raise Http404(_("No such optimiser run.")) from None


def procurement_list(*, user: Viewer) -> QuerySet[JointProcurement]:
    if not permissions.can_view_results(user):
        raise PermissionDenied(_("Joint procurements are for the programme office and defence buyers."))
    return JointProcurement.objects.select_related("round", "offer__supplier", "offer__item", "accepted_by").restrict(
        user)


def procurement_get(*, user: Viewer, pk: int) -> JointProcurement:
    try:
        return procurement_list(user=user).get(pk=pk)
    except JointProcurement.DoesNotExist:
        raise Http404(_("No such joint procurement.")) from None


def nations_of(round: BundlingRound) -> list[tuple[str, str]]:
    codes = sorted(set(round.demands.values_list("buyer__country", flat=True)))
    return [(code, country_name(code)) for code in codes]


def suppliers_of(round: BundlingRound) -> list[tuple[str, str]]:
    rows = Organisation.objects.filter(bundling_offers__round=round).distinct().order_by("name")
    return [(str(o.pk), o.name) for o in rows]


# --- results ------------------------------------------------------------------------------------------------------


@dataclass
class LotRow:
    offer: str
    period: str
    supplier: str
    supplier_country: str
    item: str
    item_label: str
    quantity: int
    unit_price: float
    tier: int
    tiers: int
    value: float
    contract_cost: float
    funding: float
    net_cost: float
    solo_cost: float
    lead_nation: str
    nations: list[dict[str, Any]]
    demands: list[str]
    with_ukraine: bool
    procurement: JointProcurement | None = None

    @property
    def savings(self) -> float:
        return self.solo_cost - self.net_cost

    @property
    def savings_share(self) -> float:
        return self.savings / self.solo_cost if self.solo_cost else 0.0

    @property
    def net_unit_cost(self) -> float:
        return self.net_cost / self.quantity if self.quantity else 0.0


@dataclass
class RunReport:
    run: BundlingRun
    currency: str
    total: float
    baseline: float
    savings: float
    bound: float | None
    gap: float | None
    status: str
    lots: list[LotRow]
    buyers: list[dict[str, Any]]
    solo: list[dict[str, Any]]
    funding: float
    ukraine: dict[str, Any] | None = None
    variation: list[str] = field(default_factory=list)

    @property
    def savings_share(self) -> float:
        return self.savings / self.baseline if self.baseline else 0.0


def _funding_total(solution: dict[str, Any]) -> float:
    return sum(lot["funding"] for lot in solution["lots"])


def run_report(run: BundlingRun) -> RunReport | None:
    if run.status != RunStatus.DONE or not run.solution:
        return None
    problem = engine.parse_problem(run.problem)
    solution = run.solution
    offers = {o.code: o for o in Offer.objects.filter(round=run.round).select_related("supplier")}
    cpv = {c.code: c for c in CpvCode.objects.filter(code__in={o.item for o in problem.offers})}
    accepted = {(p.offer_id, p.period): p for p in JointProcurement.objects.filter(run=run)}
    ua = problem.rules.funding.ukraine_country if problem.rules.funding else "UA"
    lots = []
    for lot in solution["lots"]:
        offer = problem.offer_by_id[lot["offer"]]
        members = [problem.demand_by_id[d] for d in lot["demands"]]
        per_nation: dict[str, dict[str, Any]] = {}
        for demand in members:
            entry = per_nation.setdefault(demand.buyer, {"nation": demand.buyer, "name": country_name(demand.buyer),
                                                         "quantity": 0, "cost": 0.0, "solo_cost": 0.0})
            entry["quantity"] += demand.quantity
            entry["cost"] += demand.quantity * lot["net_cost"] / lot["quantity"]
            entry["solo_cost"] += demand.solo_cost
        tier = max(i for i, t in enumerate(offer.tiers) if t.min_quantity <= lot["quantity"])
        record = offers.get(lot["offer"])
        code_pk = int(lot["offer"][1:])
        lots.append(LotRow(
            offer=lot["offer"], period=lot["period"],
            supplier=record.supplier.name if record else offer.supplier, supplier_country=offer.country,
            item=offer.item, item_label=cpv[offer.item].label if offer.item in cpv else "",
            quantity=lot["quantity"], unit_price=lot["unit_price"], tier=tier + 1, tiers=len(offer.tiers),
            value=lot["value"], contract_cost=lot["contract_cost"], funding=lot["funding"], net_cost=lot["net_cost"],
            solo_cost=sum(d.solo_cost for d in members), lead_nation=lead_nation(problem, members),
            nations=sorted(per_nation.values(), key=lambda e: -e["quantity"]), demands=list(lot["demands"]),
            with_ukraine=any(problem.buyer_by_id[d.buyer].country == ua for d in members),
            procurement=accepted.get((code_pk, lot["period"]))))
    lots.sort(key=lambda row: -row.savings)
    buyers = []
    for nation, figures in sorted(solution["buyers"].items()):
        buyers.append({"nation": nation, "name": country_name(nation), "cost": figures["cost"],
                       "solo_cost": figures["solo_cost"], "savings": figures["savings"],
                       "share": figures["savings"] / figures["solo_cost"] if figures["solo_cost"] else 0.0})
    solo = [{"id": d, "nation": problem.demand_by_id[d].buyer, "item": problem.demand_by_id[d].item,
             "quantity": problem.demand_by_id[d].quantity, "cost": problem.demand_by_id[d].solo_cost}
            for d in solution["solo"]]
    bound = solution.get("bound")
    report = RunReport(
        run=run, currency=problem.currency, total=solution["total_cost"], baseline=solution["baseline_cost"],
        savings=solution["savings"], bound=bound,
        gap=engine.model.relative_gap(solution["total_cost"], bound) if bound is not None else None,
        status=solution["status"], lots=lots, buyers=buyers, solo=solo, funding=_funding_total(solution),
        variation=describe_variation(run.variation, dict(suppliers_of(run.round))))
    report.ukraine = ukraine_effect(problem, solution, run.without_ukraine)
    return report


def ukraine_effect(problem: engine.Problem, solution: dict[str, Any], without: dict[str, Any] | None
                   ) -> dict[str, Any] | None:
    """What Ukraine's participation changes: its own savings, the partners' savings and the EU funding, compared
    with the same round solved without Ukraine's demand; and the extra funding the Ukraine rule brings."""
    funding = problem.rules.funding
    country = funding.ukraine_country if funding else "UA"
    ukraine = [b.id for b in problem.buyers if b.country == country]
    if not ukraine or without is None:
        return None
    ua = ukraine[0]
    partners_with = sum(f["savings"] for b, f in solution["buyers"].items() if b != ua)
    partners_without = sum(f["savings"] for f in without["buyers"].values())
    extra = 0.0
    lots_with = 0
    if funding is not None:
        for lot in solution["lots"]:
            members = [problem.demand_by_id[d] for d in lot["demands"]]
            if any(d.buyer == ua for d in members):
                lots_with += 1
                if lot["funding"] > 0:
                    extra += (funding.share_with_ukraine - funding.share) * lot["value"]
    figures = solution["buyers"].get(ua, {"cost": 0.0, "solo_cost": 0.0, "savings": 0.0})
    total_funding, funding_without = _funding_total(solution), _funding_total(without)
    return {
        "nation": ua, "name": country_name(ua), "own_savings": figures["savings"], "own_solo": figures["solo_cost"],
        "partners_with": partners_with, "partners_without": partners_without,
        "partners_change": partners_with - partners_without,
        "funding_with": total_funding, "funding_without": funding_without,
        "funding_change": total_funding - funding_without, "extra_funding_rule": extra, "lots_with_ukraine": lots_with,
        "lots": len(solution["lots"]), "lots_without": len(without["lots"]),
        "funding_share": extra / total_funding if total_funding else 0.0,
        "savings_with": solution["savings"], "savings_without": without["savings"],
    }


def compare_runs(*, user: Viewer, round: BundlingRound) -> list[dict[str, Any]]:
    """The finished runs of a round side by side: what each what-if changes."""
    if not permissions.can_view_results(user):
        return []
    supplier_names = dict(suppliers_of(round))
    rows = []
    for run in round.runs.filter(status=RunStatus.DONE).order_by("created_at", "id"):
        solution = run.solution or {}
        lots = solution.get("lots", [])
        bound = solution.get("bound")
        rows.append({
            "run": run, "changes": describe_variation(run.variation, supplier_names) or [_("the round as it is")],
            "total": solution.get("total_cost", 0.0), "baseline": solution.get("baseline_cost", 0.0),
            "savings": solution.get("savings", 0.0),
            "share": solution["savings"] / solution["baseline_cost"] if solution.get("baseline_cost") else 0.0,
            "lots": len(lots), "in_lots": sum(len(lot["demands"]) for lot in lots),
            "solo": len(solution.get("solo", [])),
            "funding": _funding_total(solution) if solution else 0.0,
            "gap": engine.model.relative_gap(solution["total_cost"], bound) if bound is not None else None,
            "status": solution.get("status", ""),
        })
    return rows


def round_summary(round: BundlingRound, *, user: Viewer | None = None) -> dict[str, Any]:
    """The round's figures over what `user` may see (None: everything, for the office's reports)."""
    demands, offers = round.demands.all(), round.offers.all()
    if user is not None:
        demands, offers = demands.restrict(user), offers.restrict(user)
    demand = demands.aggregate(n=Count("id"), nations=Count("buyer__country", distinct=True),
                                     agreed=Count("id", filter=Q(joint_procurement__isnull=False)))
    per_nation: dict[str, int] = defaultdict(int)
    for country, quantity in demands.values_list("buyer__country", "quantity"):
        per_nation[country] += quantity
    return {"demands": demand["n"], "nations": demand["nations"], "agreed": demand["agreed"],
            "offers": offers.count(), "suppliers": offers.values("supplier").distinct().count()}


def accept_consequences(run: BundlingRun, *, offer: str, period: str) -> Consequences | None:
    """What accepting one proposed joint contract binds, for its confirmation page; None when the run does not
    propose it (the service then says why)."""
    report = run_report(run)
    lot = next((lot for lot in (report.lots if report else []) if lot.offer == offer and lot.period == period), None)
    if report is None or lot is None or run.variation or lot.procurement is not None:
        return None
    currency = report.currency
    return Consequences(
        title=_("Accept the joint procurement of %(item)s from %(supplier)s in %(period)s?") % {
            "item": lot.item_label or lot.item, "supplier": lot.supplier, "period": period},
        effects=[
            _("A joint procurement is recorded, led by %(lead)s: %(q)s units for %(cost)s %(c)s net, saving "
              "%(saved)s %(c)s against buying alone.") % {
                "lead": lot.lead_nation, "q": money(lot.quantity), "cost": money(lot.net_cost),
                "saved": money(lot.savings), "c": currency},
            _("The demand of every participating nation below is bound to it and can no longer join another joint "
              "procurement."),
        ],
        recipients_heading=_("Whose demand is bound"),
        recipients=[_("%(nation)s — %(q)s units") % {"nation": n["name"], "q": money(n["quantity"])}
                    for n in lot.nations],
        button=_("Accept the joint procurement"))
