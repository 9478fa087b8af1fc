"""Reads for supply networks: what a user may see, the latest results, and the picture's layout."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from straiik.engines.svg import svg_number
from straiik.registry.taxonomies import EU_MEMBERS, NATO_MEMBERS, country_name
from straiik.supply import permissions
from straiik.supply.models import AnalysisKind, AnalysisStatus, SupplyAnalysis, SupplyNetwork, SupplyNode

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

PICTURE_MAX_NODES = 400
COLUMN_W, ROW_H, NODE_W, NODE_H, MARGIN = 190, 30, 150, 22, 20


def network_list(*, user: Viewer) -> QuerySet[SupplyNetwork]:
    if not permissions.can_create(user) and not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    return SupplyNetwork.objects.restrict(user).annotate(
        node_count=Count("nodes", distinct=True))


def network_get(*, user: Viewer, pk: int) -> SupplyNetwork:
    network = SupplyNetwork.objects.restrict(user).filter(pk=pk).first()
    if network is None:
        raise Http404(_("No such supply network."))
    return network


def analysis_get(*, user: Viewer, pk: int) -> SupplyAnalysis:
    analysis = SupplyAnalysis.objects.select_related("network", "requested_by").restrict(user).filter(pk=pk).first()
    if analysis is None:
        raise Http404(_("No such analysis."))
    return analysis


def latest_overview(network: SupplyNetwork) -> SupplyAnalysis | None:
    return network.analyses.filter(kind=AnalysisKind.OVERVIEW, status=AnalysisStatus.DONE).first()


def node_facts(network: SupplyNetwork, key: str, overview: SupplyAnalysis | None) -> dict[str, Any]:
    node = SupplyNode.objects.filter(network=network, key=key).select_related("organisation").first()
    if node is None:
        raise Http404(_("No such node."))
    inputs = defaultdict(list)
    for edge in node.inputs.select_related("source").order_by("part", "id"):
        inputs[edge.part or edge.source.key].append(edge)
    outputs = list(node.outputs.select_related("node").order_by("node__key")[:50])
    facts: dict[str, Any] = {"node": node, "inputs": dict(inputs), "outputs": outputs, "stops": [], "risk": None}
    if overview and overview.result:
        result = overview.result
        facts["stops"] = [p for p, spofs in result["spof"]["by_product"].items() if key in spofs]
        if result.get("resilience"):
            facts["risk"] = next((r for r in result["resilience"]["nodes"] if r["node"] == key), None)
    return facts


def _upstream(keys: set[str], preds: dict[str, list[str]]) -> set[str]:
    seen = set(keys)
    stack = list(keys)
    while stack:
        k = stack.pop()
        for p in preds.get(k, ()):
            if p not in seen:
                seen.add(p)
                stack.append(p)
    return seen


def picture(network: SupplyNetwork, *, product: str = "", overview: SupplyAnalysis | None = None) -> dict[str, Any]:
    """A layered drawing: raw sources on the left, products on the right (column = longest path from a source),
    rows ordered by the average row of a node's suppliers. Large networks show one product's tree."""
    nodes = {n.key: n for n in network.nodes.only("key", "name", "country", "demand", "kind")}
    edges = list(network.edges.values_list("node__key", "source__key", "part"))
    preds: dict[str, list[str]] = defaultdict(list)
    parts: dict[tuple[str, str], int] = defaultdict(int)
    for node, source, part in edges:
        preds[node].append(source)
        parts[(node, part or source)] += 1
    products = sorted(k for k, n in nodes.items() if n.demand > 0)
    shown = set(nodes)
    note = ""
    if product and product in nodes:
        shown = _upstream({product}, preds)
    elif len(nodes) > PICTURE_MAX_NODES and products:
        product = products[0]
        shown = _upstream({product}, preds)
    if len(shown) > PICTURE_MAX_NODES:
        note = _("The tree has %(n)d nodes; the picture shows the %(m)d closest to the product.") % {
            "n": len(shown), "m": PICTURE_MAX_NODES}
        shown = _closest(product, preds, PICTURE_MAX_NODES) if product else set(list(shown)[:PICTURE_MAX_NODES])
    # columns by longest path from a source (Kahn's order over the shown nodes)
    column: dict[str, int] = {}
    succ: dict[str, list[str]] = defaultdict(list)
    indegree = dict.fromkeys(shown, 0)
    for node, source, _part in edges:
        if node in shown and source in shown:
            succ[source].append(node)
            indegree[node] += 1
    order = [k for k in sorted(shown) if indegree[k] == 0]
    for k in order:
        column.setdefault(k, 0)
    i = 0
    while i < len(order):
        k = order[i]
        i += 1
        for t in succ[k]:
            column[t] = max(column.get(t, 0), column[k] + 1)
            indegree[t] -= 1
            if indegree[t] == 0:
                order.append(t)
    by_column: dict[int, list[str]] = defaultdict(list)
    for k in order:
        by_column[column[k]].append(k)
    row: dict[str, float] = {}
    for c in sorted(by_column):
        keys = by_column[c]
        keys.sort(key=lambda k: (sum(row.get(p, 0) for p in preds[k] if p in row) / max(
            1, sum(1 for p in preds[k] if p in row)), k))
        for r, k in enumerate(keys):
            row[k] = r
    spof: set[str] = set()
    at_risk: set[str] = set()
    if overview and overview.result:
        result = overview.result
        spof = (set(result["spof"]["by_product"].get(product, [])) if product
                else {node for node, _count in result["spof"]["ranking"]})
        if result.get("resilience"):
            at_risk = {r["node"] for r in result["resilience"]["nodes"] if r["at_risk"]}
    boxes = []
    for k in order:
        n = nodes[k]
        x, y = MARGIN + column[k] * COLUMN_W, MARGIN + row[k] * ROW_H
        boxes.append({"key": k, "label": (n.name or k)[:22], "title": f"{n.name or k} ({n.country or '?'})",
                      "x": x, "y": y, "tx": x + 6, "ty": y + 15, "country": n.country,
                      "classes": " ".join(c for c, on in (("product", n.demand > 0), ("spof", k in spof),
                                                           ("at-risk", k in at_risk)) if on)})
    lines = []
    for node, source, part in edges:
        if node in column and source in column:
            x1, y1 = MARGIN + column[source] * COLUMN_W + NODE_W, MARGIN + row[source] * ROW_H + NODE_H / 2
            x2, y2 = MARGIN + column[node] * COLUMN_W, MARGIN + row[node] * ROW_H + NODE_H / 2
            mx = (x1 + x2) / 2
            num = svg_number
            lines.append({"x1": x1, "y1": y1, "x2": x2, "y2": y2, "mx": mx,
                          "d": f"M{num(x1)},{num(y1)} C{num(mx)},{num(y1)} {num(mx)},{num(y2)} {num(x2)},{num(y2)}",
                          "alternative": parts[(node, part or source)] > 1})
    width = MARGIN * 2 + (max(column.values(), default=0) + 1) * COLUMN_W
    height = MARGIN * 2 + (max((len(v) for v in by_column.values()), default=1)) * ROW_H
    return {"boxes": boxes, "lines": lines, "width": width, "height": height, "node_w": NODE_W, "node_h": NODE_H,
            "css_height": int(min(560, max(160, height * 1.4))),
            "products": products, "product": product, "note": note, "shown": len(boxes), "total": len(nodes),
            "spof_count": len(spof & set(column))}


def _closest(product: str, preds: dict[str, list[str]], limit: int) -> set[str]:
    """The `limit` nodes nearest the product upstream (breadth first)."""
    seen = [product]
    known = {product}
    i = 0
    while i < len(seen) and len(seen) < limit:
        for p in preds.get(seen[i], ()):
            if p not in known and len(seen) < limit:
                known.add(p)
                seen.append(p)
        i += 1
    return known


def country_rows(shares: dict[str, Any]) -> list[dict[str, Any]]:
    """Shares by country for the dependence chart, with EU/NATO membership."""
    rows = []
    maximum = max(shares["shares"].values(), default=0) or 1
    for i, (code, share) in enumerate(shares["shares"].items()):
        w = round(360 * share / maximum, 1)
        rows.append({"code": code, "name": country_name(code), "share": share, "w": w, "nx": 164 + w,
                     "y": i * 24, "ty": i * 24 + 15, "eu": code in EU_MEMBERS, "nato": code in NATO_MEMBERS})
    return rows[:25]
