"""The supply network as plain dataclasses: nodes (sites, stages), edges (who supplies what to whom).

A node makes one thing (a part, an assembly, a product) at one site. Its inputs are given by edges
`source -> node`, grouped by `part`: a node needs ALL of its parts (AND), and each part can come from ANY
one of the sources listed for it (OR). Quantities are per unit of the node's output. A node with demand is
a product. A `Network` is always valid: building one checks every row and raises `NetworkError` with all the
problems found, each naming its file, row and field.

Units: quantities in units of the node's output; capacity and demand per week; inventory in weeks of the
node's own normal throughput (see `flows.allocate`); time to recover in weeks.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import pycountry

FORMAT = "straiik.supply/1"
NODES = "nodes"
EDGES = "edges"


@dataclass(frozen=True)
class RowError:
    """One problem in the input. `row` is the 1-based line in a CSV file (the header is line 1) or the 1-based
    position in a JSON list or in the sequence given to `Network`; None when the problem is not on one row."""

    row: int | None
    field: str
    message: str
    file: str = ""

    def __str__(self) -> str:
        where = self.file or "input"
        if self.row is not None:
            where += f" row {self.row}"
        if self.field:
            where += f", {self.field}"
        return f"{where}: {self.message}"


class NetworkError(ValueError):
    """The input is not a valid network; `errors` lists every problem found (at most `MAX_ERRORS`)."""

    MAX_ERRORS = 200

    def __init__(self, errors: Sequence[RowError]):
        self.errors: tuple[RowError, ...] = tuple(errors[: self.MAX_ERRORS])
        shown = "; ".join(str(e) for e in self.errors[:5])
        more = f" (and {len(self.errors) - 5} more)" if len(self.errors) > 5 else ""
        super().__init__(f"{len(self.errors)} problem(s): {shown}{more}")


@dataclass(frozen=True)
class Node:
    """A stage at a site. `capacity` None is unlimited; `recovery_weeks` None is unknown (no exposure figure).

    `unit_value` is the value added per unit at this node (e.g. the stage cost in EUR); it weighs the
    dependence figures. `material` names the critical raw material this node supplies (a mine, a refinery),
    if any. `surge_cost` is the cost of one unit per week of added capacity (default 1: minimise added
    units), `surge_limit` the most capacity that can be added (None: no limit).
    """

    id: str
    name: str = ""
    kind: str = ""
    organisation: str = ""
    organisation_id: str = ""
    country: str = ""
    capacity: float | None = None
    inventory_weeks: float = 0.0
    recovery_weeks: float | None = None
    demand: float = 0.0
    unit_value: float = 1.0
    material: str = ""
    surge_cost: float = 1.0
    surge_limit: float | None = None
    row: int | None = field(default=None, compare=False, repr=False)

    @property
    def is_product(self) -> bool:
        return self.demand > 0


@dataclass(frozen=True)
class Edge:
    """`source` supplies `part` to `node`: `quantity` units of the source's output per unit of the node's.

    Edges of one node with the same `part` are alternatives (any one suffices); an empty `part` means the
    source id, i.e. a required input with a single source. `share` (optional) is the planned split between
    alternatives; without it the split follows the sources' capacities (see `flows.allocate`)."""

    node: str
    source: str
    part: str = ""
    quantity: float = 1.0
    share: float | None = None
    row: int | None = field(default=None, compare=False, repr=False)

    @property
    def group(self) -> str:
        return self.part or self.source


