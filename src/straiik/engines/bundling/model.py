"""The joint-procurement problem and its solution, as plain dataclasses: the `straiik.bundling/1` format.

Field names follow the interchange spec (shared/specs/bundling.md) one to one, so reading and writing
(`io.py`) is a straight mapping. Ids are kept as strings; the solver and the checker index them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

PROBLEM_FORMAT = "straiik.bundling/1"
SOLUTION_FORMAT = "straiik.bundling/1-solution"
OPTIMAL = "optimal"
FEASIBLE = "feasible"
STATUSES = (OPTIMAL, FEASIBLE)
# Money is compared with this relative tolerance everywhere (the spec's 1e-6).
REL_TOL = 1e-6


@dataclass(frozen=True)
class Buyer:
    id: str
    country: str
    eu_member: bool


@dataclass(frozen=True)
class Demand:
    id: str
    buyer: str
    item: str
    standard: str
    quantity: int
    periods: tuple[str, ...]
    solo_unit_price: float

    @property
    def solo_cost(self) -> float:
        return self.quantity * self.solo_unit_price


@dataclass(frozen=True)
class Tier:
    min_quantity: int
    unit_price: float


@dataclass(frozen=True)
class Offer:
    id: str
    supplier: str
    country: str
    item: str
    standards: tuple[str, ...]
    eu_content: float
    contract_cost: float
    tiers: tuple[Tier, ...]
    capacity: Mapping[str, int]

    def capacity_in(self, period: str) -> int:
        return self.capacity.get(period, 0)

    def unit_price(self, quantity: int) -> float:
        """All-units price: the tier with the largest min_quantity <= quantity."""
        price = self.tiers[0].unit_price
        for tier in self.tiers:
            if tier.min_quantity <= quantity:
                price = tier.unit_price
            else:
                break
        return price


@dataclass(frozen=True)
class Funding:
    min_eu_content: float
    share: float
    share_with_ukraine: float
    ukraine_country: str


@dataclass(frozen=True)
class Rules:
    min_buyers: int
    min_eu_buyers: int
    individual_rationality: bool
    funding: Funding | None = None


@dataclass(frozen=True)
class Problem:
    currency: str
    periods: tuple[str, ...]
    buyers: tuple[Buyer, ...]
    demands: tuple[Demand, ...]
    offers: tuple[Offer, ...]
    rules: Rules

    # Lookups, built on first use (cached_property stores in __dict__, which a frozen dataclass allows).
    @cached_property
    def buyer_by_id(self) -> dict[str, Buyer]:
        return {b.id: b for b in self.buyers}

    @cached_property
    def demand_by_id(self) -> dict[str, Demand]:
        return {d.id: d for d in self.demands}

    @cached_property
    def offer_by_id(self) -> dict[str, Offer]:
        return {o.id: o for o in self.offers}

    @cached_property
    def period_index(self) -> dict[str, int]:
        return {p: i for i, p in enumerate(self.periods)}

    @cached_property
    def demand_index(self) -> dict[str, int]:
        return {d.id: i for i, d in enumerate(self.demands)}

    @cached_property
    def offer_index(self) -> dict[str, int]:
        return {o.id: i for i, o in enumerate(self.offers)}

    @property
    def baseline_cost(self) -> float:
        return sum(d.solo_cost for d in self.demands)

    def funding_share(self, offer: Offer, with_ukraine: bool) -> float:
        """Share of the lot value paid by EU funding (rule 5)."""
        funding = self.rules.funding
        if funding is None or offer.eu_content < funding.min_eu_content:
            return 0.0
        return funding.share_with_ukraine if with_ukraine else funding.share

    def is_ukrainian(self, buyer_id: str) -> bool:
        funding = self.rules.funding
        return funding is not None and self.buyer_by_id[buyer_id].country == funding.ukraine_country


@dataclass(frozen=True)
class Lot:
    """A joint contract: one offer in one period, with the demands that join it and its figures."""

    offer: str
    period: str
    demands: tuple[str, ...]
    quantity: int
    unit_price: float
    value: float
    contract_cost: float
    funding: float
    net_cost: float


@dataclass(frozen=True)
class BuyerFigures:
    cost: float
    solo_cost: float
    savings: float


@dataclass(frozen=True)
class Solution:
    total_cost: float
    baseline_cost: float
    savings: float
    lots: tuple[Lot, ...]
    solo: tuple[str, ...]
    buyers: Mapping[str, BuyerFigures]
    bound: float | None = None
    status: str = FEASIBLE

    @property
    def gap(self) -> float | None:
        """Relative gap between total cost and bound (0 when optimal), None without a bound."""
        if self.bound is None:
            return None
        return relative_gap(self.total_cost, self.bound)

    def assignment(self) -> dict[str, tuple[str, str]]:
        """demand id -> (offer id, period) for every demand in a lot."""
        return {d: (lot.offer, lot.period) for lot in self.lots for d in lot.demands}


@dataclass(frozen=True)
class Violation:
    """One broken rule in a solution: which rule, where (a lot, demand, buyer or field), and what."""

    rule: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message} [{self.rule}]"


@dataclass(frozen=True)
class ComponentProgress:
    """One component in a progress report: `status` is waiting (not visited yet), running, open (visited,
    not proven optimal) or optimal; `index` counts from 1 in the solver's order (largest first)."""

    index: int
    demands: int
    status: str
    total: float
    bound: float
    gap: float
    visits: int = 0


@dataclass
class Progress:
    """A report from a running solve, for a progress display. `total` and `bound` are for the whole problem;
    `component` is how many of the `components` are proven optimal; `parts` has every component."""

    elapsed: float
    component: int
    components: int
    total: float
    bound: float
    message: str = ""
    extra: dict[str, float] = field(default_factory=dict)
    parts: tuple[ComponentProgress, ...] = ()

    def summary(self, worst: int = 3) -> str:
        """"12/40 optimal, 2 running, 26 open; largest gaps #3 0.12%, #7 0.05%" (empty without parts)."""
        if not self.parts:
            return ""
        counts: dict[str, int] = {}
        for part in self.parts:
            counts[part.status] = counts.get(part.status, 0) + 1
        text = f"{counts.get('optimal', 0)}/{len(self.parts)} optimal"
        for state in ("running", "open", "waiting"):
            if counts.get(state):
                text += f", {counts[state]} {state}"
        gaps = sorted((p for p in self.parts if p.status != "optimal" and p.total > p.bound),
                      key=lambda p: p.bound - p.total)[:worst]
        if gaps:
            text += "; largest gaps " + ", ".join(f"#{p.index} {p.gap:.2%}" for p in gaps)
        return text

    @property
    def gap(self) -> float:
        return relative_gap(self.total, self.bound)


def relative_gap(total: float, bound: float) -> float:
    if total == bound:
        return 0.0
    return abs(total - bound) / max(abs(total), abs(bound), 1e-12)


def money_close(a: float, b: float, rel: float = REL_TOL) -> bool:
    """Equal within the spec's relative tolerance (and a tiny absolute one, so 0 and 1e-13 are equal)."""
    return abs(a - b) <= rel * max(abs(a), abs(b)) or abs(a - b) <= 1e-9
