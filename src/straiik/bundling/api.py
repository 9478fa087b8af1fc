"""Demand bundling over REST, with the same permissions as the pages (the same selectors and services).
Nothing here is public: every call needs a session or a bearer token."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from straiik.bundling import forms as bundling_forms
from straiik.bundling import permissions, selectors, services
from straiik.bundling.models import BundlingRound, BundlingRun, Demand, JointProcurement, Offer
from straiik.core.api import AuthedRequest, ErrorOut, write_auth
from straiik.core.marking_schemas import MarkingOut, marking_out
from straiik.core.markings import record_access

router = Router(tags=["bundling"], auth=write_auth)
ERRORS: dict[int | tuple[int, ...], type] = {(400, 401, 403, 404, 422): ErrorOut}


class RoundIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=20_000)
    currency: str = Field("EUR", pattern=r"^[A-Za-z]{3}$")
    periods: list[str] = Field(..., min_length=1, max_length=200)
    min_buyers: int = Field(3, ge=1, le=50)
    min_eu_buyers: int = Field(2, ge=0, le=50)
    individual_rationality: bool = True
    funding_enabled: bool = True
    funding_min_eu_content: Decimal = Field(Decimal("0.65"), ge=0, le=1)
    funding_share: Decimal = Field(Decimal("0.15"), ge=0, le=1)
    funding_share_with_ukraine: Decimal = Field(Decimal("0.20"), ge=0, le=1)
    ukraine_country: str = Field("UA", pattern=r"^[A-Za-z]{2}$")
    time_limit: int = Field(60, ge=1, le=3600)


class RoundOut(Schema):
    marking: MarkingOut
    id: int
    name: str
    description: str
    status: str
    currency: str
    periods: list[str]
    min_buyers: int
    min_eu_buyers: int
    individual_rationality: bool
    funding_enabled: bool
    funding_min_eu_content: float
    funding_share: float
    funding_share_with_ukraine: float
    ukraine_country: str
    time_limit: int
    url: str

    @staticmethod
    def resolve_marking(obj: BundlingRound) -> dict[str, Any]:
        return marking_out(obj)

    @staticmethod
    def resolve_url(obj: BundlingRound) -> str:
        return obj.get_absolute_url()


class Tier(Schema):
    min_quantity: int = Field(..., ge=0)
    unit_price: float = Field(..., ge=0)


class DemandIn(Schema):
    buyer: str = Field(..., description="Organisation slug or exact name; its country is the buying nation")
    reference: str = Field("", max_length=60)
    item: str = Field(..., description="CPV 2008 code, e.g. 35331000")
    standard: str = Field(..., min_length=1, max_length=80)
    quantity: int = Field(..., ge=1, le=1_000_000_000)
    periods: list[str] = Field(..., min_length=1)
    solo_unit_price: Decimal = Field(..., ge=0, max_digits=14, decimal_places=2)


class DemandPatch(Schema):
    reference: str | None = Field(None, max_length=60)
    standard: str | None = Field(None, min_length=1, max_length=80)
    quantity: int | None = Field(None, ge=1, le=1_000_000_000)
    periods: list[str] | None = Field(None, min_length=1)
    solo_unit_price: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)


class DemandOut(Schema):
    marking: MarkingOut
    id: str
    buyer: str
    nation: str
    reference: str
    item: str
    standard: str
    quantity: int
    periods: list[str]
    solo_unit_price: float
    joint_procurement: int | None

    @staticmethod
    def build(d: Demand) -> dict[str, Any]:
        return {"marking": marking_out(d),
                "id": d.code, "buyer": d.buyer.slug, "nation": d.buyer.country, "reference": d.reference,
                "item": d.item_id, "standard": d.standard, "quantity": d.quantity, "periods": d.periods,
                "solo_unit_price": float(d.solo_unit_price), "joint_procurement": d.joint_procurement_id}


class OfferIn(Schema):
    supplier: str = Field(..., description="Organisation slug or exact name")
    reference: str = Field("", max_length=60)
    item: str
    standards: list[str] = Field(..., min_length=1, max_length=200)
    eu_content: Decimal = Field(..., ge=0, le=1, description="Share 0–1")
    contract_cost: Decimal = Field(..., ge=0, max_digits=14, decimal_places=2)
    tiers: list[Tier] = Field(..., min_length=1, max_length=200)
    capacity: dict[str, int] = Field(..., description="Units per period; a period left out means 0")


class OfferOut(Schema):
    marking: MarkingOut
    id: str
    supplier: str
    country: str
    reference: str
    item: str
    standards: list[str]
    eu_content: float
    contract_cost: float
    tiers: list[Tier]
    capacity: dict[str, int]

    @staticmethod
    def build(o: Offer) -> dict[str, Any]:
        return {"marking": marking_out(o),
                "id": o.code, "supplier": o.supplier.slug, "country": o.supplier.country, "reference": o.reference,
                "item": o.item_id, "standards": o.standards, "eu_content": float(o.eu_content),
                "contract_cost": float(o.contract_cost), "tiers": o.tiers, "capacity": o.capacity}


class Variation(Schema):
    drop_buyers: list[str] = Field(default_factory=list, description="Nations (country codes) to leave out")
    rules: dict[str, Any] = Field(default_factory=dict, description="Rule changes, e.g. {\"min_buyers\": 2}")
    supplier_caps: dict[str, int] = Field(default_factory=dict,
                                          description="Organisation id → at most this many units per period")


class RunIn(Schema):
    label: str = Field("", max_length=200)
    time_limit: int | None = Field(None, ge=1, le=3600)
    variation: Variation = Field(default_factory=Variation)


class RunOut(Schema):
    marking: MarkingOut
    id: int
    round: int
    label: str
    status: str
    variation: dict[str, Any]
    time_limit: int
    progress: dict[str, Any]
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str
    total_cost: float | None
    baseline_cost: float | None
    savings: float | None
    bound: float | None
    solution_status: str | None
    url: str

    @staticmethod
    def build(run: BundlingRun) -> dict[str, Any]:
        solution = run.solution or {}
        return {"marking": marking_out(run),
                "id": run.pk, "round": run.round_id, "label": run.label, "status": run.status,
                "variation": run.variation, "time_limit": run.time_limit, "progress": run.progress,
                "created_at": run.created_at, "started_at": run.started_at, "finished_at": run.finished_at,
                "error": run.error, "total_cost": solution.get("total_cost"),
                "baseline_cost": solution.get("baseline_cost"), "savings": solution.get("savings"),
                "bound": solution.get("bound"), "solution_status": solution.get("status"),
                "url": run.get_absolute_url()}


class AcceptIn(Schema):
    offer: str
    period: str


class ProcurementOut(Schema):
    id: int
    round: int
    run: int
    offer: str
    supplier: str
    period: str
    lead_nation: str
    participants: list[dict[str, Any]]
    quantity: int
    unit_price: float
    value: float
    contract_cost: float
    funding: float
    net_cost: float
    solo_cost: float
    status: str

    @staticmethod
    def build(p: JointProcurement) -> dict[str, Any]:
        return {"id": p.pk, "round": p.round_id, "run": p.run_id, "offer": p.offer.code,
                "supplier": p.offer.supplier.slug,
                "period": p.period, "lead_nation": p.lead_nation, "participants": p.participants,
                "quantity": p.quantity, "unit_price": float(p.unit_price), "value": float(p.value),
                "contract_cost": float(p.contract_cost), "funding": float(p.funding), "net_cost": float(p.net_cost),
                "solo_cost": float(p.solo_cost), "status": p.status}


def _field(name: str, call: Any) -> Any:
    """Run a lookup; its error is reported under the field's name."""
    try:
        return call()
    except ValidationError as error:
        raise ValidationError({name: error.messages}) from None


