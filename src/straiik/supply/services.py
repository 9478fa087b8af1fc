"""Writes for supply networks: import (CSV, XLSX, JSON, Willems 2008), node edits, analyses as background tasks.
Each service checks permission, validates (the engine's own checks name the row and field), saves and
records the change in one transaction."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from straiik.core import limits, taskqueue
from straiik.core.audit import apply_fields, record_change, snapshot
from straiik.core.exercises import check_may_mark
from straiik.core.models import ObjectChange
from straiik.engines import supply as engine
from straiik.registry.models import Organisation
from straiik.supply import permissions
from straiik.supply.models import (
    AnalysisKind,
    AnalysisStatus,
    SupplyAnalysis,
    SupplyEdge,
    SupplyNetwork,
    SupplyNode,
)

if TYPE_CHECKING:
    from straiik.accounts.types import User

log = logging.getLogger(__name__)
NODE_FIELDS = ("name", "kind", "organisation_name", "country", "capacity", "inventory_weeks", "recovery_weeks",
               "demand", "unit_value", "material", "surge_cost", "surge_limit")
# Resilience solves one LP per node: above this size it is left out of the overview (docs/supply-chain.md).
RESILIENCE_MAX_NODES = 5_000


def _network_error(error: engine.NetworkError) -> ValidationError:
    return ValidationError([str(e) for e in error.errors])


def read_upload(*, nodes: bytes | None = None, edges: bytes | None = None, document: bytes | None = None,
                filename: str = "") -> engine.Network:
    """Parse uploaded files with the engine's readers: a JSON document, an XLSX workbook (sheets "nodes" and
    "edges"), or a nodes CSV with an optional edges CSV. Raises ValidationError listing every bad row."""
    # networks are larger than registry imports: more rows, fewer columns (core/limits.py, engines/tables.py)
    bounds = limits.table_limits(max_rows=max(settings.STRAIIK_IMPORT_MAX_ROWS, 100_000), max_cells=2_000_000)
    for data in (nodes, edges, document):
        if data is not None and len(data) > bounds.max_bytes:
            raise ValidationError(limits.refusal(limits.LimitExceeded("max_bytes", len(data), bounds.max_bytes)))
    try:
        if document is not None:
            if document[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
                return engine.read_xlsx(document, bounds)
            return engine.read_json(document, bounds)
        if nodes is None:
            raise ValidationError(_("Upload a nodes file (CSV), or one JSON or XLSX file."))
        return engine.read_csv(nodes, edges, limits=bounds)
    except engine.NetworkError as error:
        raise _network_error(error) from None
    except (limits.LimitExceeded, limits.TableFormatError) as error:
        raise ValidationError(limits.refusal(error)) from None
    except (ValueError, KeyError, OSError) as error:  # not the format at all (e.g. a broken workbook)
        raise ValidationError(_("The file cannot be read: %(e)s") % {"e": error}) from None


def _store(network: SupplyNetwork, parsed: engine.Network) -> None:
    slugs = {n.organisation_id for n in parsed.nodes if n.organisation_id}
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)} if slugs else {}
    rows = SupplyNode.objects.bulk_create([
        SupplyNode(network=network, key=n.id, name=n.name, kind=n.kind, organisation_name=n.organisation,
                   organisation=orgs.get(n.organisation_id), country=n.country, capacity=n.capacity,
                   inventory_weeks=n.inventory_weeks, recovery_weeks=n.recovery_weeks, demand=n.demand,
                   unit_value=n.unit_value, material=n.material, surge_cost=n.surge_cost, surge_limit=n.surge_limit)
        for n in parsed.nodes], batch_size=5000)
    if rows and rows[0].pk is None:
        rows = list(network.nodes.all())
    ids = {row.key: row.pk for row in rows}
    SupplyEdge.objects.bulk_create([
        SupplyEdge(network=network, node_id=ids[e.node], source_id=ids[e.source], part=e.part, quantity=e.quantity,
                   share=e.share) for e in parsed.edges], batch_size=5000)


@transaction.atomic
def network_create(*, user: User, name: str, parsed: engine.Network, description: str = "",
                   source: str = "", is_exercise: bool = False) -> SupplyNetwork:
    if not permissions.can_create(user):
        raise PermissionDenied(_("Only the programme office and defence buyers register supply networks."))
    check_may_mark(user, is_exercise)
    name = (name or parsed.name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the network a name.")})
    network = SupplyNetwork.objects.create(name=name[:200], description=description, source=source[:200],
                                           created_by=user, is_exercise=is_exercise)
    _store(network, parsed)
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=network, before=None,
                  after={**snapshot(network), "nodes": len(parsed.nodes), "edges": len(parsed.edges)})
    return network


def network_from_willems(*, user: User, chain: int, is_exercise: bool = False) -> SupplyNetwork:
    if chain not in engine.willems_chains():
        raise ValidationError({"chain": _("Willems 2008 has chains 1 to 38.")})
    parsed = engine.willems_chain(chain)
    return network_create(user=user, name=f"Willems 2008 chain {chain:02d}", parsed=parsed, source="Willems 2008",
                          is_exercise=is_exercise,
                          description=_("Real multi-echelon supply chain %(n)02d from Willems (2008), "
                                        "Manufacturing & Service Operations Management 10(1). Countries, "
                                        "capacities and recovery times filled in as docs/supply-chain.md "
                                        "describes.") % {"n": chain})


def to_engine(network: SupplyNetwork) -> engine.Network:
    nodes = list(network.nodes.select_related("organisation").order_by("id"))
    keys = {n.pk: n.key for n in nodes}
    return engine.Network(
        nodes=tuple(engine.Node(id=n.key, name=n.name, kind=n.kind, organisation=n.organisation_name,
                           organisation_id=n.organisation.slug if n.organisation is not None else "",
                           country=n.country,
                           capacity=n.capacity, inventory_weeks=n.inventory_weeks, recovery_weeks=n.recovery_weeks,
                           demand=n.demand, unit_value=n.unit_value, material=n.material, surge_cost=n.surge_cost,
                           surge_limit=n.surge_limit) for n in nodes),
        edges=tuple(engine.Edge(node=keys[e.node_id], source=keys[e.source_id], part=e.part, quantity=e.quantity,
                                share=e.share) for e in network.edges.order_by("id")),
        name=network.name)


@transaction.atomic
def node_update(*, user: User, node: SupplyNode, data: dict[str, Any]) -> SupplyNode:
    if not permissions.can_change(user, node.network):
        raise PermissionDenied(_("You may not change this network."))
    node = SupplyNode.objects.select_for_update().get(pk=node.pk)
    before = snapshot(node)
    apply_fields(node, data, fields=NODE_FIELDS)
    node.country = (node.country or "").upper()
    node.full_clean(exclude=["network", "organisation"])
    node.save()
    try:  # the whole network must still be valid (the engine checks every rule and names the field)
        to_engine(node.network)
    except engine.NetworkError as error:
        raise _network_error(error) from None
    SupplyNetwork.objects.filter(pk=node.network_id).update(updated_at=timezone.now())
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=node, before=before, after=snapshot(node),
                  related=node.network)
    return node


@transaction.atomic
def network_delete(*, user: User, network: SupplyNetwork) -> None:
    if not permissions.can_change(user, network):
        raise PermissionDenied(_("You may not delete this network."))
    record_change(user=user, action=ObjectChange.Action.DELETE, instance=network, before=snapshot(network), after=None)
    network.delete()


# --- analyses ---------------------------------------------------------------------------------------------------


def _check_params(network: SupplyNetwork, kind: str, params: dict[str, Any]) -> dict[str, Any]:
    if kind == AnalysisKind.OVERVIEW:
        return {}
    if kind == AnalysisKind.SCENARIO:
        target_kind = params.get("target_kind")
        target = str(params.get("target", "")).strip()
        if target_kind not in ("site", "country", "material"):
            raise ValidationError({"target_kind": _("Choose a site, a country or a raw material.")})
        if not target:
            raise ValidationError({"target": _("Say which site, country or material is lost.")})
        if target_kind == "site" and not network.nodes.filter(key=target).exists():
            raise ValidationError({"target": _("No node “%(t)s” in this network.") % {"t": target}})
        if target_kind == "country":
            target = target.upper()
            if not network.nodes.filter(country=target).exists():
                raise ValidationError({"target": _("No site in country “%(t)s”.") % {"t": target}})
        if target_kind == "material" and not network.nodes.exclude(material="").filter(
                material__iexact=target).exists():
            raise ValidationError({"target": _("No node supplies “%(t)s”.") % {"t": target}})
        clean = {"target_kind": target_kind, "target": target}
        for name, low, high, default in (("weeks", 0, 520, None), ("start_week", 0, 520, 0), ("horizon", 1, 520, 52),
                                         ("capacity_left", 0, 1, 0)):
            value = params.get(name, default)
            if value in (None, ""):
                clean[name] = default
                continue
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise ValidationError({name: _("Give a number.")}) from None
            if not low <= value <= high or math.isnan(value):
                raise ValidationError({name: _("Between %(a)s and %(b)s.") % {"a": low, "b": high}})
            clean[name] = value
        clean["horizon"] = int(clean["horizon"])
        return clean
    if kind == AnalysisKind.SURGE:
        product = str(params.get("product", "")).strip()
        node = network.nodes.filter(key=product).first()
        if node is None or node.demand <= 0:
            raise ValidationError({"product": _("Choose a product (a node with demand).")})
        try:
            factor = float(params.get("factor", 2))
        except (TypeError, ValueError):
            raise ValidationError({"factor": _("Give a number, e.g. 2 for double.")}) from None
        if not 0 < factor <= 100:
            raise ValidationError({"factor": _("Between 0 and 100 times today's demand.")})
        return {"product": product, "factor": factor, "target": node.demand * factor}
    raise ValidationError({"kind": _("Unknown analysis.")})


def analysis_request(*, user: User, network: SupplyNetwork, kind: str, params: dict[str, Any] | None = None,
                     enqueue: bool = True) -> SupplyAnalysis:
    if not permissions.can_analyse(user, network):
        raise PermissionDenied(_("You may not run analyses on this network."))
    clean = _check_params(network, kind, params or {})
    analysis = SupplyAnalysis.objects.create(network=network, kind=kind, params=clean, requested_by=user,
                                             network_updated_at=network.updated_at,
                                             progress={"message": _("Waiting for a worker")})
    if enqueue:
        taskqueue.enqueue_on_commit(
            "straiik.supply.tasks.run_analysis", analysis.pk,
            then=lambda result: SupplyAnalysis.objects.filter(pk=analysis.pk).update(task_id=str(result.id)))
    return analysis


class _Progress:
    def __init__(self, analysis_id: int, interval: float = 1.0) -> None:
        self.analysis_id, self.interval, self.last, self.phase = analysis_id, interval, 0.0, ""

    def phase_is(self, phase: str) -> Callable[[int, int], None]:
        self.phase = phase
        self.write(0, 0, force=True)
        return self.write

    def write(self, done: int, total: int, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < self.interval:
            return
        self.last = now
        SupplyAnalysis.objects.filter(pk=self.analysis_id).update(
            progress={"phase": self.phase, "done": done, "total": total})


def _num(value: float | None) -> float | str | None:
    """JSON has no infinity: 'inf' stands for it."""
    if value is None:
        return None
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def _shares(shares: engine.CountryShares) -> dict[str, Any]:
    return asdict(shares)


def overview(network: engine.Network, progress: _Progress | None = None) -> dict[str, Any]:
    step = progress.phase_is if progress else (lambda phase: None)
    spof = engine.single_points_of_failure(network, progress=step("spof"))
    result: dict[str, Any] = {
        "nodes": len(network.nodes), "edges": len(network.edges), "products": list(network.products),
        "spof": {"by_product": {p: list(v) for p, v in spof.by_product().items()},
                 "ranking": [[node, count] for node, count in spof.ranking()]},
    }
    step("dependence")
    dep = engine.dependence(network)
    result["dependence"] = {"overall": _shares(dep.overall),
                            "products": {p: _shares(s) for p, s in dep.products.items()},
                            "stopped_by_country": {c: list(v) for c, v in dep.stopped_by_country.items()}}
    step("materials")
    result["materials"] = [{"material": m.material, "nodes": list(m.nodes), "products": list(m.products),
                            "stopped_products": list(m.stopped_products), "network": _shares(m.network),
                            "world": _shares(m.world) if m.world else None, "world_source": m.world_source,
                            "world_year": m.world_year} for m in engine.critical_materials(network)]
    if len(network.nodes) <= RESILIENCE_MAX_NODES:
        risks = engine.resilience(network, progress=step("resilience"))
        result["resilience"] = {
            "baseline_tts": _num(risks.baseline_tts), "solves": risks.solves,
            "nodes": [{"node": r.node, "tts": _num(r.tts), "ttr": r.ttr, "gap": _num(r.gap), "at_risk": r.at_risk,
                       "lost_weeks": r.lost_weeks, "lost": r.lost} for r in risks.nodes]}
    else:
        result["resilience"] = None
    return result


def scenario(network: engine.Network, params: dict[str, Any], progress: _Progress | None = None) -> dict[str, Any]:
    options = {"start_week": params.get("start_week") or 0.0, "weeks": params.get("weeks"),
               "capacity_left": params.get("capacity_left") or 0.0}
    makers: dict[str, Callable[..., Any]] = {"site": engine.site_disruption, "country": engine.country_disruption,
            "material": engine.material_disruption}
    make = makers[params["target_kind"]]
    disruption = make(network, params["target"], **options)
    run = engine.simulate(network, [disruption], weeks=params.get("horizon", 52),
                          progress=progress.phase_is("simulate") if progress else None)
    return {"label": disruption.label, "nodes": list(disruption.nodes), "weeks": run.weeks,
            "lost_weeks": run.lost_weeks,
            "products": [{"product": p.product, "demand": p.demand, "output": list(p.output), "lost": list(p.lost),
                          "inventory": list(p.inventory), "lost_total": p.lost_total, "lost_weeks": p.lost_weeks,
                          "fill_rate": p.fill_rate, "first_short_week": p.first_short_week} for p in run.products]}


def surge_plan(network: engine.Network, params: dict[str, Any]) -> dict[str, Any]:
    plan = engine.surge(network, {params["product"]: params["target"]})
    return {"targets": plan.targets, "achieved": plan.achieved, "feasible": plan.feasible,
            "total_cost": plan.total_cost, "total_added": plan.total_added,
            "additions": [{"node": a.node, "capacity": a.capacity, "added": a.added, "new_capacity": a.new_capacity,
                           "cost": a.cost} for a in plan.additions]}


def analysis_execute(analysis_id: int) -> SupplyAnalysis:
    claimed = SupplyAnalysis.objects.filter(pk=analysis_id, status=AnalysisStatus.QUEUED).update(
        status=AnalysisStatus.RUNNING, started_at=timezone.now(), progress={"phase": "reading"})
    analysis = SupplyAnalysis.objects.select_related("network").get(pk=analysis_id)
    if not claimed:
        return analysis
    progress = _Progress(analysis_id)
    try:
        network = to_engine(analysis.network)
        if analysis.kind == AnalysisKind.OVERVIEW:
            result = overview(network, progress)
        elif analysis.kind == AnalysisKind.SCENARIO:
            result = scenario(network, analysis.params, progress)
        else:
            progress.phase_is("surge")
            result = surge_plan(network, analysis.params)
    except Exception as error:  # noqa: BLE001 - reported on the analysis, not lost in a log
        log.exception("supply analysis %s failed", analysis_id)
        SupplyAnalysis.objects.filter(pk=analysis_id).update(status=AnalysisStatus.FAILED, finished_at=timezone.now(),
                                                             error=f"{type(error).__name__}: {error}"[:2000])
    else:
        SupplyAnalysis.objects.filter(pk=analysis_id).update(status=AnalysisStatus.DONE, finished_at=timezone.now(),
                                                             result=result, progress={"phase": "done"})
    return SupplyAnalysis.objects.select_related("network").get(pk=analysis_id)
