"""Supply networks over REST, with the same permissions as the pages. Nothing here is public."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ninja import Field, Router, Schema, Status

from straiik.core.api import AuthedRequest, ErrorOut, write_auth
from straiik.core.marking_schemas import MarkingOut, marking_out
from straiik.core.markings import record_access
from straiik.engines import supply as engine
from straiik.supply import selectors, services
from straiik.supply.models import AnalysisKind, SupplyAnalysis, SupplyNetwork

router = Router(tags=["supply"], auth=write_auth)
ERRORS: dict[int | tuple[int, ...], type] = {(400, 401, 403, 404, 422): ErrorOut}


class NetworkOut(Schema):
    marking: MarkingOut
    id: int
    name: str
    description: str
    source: str
    nodes: int
    updated_at: datetime
    url: str

    @staticmethod
    def build(network: SupplyNetwork) -> dict[str, Any]:
        return {"marking": marking_out(network),
                "id": network.pk, "name": network.name, "description": network.description, "source": network.source,
                "nodes": getattr(network, "node_count", None) or network.nodes.count(),
                "updated_at": network.updated_at, "url": network.get_absolute_url()}


class NetworkIn(Schema):
    name: str = Field("", max_length=200)
    description: str = Field("", max_length=20_000)
    network: dict[str, Any] = Field(..., description="A straiik.supply/1 JSON document (docs/supply-chain.md)")


class AnalysisIn(Schema):
    kind: str = Field(..., description="overview, scenario or surge")
    params: dict[str, Any] = Field(default_factory=dict)


class AnalysisOut(Schema):
    marking: MarkingOut
    id: int
    network: int
    kind: str
    status: str
    params: dict[str, Any]
    progress: dict[str, Any]
    result: dict[str, Any] | None
    error: str
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def build(a: SupplyAnalysis) -> dict[str, Any]:
        return {"marking": marking_out(a),
                "id": a.pk, "network": a.network_id, "kind": a.kind, "status": a.status, "params": a.params,
                "progress": a.progress, "result": a.result, "error": a.error, "created_at": a.created_at,
                "finished_at": a.finished_at}


@router.get("/networks", response={200: list[NetworkOut], **ERRORS})
def list_networks(request: AuthedRequest) -> Any:
    return [NetworkOut.build(n) for n in selectors.network_list(user=request.auth)]


@router.post("/networks", response={201: NetworkOut, **ERRORS}, summary="Import a network (straiik.supply/1)")
def create_network(request: AuthedRequest, payload: NetworkIn) -> Any:
    parsed = services.read_upload(document=json.dumps(payload.network).encode())
    network = services.network_create(user=request.auth, name=payload.name or parsed.name, parsed=parsed,
                                      description=payload.description, source="API")
    return Status(201, NetworkOut.build(network))


@router.get("/networks/{network_id}", response={200: dict[str, Any], **ERRORS},
            summary="The network as a straiik.supply/1 document")
def get_network(request: AuthedRequest, network_id: int) -> Any:
    network = selectors.network_get(user=request.auth, pk=network_id)
    record_access(request, network, "api")
    return engine.network_to_dict(services.to_engine(network))


@router.post("/networks/{network_id}/analyses", response={202: AnalysisOut, **ERRORS})
def create_analysis(request: AuthedRequest, network_id: int, payload: AnalysisIn) -> Any:
    network = selectors.network_get(user=request.auth, pk=network_id)
    if payload.kind not in AnalysisKind.values:
        from django.core.exceptions import ValidationError

        raise ValidationError({"kind": f"one of {', '.join(AnalysisKind.values)}"})
    analysis = services.analysis_request(user=request.auth, network=network, kind=payload.kind, params=payload.params)
    return Status(202, AnalysisOut.build(analysis))


@router.get("/analyses/{analysis_id}", response={200: AnalysisOut, **ERRORS})
def get_analysis(request: AuthedRequest, analysis_id: int) -> Any:
    analysis = selectors.analysis_get(user=request.auth, pk=analysis_id)
    record_access(request, analysis, "api")
    return AnalysisOut.build(analysis)
