"""Single points of failure: nodes whose loss alone stops a product, given the alternatives.

Semantics (structural: capacities and inventories are left to `resilience`): a node works when it is not
lost and, for every part it needs (AND), at least one of the part's sources works (OR). Node v is a single
point of failure of product a when losing v alone makes a stop working.

Let Crit(k) be the set of nodes whose loss alone stops node k. On an acyclic network
    Crit(k) = {k}  ∪  ⋃ over parts r of k  ⋂ over sources s of r  Crit(s)
(k stops when some part loses all its sources). "Is critical for" is transitive (if losing w stops v and
losing v stops k, losing w stops k: failures only spread), so each Crit(k) is a down-set of one partial
order, and it is enough to know, for each node, a few nodes that generate it:
- a part with one source s contributes s (all of Crit(s) follows);
- a part with alternatives contributes the maximal elements of the intersection of their Crit sets.
Those generators form a DAG H (the "criticality graph"); Crit(k) is k with everything above it in H. With
only alternatives (OR), H is the dominator tree of the network read from the raw materials up; with only
required parts (AND), H is the network itself.

The intersection for a part with m alternatives is found by a search up H from the m sources at once, in
descending topological order, each node carrying the set of sources it is critical for (a bit mask): a
node reached from all m is in the intersection and is not searched further (what lies above it is not
maximal); the search stops as soon as one source's colour has no node left in the queue. A 256-bit
signature of each Crit set (a Bloom filter: bit k mod 256 of every member) skips the search when the
alternatives can share no critical node. The products each node stops are then one pass down H with a
bit set of products per node.

Cost: O(n + m + P·|H|/64) plus the searches. A search stays near the parts whose alternatives share
suppliers; it is linear on networks whose alternatives are independent and grows to O(n) per part only
when alternatives sit on top of long shared chains of required parts (see docs/supply-chain.md for the
measured figures).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .model import Graph, Network

Progress = Callable[[int, int], None]
_SIG_BITS = 256
_SIG_STEP = 97  # spreads consecutive (topologically close) nodes over the signature bits


@dataclass(frozen=True)
class SpofResult:
    """Which products each node's loss stops. Built by `single_points_of_failure`.

    `products` are the product ids in topological order; `critical_preds[k]` are node k's generators in
    the criticality graph H (graph indices); `stops[k]` is the bit set of products (bit j = products[j])
    that stop when node k is lost, including k itself when k is a product."""

    graph: Graph
    products: tuple[str, ...]
    critical_preds: list[list[int]]
    stops: list[int]

    def products_stopped_by(self, node_id: str) -> tuple[str, ...]:
        """The products (other than the node itself) that stop when this node alone is lost."""
        k = self.graph.index[node_id]
        return tuple(p for p in _bits_to_ids(self.stops[k], self.products) if p != node_id)

    def count(self, node_id: str) -> int:
        """How many products other than itself the node's loss stops."""
        k = self.graph.index[node_id]
        own = 1 if self.graph.nodes[k].is_product else 0
        return self.stops[k].bit_count() - own

    def spofs(self, product_id: str) -> tuple[str, ...]:
        """The single points of failure of a product (not itself), suppliers first (topological order)."""
        g = self.graph
        start = g.index[product_id]
        seen = {start}
        stack = [start]
        while stack:
            k = stack.pop()
            for p in self.critical_preds[k]:
                if p not in seen:
                    seen.add(p)
                    stack.append(p)
        seen.discard(start)
        return tuple(g.ids[k] for k in sorted(seen))

    def by_product(self) -> dict[str, tuple[str, ...]]:
        return {p: self.spofs(p) for p in self.products}

    def ranking(self) -> list[tuple[str, int]]:
        """(node id, number of products it stops) for every node that stops at least one product other
        than itself; most products first, then in topological order."""
        g = self.graph
        own = [1 if nd.is_product else 0 for nd in g.nodes]
        rows = [(k, s.bit_count() - own[k]) for k, s in enumerate(self.stops) if s]
        rows = [(k, c) for k, c in rows if c > 0]
        rows.sort(key=lambda kc: (-kc[1], kc[0]))
        return [(g.ids[k], c) for k, c in rows]

    @property
    def critical_nodes(self) -> tuple[str, ...]:
        """Every node that is a single point of failure of at least one product other than itself."""
        return tuple(node for node, _ in self.ranking())


