"""The rules of `straiik.bundling/1` in one place: lot figures, solutions built from an assignment, and the checker.

The solver, the greedy heuristic, the tests and `straiik bundle check` all price lots with `lot_figures` and
judge them with `lot_violations`, so there is one reading of the spec's Semantics section:

- A lot is a pair (offer, period): a solution has at most one lot per pair (two lots on the same pair would
  be one contract cut in two, each paying the contract cost and pricing its own tier, which the spec does
  not allow).
- A buyer's cost is the sum over its demands of the solo cost, or of the demand's quantity share of its
  lot's net cost (q * C / Q). Every buyer of the problem is listed in `buyers`, also one without demands.
- Money is compared with a relative tolerance of 1e-6 (`money_close`), so is individual rationality:
  C/Q may exceed a solo price by at most 1e-6 relative.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from .model import (
    FEASIBLE,
    OPTIMAL,
    REL_TOL,
    BuyerFigures,
    Demand,
    Lot,
    Offer,
    Problem,
    Solution,
    Violation,
    money_close,
)


def lot_figures(problem: Problem, offer: Offer, period: str, members: Sequence[Demand]) -> Lot:
    """Price a lot (rules 2, 4, 5, 6): quantity, all-units tier price, value, contract cost, funding, net cost."""
    quantity = sum(d.quantity for d in members)
    unit_price = offer.unit_price(quantity)
    value = quantity * unit_price
    with_ukraine = any(problem.is_ukrainian(d.buyer) for d in members)
    funding = problem.funding_share(offer, with_ukraine) * value
    return Lot(offer=offer.id, period=period, demands=tuple(d.id for d in members), quantity=quantity,
               unit_price=unit_price, value=value, contract_cost=offer.contract_cost, funding=funding,
               net_cost=value + offer.contract_cost - funding)


def exceeds(amount: float, limit: float) -> bool:
    """amount > limit by more than the money tolerance."""
    return amount > limit and not money_close(amount, limit)


def lot_violations(problem: Problem, offer: Offer, period: str, members: Sequence[Demand],
                   where: str | None = None) -> list[Violation]:
    """Rules 1, 2, 3 and 7 for one lot (figures are not looked at: they are recomputed)."""
    where = where or f"lot {offer.id}/{period}"
    found: list[Violation] = []
    for d in members:
        if d.item != offer.item:
            found.append(Violation("compatibility", where,
                                   f"demand {d.id} is for item {d.item}, offer {offer.id} is for item {offer.item}"))
        if d.standard not in offer.standards:
            found.append(Violation("compatibility", where, f"demand {d.id} needs standard {d.standard}, offer "
                                   f"{offer.id} meets {', '.join(offer.standards)}"))
        if period not in d.periods:
            found.append(Violation("compatibility", where, f"demand {d.id} does not accept delivery in {period} "
                                   f"(only in {', '.join(d.periods)})"))
    if not members:
        return found
    quantity = sum(d.quantity for d in members)
    capacity = offer.capacity_in(period)
    if quantity > capacity:
        found.append(Violation("capacity", where, f"quantity {quantity} is over the capacity {capacity} of offer "
                               f"{offer.id} in {period}"))
    buyers = {d.buyer for d in members}
    rules = problem.rules
    if len(buyers) < rules.min_buyers:
        found.append(Violation("min_buyers", where, f"{len(buyers)} buyer(s) ({', '.join(sorted(buyers))}), "
                               f"at least {rules.min_buyers} needed"))
    eu = sorted(b for b in buyers if problem.buyer_by_id[b].eu_member)
    if len(eu) < rules.min_eu_buyers:
        found.append(Violation("min_eu_buyers", where, f"{len(eu)} EU member buyer(s) ({', '.join(eu) or 'none'}), "
                               f"at least {rules.min_eu_buyers} needed"))
    if rules.individual_rationality:
        lot = lot_figures(problem, offer, period, members)
        unit_cost = lot.net_cost / lot.quantity
        for d in members:
            if exceeds(lot.net_cost, d.solo_unit_price * lot.quantity):
                found.append(Violation("individual_rationality", where,
                                       f"demand {d.id} would pay {unit_cost:.6g} per unit in the lot, more than its "
                                       f"solo price {d.solo_unit_price:.6g}"))
    return found


def lot_is_feasible(problem: Problem, offer: Offer, period: str, members: Sequence[Demand]) -> bool:
    return bool(members) and not lot_violations(problem, offer, period, members)


def build_solution(problem: Problem, assignment: Mapping[str, tuple[str, str]],
                   bound: float | None = None) -> Solution:
    """The full solution for an assignment (demand id -> (offer id, period); absent = solo), figures computed.

    `status` is optimal when the total equals `bound` within the tolerance. Lots come in the order of the
    offers and periods in the problem, demands in the order of the problem.
    """
    members: dict[tuple[str, str], list[Demand]] = {}
    solo: list[str] = []
    for d in problem.demands:
        key = assignment.get(d.id)
        if key is None:
            solo.append(d.id)
        else:
            members.setdefault(key, []).append(d)
    offer_index, period_index = problem.offer_index, problem.period_index
    lots = [lot_figures(problem, problem.offer_by_id[o], p, ds)
            for (o, p), ds in sorted(members.items(), key=lambda kv: (offer_index[kv[0][0]], period_index[kv[0][1]]))]
    return _with_totals(problem, lots, solo, bound)


def _with_totals(problem: Problem, lots: list[Lot], solo: list[str], bound: float | None) -> Solution:
    cost = _demand_costs(problem, lots)
    baseline = problem.baseline_cost
    total = sum(lot.net_cost for lot in lots) + sum(problem.demand_by_id[d].solo_cost for d in solo)
    buyers = _buyer_figures(problem, cost)
    status = OPTIMAL if bound is not None and money_close(total, bound) else FEASIBLE
    return Solution(total_cost=total, baseline_cost=baseline, savings=baseline - total, lots=tuple(lots),
                    solo=tuple(solo), buyers=buyers, bound=bound, status=status)


def _demand_costs(problem: Problem, lots: Iterable[Lot]) -> dict[str, float]:
    """What each demand pays: its quantity share of its lot's net cost, or its solo cost."""
    cost = {d.id: d.solo_cost for d in problem.demands}
    for lot in lots:
        if lot.quantity <= 0:
            continue
        for ident in lot.demands:
            cost[ident] = problem.demand_by_id[ident].quantity * lot.net_cost / lot.quantity
    return cost


