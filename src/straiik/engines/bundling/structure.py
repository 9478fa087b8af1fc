"""What can go with what: candidate lots, provably useless pairs removed, independent components.

A demand can only join lots of offers for its item that meet its standard, in a period it accepts. Pairs
(demand, lot) that cannot be part of any feasible lot are removed before any model is built, repeating
until nothing changes (removing a demand can make a lot too small for a tier or too few buyers):

- the demand alone is over the lot's capacity;
- individual rationality can never hold for it: in every tier reachable with the lot's candidates and
  capacity, even the largest funding share and the largest quantity leave C/Q above its solo price;
- the lot cannot reach `min_buyers` distinct buyers or `min_eu_buyers` EU buyers among its candidates.

These removals only drop pairs that no feasible solution uses, so bounds stay valid. What remains
splits into connected components of the demand-lot graph: demands in different components never share
a lot, so each component is its own problem and the optimum is the sum of the components' optima.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .model import Problem, Tier


@dataclass
class TierRange:
    """A tier reachable in a lot: quantities lo..hi (whole units) are priced at `price`."""

    index: int
    lo: int
    hi: int
    price: float


@dataclass
class CandidateLot:
    offer: int  # index into problem.offers
    period: str
    capacity: int
    contract_cost: float
    members: list[int]  # candidate demand indices, in problem order
    tiers: list[TierRange] = field(default_factory=list)
    share_base: float = 0.0  # funding share without a Ukrainian buyer
    share_ua: float = 0.0  # funding share with one (equal to share_base when funding does not apply)
    has_ua: bool = False  # a candidate's buyer is Ukrainian
    # Smallest lot quantity at which a member can be individually rational (by demand index); and the
    # tiers in which it can be at all. Without individual rationality: its own quantity and every tier.
    q_min: dict[int, int] = field(default_factory=dict)
    ok_tiers: dict[int, list[int]] = field(default_factory=dict)

    @property
    def share_hi(self) -> float:
        return max(self.share_base, self.share_ua) if self.has_ua else self.share_base

    @property
    def share_lo(self) -> float:
        return min(self.share_base, self.share_ua) if self.has_ua else self.share_base


@dataclass
class Component:
    lots: list[int]  # indices into Structure.lots
    demands: list[int]  # demand indices, in problem order


@dataclass
class Structure:
    problem: Problem
    quantity: list[int]
    solo_price: list[float]
    buyer: list[int]  # buyer index per demand
    eu: list[bool]  # per buyer
    ua: list[bool]  # per demand: the buyer is Ukrainian (for funding)
    lots: list[CandidateLot]
    components: list[Component]
    lots_of: list[list[int]]  # per demand: candidate lot indices
    pruned_pairs: int

    def solo_cost(self, d: int) -> float:
        return self.quantity[d] * self.solo_price[d]

    def pair_count(self, component: Component) -> int:
        return sum(len(self.lots[lot].members) for lot in component.lots)

    @property
    def loose_demands(self) -> list[int]:
        """Demands with no candidate lot: solo in every feasible solution."""
        return [d for d, lots in enumerate(self.lots_of) if not lots]


def analyse(problem: Problem) -> Structure:
    demands = problem.demands
    buyer_index = {b.id: i for i, b in enumerate(problem.buyers)}
    quantity = [d.quantity for d in demands]
    price = [d.solo_unit_price for d in demands]
    buyer = [buyer_index[d.buyer] for d in demands]
    eu = [b.eu_member for b in problem.buyers]
    ua = [problem.is_ukrainian(d.buyer) for d in demands]

    offers_for: dict[tuple[str, str], list[int]] = {}
    for o, offer in enumerate(problem.offers):
        for standard in dict.fromkeys(offer.standards):
            offers_for.setdefault((offer.item, standard), []).append(o)

    lot_at: dict[tuple[int, str], CandidateLot] = {}
    capacities = [offer.capacity for offer in problem.offers]
    for d, demand in enumerate(demands):
        for o in offers_for.get((demand.item, demand.standard), ()):
            offer = problem.offers[o]
            for period in demand.periods:
                capacity = capacities[o].get(period, 0)  # offer.capacity_in(period), without the call
                if demand.quantity > capacity:
                    continue
                lot = lot_at.get((o, period))
                if lot is None:
                    lot = lot_at[o, period] = CandidateLot(offer=o, period=period, capacity=capacity,
                                                           contract_cost=offer.contract_cost, members=[])
                lot.members.append(d)
    period_index = problem.period_index
    lots = sorted(lot_at.values(), key=lambda lot: (lot.offer, period_index[lot.period]))
    before = sum(len(lot.members) for lot in lots)

    # A lot's pruning reads only its own members (and the problem), so each lot is pruned to its own fixed
    # point; the result is the same as repeating passes over every lot until none changes (which took ten
    # passes and most of the analysis time at 100,000 demands).
    for lot in lots:
        while lot.members and _prune_lot(problem, lot, quantity, price, buyer, eu, ua):
            pass
    lots = [lot for lot in lots if lot.members]

    lots_of: list[list[int]] = [[] for _ in demands]
    for i, lot in enumerate(lots):
        for d in lot.members:
            lots_of[d].append(i)
    components = _components(lots, lots_of, len(demands))
    return Structure(problem=problem, quantity=quantity, solo_price=price, buyer=buyer, eu=eu, ua=ua, lots=lots,
                     components=components, lots_of=lots_of,
                     pruned_pairs=before - sum(len(lot.members) for lot in lots))


def _prune_lot(problem: Problem, lot: CandidateLot, quantity: list[int], price: list[float], buyer: list[int],
               eu: list[bool], ua: list[bool]) -> bool:
    """One pruning pass over a lot; True when it lost members."""
    rules = problem.rules
    offer = problem.offers[lot.offer]
    members = lot.members
    buyers = {buyer[d] for d in members}
    if len(buyers) < rules.min_buyers or sum(eu[b] for b in buyers) < rules.min_eu_buyers:
        lot.members = []
        return True
    reach = min(lot.capacity, sum(quantity[d] for d in members))
    lot.tiers = _tier_ranges(offer.tiers, min(quantity[d] for d in members), reach)
    lot.has_ua = any(ua[d] for d in members)
    lot.share_base = problem.funding_share(offer, with_ukraine=False)
    lot.share_ua = problem.funding_share(offer, with_ukraine=True)
    keep = []
    lot.q_min, lot.ok_tiers = {}, {}
    rational = rules.individual_rationality
    share_hi = lot.share_hi
    tiers = [(k, t.lo, t.hi, (1.0 - share_hi) * t.price) for k, t in enumerate(lot.tiers)]
    fixed = lot.contract_cost
    for d in members:
        found = _rational_tiers(tiers, fixed, quantity[d], price[d], rational)
        if found:
            keep.append(d)
            lot.ok_tiers[d] = [k for k, _ in found]
            lot.q_min[d] = min(q for _, q in found)
    lost = len(keep) < len(members)
    lot.members = keep
    return lost


def _tier_ranges(tiers: tuple[Tier, ...], smallest: int, reach: int) -> list[TierRange]:
    """The tiers an open lot can be in: it holds at least its smallest candidate, at most `reach` units."""
    ranges = []
    for k, tier in enumerate(tiers):
        lo = max(tier.min_quantity, smallest)
        hi = reach if k + 1 == len(tiers) else min(reach, tiers[k + 1].min_quantity - 1)
        if lo <= hi:
            ranges.append(TierRange(index=k, lo=lo, hi=hi, price=tier.unit_price))
    return ranges


def _rational_tiers(tiers: list[tuple[int, int, int, float]], fixed: float, q: int, solo_price: float,
                    rational: bool) -> list[tuple[int, int]]:
    """(tier position in lot.tiers, smallest lot quantity in it) where the demand can be in the lot at all.
    `tiers`: (position, lo, hi, (1 - largest share) * unit price) per tier range of the lot; `fixed`: the
    contract cost."""
    found = []
    for k, lo, hi, net_price in tiers:
        low = lo if lo > q else q
        if low > hi:
            continue
        if not rational:
            found.append((k, low))
            continue
        # C/Q = (1 - share) * price + F / Q <= solo_price, at best with the largest share.
        margin = solo_price - net_price
        if margin < 0 or (margin == 0 and fixed > 0):
            continue
        if fixed > 0:
            # Rounded down a hair, so float noise can only keep a pair, never drop a feasible one.
            need = math.ceil(fixed / margin * (1 - 1e-9))
            if need > low:
                low = need
        if low <= hi:
            found.append((k, low))
    return found


def _components(lots: list[CandidateLot], lots_of: list[list[int]], n: int) -> list[Component]:
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for lot in lots:
        first = root(lot.members[0])
        for d in lot.members[1:]:
            other = root(d)
            if other != first:
                parent[other] = first
    by_root: dict[int, Component] = {}
    for d in range(n):
        if lots_of[d]:
            by_root.setdefault(root(d), Component(lots=[], demands=[])).demands.append(d)
    for i, lot in enumerate(lots):
        by_root[root(lot.members[0])].lots.append(i)
    return list(by_root.values())


def demand_lower_bound(structure: Structure, d: int) -> float:
    """A demand pays at least this in any feasible solution: its solo cost, or the cheapest unit cost any
    candidate lot could give it ((1 - largest share) * tier price + contract cost / largest quantity)."""
    best = structure.solo_price[d]
    lots = structure.lots
    for i in structure.lots_of[d]:
        lot = lots[i]
        tiers = lot.tiers
        keep, fixed = 1.0 - lot.share_hi, lot.contract_cost
        for k in lot.ok_tiers[d]:
            tier = tiers[k]
            unit = keep * tier.price + fixed / tier.hi
            if unit < best:
                best = unit
    return structure.quantity[d] * best