@router.get("/rounds", response={200: list[RoundOut], **ERRORS}, summary="Bundling rounds")
def list_rounds(request: AuthedRequest) -> Any:
    return list(selectors.round_list(user=request.auth))


@router.post("/rounds", response={201: RoundOut, **ERRORS}, summary="Open a bundling round (programme office)")
def create_round(request: AuthedRequest, payload: RoundIn) -> Any:
    return Status(201, services.round_create(user=request.auth, data=payload.dict()))


@router.get("/rounds/{round_id}", response={200: RoundOut, **ERRORS})
def get_round(request: AuthedRequest, round_id: int) -> Any:
    round = selectors.round_get(user=request.auth, pk=round_id)
    record_access(request, round, "api")
    return round


@router.get("/rounds/{round_id}/problem", response={200: dict[str, Any], **ERRORS},
            summary="The round's open demand and offers as a straiik.bundling/1 problem")
def round_problem(request: AuthedRequest, round_id: int) -> Any:
    round = selectors.round_get(user=request.auth, pk=round_id)
    if not permissions.can_view_results(request.auth):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("The whole problem is for the programme office and defence buyers.")
    from straiik.bundling.problem import build_problem

    return build_problem(round)


@router.get("/rounds/{round_id}/demands", response={200: list[DemandOut], **ERRORS})
def list_demands(request: AuthedRequest, round_id: int) -> Any:
    round = selectors.round_get(user=request.auth, pk=round_id)
    return [DemandOut.build(d) for d in selectors.demands_of(user=request.auth, round=round)]


