"""Dependence on countries, per product and for the whole network.

Weight: value, not capacity. Each node adds `unit_value` per unit it makes (the stage cost in the Willems
data); under the planned flow (`flows.allocate`) a product embodies the value added at every node upstream
in proportion to how much of that node's output it takes, split over alternatives by the planned shares.
Per unit of node k, by country c (an input-output, Leontief-style roll-up in topological order):

    E[k][c] = unit_value[k] * [country(k) = c]
              + sum over parts r of k, edges e in r:  split[e] * quantity[e] * E[source(e)][c]

A product's dependence is demand * E[product]; the network's is the sum over nodes of throughput *
unit_value by country (the same total). Value was chosen over capacity share because capacity is in each
node's own units (a shell and a kilogram of explosive do not add up), while value does.

Figures (`CountryShares`): the share of value per country; HHI = sum of squared country shares on the
0-10,000 scale (over 2,500 is "highly concentrated" in the EU and US merger guidelines); value without a
country counts as many small sources (it adds nothing to the HHI, which is then a lower bound) and is
reported as `unknown_share`; `outside_*` shares count known countries only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .flows import Allocation, allocate
from .model import Network
from .regions import EU_MEMBERS, EU_OR_NATO, NATO_MEMBERS
from .spof import stopped_products

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CountryShares:
    total: float  # value (or amount) in all
    shares: dict[str, float]  # ISO country -> share of the total, largest first; countries only
    unknown_share: float  # share without a country (unknown in a network, rest of world for a material)
    hhi: float  # 0-10,000
    top_country: str  # "" when nothing is known
    top_share: float
    outside_eu_share: float
    outside_nato_share: float
    outside_eu_nato_share: float  # neither EU nor NATO


def country_shares(values: Mapping[str, float], unattributed: float = 0.0) -> CountryShares:
    """Shares, HHI and outside-EU/NATO shares of amounts per ISO country ("" = unknown, added to
    `unattributed`)."""
    known = {c: v for c, v in values.items() if c and v > 0}
    unknown = unattributed + sum(v for c, v in values.items() if not c and v > 0)
    total = sum(known.values()) + unknown
    if total <= 0:
        return CountryShares(0.0, {}, 0.0, 0.0, "", 0.0, 0.0, 0.0, 0.0)
    shares = {c: v / total for c, v in sorted(known.items(), key=lambda cv: (-cv[1], cv[0]))}
    top = next(iter(shares), "")
    return CountryShares(
        total=total,
        shares=shares,
        unknown_share=unknown / total,
        hhi=10_000.0 * sum(s * s for s in shares.values()),
        top_country=top,
        top_share=shares.get(top, 0.0),
        outside_eu_share=sum(s for c, s in shares.items() if c not in EU_MEMBERS),
        outside_nato_share=sum(s for c, s in shares.items() if c not in NATO_MEMBERS),
        outside_eu_nato_share=sum(s for c, s in shares.items() if c not in EU_OR_NATO),
    )


@dataclass(frozen=True)
class DependenceResult:
    overall: CountryShares  # the whole network's value added per week, by country
    products: dict[str, CountryShares]  # product id -> its embodied value per week, by country
    stopped_by_country: dict[str, tuple[str, ...]]  # country -> products that stop when all its sites are lost


def embodied_value(network: Network, allocation: Allocation | None = None) -> list[dict[str, float]]:
    """Per node (graph index): value embodied in one unit of its output, by country ("" = unknown)."""
    g = network.graph
    alloc = allocation or allocate(network)
    split, qty, src = alloc.split, g.qty, g.src
    emb: list[dict[str, float]] = []
    for k, nd in enumerate(g.nodes):
        e_k: dict[str, float] = {nd.country: nd.unit_value} if nd.unit_value else {}
        for edges in g.groups[k]:
            for e in edges:
                coef = split[e] * qty[e]
                if coef == 0.0:
                    continue
                for c, v in emb[src[e]].items():
                    e_k[c] = e_k.get(c, 0.0) + coef * v
        emb.append(e_k)
    return emb


def dependence(network: Network, *, allocation: Allocation | None = None,
               progress: Progress | None = None) -> DependenceResult:
    g = network.graph
    alloc = allocation or allocate(network)
    emb = embodied_value(network, alloc)
    products = {}
    for k in g.products:
        d = g.nodes[k].demand
        products[g.ids[k]] = country_shares({c: d * v for c, v in emb[k].items()})
    overall: dict[str, float] = {}
    for nd, q in zip(g.nodes, alloc.need, strict=True):
        overall[nd.country] = overall.get(nd.country, 0.0) + q * nd.unit_value
    sites: dict[str, list[str]] = {}
    for nd in g.nodes:
        if nd.country:
            sites.setdefault(nd.country, []).append(nd.id)
    stopped = {}
    for i, (country, ids) in enumerate(sorted(sites.items())):
        if progress is not None:
            progress(i, len(sites))
        stopped[country] = stopped_products(network, ids)
    if progress is not None:
        progress(len(sites), len(sites))
    return DependenceResult(country_shares(overall), products, stopped)
