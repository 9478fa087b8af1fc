"""Defport over REST, with the same permissions as the pages. Every call needs a session or a bearer token."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status

from straiik.core.api import AuthedRequest, ErrorOut, WorkflowStepOut, steps_out, write_auth
from straiik.core.forms import MARKING_FIELDS
from straiik.core.marking_schemas import MarkingIn, MarkingOut, marking_data, marking_out
from straiik.core.markings import record_access
from straiik.core.restrict import party_value
from straiik.defport import matching, permissions, selectors, services
from straiik.defport.models import Introduction, Submission
from straiik.registry.models import Organisation

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

router = Router(tags=["defport"], auth=write_auth)
ERRORS: dict[int | tuple[int, ...], type] = {(400, 401, 403, 404, 409, 422): ErrorOut}


class SubmissionIn(MarkingIn):
    kind: str = Field(..., description="need, idea or financing")
    title: str = Field(..., max_length=200)
    description: str = Field(..., description="At most 20,000 characters")
    language: str = Field("", description="nl, en or uk; empty: detected")
    organisation: str | None = Field(None, description="Organisation slug (required for a need and a financing "
                                                       "request)")
    areas: list[str] = Field(default_factory=list)
    cpv: list[str] = Field(default_factory=list)
    region: str = ""
    constraints: str = ""
    environment: str = ""
    wanted_by: dt.date | None = None
    sensitivity: str = "open"
    trl: int | None = Field(None, ge=1, le=9)
    wants: list[str] = Field(default_factory=list)
    amount_eur: int | None = Field(None, ge=1)
    stage: str = ""
    submit: bool = Field(True, description="false: keep it as a draft")
    confirm_not_duplicate: bool = Field(False, description="true: submit although similar submissions exist")


class EventOut(Schema):
    action: str
    from_state: str
    to_state: str
    reason: str
    by: str | None
    at: dt.datetime


class SubmissionOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    language: str
    organisation: str | None
    state: str
    submitted_at: dt.datetime | None
    due_at: dt.datetime | None
    answered_at: dt.datetime | None
    overdue: bool
    events: list[EventOut]
    url: str
    marking: MarkingOut
    # the steps the caller may take now (detail and step responses; empty in lists)
    transitions: list[WorkflowStepOut] = []

    @staticmethod
    def build(s: Submission, user: Viewer) -> dict[str, Any]:
        """The triage reasons only for the parties (defport.permissions.PARTY_FIELDS)."""
        return {"id": s.pk, "kind": s.kind, "title": s.title, "description": s.description, "language": s.language,
                "organisation": s.organisation.slug if s.organisation is not None else None, "state": s.state,
                "submitted_at": s.submitted_at, "due_at": s.due_at, "answered_at": s.answered_at,
                "overdue": s.overdue, "url": s.get_absolute_url(), "marking": marking_out(s),
                "events": [{"action": e.action, "from_state": e.from_state, "to_state": e.to_state,
                            "reason": party_value(user, e, "reason", redacted=""),
                            "by": e.by.get_username() if e.by is not None else None, "at": e.at}
                           for e in s.events.select_related("by", "submission")],
                "transitions": steps_out(s, user) if user is not None else []}


class TransitionIn(Schema):
    action: str
    reason: str = ""


class MatchOut(Schema):
    rank: int
    kind: str
    id: str
    name: str
    organisation: str | None
    score: float
    language: str
    semantic_similarity: float | None
    reasons: list[str]


class IntroductionIn(Schema):
    organisation: str
    note: str = Field("", max_length=5000)


class IntroductionOut(Schema):
    id: int
    submission: int
    organisation: str
    state: str
    note: str
    response: str


class RespondIn(Schema):
    accept: bool
    response: str = Field("", max_length=5000)


def _organisation(slug: str | None) -> Organisation | None:
    if not slug:
        return None
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise ValidationError({"organisation": f"no organisation with the slug {slug!r}"})
    return organisation


def _introduction(i: Introduction, user: Viewer) -> dict[str, Any]:
    return {"id": i.pk, "submission": i.submission_id, "organisation": i.organisation.slug, "state": i.state,
            "note": party_value(user, i, "note", redacted=""),
            "response": party_value(user, i, "response", redacted="")}


@router.get("/submissions", response={200: list[SubmissionOut], **ERRORS})
def list_submissions(request: AuthedRequest) -> Any:
    return [SubmissionOut.build(s, request.auth) for s in selectors.submission_list(user=request.auth)[:200]]


@router.post("/submissions", response={201: SubmissionOut, **ERRORS},
             summary="Post a need, idea or financing request (409 with the candidates when it looks like a duplicate)")
def create_submission(request: AuthedRequest, payload: SubmissionIn) -> Any:
    data = payload.dict(exclude={"areas", "cpv", "submit", "confirm_not_duplicate", *MARKING_FIELDS})
    data.update(marking_data(payload))
    data["organisation"] = _organisation(data["organisation"])
    try:
        submission = services.submission_create(user=request.auth, data=data, areas=payload.areas, cpv=payload.cpv,
                                                submit=payload.submit,
                                                confirmed_not_duplicate=payload.confirm_not_duplicate)
    except services.PossibleDuplicates as warning:
        return Status(409, {"message": str(warning.message), "errors": {"duplicates": [
            {"id": s.pk, "title": s.title, "similarity": round(score, 3)} for s, score in warning.candidates]}})
    return Status(201, SubmissionOut.build(submission, request.auth))


@router.get("/submissions/{submission_id}", response={200: SubmissionOut, **ERRORS})
def get_submission(request: AuthedRequest, submission_id: int) -> Any:
    submission = selectors.submission_get(user=request.auth, pk=submission_id)
    record_access(request, submission, "api")
    return SubmissionOut.build(submission, request.auth)


@router.post("/submissions/{submission_id}/transitions", response={200: SubmissionOut, **ERRORS})
def take_transition(request: AuthedRequest, submission_id: int, payload: TransitionIn) -> Any:
    submission = selectors.submission_get(user=request.auth, pk=submission_id)
    return SubmissionOut.build(services.transition(user=request.auth, submission=submission, action=payload.action,
                                                   reason=payload.reason), request.auth)


@router.get("/submissions/{submission_id}/matches", response={200: list[MatchOut], **ERRORS})
def matches(request: AuthedRequest, submission_id: int, k: int = 10, method: str = "hybrid") -> Any:
    submission = selectors.submission_get(user=request.auth, pk=submission_id)
    if not permissions.can_see_matches(request.auth, submission):
        raise PermissionDenied("Matches are for the submitter and the programme office.")
    if method not in ("bm25", "dense", "hybrid") or not 1 <= k <= 100:
        raise ValidationError({"method": "bm25, dense or hybrid; k from 1 to 100"})
    rows = matching.matches_for(submission, user=request.auth, k=k, method=method)
    return [{"rank": r["rank"], "kind": r["kind"], "id": str(r["record"].pk),
             "name": getattr(r["record"], "name", None) or str(r["record"]),
             "organisation": r["organisation"].slug if r["organisation"] else None, "score": r["score"],
             "language": r["language"], "semantic_similarity": r["similarity"], "reasons": r["reasons"]}
            for r in rows]


@router.post("/submissions/{submission_id}/introductions", response={201: IntroductionOut, **ERRORS})
def introduce(request: AuthedRequest, submission_id: int, payload: IntroductionIn) -> Any:
    submission = selectors.submission_get(user=request.auth, pk=submission_id)
    organisation = _organisation(payload.organisation)
    if organisation is None:
        raise ValidationError({"organisation": "the slug of the organisation to introduce is required"})
    introduction = services.introduction_propose(user=request.auth, submission=submission, organisation=organisation,
                                                 note=payload.note)
    return Status(201, _introduction(introduction, request.auth))


@router.post("/introductions/{introduction_id}/respond", response={200: IntroductionOut, **ERRORS})
def respond(request: AuthedRequest, introduction_id: int, payload: RespondIn) -> Any:
    introduction = Introduction.objects.select_related("organisation", "submission").restrict(request.auth).filter(
        pk=introduction_id).first()
    if introduction is None or not permissions.can_respond(request.auth, introduction):
        raise Http404("No such introduction.")
    return _introduction(services.introduction_respond(user=request.auth, introduction=introduction,
                                                       accept=payload.accept, response=payload.response),
                         request.auth)