@router.post("/rounds/{round_id}/demands", response={201: DemandOut, **ERRORS})
def create_demand(request: AuthedRequest, round_id: int, payload: DemandIn) -> Any:
    user = request.auth
    round = selectors.round_get(user=user, pk=round_id)
    data = payload.dict()
    candidates = bundling_forms.organisation_candidates(user, bundling_forms.BUYER_KINDS)
    data["buyer"] = _field("buyer", lambda: bundling_forms.find_organisation(data["buyer"], candidates))
    data["item"] = _field("item", lambda: bundling_forms.find_cpv(data["item"]))
    return Status(201, DemandOut.build(services.demand_create(user=user, round=round, data=data)))


@router.patch("/demands/{demand_id}", response={200: DemandOut, **ERRORS})
def update_demand(request: AuthedRequest, demand_id: str, payload: DemandPatch) -> Any:
    demand = selectors.demand_get(user=request.auth, pk=_pk(demand_id, "D"))
    data = payload.dict(exclude_unset=True)
    return DemandOut.build(services.demand_update(user=request.auth, demand=demand, data=data))


@router.delete("/demands/{demand_id}", response={204: None, **ERRORS})
def delete_demand(request: AuthedRequest, demand_id: str) -> Any:
    demand = selectors.demand_get(user=request.auth, pk=_pk(demand_id, "D"))
    services.demand_delete(user=request.auth, demand=demand)
    return Status(204, None)


@router.get("/rounds/{round_id}/offers", response={200: list[OfferOut], **ERRORS})
def list_offers(request: AuthedRequest, round_id: int) -> Any:
    round = selectors.round_get(user=request.auth, pk=round_id)
    return [OfferOut.build(o) for o in selectors.offers_of(user=request.auth, round=round)]


@router.post("/rounds/{round_id}/offers", response={201: OfferOut, **ERRORS})
def create_offer(request: AuthedRequest, round_id: int, payload: OfferIn) -> Any:
    user = request.auth
    round = selectors.round_get(user=user, pk=round_id)
    data = payload.dict()
    candidates = bundling_forms.organisation_candidates(user, bundling_forms.SUPPLIER_KINDS)
    data["supplier"] = _field("supplier", lambda: bundling_forms.find_organisation(data["supplier"], candidates))
    data["item"] = _field("item", lambda: bundling_forms.find_cpv(data["item"]))
    return Status(201, OfferOut.build(services.offer_create(user=user, round=round, data=data)))


@router.delete("/offers/{offer_id}", response={204: None, **ERRORS})
def delete_offer(request: AuthedRequest, offer_id: str) -> Any:
    offer = selectors.offer_get(user=request.auth, pk=_pk(offer_id, "O"))
    services.offer_delete(user=request.auth, offer=offer)
    return Status(204, None)


@router.post("/rounds/{round_id}/runs", response={202: RunOut, **ERRORS},
             summary="Queue the optimiser on the round (with optional what-if changes)")
def create_run(request: AuthedRequest, round_id: int, payload: RunIn) -> Any:
    round = selectors.round_get(user=request.auth, pk=round_id)
    run = services.run_request(user=request.auth, round=round, label=payload.label,
                               variation=payload.variation.dict(), time_limit=payload.time_limit)
    return Status(202, RunOut.build(run))


@router.get("/runs/{run_id}", response={200: RunOut, **ERRORS}, summary="A run's status, progress and figures")
def get_run(request: AuthedRequest, run_id: int) -> Any:
    run = selectors.run_get(user=request.auth, pk=run_id)
    record_access(request, run, "api")
    return RunOut.build(run)


@router.get("/runs/{run_id}/solution", response={200: dict[str, Any], **ERRORS},
            summary="The solution in the straiik.bundling/1-solution format")
def get_solution(request: AuthedRequest, run_id: int) -> Any:
    run = selectors.run_get(user=request.auth, pk=run_id)
    if not run.solution:
        raise ValidationError(f"Run {run.pk} is {run.status}: no solution yet.")
    return run.solution


@router.post("/runs/{run_id}/accept", response={201: ProcurementOut, **ERRORS},
             summary="Accept one proposed joint contract: creates a joint procurement record")
def accept(request: AuthedRequest, run_id: int, payload: AcceptIn) -> Any:
    run = selectors.run_get(user=request.auth, pk=run_id)
    procurement = services.procurement_accept(user=request.auth, run=run, offer_code=payload.offer,
                                              period=payload.period)
    return Status(201, ProcurementOut.build(procurement))


@router.get("/procurements", response={200: list[ProcurementOut], **ERRORS})
def list_procurements(request: AuthedRequest) -> Any:
    return [ProcurementOut.build(p) for p in selectors.procurement_list(user=request.auth)[:1000]]


def _pk(code: str, prefix: str) -> int:
    raw = code[1:] if code[:1].upper() == prefix else code
    if not raw.isdigit():
        raise ValidationError({"id": f"“{code}” is not an id like {prefix}12"})
    return int(raw)
