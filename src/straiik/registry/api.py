"""The registry over REST, with the same permissions as the pages (the same selectors and services)."""

from __future__ import annotations

import math
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from straiik.core.api import AuthedRequest, ErrorOut, current_user, write_auth
from straiik.core.concurrency import if_match, set_etag
from straiik.registry import permissions, selectors, services
from straiik.registry.identifiers import IDENTIFIER_FIELDS
from straiik.registry.models import (
    Capability,
    ClearanceStatus,
    OrganisationKind,
    RegionalEcosystem,
    Visibility,
)
from straiik.registry.taxonomies import Area

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

router = Router(tags=["registry"])
ERRORS: dict[int | tuple[int, ...], type] = {(400, 401, 403, 404, 422): ErrorOut}

if TYPE_CHECKING:  # ninja needs the Literal; for the type checker a value computed at import is a str
    KindLiteral = str
else:
    KindLiteral = Literal[tuple(OrganisationKind.values)]
if TYPE_CHECKING:  # ninja needs the Literal; for the type checker a value computed at import is a str
    AreaLiteral = str
else:
    AreaLiteral = Literal[tuple(Area.values)]
if TYPE_CHECKING:  # ninja needs the Literal; for the type checker a value computed at import is a str
    VisibilityLiteral = str
else:
    VisibilityLiteral = Literal[tuple(Visibility.values)]
if TYPE_CHECKING:  # ninja needs the Literal; for the type checker a value computed at import is a str
    ClearanceLiteral = str
else:
    ClearanceLiteral = Literal[tuple(ClearanceStatus.values)]
if TYPE_CHECKING:  # ninja needs the Literal; for the type checker a value computed at import is a str
    SortLiteral = str
else:
    SortLiteral = Literal[tuple(selectors.SORTS)]


class ListFilters(Schema):
    q: str = Field("", max_length=200, description="Full-text search; every word must match (as a prefix)")
    kind: KindLiteral | None = None
    area: AreaLiteral | None = None
    province: str = Field("", max_length=6, description="ISO 3166-2 code, e.g. NL-ZH")
    region: str = Field("", max_length=50, description="Regional ecosystem slug")
    country: str = Field("", max_length=2)
    trl_min: int | None = Field(None, ge=1, le=9)
    cpv: str = Field("", pattern=r"^(\d{2,8})?(-\d)?$", description="CPV code or prefix; includes descendants")
    sort: SortLiteral = "name"
    page: int = Field(1, ge=1)
    page_size: int = Field(25, ge=1, le=100)

    def filters(self) -> selectors.OrganisationFilters:
        values = self.dict(exclude={"page", "page_size"})
        return selectors.OrganisationFilters(**{k: v for k, v in values.items() if v not in (None, "")})


class OrganisationItem(Schema):
    slug: str
    name: str
    kind: str
    country: str
    province: str
    city: str
    region: str | None
    areas: list[str]
    max_trl: int | None
    url: str
    verification_status: str = Field(..., description="declared, or verified by the programme office")

    @staticmethod
    def build(org: Any) -> dict[str, Any]:
        return {
            "slug": org.slug, "name": org.name, "kind": org.kind, "country": org.country,
            "province": org.province, "city": org.city, "region": org.region.slug if org.region_id else None,
            "areas": [a.code for a in org.areas.all()], "max_trl": org.max_trl, "url": org.get_absolute_url(),
            "verification_status": org.verification_status,
        }


class OrganisationPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[OrganisationItem]


class CapabilityOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    trl: int | None
    areas: list[str]
    cpv_codes: list[str]

    @staticmethod
    def build(cap: Capability) -> dict[str, Any]:
        return {"id": cap.pk, "kind": cap.kind, "title": cap.title, "description": cap.description,
                "trl": cap.trl, "areas": [a.code for a in cap.areas.all()],
                "cpv_codes": [c.code for c in cap.cpv_codes.all()]}


class SensitiveOut(Schema):
    foreign_ownership_pct: Decimal | None
    foreign_control_country: str
    clearance_status: str


