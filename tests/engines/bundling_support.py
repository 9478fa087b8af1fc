"""Small hand-made bundling problems, and a brute force that tries every assignment, for the bundling tests."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from straiik.engines.bundling import Problem, lot_figures, lot_violations, parse_problem

DATA = Path(__file__).parent / "data"
EXAMPLE = DATA / "bundling-small.json"

# A, B, C: EU members; N: Norway (not EU); UA: Ukraine (not EU).
BUYERS = [
    {"id": "A", "country": "NL", "eu_member": True},
    {"id": "B", "country": "DE", "eu_member": True},
    {"id": "C", "country": "BE", "eu_member": True},
    {"id": "N", "country": "NO", "eu_member": False},
    {"id": "UA", "country": "UA", "eu_member": False},
]
FUNDING = {"min_eu_content": 0.65, "share": 0.15, "share_with_ukraine": 0.20, "ukraine_country": "UA"}


def demand(ident: str, buyer: str, quantity: int, price: float, periods: tuple[str, ...] = ("P1",),
           item: str = "35331200", standard: str = "STANAG-4425") -> dict[str, Any]:
    return {"id": ident, "buyer": buyer, "item": item, "standard": standard, "quantity": quantity,
            "periods": list(periods), "solo_unit_price": price}


def offer(ident: str = "o1", tiers: tuple[tuple[int, float], ...] = ((0, 80.0),),
          capacity: dict[str, int] | None = None, contract_cost: float = 0.0, eu_content: float = 0.9,
          item: str = "35331200", standards: tuple[str, ...] = ("STANAG-4425",)) -> dict[str, Any]:
    return {"id": ident, "supplier": f"S-{ident}", "country": "DE", "item": item, "standards": list(standards),
            "eu_content": eu_content, "contract_cost": contract_cost,
            "tiers": [{"min_quantity": m, "unit_price": p} for m, p in tiers],
            "capacity": {"P1": 1000} if capacity is None else capacity}


def problem_dict(demands: list[dict[str, Any]], offers: list[dict[str, Any]], *, min_buyers: int = 1,
                 min_eu_buyers: int = 0, individual_rationality: bool = False,
                 funding: dict[str, Any] | None = None, periods: tuple[str, ...] = ("P1", "P2")) -> dict[str, Any]:
    rules: dict[str, Any] = {"min_buyers": min_buyers, "min_eu_buyers": min_eu_buyers,
                             "individual_rationality": individual_rationality}
    if funding is not None:
        rules["funding"] = funding
    return {"format": "straiik.bundling/1", "currency": "EUR", "periods": list(periods), "buyers": BUYERS,
            "demands": demands, "offers": offers, "rules": rules}


def make_problem(demands: list[dict[str, Any]], offers: list[dict[str, Any]], **rules: Any) -> Problem:
    return parse_problem(problem_dict(demands, offers, **rules))


def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def example_dict() -> dict[str, Any]:
    return json.loads(example_text())


def brute_force(problem: Problem) -> float:
    """The optimum by trying every way to place every demand (solo or any lot it may join)."""
    options = []
    for d in problem.demands:
        lots: list[tuple[str, str] | None] = [None]
        for o in problem.offers:
            if o.item == d.item and d.standard in o.standards:
                lots.extend((o.id, p) for p in d.periods)
        options.append(lots)
    best = float("inf")
    for choice in itertools.product(*options):
        groups: dict[tuple[str, str], list[Any]] = {}
        for d, key in zip(problem.demands, choice, strict=True):
            if key is not None:
                groups.setdefault(key, []).append(d)
        if any(lot_violations(problem, problem.offer_by_id[o], p, ds) for (o, p), ds in groups.items()):
            continue
        total = sum(d.solo_cost for d, key in zip(problem.demands, choice, strict=True) if key is None)
        total += sum(lot_figures(problem, problem.offer_by_id[o], p, ds).net_cost for (o, p), ds in groups.items())
        best = min(best, total)
    return best
