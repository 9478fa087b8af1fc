"""The planned flow in normal times: how each part's need is split over its alternatives, and how much each
node makes per week when every product's demand is met.

Split of a part over its alternative sources (a fixed, documented rule, not an optimisation):
1. when every alternative edge has a `share`, in proportion to the shares;
2. otherwise, when every alternative source has a capacity (and they add up to more than 0), in proportion
   to those capacities;
3. otherwise equally.

Throughput of a node = its own demand + what its customers draw from it under that split. It turns the
inventory given in weeks into units (`inventory_weeks * throughput`) and weighs the dependence figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .model import Graph, Network


@dataclass(frozen=True)
class Allocation:
    graph: Graph
    split: list[float]  # per edge: the fraction of its part's need that comes through this edge
    flow: list[float]  # per edge: units of the source's output per week
    need: list[float]  # per node (graph index): units of its output per week

    @cached_property
    def throughput(self) -> dict[str, float]:
        return dict(zip(self.graph.ids, self.need, strict=True))

    @cached_property
    def inventory_units(self) -> list[float]:
        """Per node (graph index): its inventory in units of its output."""
        return [nd.inventory_weeks * q for nd, q in zip(self.graph.nodes, self.need, strict=True)]


def group_split(network: Network, edges: list[int]) -> list[float]:
    """The split of one part over its alternative edges (indices into the graph's edges)."""
    g = network.graph
    if len(edges) == 1:
        return [1.0]
    shares = [g.edges[e].share for e in edges]
    if all(s is not None for s in shares):
        total = sum(s for s in shares if s is not None)
        if total > 0:
            return [(s or 0.0) / total for s in shares]
    caps = [g.nodes[g.src[e]].capacity for e in edges]
    if all(c is not None for c in caps):
        total = sum(c for c in caps if c is not None)
        if total > 0:
            return [(c or 0.0) / total for c in caps]
    return [1.0 / len(edges)] * len(edges)


def allocate(network: Network) -> Allocation:
    """The planned weekly flow that meets every product's demand (capacities are not enforced here)."""
    g = network.graph
    split = [1.0] * len(g.edges)
    for groups in g.groups:
        for edges in groups:
            if len(edges) > 1:
                for e, s in zip(edges, group_split(network, edges), strict=True):
                    split[e] = s
    need = [nd.demand for nd in g.nodes]
    flow = [0.0] * len(g.edges)
    # Customers come after their suppliers, so walking backwards completes a node's need before its inputs.
    for k in range(g.n - 1, -1, -1):
        nk = need[k]
        if nk == 0.0:
            continue
        for edges in g.groups[k]:
            for e in edges:
                f = nk * split[e] * g.qty[e]
                flow[e] = f
                need[g.src[e]] += f
    return Allocation(g, split, flow, need)