def _buyer_figures(problem: Problem, cost: Mapping[str, float]) -> dict[str, BuyerFigures]:
    paid = dict.fromkeys((b.id for b in problem.buyers), 0.0)
    alone = dict.fromkeys((b.id for b in problem.buyers), 0.0)
    for d in problem.demands:
        paid[d.buyer] += cost[d.id]
        alone[d.buyer] += d.solo_cost
    return {b: BuyerFigures(cost=paid[b], solo_cost=alone[b], savings=alone[b] - paid[b]) for b in paid}


def check(problem: Problem, solution: Solution) -> list[Violation]:
    """Every rule of the spec's Semantics and Solution sections; an empty list means the solution is right."""
    found: list[Violation] = []
    placed: dict[str, str] = {}  # demand id -> where it was first seen
    lot_at: dict[tuple[str, str], int] = {}
    true_lots: list[Lot] = []

    def place(ident: str, where: str) -> bool:
        if ident not in problem.demand_by_id:
            found.append(Violation("assignment", where, f"unknown demand {ident}"))
            return False
        if ident in placed:
            found.append(Violation("assignment", where, f"demand {ident} is placed twice (also in {placed[ident]})"))
            return False
        placed[ident] = where
        return True

    for i, lot in enumerate(solution.lots):
        where = f"lots[{i}] ({lot.offer}/{lot.period})"
        offer = problem.offer_by_id.get(lot.offer)
        if offer is None:
            found.append(Violation("assignment", where, f"unknown offer {lot.offer}"))
        if lot.period not in problem.period_index:
            found.append(Violation("assignment", where, f"unknown period {lot.period}"))
        key = (lot.offer, lot.period)
        if key in lot_at:
            found.append(Violation("one_lot_per_offer_period", where, f"a second lot on offer {lot.offer} in "
                                   f"{lot.period} (also lots[{lot_at[key]}]); a lot is one (offer, period) pair"))
        else:
            lot_at[key] = i
        members = [problem.demand_by_id[d] for d in lot.demands if place(d, where)]
        if not lot.demands:
            found.append(Violation("assignment", where, "a lot without demands"))
        if offer is None or lot.period not in problem.period_index or not members:
            continue
        found.extend(lot_violations(problem, offer, lot.period, members, where))
        truth = lot_figures(problem, offer, lot.period, members)
        true_lots.append(truth)
        found.extend(_figure_violations(lot, truth, where))

    for j, ident in enumerate(solution.solo):
        place(ident, f"solo[{j}]")
    for d in problem.demands:
        if d.id not in placed:
            found.append(Violation("assignment", f"demand {d.id}", "neither in a lot nor solo"))

    cost = _demand_costs(problem, true_lots)
    total = sum(cost.values())
    baseline = problem.baseline_cost
    for name, reported, expected in (("total_cost", solution.total_cost, total),
                                     ("baseline_cost", solution.baseline_cost, baseline),
                                     ("savings", solution.savings, baseline - total)):
        if not money_close(reported, expected):
            found.append(Violation("figures", name, f"is {reported!r}, should be {expected!r}"))

    truth_buyers = _buyer_figures(problem, cost)
    for ident, figures in solution.buyers.items():
        if ident not in truth_buyers:
            found.append(Violation("figures", f"buyers[{ident!r}]", "unknown buyer"))
            continue
        true_figures = truth_buyers[ident]
        for name in ("cost", "solo_cost", "savings"):
            reported, truth = getattr(figures, name), getattr(true_figures, name)
            if not money_close(reported, truth):
                found.append(Violation("figures", f"buyers[{ident!r}].{name}", f"is {reported!r}, should be {truth!r}"))
    for ident in truth_buyers:
        if ident not in solution.buyers:
            found.append(Violation("figures", "buyers", f"buyer {ident} is missing"))

    found.extend(_bound_violations(solution, total))
    return found


