"""The action agenda over REST, with the same permissions as the pages (the same selectors and services).
Published agendas, the motions and commitments, the indicators and the report are public; writes need a session
or a bearer token."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from straiik.agenda import documents, links, permissions, report, selectors, services
from straiik.agenda.choices import ActionStatus, ItemKind, ItemStatus, LinkKind, Theme
from straiik.agenda.forms import find_organisation
from straiik.agenda.models import Action, ActionLink, Agenda
from straiik.agenda.models import ParliamentaryItem as Item
from straiik.core import indicators as registry
from straiik.core.api import AuthedRequest, ErrorOut, current_user, write_auth
from straiik.core.concurrency import if_match, set_etag
from straiik.core.marking_schemas import MarkingOut, marking_out
from straiik.core.markings import record_access
from straiik.registry.taxonomies import Area

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

router = Router(tags=["agenda"])
ERRORS: dict[int | tuple[int, ...], type] = {(400, 401, 403, 404, 422): ErrorOut}

if TYPE_CHECKING:  # ninja needs the Literal; for the type checker a value computed at import is a str
    AreaLiteral = str
else:
    AreaLiteral = Literal[("", *Area.values)]
if TYPE_CHECKING:  # ninja needs the Literal; for the type checker a value computed at import is a str
    ThemeLiteral = str
else:
    ThemeLiteral = Literal[("", *Theme.values)]
if TYPE_CHECKING:  # ninja needs the Literal; for the type checker a value computed at import is a str
    StatusLiteral = str
else:
    StatusLiteral = Literal[tuple(ActionStatus.values)]
if TYPE_CHECKING:  # ninja needs the Literal; for the type checker a value computed at import is a str
    KindLiteral = str
else:
    KindLiteral = Literal[tuple(LinkKind.values)]
if TYPE_CHECKING:  # ninja needs the Literal; for the type checker a value computed at import is a str
    ItemKindLiteral = str
else:
    ItemKindLiteral = Literal[tuple(ItemKind.values)]
if TYPE_CHECKING:  # ninja needs the Literal; for the type checker a value computed at import is a str
    ItemStatusLiteral = str
else:
    ItemStatusLiteral = Literal[tuple(ItemStatus.values)]


class AgendaIn(Schema):
    year: int = Field(..., ge=1900, le=2100, description="From 2025, the strategy's first year")
    title: str = Field("", max_length=200)
    summary: str = Field("", max_length=20_000)
    copy_previous: bool = Field(True, description="Start from last year's ambitions and objectives")


class AgendaPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    summary: str | None = Field(None, max_length=20_000)


class QualityOut(Schema):
    total: int
    concrete: int
    share: float | None


class AgendaOut(Schema):
    year: int
    title: str
    summary: str
    status: str
    is_demo: bool
    url: str
    quality: QualityOut
    by_area: dict[str, QualityOut]

    @staticmethod
    def build(agenda: Agenda) -> dict[str, Any]:
        summary = selectors.quality(agenda).summary

        def share(s: Any) -> dict[str, Any]:
            return {"total": s.total, "concrete": s.concrete, "share": s.share}

        return {"year": agenda.year, "title": agenda.title, "summary": agenda.summary, "status": agenda.status,
                "is_demo": agenda.is_demo, "url": agenda.get_absolute_url(), "quality": share(summary.overall),
                "by_area": {area or "general": share(s) for area, s in summary.by_area.items()}}


class AmbitionIn(Schema):
    text: str = Field(..., min_length=1, max_length=10_000)
    change_note: str = Field("", max_length=5_000)


class AmbitionOut(Schema):
    area: str
    text: str
    change_note: str
    previous: str | None


class ActionIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    description: str = Field("", max_length=10_000)
    area: AreaLiteral = ""
    theme: ThemeLiteral = ""
    objective: int | None = Field(None, description="The id of one of the agenda's objectives")
    owner_organisation: str = Field("", description="Organisation slug or exact name in the registry")
    owner_person: str = Field("", max_length=150)
    start: dt.date | None = None
    deadline: dt.date | None = None
    indicator_name: str = Field("", max_length=200)
    indicator_code: str = Field("", max_length=80, description="A computed indicator (GET /indicators)")
    baseline: Decimal | None = None
    target: Decimal | None = None
    unit: str = Field("", max_length=40)
    budget_eur: Decimal | None = Field(None, ge=0)
    status: StatusLiteral = ActionStatus.PLANNED


class ActionPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=10_000)
    area: AreaLiteral | None = None
    theme: ThemeLiteral | None = None
    objective: int | None = None
    owner_organisation: str | None = None
    owner_person: str | None = Field(None, max_length=150)
    start: dt.date | None = None
    deadline: dt.date | None = None
    indicator_name: str | None = Field(None, max_length=200)
    indicator_code: str | None = Field(None, max_length=80)
    baseline: Decimal | None = None
    target: Decimal | None = None
    unit: str | None = Field(None, max_length=40)
    budget_eur: Decimal | None = Field(None, ge=0)
    status: StatusLiteral | None = None


class ActionOut(Schema):
    marking: MarkingOut
    id: int
    code: str
    year: int
    title: str
    description: str
    area: str
    theme: str
    objective: int | None
    owner_organisation: str | None
    owner_person: str
    start: dt.date | None
    deadline: dt.date | None
    indicator_name: str
    indicator_code: str
    baseline: float | None
    target: float | None
    unit: str
    budget_eur: float | None
    status: str
    progress: int
    overdue: bool
    concrete: bool
    problems: list[dict[str, Any]]
    current_value: float | None
    current_value_error: str
    url: str

    @staticmethod
    def build(action: Action, verdict: Any = None) -> dict[str, Any]:
        today = selectors.today()
        verdict = verdict or selectors.quality(action.agenda, [action]).of(action)
        measurement, error = selectors.live_value(action, today)

        def number(value: Decimal | None) -> float | None:
            return float(value) if value is not None else None

        return {"marking": marking_out(action),
            "id": action.pk, "code": action.code, "year": action.agenda.year, "title": action.title,
            "description": action.description, "area": action.area, "theme": action.theme,
            "objective": action.objective_id,
            "owner_organisation": action.owner_organisation.slug if action.owner_organisation is not None else None,
            "owner_person": action.owner_person, "start": action.start, "deadline": action.deadline,
            "indicator_name": action.indicator_name, "indicator_code": action.indicator_code,
            "baseline": number(action.baseline), "target": number(action.target), "unit": action.unit,
            "budget_eur": number(action.budget_eur), "status": action.status, "progress": action.progress,
            "overdue": action.is_overdue(today), "concrete": verdict.concrete,
            "problems": [{"rule": p.rule, "missing": list(p.missing), "words": list(p.words),
                          "message": selectors.rule_label(p)} for p in verdict.problems],
            "current_value": measurement.value if measurement else None, "current_value_error": error,
            "url": action.get_absolute_url()}


class ProgressIn(Schema):
    reported_on: dt.date | None = Field(None, description="Today when left out")
    status: StatusLiteral
    progress: int = Field(..., ge=0, le=100)
    value: Decimal | None = Field(None, description="The indicator's measured value, for indicators not computed")
    text: str = Field(..., min_length=1, max_length=10_000)
    evidence_url: str = Field("", max_length=500)


class ProgressOut(Schema):
    id: int
    action: str
    reported_on: dt.date
    status: str
    progress: int
    value: float | None
    text: str
    evidence_url: str
    evidence_file: str
    by: str


class LinkIn(Schema):
    kind: KindLiteral
    target_id: int = Field(..., ge=1)
    url: str = Field("", max_length=500)


class LinkOut(Schema):
    id: int
    kind: str
    target_id: int
    label: str
    url: str
    found: bool


class ItemIn(Schema):
    kind: ItemKindLiteral
    reference: str = Field(..., max_length=60, description="e.g. “Kamerstuk 36 592, nr. 12”")
    title: str = Field(..., min_length=1, max_length=300)
    summary: str = Field("", max_length=10_000)
    date: dt.date | None = None
    status: ItemStatusLiteral = ItemStatus.OPEN
    status_note: str = Field("", max_length=10_000)
    actions: list[str] = Field(default_factory=list, description="Action codes answering it, e.g. 2026-03")


class ItemOut(Schema):
    id: int
    kind: str
    reference: str
    complete_reference: bool
    dossier: str
    number: int | None
    title: str
    summary: str
    date: dt.date | None
    status: str
    status_note: str
    actions: list[str]


class IndicatorOut(Schema):
    code: str
    label: str
    unit: str
    area: str
    source: str
    description: str


class ValueOut(Schema):
    code: str
    year: int
    as_of: dt.date
    value: float
    unit: str
    detail: dict[str, Any]


class HistoryPoint(Schema):
    as_of: dt.date
    value: float


class YearQuery(Schema):
    year: int = Field(..., ge=1900, le=2100)
    as_of: dt.date | None = Field(None, description="Today when left out")


class ReportQuery(Schema):
    date: dt.date | None = Field(None, description="Today (or the year's last day) when left out")
    language: Literal["nl", "en"] = "nl"
    format: Literal["pdf", "docx"] = "pdf"


def _agenda(request: HttpRequest, year: int) -> Agenda:
    return selectors.agenda_get(user=current_user(request), year=year)


def _action_data(data: dict[str, Any], agenda: Agenda) -> dict[str, Any]:
    if "owner_organisation" in data:
        try:
            data["owner_organisation"] = find_organisation(data["owner_organisation"] or "")
        except ValidationError as error:
            raise ValidationError({"owner_organisation": error.messages}) from None
    if "objective" in data:
        objective = data["objective"]
        data["objective"] = agenda.objectives.filter(pk=objective).first() if objective else None
        if objective and data["objective"] is None:
            raise ValidationError({"objective": f"The agenda {agenda.year} has no objective {objective}."})
    return data


def _item(item: Item) -> dict[str, Any]:
    return {"id": item.pk, "kind": item.kind, "reference": item.reference,
            "complete_reference": item.complete_reference, "dossier": item.dossier, "number": item.document_number,
            "title": item.title, "summary": item.summary, "date": item.date, "status": item.status,
            "status_note": item.status_note, "actions": [a.code for a in item.actions.all()]}


def _actions_by_code(codes: list[str]) -> list[Action]:
    found = []
    for code in codes:
        year, _, number = code.partition("-")
        action = Action.objects.select_related("agenda").filter(
            agenda__year=int(year) if year.isdigit() else -1, number=int(number) if number.isdigit() else -1).first()
        if action is None:
            raise ValidationError({"actions": f"There is no action {code} (write it as 2026-03)."})
        found.append(action)
    return found


# --- agendas ------------------------------------------------------------------------------------------------------


@router.get("/agendas", response={200: list[AgendaOut], **ERRORS}, summary="Action agendas (published ones for "
                                                                           "the public)")
def list_agendas(request: HttpRequest) -> Any:
    return [AgendaOut.build(a) for a in selectors.agenda_list(user=current_user(request))]


@router.post("/agendas", response={201: AgendaOut, **ERRORS}, auth=write_auth,
             summary="Create a year's agenda (programme office)")
def create_agenda(request: AuthedRequest, payload: AgendaIn) -> Any:
    agenda = services.agenda_create(user=request.auth, **payload.dict())
    return Status(201, AgendaOut.build(agenda))


@router.get("/agendas/{year}", response={200: AgendaOut, **ERRORS})
def get_agenda(request: HttpRequest, year: int) -> Any:
    return AgendaOut.build(_agenda(request, year))


@router.patch("/agendas/{year}", response={200: AgendaOut, **ERRORS}, auth=write_auth)
def update_agenda(request: AuthedRequest, year: int, payload: AgendaPatch) -> Any:
    agenda = _agenda(request, year)
    return AgendaOut.build(services.agenda_update(user=request.auth, agenda=agenda,
                                                  data=payload.dict(exclude_unset=True)))


@router.post("/agendas/{year}/publish", response={200: AgendaOut, **ERRORS}, auth=write_auth,
             summary="Publish an agenda (programme office)")
def publish_agenda(request: AuthedRequest, year: int) -> Any:
    agenda = _agenda(request, year)
    return AgendaOut.build(services.agenda_transition(user=request.auth, agenda=agenda, action="publish"))


@router.post("/agendas/{year}/withdraw", response={200: AgendaOut, **ERRORS}, auth=write_auth,
             summary="Take a published agenda back to draft (programme office)")
def withdraw_agenda(request: AuthedRequest, year: int) -> Any:
    agenda = _agenda(request, year)
    return AgendaOut.build(services.agenda_transition(user=request.auth, agenda=agenda, action="withdraw"))


@router.get("/agendas/{year}/ambitions", response={200: list[AmbitionOut], **ERRORS},
            summary="Ambitions per area, with last year's beside them")
def list_ambitions(request: HttpRequest, year: int) -> Any:
    rows = selectors.ambition_rows(_agenda(request, year))
    return [{"area": r.area, "text": r.current.text if r.current else "",
             "change_note": r.current.change_note if r.current else "",
             "previous": r.previous.text if r.previous else None} for r in rows]


@router.put("/agendas/{year}/ambitions/{area}", response={200: AmbitionOut, **ERRORS}, auth=write_auth)
def set_ambition(request: AuthedRequest, year: int, area: str, payload: AmbitionIn) -> Any:
    agenda = _agenda(request, year)
    ambition = services.ambition_set(user=request.auth, agenda=agenda, area=area, **payload.dict())
    previous = selectors.ambition_rows(agenda, area)[0].previous
    return {"area": ambition.area, "text": ambition.text, "change_note": ambition.change_note,
            "previous": previous.text if previous else None}


# --- actions ------------------------------------------------------------------------------------------------------


@router.get("/agendas/{year}/actions", response={200: list[ActionOut], **ERRORS},
            summary="The year's actions, each with the quality check's verdict")
def list_actions(request: HttpRequest, year: int, area: AreaLiteral | None = None) -> Any:
    agenda = _agenda(request, year)
    rows, _check = selectors.action_rows(agenda, selectors.today(), area, user=current_user(request))
    return [ActionOut.build(r.action, r.verdict) for r in rows]


@router.post("/agendas/{year}/actions", response={201: ActionOut, **ERRORS}, auth=write_auth)
def create_action(request: AuthedRequest, year: int, payload: ActionIn) -> Any:
    agenda = _agenda(request, year)
    action = services.action_create(user=request.auth, agenda=agenda, data=_action_data(payload.dict(), agenda))
    return Status(201, ActionOut.build(action))


@router.get("/agendas/{year}/quality", response={200: dict[str, Any], **ERRORS},
            summary="The share of concrete and executable actions per area and overall")
def quality(request: HttpRequest, year: int) -> Any:
    agenda = _agenda(request, year)
    rows, check = selectors.action_rows(agenda, selectors.today(), user=current_user(request))

    def share(s: Any) -> dict[str, Any]:
        return {"total": s.total, "concrete": s.concrete, "share": s.share}

    return {"overall": share(check.summary.overall),
            "by_area": {area or "general": share(s) for area, s in check.summary.by_area.items()},
            "by_rule": check.summary.by_rule,
            "not_concrete": [{"action": r.action.code, "problems": r.problems} for r in rows
                             if not r.verdict.concrete and r.verdict.counted]}


@router.get("/actions/{action_id}", response={200: ActionOut, **ERRORS})
def get_action(request: HttpRequest, action_id: int, response: HttpResponse) -> Any:
    action = selectors.action_get(user=current_user(request), pk=action_id)
    record_access(request, action, "api")
    set_etag(response, action)
    return ActionOut.build(action)


@router.patch("/actions/{action_id}", response={200: ActionOut, **ERRORS, 412: ErrorOut}, auth=write_auth)
def update_action(request: AuthedRequest, action_id: int, payload: ActionPatch, response: HttpResponse) -> Any:
    action = selectors.action_get(user=request.auth, pk=action_id)
    data = _action_data(payload.dict(exclude_unset=True), action.agenda)
    action = services.action_update(user=request.auth, action=action, data=data, expected_version=if_match(request))
    set_etag(response, action)
    return ActionOut.build(action)


@router.delete("/actions/{action_id}", response={204: None, **ERRORS}, auth=write_auth)
def delete_action(request: AuthedRequest, action_id: int) -> Any:
    services.action_delete(user=request.auth, action=selectors.action_get(user=request.auth, pk=action_id))
    return Status(204, None)


def _progress(update: Any, user: Viewer) -> dict[str, Any]:
    evidence = permissions.can_view_evidence(user, update.action.agenda)  # evidence may be an internal document
    return {"id": update.pk, "action": update.action.code, "reported_on": update.reported_on,
            "status": update.status, "progress": update.progress,
            "value": float(update.value) if update.value is not None else None, "text": update.text,
            "evidence_url": update.evidence_url if evidence else "",
            "evidence_file": update.evidence_name if evidence else "", "by": update.created_by.get_username()}


@router.get("/actions/{action_id}/progress", response={200: list[ProgressOut], **ERRORS})
def list_progress(request: HttpRequest, action_id: int) -> Any:
    user = current_user(request)
    action = selectors.action_get(user=user, pk=action_id)
    return [_progress(u, user) for u in action.updates.select_related("created_by", "action__agenda")]


@router.post("/actions/{action_id}/progress", response={201: ProgressOut, **ERRORS}, auth=write_auth,
             summary="Report progress (the action's owners and the programme office)")
def post_progress(request: AuthedRequest, action_id: int, payload: ProgressIn) -> Any:
    action = selectors.action_get(user=request.auth, pk=action_id)
    data = payload.dict()
    if data["reported_on"] is None:
        data["reported_on"] = timezone.localdate()
    return Status(201, _progress(services.progress_post(user=request.auth, action=action, data=data), request.auth))


@router.get("/actions/{action_id}/links", response={200: list[LinkOut], **ERRORS})
def list_links(request: HttpRequest, action_id: int) -> Any:
    user = current_user(request)
    action = selectors.action_get(user=user, pk=action_id)
    return [{"id": r.link.pk, "kind": r.link.kind, "target_id": r.link.target_id, "label": r.label, "url": r.url,
             "found": r.found} for r in links.resolve(user, action.links.all())]


@router.post("/actions/{action_id}/links", response={201: LinkOut, **ERRORS}, auth=write_auth)
def add_link(request: AuthedRequest, action_id: int, payload: LinkIn) -> Any:
    action = selectors.action_get(user=request.auth, pk=action_id)
    link = services.link_add(user=request.auth, action=action, **payload.dict())
    r = links.resolve(request.auth, [link])[0]
    return Status(201, {"id": link.pk, "kind": link.kind, "target_id": link.target_id, "label": r.label,
                        "url": r.url, "found": r.found})


@router.delete("/links/{link_id}", response={204: None, **ERRORS}, auth=write_auth)
def remove_link(request: AuthedRequest, link_id: int) -> Any:
    link = ActionLink.objects.select_related("action__agenda").filter(pk=link_id).first()
    if link is None:
        from django.http import Http404

        raise Http404
    services.link_remove(user=request.auth, link=link)
    return Status(204, None)


# --- Parliament ---------------------------------------------------------------------------------------------------


@router.get("/parliament", response={200: list[ItemOut], **ERRORS}, summary="Motions and commitments")
def list_items(request: HttpRequest, year: int | None = None) -> Any:
    return [_item(i) for i in selectors.items(user=current_user(request), year=year)]


@router.post("/parliament", response={201: ItemOut, **ERRORS}, auth=write_auth)
def create_item(request: AuthedRequest, payload: ItemIn) -> Any:
    data = payload.dict()
    actions = _actions_by_code(data.pop("actions"))
    return Status(201, _item(services.item_create(user=request.auth, data=data, actions=actions)))


@router.put("/parliament/{item_id}", response={200: ItemOut, **ERRORS}, auth=write_auth)
def update_item(request: AuthedRequest, item_id: int, payload: ItemIn) -> Any:
    item = selectors.item_get(user=request.auth, pk=item_id)
    data = payload.dict()
    actions = _actions_by_code(data.pop("actions"))
    return _item(services.item_update(user=request.auth, item=item, data=data, actions=actions))


# --- indicators ---------------------------------------------------------------------------------------------------


@router.get("/indicators", response={200: list[IndicatorOut], **ERRORS}, summary="The computed indicators")
def list_indicators(request: HttpRequest, area: AreaLiteral | None = None) -> Any:
    return [{"code": i.code, "label": i.full_label, "unit": i.unit, "area": i.area, "source": i.source,
             "description": str(i.description)} for i in registry.indicators(area)]


@router.get("/indicators/{code}", response={200: ValueOut, **ERRORS},
            summary="An indicator's value for a year as of a date; 422 with the reason when it cannot be computed")
def get_indicator(request: HttpRequest, code: str, query: Query[YearQuery]) -> Any:
    as_of = query.as_of or timezone.localdate()
    try:
        measurement = registry.compute(code, query.year, as_of)
    except registry.UnknownIndicator as error:
        raise ValidationError({"code": error.message}) from None
    except registry.NotComputable as error:
        raise ValidationError({"year": error.message}) from None
    return {"code": code, "year": query.year, "as_of": as_of, "value": measurement.value,
            "unit": registry.get(code).unit, "detail": measurement.detail}


@router.get("/indicators/{code}/history", response={200: list[HistoryPoint], **ERRORS},
            summary="The values stored for a year, oldest first")
def indicator_history(request: HttpRequest, code: str, year: int) -> Any:
    try:
        registry.get(code)
    except registry.UnknownIndicator as error:
        raise ValidationError({"code": error.message}) from None
    return [{"as_of": s.as_of, "value": s.value} for s in selectors.indicator_history(code, year)]


@router.post("/agendas/{year}/indicators/refresh", response={200: dict[str, Any], **ERRORS}, auth=write_auth,
             summary="Compute and store today's values (programme office)")
def refresh_indicators(request: AuthedRequest, year: int) -> Any:
    agenda = _agenda(request, year)
    stored, skipped = services.indicators_refresh(user=request.auth, year=agenda.year)
    return {"stored": stored, "not_computable": skipped}


# --- the report -----------------------------------------------------------------------------------------------------


@router.get("/agendas/{year}/report", response={200: None, **ERRORS}, summary="The progress report as PDF or DOCX")
def get_report(request: HttpRequest, year: int, query: Query[ReportQuery]) -> Any:
    agenda = _agenda(request, year)
    if not permissions.can_view_agenda(current_user(request), agenda):
        from django.http import Http404

        raise Http404
    day = query.date or min(timezone.localdate(), agenda.last_day)
    content = report.build(agenda, day, query.language)
    if query.format == "pdf":
        body, content_type = documents.pdf(content), documents.PDF_CONTENT_TYPE
    else:
        body, content_type = documents.docx(content), documents.DOCX_CONTENT_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(content, query.format)}"'
    return response