def _bits_to_ids(bits: int, ids: tuple[str, ...]) -> list[str]:
    out = []
    while bits:
        low = bits & -bits
        out.append(ids[low.bit_length() - 1])
        bits ^= low
    return out


def single_points_of_failure(network: Network, progress: Progress | None = None) -> SpofResult:
    g = network.graph
    n = g.n
    preds_of: list[list[int]] = [[] for _ in range(n)]
    sig = [0] * n
    src, groups = g.src, g.groups
    step = max(1, n // 100)
    for k in range(n):
        preds: list[int] = []
        for edges in groups[k]:
            if len(edges) == 1:
                preds.append(src[edges[0]])
                continue
            sources = [src[e] for e in edges]
            common = -1
            for s in sources:
                common &= sig[s]
            if common:
                preds.extend(_meet(sources, preds_of))
        if len(preds) > 1:
            preds = list(dict.fromkeys(preds))
        preds_of[k] = preds
        s_k = 1 << (k * _SIG_STEP % _SIG_BITS)
        for p in preds:
            s_k |= sig[p]
        sig[k] = s_k
        if progress is not None and k % step == 0:
            progress(k, n)
    products = tuple(g.ids[k] for k in g.products)
    stops = [0] * n
    for j, k in enumerate(g.products):
        stops[k] = 1 << j
    for k in range(n - 1, -1, -1):
        s = stops[k]
        if s:
            for p in preds_of[k]:
                stops[p] |= s
    if progress is not None:
        progress(n, n)
    return SpofResult(g, products, preds_of, stops)


def _meet(sources: list[int], preds_of: list[list[int]]) -> list[int]:
    """Generators of the intersection of the Crit sets of `sources` (distinct graph indices), from the
    generators already known for every node below them in topological order."""
    m = len(sources)
    full = (1 << m) - 1
    mask: dict[int, int] = {}
    heap: list[int] = []
    live = [1] * m  # per source colour: entries in the queue carrying it
    for i, s in enumerate(sources):
        mask[s] = 1 << i
        heap.append(-s)
    heapq.heapify(heap)
    found: list[int] = []
    while heap:
        u = -heapq.heappop(heap)
        mu = mask[u]
        b = mu
        while b:
            low = b & -b
            live[low.bit_length() - 1] -= 1
            b ^= low
        if mu == full:
            found.append(u)
        else:
            # Every generator p of u has a lower index than u, so it has not been taken from the queue yet.
            for p in preds_of[u]:
                old = mask.get(p)
                if old is None:
                    mask[p] = mu
                    heapq.heappush(heap, -p)
                    new = mu
                else:
                    new = mu & ~old
                    if not new:
                        continue
                    mask[p] = old | new
                while new:
                    low = new & -new
                    live[low.bit_length() - 1] += 1
                    new ^= low
        if 0 in live:
            break
    return found


def stopped_products(network: Network, lost: Iterable[str]) -> tuple[str, ...]:
    """The products that stop when all of `lost` (node ids) are lost at once (e.g. a whole country)."""
    g = network.graph
    failed = [False] * g.n
    for node_id in lost:
        failed[g.index[node_id]] = True
    src = g.src
    for k in range(g.n):
        if failed[k]:
            continue
        for edges in g.groups[k]:
            if all(failed[src[e]] for e in edges):
                failed[k] = True
                break
    return tuple(g.ids[k] for k in g.products if failed[k])
