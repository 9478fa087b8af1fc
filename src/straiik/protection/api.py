"""Protection over REST, with the same permissions as the pages: the office sees and decides everything; an
organisation's administrators read their own organisation's protection record. Every call needs a session or a
bearer token."""

from __future__ import annotations

import builtins
import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from straiik.core.api import AuthedRequest, ErrorOut, write_auth
from straiik.protection import permissions, selectors, services
from straiik.protection.models import Disclosure, HitStatus, ScreeningHit

router = Router(tags=["protection"], auth=write_auth)
ERRORS: dict[int | tuple[int, ...], type] = {(400, 401, 403, 404, 409, 422): ErrorOut}


class HitOut(Schema):
    id: int
    organisation: str
    subject_kind: str
    subject_name: str
    list: str
    entry_key: str
    entry_name: str
    entry_reference: str
    score: float
    reasons: builtins.list[builtins.list[str]]
    status: str
    decision_reason: str
    found_at: dt.datetime


def _hit(h: ScreeningHit) -> dict[str, Any]:
    return {"id": h.pk, "organisation": h.organisation.slug, "subject_kind": h.subject_kind,
            "subject_name": h.subject_name, "list": h.source, "entry_key": h.entry_key, "entry_name": h.entry_name,
            "entry_reference": h.entry_reference, "score": float(h.score), "reasons": h.reasons, "status": h.status,
            "decision_reason": h.decision_reason, "found_at": h.found_at}


class DecisionIn(Schema):
    confirm: bool
    reason: str = Field(..., max_length=5000)


class ListOut(Schema):
    id: int
    source: str
    version: str
    generated: str
    filename: str
    sha256: str
    entry_count: int
    is_current: bool
    loaded_by: str
    loaded_at: dt.datetime


def _list(s: Any) -> dict[str, Any]:
    return {"id": s.pk, "source": s.source, "version": s.version, "generated": s.generated, "filename": s.filename,
            "sha256": s.sha256, "entry_count": s.entry_count, "is_current": s.is_current,
            "loaded_by": s.loaded_by.get_username(), "loaded_at": s.loaded_at}


class DisclosureIn(Schema):
    owners: list[dict[str, Any]] = Field(default_factory=list,
                                         description="name, kind (person|entity), country, share_pct, state_backed, "
                                                     "birth_date")
    controlling_party: dict[str, Any] = Field(default_factory=dict, description="name, kind, country")
    control_chain: list[dict[str, Any]] = Field(default_factory=list, description="name, country; top last")
    key_people: list[dict[str, Any]] = Field(default_factory=list, description="name, role, nationalities")
    foreign_funding: list[dict[str, Any]] = Field(default_factory=list,
                                                  description="source, kind (funding|contract), country, amount_eur, "
                                                              "year")
    listed_ties: list[dict[str, Any]] = Field(default_factory=list, description="name, list, description")
    statement: str = ""


class DisclosureOut(Schema):
    id: int
    version: int
    status: str
    owners: list[dict[str, Any]]
    controlling_party: dict[str, Any]
    control_chain: list[dict[str, Any]]
    key_people: list[dict[str, Any]]
    foreign_funding: list[dict[str, Any]]
    listed_ties: list[dict[str, Any]]
    statement: str
    declared_by: str
    declared_at: dt.datetime
    signed_off_at: dt.datetime | None
    renewal_due_at: dt.datetime | None
    office_note: str


def _disclosure(d: Disclosure) -> dict[str, Any]:
    return {"id": d.pk, "version": d.version, "status": d.status, "owners": d.owners,
            "controlling_party": d.controlling_party, "control_chain": d.control_chain, "key_people": d.key_people,
            "foreign_funding": d.foreign_funding, "listed_ties": d.listed_ties, "statement": d.statement,
            "declared_by": d.declared_by.get_username(), "declared_at": d.declared_at,
            "signed_off_at": d.signed_off_at,
            "renewal_due_at": services.renewal_due_at(d) if d.signed_off_at else None, "office_note": d.office_note}


class ReviewIn(Schema):
    sign_off: bool
    note: str = Field("", max_length=5000)


class DueDiligenceOut(Schema):
    id: int
    subject: str
    organisation: str
    outcome: str
    reasons: str
    conditions: str
    disclosure_version: int | None
    screening: dict[str, Any]
    reviewer: str
    recorded_at: dt.datetime


def _dd(r: Any) -> dict[str, Any]:
    return {"id": r.pk, "subject": r.subject_label, "organisation": r.organisation.slug, "outcome": r.outcome,
            "reasons": r.reasons, "conditions": r.conditions,
            "disclosure_version": r.disclosure.version if r.disclosure_id else None, "screening": r.screening,
            "reviewer": r.reviewer.get_username(), "recorded_at": r.recorded_at}


class DueDiligenceIn(Schema):
    subject: str = Field(..., description="sdir.call, bundling.bundlinground or defport.submission")
    subject_id: int
    organisation: str
    outcome: str = Field(..., description="cleared, conditions or refused")
    reasons: str
    conditions: str = ""


class ProtectionOut(Schema):
    organisation: str
    blocked: list[str]
    controlled_from: list[str]
    disclosures: list[DisclosureOut]
    hits: list[HitOut]
    due_diligence: list[DueDiligenceOut]


