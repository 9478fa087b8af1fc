"""A greedy heuristic: open the lot that saves most, fill it, repeat; then top up open lots with solo demands.

It is the comparison point for the optimiser in the benchmarks and the optimiser's starting solution.
Every lot it opens is checked with the exact rules (capacity, buyers, individual rationality), so its
answer is always feasible.
"""

from __future__ import annotations

from dataclasses import dataclass

from .structure import CandidateLot, Component, Structure


@dataclass
class _Fill:
    members: list[int]
    quantity: int
    net_cost: float
    saving: float


def net_cost(structure: Structure, lot: CandidateLot, quantity: int, with_ukraine: bool) -> float:
    """The lot's net cost C, computed the way `evaluate.lot_figures` does (same float operations)."""
    offer = structure.problem.offers[lot.offer]
    value = quantity * offer.unit_price(quantity)
    share = lot.share_ua if with_ukraine else lot.share_base
    return value + lot.contract_cost - share * value


def _fill(structure: Structure, lot: CandidateLot, pool: list[int]) -> _Fill | None:
    """The most expensive-to-buy-alone demands first, as many as fit; then drop those for whom the lot
    is dearer than buying alone, until every member gains (or none is left)."""
    rules = structure.problem.rules
    q, price = structure.quantity, structure.solo_price
    threshold = float("-inf")
    while True:
        members: list[int] = []
        total = 0
        for d in pool:
            if price[d] < threshold:
                break
            if total + q[d] <= lot.capacity:
                members.append(d)
                total += q[d]
        if not members:
            return None
        cost = net_cost(structure, lot, total, any(structure.ua[d] for d in members))
        if not rules.individual_rationality or cost <= price[members[-1]] * total:
            break
        threshold = cost / total
    buyers = {structure.buyer[d] for d in members}
    if len(buyers) < rules.min_buyers or sum(structure.eu[b] for b in buyers) < rules.min_eu_buyers:
        return None
    return _Fill(members=members, quantity=total, net_cost=cost,
                 saving=sum(q[d] * price[d] for d in members) - cost)


def greedy_component(structure: Structure, component: Component) -> dict[int, int]:
    """demand index -> lot index for the demands the greedy puts in lots."""
    price = structure.solo_price
    unassigned = set(component.demands)
    pools = {i: sorted(structure.lots[i].members, key=lambda d: (-price[d], d)) for i in component.lots}
    pool_sets = {i: set(pool) for i, pool in pools.items()}
    cache: dict[int, _Fill | None] = {}
    remaining = sorted(component.lots)
    assignment: dict[int, int] = {}
    opened: dict[int, _Fill] = {}
    while remaining:
        best: tuple[int, _Fill] | None = None
        for i in remaining:
            if i not in cache:
                cache[i] = _fill(structure, structure.lots[i], [d for d in pools[i] if d in unassigned])
            found = cache[i]
            if found is not None and found.saving > 0 and (best is None or found.saving > best[1].saving):
                best = (i, found)
        if best is None:
            break
        chosen, fill = best
        remaining.remove(chosen)
        opened[chosen] = fill
        taken = set(fill.members)
        unassigned -= taken
        for d in fill.members:
            assignment[d] = chosen
        for i in remaining:
            if i in cache and not taken.isdisjoint(pool_sets[i]):
                del cache[i]
    _top_up(structure, assignment, opened, sorted(unassigned, key=lambda d: (-price[d], d)))
    return assignment


def _top_up(structure: Structure, assignment: dict[int, int], opened: dict[int, _Fill], solo: list[int]) -> None:
    """Put a solo demand into an open lot when that lowers the total and keeps the lot feasible."""
    rules = structure.problem.rules
    q, price = structure.quantity, structure.solo_price
    for d in solo:
        best: tuple[float, int, float] | None = None
        for i in structure.lots_of[d]:
            fill = opened.get(i)
            if fill is None:
                continue
            lot = structure.lots[i]
            quantity = fill.quantity + q[d]
            if quantity > lot.capacity:
                continue
            ua = structure.ua[d] or any(structure.ua[m] for m in fill.members)
            cost = net_cost(structure, lot, quantity, ua)
            if rules.individual_rationality and cost > min(price[d], min(price[m] for m in fill.members)) * quantity:
                continue
            change = cost - fill.net_cost - q[d] * price[d]
            if change < 0 and (best is None or change < best[0]):
                best = (change, i, cost)
        if best is not None:
            _, i, cost = best
            fill = opened[i]
            fill.members.append(d)
            fill.quantity += q[d]
            fill.net_cost = cost
            assignment[d] = i


def greedy_assignment(structure: Structure) -> dict[int, int]:
    assignment: dict[int, int] = {}
    for component in structure.components:
        assignment.update(greedy_component(structure, component))
    return assignment