@dataclass(frozen=True)
class Network:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...] = ()
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "nodes", tuple(self.nodes))
        object.__setattr__(self, "edges", tuple(self.edges))
        errors = _validate(self.nodes, self.edges)
        if errors:
            # Report a cycle among the edges that are otherwise valid too, so one pass shows everything.
            ids = {n.id for n in self.nodes}
            usable = [e for e in self.edges if e.node in ids and e.source in ids and e.node != e.source]
            _, cycle = _topological_order(self.nodes, self.edges, usable)
            raise NetworkError(errors + ([cycle] if cycle else []))
        _ = self.graph  # builds the index; raises NetworkError naming a cycle

    @cached_property
    def node_by_id(self) -> dict[str, Node]:
        return {n.id: n for n in self.nodes}

    @cached_property
    def products(self) -> tuple[str, ...]:
        """Ids of the nodes with demand, in the order of `nodes`."""
        return tuple(n.id for n in self.nodes if n.is_product)

    @cached_property
    def graph(self) -> Graph:
        return Graph.build(self)

    def inputs_of(self, node_id: str) -> dict[str, tuple[Edge, ...]]:
        """The node's parts (AND), each with its alternative edges (OR)."""
        groups: dict[str, list[Edge]] = {}
        for e in self.edges:
            if e.node == node_id:
                groups.setdefault(e.group, []).append(e)
        return {k: tuple(v) for k, v in groups.items()}


@dataclass(frozen=True)
class Graph:
    """The network indexed for the algorithms: node i is `ids[i]`, numbered in topological order (every
    source comes before the nodes it supplies), so one pass in index order sees each node's inputs first.

    `groups[k]` lists node k's parts; each part is a list of edge indices into `edges` (its alternatives).
    `out_edges[k]` lists the edges whose source is k. `src[e]`, `dst[e]`, `qty[e]` describe edge e."""

    ids: tuple[str, ...]
    index: dict[str, int]
    nodes: tuple[Node, ...]  # aligned with ids
    edges: tuple[Edge, ...]  # edge index e -> Edge
    src: list[int]
    dst: list[int]
    qty: list[float]
    groups: list[list[list[int]]]
    group_names: list[list[str]]
    out_edges: list[list[int]]
    products: list[int]  # node indices with demand, in topological order

    @property
    def n(self) -> int:
        return len(self.ids)

    @staticmethod
    def build(network: Network) -> Graph:
        order, cycle = _topological_order(network.nodes, network.edges, network.edges)
        if cycle:
            raise NetworkError([cycle])
        nodes = tuple(network.nodes[v] for v in order)
        ids = tuple(n.id for n in nodes)
        index = {nid: i for i, nid in enumerate(ids)}
        edges = network.edges
        src = [index[e.source] for e in edges]
        dst = [index[e.node] for e in edges]
        qty = [float(e.quantity) for e in edges]
        group_pos: list[dict[str, int]] = [{} for _ in ids]
        groups: list[list[list[int]]] = [[] for _ in ids]
        names: list[list[str]] = [[] for _ in ids]
        out_edges: list[list[int]] = [[] for _ in ids]
        for ei, e in enumerate(edges):
            k = dst[ei]
            g = group_pos[k].get(e.group)
            if g is None:
                g = group_pos[k][e.group] = len(groups[k])
                groups[k].append([])
                names[k].append(e.group)
            groups[k][g].append(ei)
            out_edges[src[ei]].append(ei)
        products = [i for i, nd in enumerate(nodes) if nd.is_product]
        return Graph(ids, index, nodes, edges, src, dst, qty, groups, names, out_edges, products)