class DashboardOut(Schema):
    open_hits: int
    confirmed_hits: int
    disclosures_to_sign_off: int
    disclosures_due: list[str]
    awards_waiting: list[dict[str, Any]]
    lists: list[ListOut]


def _office(request: HttpRequest) -> None:
    if not permissions.is_office(getattr(request, "auth", None)):
        raise PermissionDenied("This is for the programme office.")


@router.get("/hits", response={200: list[HitOut], **ERRORS}, summary="Screening hits you may see (status: open, "
            "confirmed, dismissed, lapsed; empty: all)")
def list_hits(request: AuthedRequest, status: str = HitStatus.OPEN) -> Any:
    if status and status not in HitStatus.values:
        raise Http404("No such status.")
    return [_hit(h) for h in selectors.hit_queue(user=request.auth, status=status)[:1000]]


@router.get("/hits/{hit_id}", response={200: HitOut, **ERRORS})
def get_hit(request: AuthedRequest, hit_id: int) -> Any:
    return _hit(selectors.hit_get(user=request.auth, pk=hit_id))


@router.post("/hits/{hit_id}/decision", response={200: HitOut, **ERRORS},
             summary="Confirm (blocks the organisation) or dismiss a hit, with the reason")
def decide_hit(request: AuthedRequest, hit_id: int, payload: DecisionIn) -> Any:
    hit = selectors.hit_get(user=request.auth, pk=hit_id)
    return _hit(services.hit_decide(user=request.auth, hit=hit, confirm=payload.confirm, reason=payload.reason))


@router.get("/lists", response={200: list[ListOut], **ERRORS}, summary="The list versions loaded, newest first")
def list_versions(request: HttpRequest) -> Any:
    _office(request)
    return [_list(s) for s in selectors.lists_loaded()[:200]]


@router.post("/lists", response={201: ListOut, **ERRORS},
             summary="Load a new version of the EU or UN list (multipart: source=eu|un, file)")
def load_list(request: AuthedRequest, source: Form[str], file: File[UploadedFile]) -> Any:
    loaded = services.list_import(user=request.auth, source=source, data=file.read(), filename=file.name or "")
    return Status(201, _list(loaded))


@router.get("/organisations/{slug}", response={200: ProtectionOut, **ERRORS},
            summary="An organisation's protection record (the office and its administrators)")
def organisation(request: AuthedRequest, slug: str) -> Any:
    org = selectors.organisation_for_protection(user=request.auth, slug=slug)
    o = selectors.protection_overview(org)
    return {"organisation": org.slug, "blocked": o["blocked"], "controlled_from": o["control"][0],
            "disclosures": [_disclosure(d) for d in o["disclosures"]], "hits": [_hit(h) for h in o["hits"]],
            "due_diligence": [_dd(r) for r in o["due_diligence"]]}


@router.post("/organisations/{slug}/disclosures", response={201: DisclosureOut, **ERRORS},
             summary="Declare the next version of the organisation's disclosure (its administrators)")
def declare(request: AuthedRequest, slug: str, payload: DisclosureIn) -> Any:
    org = selectors.organisation_for_protection(user=request.auth, slug=slug)
    return Status(201, _disclosure(services.disclosure_declare(user=request.auth, organisation=org,
                                                               data=payload.dict())))


@router.post("/disclosures/{disclosure_id}/review", response={200: DisclosureOut, **ERRORS},
             summary="Sign off or return a declared version (the office)")
def review(request: AuthedRequest, disclosure_id: int, payload: ReviewIn) -> Any:
    _office(request)
    disclosure = Disclosure.objects.filter(pk=disclosure_id).first()
    if disclosure is None:
        raise Http404("No such disclosure.")
    return _disclosure(services.disclosure_review(user=request.auth, disclosure=disclosure, sign_off=payload.sign_off,
                                                  note=payload.note))


@router.post("/due-diligence", response={201: DueDiligenceOut, **ERRORS},
             summary="Record due diligence on an organisation for a call, round or need (the office)")
def record_due_diligence(request: AuthedRequest, payload: DueDiligenceIn) -> Any:
    _office(request)
    from straiik.registry.models import Organisation

    subject = selectors.record_for(payload.subject, payload.subject_id, selectors.RULE_SUBJECTS)
    org = Organisation.objects.restrict(request.auth).filter(slug=payload.organisation).first()
    if org is None:
        raise Http404("No such organisation.")
    return Status(201, _dd(services.due_diligence_record(user=request.auth, subject=subject, organisation=org,
                                                         outcome=payload.outcome, reasons=payload.reasons,
                                                         conditions=payload.conditions)))


@router.get("/dashboard", response={200: DashboardOut, **ERRORS})
def dashboard(request: AuthedRequest) -> Any:
    _office(request)
    d = selectors.dashboard(user=request.auth)
    return {"open_hits": d["open_hits"], "confirmed_hits": d["confirmed"].count(),
            "disclosures_to_sign_off": d["to_sign_off"].count(),
            "disclosures_due": [x.organisation.slug for x in d["due"]],
            "awards_waiting": [{"call": r["call"].reference, "proposal": r["proposal"].pk,
                                "organisation": r["organisation"].slug} for r in d["awards_waiting"]],
            "lists": [_list(s) for s in d["lists"]]}