def _figure_violations(reported: Lot, truth: Lot, where: str) -> list[Violation]:
    found = []
    if reported.quantity != truth.quantity:
        found.append(Violation("figures", where, f"quantity is {reported.quantity}, the demands add up to "
                               f"{truth.quantity}"))
    if not money_close(reported.unit_price, truth.unit_price):
        found.append(Violation("tier_price", where, f"unit_price is {reported.unit_price!r}, the tier for quantity "
                               f"{truth.quantity} has {truth.unit_price!r}"))
    for name in ("value", "contract_cost", "funding", "net_cost"):
        got, expected = getattr(reported, name), getattr(truth, name)
        if not money_close(got, expected):
            found.append(Violation("figures", where, f"{name} is {got!r}, should be {expected!r}"))
    return found


def _bound_violations(solution: Solution, total: float) -> list[Violation]:
    bound = solution.bound
    if bound is not None and exceeds(bound, total):
        return [Violation("bound", "bound", f"{bound!r} is above the total cost {total!r}: not a lower bound")]
    proven = bound is not None and money_close(total, bound)
    if solution.status == OPTIMAL and not proven:
        why = "there is no bound" if bound is None else f"the gap to the bound {bound!r} is over {REL_TOL:g}"
        return [Violation("status", "status", f"optimal, but {why}")]
    if solution.status == FEASIBLE and proven:
        return [Violation("status", "status", "feasible, but the total equals the bound: it is optimal")]
    return []


def count_buyers(members: Iterable[Demand]) -> Counter[str]:
    return Counter(d.buyer for d in members)