def _topological_order(nodes: Sequence[Node], all_edges: Sequence[Edge],
                       edges: Iterable[Edge]) -> tuple[list[int], RowError | None]:
    """Kahn's algorithm over `edges` (a subset of `all_edges` whose ends exist), taking ready nodes in input
    order so the numbering is deterministic. Returns the order (positions in `nodes`) or an error naming a
    cycle. Every node left over has a remaining input that is also left over, so walking backwards along such
    inputs must revisit a node: that loop is a cycle, named in supply order with the row of its closing edge."""
    first = {n.id: i for i, n in enumerate(nodes)}
    n0 = len(nodes)
    succ: list[list[int]] = [[] for _ in range(n0)]
    indeg = [0] * n0
    edge_list = list(edges)
    for e in edge_list:
        s, t = first[e.source], first[e.node]
        succ[s].append(t)
        indeg[t] += 1
    order = [i for i in range(n0) if indeg[i] == 0]
    head = 0
    while head < len(order):
        v = order[head]
        head += 1
        for w in succ[v]:
            indeg[w] -= 1
            if indeg[w] == 0:
                order.append(w)
    if len(order) == n0:
        return order, None
    left = {i for i, d in enumerate(indeg) if d > 0}
    pred: dict[int, tuple[int, Edge]] = {}
    for e in edge_list:
        s, t = first[e.source], first[e.node]
        if t in left and s in left and t not in pred:
            pred[t] = (s, e)
    seen: dict[int, int] = {}
    path: list[int] = []
    v = min(left)
    while v not in seen:
        seen[v] = len(path)
        path.append(v)
        v = pred[v][0]
    loop = path[seen[v]:]  # each one's supplier is the next
    loop.reverse()  # supply order: each supplies the next
    first_in_input = loop.index(min(loop))
    loop = loop[first_in_input:] + loop[:first_in_input]  # start at the node that comes first in the input
    names = [nodes[i].id for i in loop] + [nodes[loop[0]].id]
    closing = pred[loop[0]][1]  # the edge from the last back to the first
    position = next(i for i, e in enumerate(all_edges) if e is closing)
    return order, RowError(_row(closing.row, position), "source",
                           "cycle in the supply network: " + " -> ".join(names), EDGES)


def _row(row: int | None, position: int) -> int:
    return row if row is not None else position + 1


def _number_error(value: object, *, allow_none: bool, positive: bool = False) -> str | None:
    if value is None:
        return None if allow_none else "is required"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "must be a number"
    if not math.isfinite(value):
        return "must be a finite number"
    if positive and value <= 0:
        return "must be greater than 0"
    if value < 0:
        return "must not be negative"
    return None


_COUNTRIES: frozenset[str] = frozenset(c.alpha_2 for c in pycountry.countries)


def is_country(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 code (upper case)."""
    return code in _COUNTRIES


def _validate(nodes: Iterable[Node], edges: Iterable[Edge]) -> list[RowError]:
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for i, n in enumerate(nodes):
        row = _row(n.row, i)

        def err(fld: str, msg: str, row: int = row) -> None:
            errors.append(RowError(row, fld, msg, NODES))

        if not isinstance(n.id, str) or not n.id.strip():
            err("id", "is required")
        elif n.id != n.id.strip():
            err("id", f"{n.id!r} has leading or trailing spaces")
        elif n.id in seen:
            err("id", f"duplicate id {n.id!r} (first on row {seen[n.id]})")
        else:
            seen[n.id] = row
        if n.country and not is_country(n.country):
            err("country", f"{n.country!r} is not an ISO 3166-1 alpha-2 country code")
        for fld, allow_none in (("capacity", True), ("inventory_weeks", False), ("recovery_weeks", True),
                                ("demand", False), ("unit_value", False), ("surge_cost", False),
                                ("surge_limit", True)):
            msg = _number_error(getattr(n, fld), allow_none=allow_none)
            if msg:
                err(fld, msg)
    ids = set(seen)
    seen_edges: dict[tuple[str, str, str], int] = {}
    for i, e in enumerate(edges):
        row = _row(e.row, i)

        def err(fld: str, msg: str, row: int = row) -> None:
            errors.append(RowError(row, fld, msg, EDGES))

        if not e.node:
            err("node", "is required")
        elif e.node not in ids:
            err("node", f"unknown node {e.node!r}")
        if not e.source:
            label = f"part {e.part!r} of node {e.node!r}" if e.part else f"an input of node {e.node!r}"
            err("source", f"{label} has no source")
        elif e.source not in ids:
            err("source", f"unknown node {e.source!r}")
        elif e.source == e.node:
            err("source", f"cycle in the supply network: {e.node} -> {e.node}")
        msg = _number_error(e.quantity, allow_none=False, positive=True)
        if msg:
            err("quantity", msg)
        msg = _number_error(e.share, allow_none=True)
        if msg:
            err("share", msg)
        key = (e.node, e.group, e.source)
        if e.node and e.source:
            if key in seen_edges:
                err("source", f"{e.source!r} is listed twice for part {e.group!r} of node {e.node!r} "
                              f"(first on row {seen_edges[key]})")
            else:
                seen_edges[key] = row
    return errors