class VerificationOut(Schema):
    status: str
    verified_at: datetime | None
    verified_by: str | None = Field(None, description="For the organisation's members and the programme office")
    evidence: str | None = Field(None, description="For the organisation's members and the programme office")


class VerifyIn(Schema):
    evidence: str = Field(..., min_length=1, max_length=2000, description="What the programme office checked")


class UnverifyIn(Schema):
    reason: str = Field("", max_length=2000)


class OrganisationOut(OrganisationItem):
    description: str
    website: str
    employees: int | None
    founded: int | None
    visibility: str
    capabilities: list[CapabilityOut]
    certifications: list[dict[str, Any]]
    test_facilities: list[dict[str, Any]]
    contacts: list[dict[str, Any]] | None = Field(None, description="Only for signed-in users")
    sensitive: SensitiveOut | None = Field(None, description="Only for those with need to know")
    identifiers: dict[str, str] = Field(..., description="KvK, RSIN, LEI, NCAGE, EU PIC, VAT, EDRPOU (compact)")
    verification: VerificationOut
    created_at: datetime
    updated_at: datetime


class OrganisationIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    kind: KindLiteral
    description: str = Field("", max_length=20_000)
    website: str = Field("", max_length=200)
    country: str = Field("NL", min_length=2, max_length=2)
    province: str = Field("", max_length=6)
    city: str = Field("", max_length=100)
    region: str | None = Field(None, description="Regional ecosystem slug")
    areas: list[AreaLiteral] = []
    employees: int | None = Field(None, ge=0)
    founded: int | None = Field(None, ge=1600, le=2100)
    visibility: VisibilityLiteral = "public"
    foreign_ownership_pct: Decimal | None = Field(None, ge=0, le=100)
    foreign_control_country: str = Field("", max_length=2)
    clearance_status: ClearanceLiteral | None = None
    kvk_number: str = Field("", max_length=30)
    rsin: str = Field("", max_length=30)
    lei: str = Field("", max_length=30)
    ncage: str = Field("", max_length=30)
    eu_pic: str = Field("", max_length=30)
    vat_number: str = Field("", max_length=30)
    edrpou: str = Field("", max_length=30)


class OrganisationPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    kind: KindLiteral | None = None
    description: str | None = Field(None, max_length=20_000)
    website: str | None = Field(None, max_length=200)
    country: str | None = Field(None, min_length=2, max_length=2)
    province: str | None = Field(None, max_length=6)
    city: str | None = Field(None, max_length=100)
    region: str | None = None
    areas: list[AreaLiteral] | None = None
    employees: int | None = Field(None, ge=0)
    founded: int | None = Field(None, ge=1600, le=2100)
    visibility: VisibilityLiteral | None = None
    foreign_ownership_pct: Decimal | None = Field(None, ge=0, le=100)
    foreign_control_country: str | None = Field(None, max_length=2)
    clearance_status: ClearanceLiteral | None = None
    kvk_number: str | None = Field(None, max_length=30)
    rsin: str | None = Field(None, max_length=30)
    lei: str | None = Field(None, max_length=30)
    ncage: str | None = Field(None, max_length=30)
    eu_pic: str | None = Field(None, max_length=30)
    vat_number: str | None = Field(None, max_length=30)
    edrpou: str | None = Field(None, max_length=30)


class CapabilityIn(Schema):
    kind: Literal[tuple(Capability.Kind.values)] = "capability"  # type: ignore[valid-type]
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=10_000)
    trl: int | None = Field(None, ge=1, le=9)
    areas: list[AreaLiteral] = []
    cpv_codes: list[str] = Field([], description="Eight-digit CPV 2008 codes")


class ChangeOut(Schema):
    time: datetime
    user: str
    action: str
    object_kind: str
    object: str
    changes: list[dict[str, Any]]


class CpvOut(Schema):
    code: str
    label_en: str
    label_nl: str
    level: int


