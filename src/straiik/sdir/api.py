"""SDIR over REST, with the same permissions and services as the pages. Reads of published calls, their OCDS
releases and the indicators are public; everything else needs a session or a bearer token."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, File, Router, Schema, Status, UploadedFile

from straiik.core.api import AuthedRequest, ErrorOut, WorkflowStepOut, current_user, steps_out, write_auth
from straiik.core.concurrency import if_match, set_etag
from straiik.core.forms import MARKING_FIELDS
from straiik.core.marking_schemas import MarkingIn, MarkingOut, marking_data, marking_out
from straiik.core.markings import record_access
from straiik.core.restrict import party_value
from straiik.registry.models import Organisation
from straiik.registry.taxonomies import Area
from straiik.sdir import permissions, publishing, selectors, services
from straiik.sdir.choices import Phase, State
from straiik.sdir.models import Assignment, Attachment, Award, Call, Milestone, Proposal

if TYPE_CHECKING:
    from straiik.accounts.types import User, Viewer

router = Router(tags=["sdir"], auth=write_auth)
# The list's filters as the schema states them: an unknown value is refused (422) before the database sees it.
if TYPE_CHECKING:  # ninja needs the Literal; for the type checker a value computed at import is a str
    StateFilter = str
else:
    StateFilter = Literal[("", *State.values)]
if TYPE_CHECKING:  # ninja needs the Literal; for the type checker a value computed at import is a str
    AreaFilter = str
else:
    AreaFilter = Literal[("", *Area.values)]
if TYPE_CHECKING:  # ninja needs the Literal; for the type checker a value computed at import is a str
    PhaseFilter = str
else:
    PhaseFilter = Literal[("", *(str(p) for p in Phase.values))]
ERRORS: dict[int | tuple[int, ...], type] = {(400, 401, 403, 404, 409, 422): ErrorOut}


# --- schemas ------------------------------------------------------------------------------------------------------

class CriterionIO(Schema):
    key: str
    label: str
    weight: float
    max_score: int = 10
    threshold: float = 0.0
    guidance: str = ""


class CallIn(MarkingIn):
    title: str = Field(..., max_length=200)
    problem: str
    area: str = Field(..., description="A priority area: smart-materials, space, quantum, intelligent-systems, "
                                       "sensors, maritime")
    owning_unit: str = Field(..., description="Slug of the defence unit or government body")
    phase: int = Field(1, ge=1, le=2)
    follows: int | None = Field(None, description="Id of the phase-1 call a phase-2 call follows")
    only_previous_winners: bool = False
    budget_eur: int = Field(..., ge=1)
    max_award_eur: int = Field(..., ge=1)
    duration_months: int | None = Field(None, ge=1, le=60)
    opens_at: dt.datetime
    closes_at: dt.datetime
    decision_due_at: dt.datetime | None = None
    award_due_at: dt.datetime | None = None
    allowed_countries: list[str] = Field(default_factory=list)
    max_foreign_ownership_pct: Decimal | None = None
    allowed_control_countries: list[str] = Field(default_factory=list)
    sme_only: bool = False
    scheme: str = Field("dasa", description="dasa, edf or custom")
    criteria: list[CriterionIO] | None = Field(None, description="Empty: the scheme's preset")
    quality_threshold: Decimal | None = None
    moderation: bool | None = None
    reviewers_per_proposal: int = Field(3, ge=1, le=10)
    reviewers: list[str] = Field(default_factory=list, description="Usernames")
    moderator: str | None = None
    need: int | None = Field(None, description="Id of the Defport need the call is made from")


class CallPatch(MarkingIn):
    title: str | None = None
    problem: str | None = None
    budget_eur: int | None = None
    max_award_eur: int | None = None
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    decision_due_at: dt.datetime | None = None
    award_due_at: dt.datetime | None = None
    allowed_countries: list[str] | None = None
    max_foreign_ownership_pct: Decimal | None = None
    allowed_control_countries: list[str] | None = None
    sme_only: bool | None = None
    criteria: list[CriterionIO] | None = None
    quality_threshold: Decimal | None = None
    reviewers_per_proposal: int | None = None
    reviewers: list[str] | None = None


class CallOut(Schema):
    marking: MarkingOut
    id: int
    reference: str
    title: str
    problem: str
    area: str
    owning_unit: str
    phase: int
    follows: int | None
    only_previous_winners: bool
    budget_eur: int
    max_award_eur: int
    duration_months: int
    opens_at: dt.datetime
    closes_at: dt.datetime
    decision_due_at: dt.datetime | None
    award_due_at: dt.datetime | None
    state: str
    accepts_proposals: bool
    allowed_countries: list[str]
    max_foreign_ownership_pct: Decimal | None
    allowed_control_countries: list[str]
    sme_only: bool
    scheme: str
    criteria: list[CriterionIO]
    quality_threshold: Decimal
    moderation: bool
    published_at: dt.datetime | None
    notified_at: dt.datetime | None
    awarded_at: dt.datetime | None
    url: str
    ocds: str
    # the steps the caller may take now (detail and step responses; empty in lists)
    transitions: list[WorkflowStepOut] = []

    @staticmethod
    def build(c: Call, user: User | None = None) -> dict[str, Any]:
        return {"marking": marking_out(c),
                **{name: getattr(c, name) for name in (
            "reference", "title", "problem", "area", "phase", "only_previous_winners", "budget_eur", "max_award_eur",
            "duration_months", "opens_at", "closes_at", "decision_due_at", "award_due_at", "allowed_countries",
            "max_foreign_ownership_pct", "allowed_control_countries", "sme_only", "scheme", "criteria",
            "quality_threshold", "moderation", "published_at", "notified_at", "awarded_at")},
            "id": c.pk, "owning_unit": c.owning_unit.slug, "follows": c.follows_id, "state": c.current_state(),
            "accepts_proposals": c.accepts_proposals(), "url": c.get_absolute_url(),
            "ocds": f"/sdir/calls/{c.pk}/ocds.json",
            "transitions": steps_out(c, user, state=c.current_state()) if user is not None else []}


class TransitionIn(Schema):
    action: str
    reason: str = ""


class ProposalIn(Schema):
    organisation: str = Field(..., description="Slug of the applicant organisation")
    title: str = Field(..., max_length=200)
    summary: str
    approach: str
    amount_eur: int = Field(..., ge=1)
    duration_months: int = Field(..., ge=1, le=60)
    trl: int | None = Field(None, ge=1, le=9)
    submit: bool = Field(False, description="true: submit at once (a receipt is issued)")


class ProposalPatch(Schema):
    title: str | None = None
    summary: str | None = None
    approach: str | None = None
    amount_eur: int | None = Field(None, ge=1)
    duration_months: int | None = Field(None, ge=1, le=60)
    trl: int | None = Field(None, ge=1, le=9)


class AttachmentOut(Schema):
    marking: MarkingOut
    id: int
    name: str
    kind: str
    size: int
    sha256: str
    url: str


class ProposalOut(Schema):
    marking: MarkingOut
    id: int
    call: int
    organisation: str
    title: str
    summary: str | None
    approach: str | None
    amount_eur: int
    duration_months: int
    state: str
    submitted_at: dt.datetime | None
    receipt: str
    content_hash: str
    rank: int | None
    outcome: str
    outcome_reason: str
    consensus_total: Decimal | None
    attachments: list[AttachmentOut]

    @staticmethod
    def build(p: Proposal, user: Viewer) -> dict[str, Any]:
        content = permissions.can_read_content(user, p)
        decided = bool(p.outcome)
        return {"marking": marking_out(p),
                "id": p.pk, "call": p.call_id, "organisation": p.organisation.slug, "title": p.title,
                "summary": p.summary if content else None, "approach": p.approach if content else None,
                "amount_eur": p.amount_eur, "duration_months": p.duration_months, "state": p.state,
                "submitted_at": p.submitted_at, "receipt": p.receipt, "content_hash": p.content_hash,
                "rank": p.rank if decided or permissions.can_moderate(user, p.call) else None,
                "outcome": p.outcome, "outcome_reason": p.outcome_reason,
                "consensus_total": p.consensus_total if decided or permissions.can_moderate(user, p.call) else None,
                "attachments": [_attachment(a) for a in p.attachments.all()] if content else []}


class DeclarationIn(Schema):
    conflict: bool
    statement: str = ""


class ScoreIn(Schema):
    value: Decimal
    comment: str = ""


class ScoresIn(Schema):
    scores: dict[str, ScoreIn]
    submit: bool = True


class AssignmentOut(Schema):
    marking: MarkingOut
    id: int
    proposal: int
    call: str
    applicant: str
    title: str
    state: str
    url: str


class SheetOut(Schema):
    reviewer: str
    state: str
    own: bool
    total: float | None
    scores: dict[str, dict[str, Any]]


class ConsensusIn(Schema):
    values: dict[str, float]
    comment: str = ""


class MilestoneOut(Schema):
    id: int
    title: str
    deliverable: str
    due_date: dt.date
    amount_eur: int
    status: str


class MilestoneIn(Schema):
    title: str = Field(..., max_length=200)
    deliverable: str = ""
    due_date: dt.date
    amount_eur: int = Field(0, ge=0)


class MilestoneStepIn(Schema):
    note: str = ""
    accept: bool | None = Field(None, description="review: true accepts, false rejects (a note is required)")


class AwardOut(Schema):
    id: int
    reference: str
    call: str
    organisation: str
    proposal: int
    amount_eur: int
    status: str
    start_date: dt.date | None
    end_date: dt.date | None
    transition: str
    transition_note: str
    follow_on_reference: str
    follow_on_amount_eur: int | None
    milestones: list[MilestoneOut] | None

    @staticmethod
    def build(a: Award, user: Viewer) -> dict[str, Any]:
        follow = permissions.can_follow_award(user, a)
        return {"id": a.pk, "reference": a.reference, "call": a.call.reference, "organisation": a.organisation.slug,
                "proposal": a.proposal_id, "amount_eur": a.amount_eur, "status": a.status,
                "start_date": a.start_date, "end_date": a.end_date, "transition": a.transition,
                "transition_note": a.transition_note if follow else "",
                "follow_on_reference": a.follow_on_reference, "follow_on_amount_eur": a.follow_on_amount_eur,
                "milestones": [{"id": m.pk, "title": m.title, "deliverable": m.deliverable, "due_date": m.due_date,
                                "amount_eur": m.amount_eur, "status": m.status} for m in a.milestones.all()]
                if follow else None}


class TransitionRecordIn(Schema):
    transition: str = Field(..., description="phase_2, phase_3, production or none")
    note: str = ""
    follow_on_reference: str = ""
    follow_on_amount_eur: int | None = None


class CloseIn(Schema):
    status: str = Field(..., description="completed or terminated")
    note: str = ""


class SdirNotificationOut(Schema):
    id: int
    kind: str
    subject: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None
    emailed_at: dt.datetime | None

    @staticmethod
    def resolve_kind(obj: Any) -> str:
        return str(obj.kind).removeprefix("sdir.")  # the SDIR API's kinds, as before the platform's notifications


def _attachment(a: Attachment) -> dict[str, Any]:
    return {"marking": marking_out(a),
            "id": a.pk, "name": a.name, "kind": a.kind, "size": a.size, "sha256": a.sha256,
            "url": f"/sdir/attachments/{a.pk}/"}


def _organisation(slug: str | None, field: str) -> Organisation | None:
    if not slug:
        return None
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise ValidationError({field: f"no organisation with the slug {slug!r}"})
    return organisation


def _users(names: list[str], field: str) -> list[Any]:
    from straiik.accounts.models import User

    found = list(User.objects.filter(username__in=names))
    missing = sorted(set(names) - {u.username for u in found})
    if missing:
        raise ValidationError({field: f"unknown users: {', '.join(missing)}"})
    return found


def _call_data(payload: Schema, *, partial: bool, user: Viewer) -> tuple[dict[str, Any], list[Any] | None, Any]:
    data = {k: v for k, v in payload.dict(exclude_unset=partial).items() if k not in MARKING_FIELDS}
    data.update(marking_data(payload))
    reviewers = _users(data.pop("reviewers"), "reviewers") if data.get("reviewers") is not None else None
    data.pop("reviewers", None)
    need = None
    if "need" in data:
        need_id = data.pop("need")
        if need_id is not None:
            from straiik.defport.models import Submission

            need = Submission.objects.restrict(user).filter(pk=need_id).first()
            if need is None:
                raise ValidationError({"need": "no such Defport submission"})
    if "owning_unit" in data:
        data["owning_unit"] = _organisation(data["owning_unit"], "owning_unit")
    if "follows" in data and data["follows"] is not None:
        # only a call the author may see (not another unit's draft) can be the one a new call follows
        data["follows"] = Call.objects.restrict(user).exclude(state="draft").filter(pk=data["follows"]).first()
        if data["follows"] is None:
            raise ValidationError({"follows": "no such call"})
    if "moderator" in data:
        data["moderator"] = _users([data["moderator"]], "moderator")[0] if data["moderator"] else None
    if data.get("criteria") is None:
        data.pop("criteria", None)
    for name in ("duration_months", "quality_threshold", "moderation", "decision_due_at", "award_due_at"):
        if name in data and data[name] is None and not partial:
            data.pop(name)
    if partial:
        data = {k: v for k, v in data.items() if v is not None or k == "max_foreign_ownership_pct"}
    return data, reviewers, need


def _proposal(user: Viewer, proposal_id: int) -> Proposal:
    return selectors.proposal_get(user=user, pk=proposal_id)


# --- calls --------------------------------------------------------------------------------------------------------

@router.get("/calls", auth=None, response={200: list[CallOut], **ERRORS},
            summary="Calls you may see (published calls are public)")
def list_calls(request: HttpRequest, state: StateFilter = "", area: AreaFilter = "", phase: PhaseFilter = "") -> Any:
    user = current_user(request)
    return [CallOut.build(c) for c in selectors.call_list(user=user, state=state, area=area, phase=phase)[:500]]


@router.post("/calls", response={201: CallOut, **ERRORS}, summary="Draft a call")
def create_call(request: AuthedRequest, payload: CallIn) -> Any:
    data, reviewers, need = _call_data(payload, partial=False, user=request.auth)
    return Status(201, CallOut.build(services.call_create(user=request.auth, data=data, reviewers=reviewers,
                                                          need=need)))


@router.get("/calls/{call_id}", auth=None, response={200: CallOut, **ERRORS})
def get_call(request: HttpRequest, call_id: int, response: HttpResponse) -> Any:
    user = current_user(request)
    call = selectors.call_get(user=user, pk=call_id)
    record_access(request, call, "api")
    set_etag(response, call)
    return CallOut.build(call, user)


@router.patch("/calls/{call_id}", response={200: CallOut, **ERRORS, 412: ErrorOut})
def update_call(request: AuthedRequest, call_id: int, payload: CallPatch, response: HttpResponse) -> Any:
    call = selectors.call_get(user=request.auth, pk=call_id)
    data, reviewers, _need = _call_data(payload, partial=True, user=request.auth)
    call = services.call_update(user=request.auth, call=call, data=data, reviewers=reviewers,
                                expected_version=if_match(request))
    set_etag(response, call)
    return CallOut.build(call)


@router.post("/calls/{call_id}/transitions", response={200: CallOut, **ERRORS},
             summary="Take a workflow step: publish, start_review, decide, award, start_execution, complete, "
                     "withdraw, cancel")
def take_transition(request: AuthedRequest, call_id: int, payload: TransitionIn) -> Any:
    call = selectors.call_get(user=request.auth, pk=call_id)
    return CallOut.build(services.transition(user=request.auth, call=call, action=payload.action,
                                             reason=payload.reason), request.auth)


@router.get("/calls/{call_id}/ocds", auth=None, response={200: dict[str, Any], **ERRORS},
            summary="The call and its awards as an OCDS 1.1 release package")
def call_ocds(request: HttpRequest, call_id: int) -> Any:
    call = selectors.call_get(user=current_user(request), pk=call_id)
    if call.state == State.DRAFT:
        raise Http404
    return publishing.package([call], uri=request.build_absolute_uri())


@router.get("/ocds", auth=None, response={200: dict[str, Any], **ERRORS},
            summary="Every published call as one OCDS 1.1 release package")
def all_ocds(request: HttpRequest) -> Any:
    return publishing.package(list(selectors.call_list(user=None).order_by("id")), uri=request.build_absolute_uri())


@router.get("/calls/{call_id}/moderation", response={200: list[dict[str, Any]], **ERRORS},
            summary="Per proposal: reviews done, reviewer totals, means, spread, consensus")
def moderation(request: AuthedRequest, call_id: int) -> Any:
    call = selectors.call_get(user=request.auth, pk=call_id)
    return [{"proposal": r["proposal"].pk, "title": r["proposal"].title, "submitted": r["submitted"],
             "open": r["open"], "conflicted": r["conflicted"], "totals": r["totals"], "means": r["means"],
             "mean_total": r["mean_total"], "spread": r["spread"],
             "consensus_total": float(r["proposal"].consensus_total) if r["proposal"].consensus_total is not None
             else None} for r in selectors.moderation(user=request.auth, call=call)]


@router.post("/calls/{call_id}/consensus-from-means", response={200: dict[str, int], **ERRORS})
def consensus_from_means(request: AuthedRequest, call_id: int) -> Any:
    call = selectors.call_get(user=request.auth, pk=call_id)
    return {"set": services.consensus_from_means(user=request.auth, call=call)}


@router.get("/calls/{call_id}/decision", response={200: dict[str, Any], **ERRORS},
            summary="The decision (or, before it, the selection as it would be now), explained per proposal")
def decision(request: AuthedRequest, call_id: int) -> Any:
    user = request.auth
    call = selectors.call_get(user=user, pk=call_id)
    if hasattr(call, "decision"):
        if not (permissions.can_manage(user, call) or permissions.is_owner(user, call)):
            raise PermissionDenied("The decision's detail is for the programme office and the call's owner.")
        selection, ranking, decided = call.decision.selection, call.decision.ranking, True
    else:
        preview = selectors.selection_preview(user=user, call=call)
        if preview is None:
            return {"decided": False, "selection": None, "proposals": []}
        selection, ranking, decided = preview["selection"], preview["ranking"], False
    rows = selectors.decision_rows(call, selection, ranking)
    return {"decided": decided, "selection": {k: v for k, v in selection.items() if k != "explanations"},
            "proposals": [{"id": r["id"], "rank": r["rank"], "score": r["score"], "amount": r["amount"],
                           "fundable": r["fundable"], "selected": r["selected"], "code": r["code"], "why": r["why"]}
                          for r in rows]}


# --- proposals ----------------------------------------------------------------------------------------------------

@router.post("/calls/{call_id}/proposals", response={201: ProposalOut, **ERRORS},
             summary="Write a proposal (as a draft, or submitted at once with a receipt)")
def create_proposal(request: AuthedRequest, call_id: int, payload: ProposalIn) -> Any:
    call = selectors.call_get(user=request.auth, pk=call_id)
    data = payload.dict(exclude={"submit"})
    data["organisation"] = _organisation(data["organisation"], "organisation")
    proposal = services.proposal_create(user=request.auth, call=call, data=data, submit=payload.submit)
    return Status(201, ProposalOut.build(proposal, request.auth))


@router.get("/proposals", response={200: list[ProposalOut], **ERRORS}, summary="Your organisations' proposals")
def my_proposals(request: AuthedRequest) -> Any:
    return [ProposalOut.build(p, request.auth) for p in selectors.my_proposals(user=request.auth)[:500]]


@router.get("/proposals/{proposal_id}", response={200: ProposalOut, **ERRORS})
def get_proposal(request: AuthedRequest, proposal_id: int) -> Any:
    proposal = _proposal(request.auth, proposal_id)
    record_access(request, proposal, "api")
    return ProposalOut.build(proposal, request.auth)


@router.patch("/proposals/{proposal_id}", response={200: ProposalOut, **ERRORS},
              summary="Change a proposal until the deadline (a submitted one gets a new receipt)")
def update_proposal(request: AuthedRequest, proposal_id: int, payload: ProposalPatch) -> Any:
    proposal = _proposal(request.auth, proposal_id)
    data = payload.dict(exclude_unset=True)
    return ProposalOut.build(services.proposal_update(user=request.auth, proposal=proposal, data=data), request.auth)


@router.post("/proposals/{proposal_id}/submit", response={200: ProposalOut, **ERRORS})
def submit_proposal(request: AuthedRequest, proposal_id: int) -> Any:
    proposal = _proposal(request.auth, proposal_id)
    return ProposalOut.build(services.proposal_submit(user=request.auth, proposal=proposal), request.auth)


@router.post("/proposals/{proposal_id}/withdraw", response={200: ProposalOut, **ERRORS})
def withdraw_proposal(request: AuthedRequest, proposal_id: int, payload: TransitionIn | None = None) -> Any:
    proposal = _proposal(request.auth, proposal_id)
    reason = payload.reason if payload else ""
    return ProposalOut.build(services.proposal_withdraw(user=request.auth, proposal=proposal, reason=reason),
                             request.auth)


@router.post("/proposals/{proposal_id}/attachments", response={201: AttachmentOut, **ERRORS},
             summary="Attach a file (PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG, JPEG; checked by content; at most 10 MB)")
def add_attachment(request: AuthedRequest, proposal_id: int, file: UploadedFile = File(...)) -> Any:  # noqa: B008
    proposal = _proposal(request.auth, proposal_id)
    attachment = services.attachment_add(user=request.auth, proposal=proposal, name=file.name or "", stream=file,
                                         size=file.size)
    return Status(201, _attachment(attachment))


@router.get("/proposals/{proposal_id}/sheets", response={200: list[SheetOut], **ERRORS},
            summary="The reviewers' scores you may see (others' only after your own are submitted)")
def sheets(request: AuthedRequest, proposal_id: int) -> Any:
    proposal = _proposal(request.auth, proposal_id)
    own = proposal.assignments.filter(reviewer=request.auth).first()
    if not (permissions.can_see_all_scores(request.auth, proposal, own) or own is not None):
        raise PermissionDenied("Scores are for the reviewers, the moderator and the programme office.")
    return [{"reviewer": s["reviewer"].get_username() if party_value(request.auth, s["assignment"], "reviewer")
             else f"reviewer {i}",
             "state": s["assignment"].state, "own": s["own"], "total": s["total"],
             "scores": {c.key: {"value": float(sc.value), "comment": sc.comment} for c, sc in s["scores"] if sc}}
            for i, s in enumerate(selectors.sheets_of(proposal, user=request.auth, own=own), start=1)]


@router.post("/proposals/{proposal_id}/consensus", response={200: ProposalOut, **ERRORS})
def set_consensus(request: AuthedRequest, proposal_id: int, payload: ConsensusIn) -> Any:
    proposal = _proposal(request.auth, proposal_id)
    return ProposalOut.build(services.consensus_set(user=request.auth, proposal=proposal, values=payload.values,
                                                    comment=payload.comment), request.auth)


# --- review -------------------------------------------------------------------------------------------------------

def _assignment_out(a: Assignment) -> dict[str, Any]:
    return {"marking": marking_out(a),
            "id": a.pk, "proposal": a.proposal_id, "call": a.proposal.call.reference,
            "applicant": a.proposal.organisation.name, "title": a.proposal.title, "state": a.state,
            "url": a.get_absolute_url()}


@router.get("/review/queue", response={200: list[AssignmentOut], **ERRORS})
def review_queue(request: AuthedRequest) -> Any:
    return [_assignment_out(a) for a in selectors.review_queue(user=request.auth)]


@router.post("/assignments/{assignment_id}/declaration", response={200: AssignmentOut, **ERRORS},
             summary="Declare a conflict of interest, or none, before seeing the proposal")
def declare(request: AuthedRequest, assignment_id: int, payload: DeclarationIn) -> Any:
    a = selectors.assignment_get(user=request.auth, pk=assignment_id)
    return _assignment_out(services.declare_interest(user=request.auth, assignment=a, conflict=payload.conflict,
                                                     statement=payload.statement))


@router.post("/assignments/{assignment_id}/scores", response={200: AssignmentOut, **ERRORS},
             summary="Score each criterion with a comment; submit: final, and the others' scores become visible")
def score(request: AuthedRequest, assignment_id: int, payload: ScoresIn) -> Any:
    a = selectors.assignment_get(user=request.auth, pk=assignment_id)
    scores = {key: (s.value, s.comment) for key, s in payload.scores.items()}
    return _assignment_out(services.scores_save(user=request.auth, assignment=a, scores=scores,
                                                submit=payload.submit))


# --- awards -------------------------------------------------------------------------------------------------------

@router.get("/awards", auth=None, response={200: list[AwardOut], **ERRORS})
def list_awards(request: HttpRequest) -> Any:
    user = current_user(request)
    return [AwardOut.build(a, user) for a in selectors.award_list(user=user).prefetch_related("milestones")[:500]]


@router.get("/awards/{award_id}", auth=None, response={200: AwardOut, **ERRORS})
def get_award(request: HttpRequest, award_id: int) -> Any:
    user = current_user(request)
    return AwardOut.build(selectors.award_get(user=user, pk=award_id), user)


@router.post("/awards/{award_id}/transition", response={200: AwardOut, **ERRORS},
             summary="Record what became of the result: phase_2, phase_3 (a follow-on order), production or none")
def record_transition(request: AuthedRequest, award_id: int, payload: TransitionRecordIn) -> Any:
    award = selectors.award_get(user=request.auth, pk=award_id)
    return AwardOut.build(services.transition_record(user=request.auth, award=award, **payload.dict()), request.auth)


@router.post("/awards/{award_id}/close", response={200: AwardOut, **ERRORS})
def close_award(request: AuthedRequest, award_id: int, payload: CloseIn) -> Any:
    award = selectors.award_get(user=request.auth, pk=award_id)
    return AwardOut.build(services.award_close(user=request.auth, award=award, status=payload.status,
                                               note=payload.note), request.auth)


@router.post("/awards/{award_id}/milestones", response={201: MilestoneOut, **ERRORS})
def add_milestone(request: AuthedRequest, award_id: int, payload: MilestoneIn) -> Any:
    award = selectors.award_get(user=request.auth, pk=award_id)
    m = services.milestone_add(user=request.auth, award=award, data=payload.dict())
    return Status(201, {"id": m.pk, "title": m.title, "deliverable": m.deliverable, "due_date": m.due_date,
                        "amount_eur": m.amount_eur, "status": m.status})


@router.post("/milestones/{milestone_id}/{step}", response={200: MilestoneOut, **ERRORS},
             summary="report (the awardee delivers) or review (accept: true or false)")
def milestone_step(request: AuthedRequest, milestone_id: int, step: str, payload: MilestoneStepIn) -> Any:
    milestone = Milestone.objects.select_related("award").restrict(request.auth).filter(pk=milestone_id).first()
    if milestone is None or not permissions.can_follow_award(request.auth, milestone.award):
        raise Http404
    if step == "report":
        m = services.milestone_report(user=request.auth, milestone=milestone, note=payload.note)
    elif step == "review" and payload.accept is not None:
        m = services.milestone_review(user=request.auth, milestone=milestone, accept=payload.accept, note=payload.note)
    else:
        raise ValidationError({"step": "report, or review with accept true or false"})
    return {"id": m.pk, "title": m.title, "deliverable": m.deliverable, "due_date": m.due_date,
            "amount_eur": m.amount_eur, "status": m.status}


# --- indicators and notifications ---------------------------------------------------------------------------------

@router.get("/indicators", auth=None, response={200: dict[str, Any], **ERRORS},
            summary="Days from close to notification (target 90) and award (180), share on time, success and "
                    "transition rates")
def indicators(request: HttpRequest) -> Any:
    d = selectors.dashboard()
    t = d["times"]
    return {"calls": d["calls"], "closed": d["closed"], "awards": d["awards"], "awarded_eur": d["awarded_eur"],
            "notification": {"target_days": t.notify_target, "counted": t.notify_counted, "on_time": t.notify_on_time,
                             "share_on_time": t.notify_share, "median_days": t.median_days_to_notification},
            "award": {"target_days": t.award_target, "counted": t.award_counted, "on_time": t.award_on_time,
                      "share_on_time": t.award_share, "median_days": t.median_days_to_award},
            "per_call": [{k: v for k, v in r.items() if k not in ("call", "notification_label", "award_label")}
                         for r in t.rows],
            "success": [{k: str(v) if k in ("phase", "area") else v for k, v in r.items()} for r in d["success"]],
            "transition": {k: v for k, v in d["transition"].items() if k != "counts"}
            | {"counts": {value: n for value, _label, n in d["transition"]["counts"]}},
            "follow_on_eur": d["follow_on_eur"]}


@router.get("/notifications", response={200: list[SdirNotificationOut], **ERRORS})
def list_notifications(request: AuthedRequest) -> Any:
    return list(selectors.notifications(user=request.auth)[:200])