def _organisation_data(payload: Schema, *, partial: bool) -> tuple[dict[str, Any], list[str] | None]:
    data = payload.dict(exclude_unset=partial)
    areas = data.pop("areas", None)
    if "region" in data:
        slug = data.pop("region")
        data["region"] = get_object_or_404(RegionalEcosystem, slug=slug) if slug else None
    if not partial:
        # Sensitive fields left out of a create are not being set, so need no permission.
        for name in ("foreign_ownership_pct", "foreign_control_country", "clearance_status"):
            if data.get(name) in (None, ""):
                data.pop(name, None)
    return data, areas


def _fields(record: Any, *names: str) -> dict[str, Any]:
    return {"id": record.pk, **{name: getattr(record, name) for name in names}}


def _detail(user: Viewer, org: Any) -> dict[str, Any]:
    context = selectors.organisation_detail_context(user=user, organisation=org)
    body = OrganisationItem.build(org)
    body.update(
        description=org.description, website=org.website, employees=org.employees, founded=org.founded,
        visibility=org.visibility, created_at=org.created_at, updated_at=org.updated_at,
        capabilities=[CapabilityOut.build(c) for c in context["capabilities"]],
        certifications=[_fields(c, "name", "issuer", "valid_until") for c in context["certifications"]],
        test_facilities=[_fields(t, "name", "description", "city") for t in context["test_facilities"]],
        contacts=[_fields(c, "name", "role", "email", "phone") for c in context["contacts"]]
        if context["contacts"] is not None else None,
        sensitive={name: getattr(org, name) for name in org.SENSITIVE_FIELDS}
        if context["can_view_sensitive"] else None,
        identifiers={name: getattr(org, name) for name in IDENTIFIER_FIELDS if getattr(org, name)},
        verification={"status": org.verification_status, "verified_at": org.verified_at,
                      "verified_by": context["verified_by_name"] or None if context["can_change"] else None,
                      "evidence": org.verification_evidence if context["can_change"] else None},
    )
    return body


@router.get("/organisations", response={200: OrganisationPage, **ERRORS}, summary="List and search organisations")
def list_organisations(request: HttpRequest, filters: Query[ListFilters]) -> Any:
    user = current_user(request)
    queryset = selectors.with_list_relations(selectors.organisation_list(user=user, filters=filters.filters()))
    paginator = Paginator(queryset, filters.page_size)
    page = paginator.get_page(filters.page) if filters.page <= max(paginator.num_pages, 1) else None
    if page is None:
        return Status(404, {"message": f"page {filters.page} does not exist; there are {paginator.num_pages} pages"})
    return {
        "count": paginator.count, "page": page.number, "page_size": filters.page_size,
        "pages": max(1, math.ceil(paginator.count / filters.page_size)),
        "results": [OrganisationItem.build(o) for o in page.object_list],
    }


@router.get("/organisations/{slug}", response={200: OrganisationOut, **ERRORS})
def get_organisation(request: HttpRequest, slug: str, response: HttpResponse) -> Any:
    user = current_user(request)
    org = selectors.organisation_get(user=user, slug=slug)
    set_etag(response, org)  # send it back in If-Match with a PATCH: a change made meanwhile is not overwritten
    return _detail(user, org)


@router.post("/organisations", response={201: OrganisationOut, **ERRORS}, auth=write_auth)
def create_organisation(request: AuthedRequest, payload: OrganisationIn) -> Any:
    data, areas = _organisation_data(payload, partial=False)
    org = services.organisation_create(user=request.user, data=data, areas=areas or [])
    return Status(201, _detail(request.user, org))


@router.patch("/organisations/{slug}", response={200: OrganisationOut, **ERRORS, 412: ErrorOut}, auth=write_auth)
def update_organisation(request: AuthedRequest, slug: str, payload: OrganisationPatch, response: HttpResponse) -> Any:
    org = selectors.organisation_get(user=request.user, slug=slug)
    data, areas = _organisation_data(payload, partial=True)
    for name in ("description", "website", "province", "city", "foreign_control_country"):
        if name in data and data[name] is None:
            data[name] = ""
    org = services.organisation_update(user=request.user, organisation=org, data=data, areas=areas,
                                       expected_version=if_match(request))
    set_etag(response, org)
    return _detail(request.user, org)


@router.delete("/organisations/{slug}", response={204: None, **ERRORS}, auth=write_auth)
def delete_organisation(request: AuthedRequest, slug: str) -> Any:
    org = selectors.organisation_get(user=request.user, slug=slug)
    services.organisation_delete(user=request.user, organisation=org)
    return Status(204, None)


@router.get("/organisations/{slug}/history", response={200: list[ChangeOut], **ERRORS})
def organisation_history(request: HttpRequest, slug: str) -> Any:
    user = current_user(request)
    org = selectors.organisation_get(user=user, slug=slug)
    if not permissions.can_view_history(user, org):
        raise PermissionDenied("Only the organisation's members and the programme office see its history")
    return [
        {"time": c.time, "user": c.user_name, "action": c.action, "object_kind": c.object_kind,
         "object": c.object_repr,
         "changes": [{"field": f, "before": b, "after": a} for f, b, a in c.visible_differences]}
        for c in selectors.organisation_history(user=user, organisation=org)
    ]


@router.post("/organisations/{slug}/capabilities", response={201: CapabilityOut, **ERRORS}, auth=write_auth)
def add_capability(request: AuthedRequest, slug: str, payload: CapabilityIn) -> Any:
    org = selectors.organisation_get(user=request.user, slug=slug)
    data = payload.dict()
    relations = {"areas": data.pop("areas"), "cpv_codes": [c.split("-")[0].strip() for c in data.pop("cpv_codes")]}
    cap = services.child_create(user=request.user, organisation=org, model=Capability, data=data, relations=relations)
    return Status(201, CapabilityOut.build(cap))


@router.delete("/organisations/{slug}/capabilities/{cap_id}", response={204: None, **ERRORS}, auth=write_auth)
def delete_capability(request: AuthedRequest, slug: str, cap_id: int) -> Any:
    org = selectors.organisation_get(user=request.user, slug=slug)
    cap = get_object_or_404(Capability, pk=cap_id, organisation=org)
    services.child_delete(user=request.user, child=cap)
    return Status(204, None)


@router.get("/areas", response=list[dict[str, str]], summary="The priority areas")
def list_areas(request: HttpRequest) -> Any:
    return [{"code": code, "label": str(label)} for code, label in Area.choices]


@router.get("/regions", response=list[dict[str, str]], summary="Regional ecosystems")
def list_regions(request: HttpRequest) -> Any:
    return [{"slug": r.slug, "name": r.name, "network": r.network, "city": r.city, "province": r.province}
            for r in RegionalEcosystem.objects.all()]


@router.get("/cpv", response={200: list[CpvOut], **ERRORS}, summary="Look up CPV 2008 codes")
def search_cpv(request: HttpRequest, q: str = Query("", max_length=100), limit: int = Query(20, ge=1, le=100)) -> Any:
    return selectors.cpv_search(query=q, limit=limit)


@router.post("/organisations/{slug}/verification", response={200: OrganisationOut, **ERRORS}, auth=write_auth,
             summary="Verify an organisation (programme office)")
def verify_organisation(request: AuthedRequest, slug: str, payload: VerifyIn) -> Any:
    user = request.user
    org = services.organisation_verify(user=user, organisation=selectors.organisation_get(user=user, slug=slug),
                                       evidence=payload.evidence)
    return _detail(user, selectors.organisation_get(user=user, slug=org.slug))


@router.delete("/organisations/{slug}/verification", response={200: OrganisationOut, **ERRORS}, auth=write_auth,
               summary="Withdraw a verification (programme office)")
def unverify_organisation(request: AuthedRequest, slug: str, payload: UnverifyIn | None = None) -> Any:
    user = request.user
    org = services.organisation_unverify(user=user, organisation=selectors.organisation_get(user=user, slug=slug),
                                         reason=payload.reason if payload else "")
    return _detail(user, selectors.organisation_get(user=user, slug=org.slug))
