"""The action agenda's pages: thin views over selectors (reads) and services (writes)."""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from straiik.accounts.types import AuthenticatedHttpRequest
from straiik.agenda import documents, forms, links, permissions, report, selectors, services
from straiik.agenda.choices import ItemStatus
from straiik.agenda.models import ActionLink, ProgressUpdate
from straiik.agenda.workflow import AGENDAS
from straiik.core import exercises, markings
from straiik.core import indicators as registry
from straiik.core.forms import add_marking_fields, apply_validation_error
from straiik.core.generic import Posted, service_action, service_form
from straiik.engines.agenda import to_svg
from straiik.registry.taxonomies import Area

RENAMES = {"owner_organisation": "owner"}  # the service's field, the form's


def _common(request: HttpRequest, agenda: Any) -> dict[str, Any]:
    return {"agenda": agenda, "can_manage": permissions.can_manage(request.user), "areas": Area.choices,
            "today": selectors.today()}


def home(request: HttpRequest) -> HttpResponse:
    agendas = list(selectors.agenda_list(user=request.user))
    today = selectors.today()
    current = next((a for a in agendas if a.year == today.year), agendas[0] if agendas else None)
    context: dict[str, Any] = {"agendas": agendas, "current": current, "can_manage": permissions.can_manage(
        request.user), "items": selectors.items(user=request.user).count(), "today": today}
    if current is not None:
        rows, check = selectors.action_rows(current, today, user=request.user)
        context.update({"summary": check.summary, "overdue": [r for r in rows if r.overdue],
                        "quality_svg": to_svg(selectors.quality_figure(check.summary)),
                        "counts": selectors.status_counts([r.action for r in rows])})
    return render(request, "agenda/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agenda_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    selectors.require_manager(request.user)
    return service_form(
        request, forms.AgendaCreateForm(request.POST or None, initial={"year": selectors.today().year + 1}),
        save=lambda posted: services.agenda_create(user=request.user, **posted.cleaned_data),
        success=lambda agenda: _("The agenda %(title)s was created.") % {"title": agenda.title},
        template="agenda/form.html", context={"title": _("New action agenda")}, renames=RENAMES)


def agenda_detail(request: HttpRequest, year: int) -> HttpResponse:
    agenda = selectors.agenda_get(user=request.user, year=year)
    today = selectors.today()
    rows, check = selectors.action_rows(agenda, today, user=request.user)
    if permissions.is_authenticated(request.user):
        services.indicators_request_refresh(year=agenda.year)
    context = _common(request, agenda) | {
        "rows": rows, "summary": check.summary, "ambitions": selectors.ambition_rows(agenda),
        "objectives": selectors.objectives_of(agenda), "counts": selectors.status_counts([r.action for r in rows]),
        "overdue": [r for r in rows if r.overdue], "quality_svg": to_svg(selectors.quality_figure(check.summary)),
        "area_shares": [(code, selectors.area_label(code), check.summary.by_area.get(code)) for code in Area.values],
        "items": list(selectors.items(user=request.user, year=agenda.year)),
        "report_form": forms.ReportForm(agenda=agenda),
        "history": selectors.history(agenda)[:30] if permissions.can_view_history(request.user, agenda) else [],
        "steps": AGENDAS.available(agenda, request.user),
    }
    return render(request, "agenda/agenda_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agenda_edit(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    agenda = selectors.agenda_get(user=request.user, year=year)
    selectors.require_manager(request.user)
    return service_form(
        request, forms.AgendaForm(request.POST or None, initial={"title": agenda.title, "summary": agenda.summary}),
        save=lambda posted: services.agenda_update(user=request.user, agenda=agenda, data=posted.cleaned_data),
        success=_("The agenda was saved."), redirect_to=agenda, renames=RENAMES, template="agenda/form.html",
        context={"title": _("Change %(t)s") % {"t": agenda.title}, "agenda": agenda})


@login_required
@require_POST
def agenda_status(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    agenda = selectors.agenda_get(user=request.user, year=year)
    try:
        agenda = services.agenda_transition(user=request.user, agenda=agenda, action=request.POST.get("action", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The agenda is now: %(s)s.") % {"s": agenda.get_status_display()})
    return redirect(agenda)


@login_required
@require_http_methods(["GET", "POST"])
def ambition_edit(request: AuthenticatedHttpRequest, year: int, area: str) -> HttpResponse:
    agenda = selectors.agenda_get(user=request.user, year=year)
    selectors.require_manager(request.user)
    if area not in Area.values:
        raise Http404(_("No such priority area."))
    row = selectors.ambition_rows(agenda, area)[0]
    initial = {"text": row.current.text, "change_note": row.current.change_note} if row.current else {}
    return service_form(
        request, forms.AmbitionForm(request.POST or None, initial=initial),
        save=lambda posted: services.ambition_set(user=request.user, agenda=agenda, area=area, **posted.cleaned_data),
        success=_("The ambition for %(area)s was saved.") % {"area": row.label},
        redirect_to=reverse("agenda:area", args=[agenda.year, area]), renames=RENAMES, template="agenda/form.html",
        context={"agenda": agenda, "previous": row.previous,
                 "title": _("Ambition %(year)s: %(area)s") % {"year": agenda.year, "area": row.label}})


@login_required
@require_http_methods(["GET", "POST"])
def objective_edit(request: AuthenticatedHttpRequest, year: int, pk: int | None = None) -> HttpResponse:
    agenda = selectors.agenda_get(user=request.user, year=year)
    selectors.require_manager(request.user)
    objective = agenda.objectives.filter(pk=pk).first() if pk else None
    if pk and objective is None:
        raise Http404(_("No such objective."))
    if request.method == "POST" and "delete" in request.POST and objective is not None:
        services.objective_delete(user=request.user, objective=objective)
        messages.success(request, _("The objective was removed."))
        return redirect(agenda)

    def save(posted: Posted) -> Any:
        if objective is None:
            return services.objective_create(user=request.user, agenda=agenda, data=posted.data)
        return services.objective_update(user=request.user, objective=objective, data=posted.data)

    return service_form(
        request, forms.ObjectiveForm(request.POST or None, instance=objective), save=save,
        success=_("The objective was saved."), redirect_to=agenda, renames=RENAMES, template="agenda/form.html",
        context={"agenda": agenda, "deletable": objective is not None,
                 "title": _("Objective") if objective else _("New objective")})


def area(request: HttpRequest, year: int, area: str) -> HttpResponse:
    agenda = selectors.agenda_get(user=request.user, year=year)
    if area not in Area.values:
        raise Http404(_("No such priority area."))
    today = selectors.today()
    rows, check = selectors.action_rows(agenda, today, area, user=request.user)
    indicator_rows = selectors.indicator_rows(agenda.year, today, area=area)
    used = {r.action.indicator_code for r in rows if r.action.indicator_code} - {i.indicator.code for i in
                                                                                  indicator_rows}
    indicator_rows += selectors.indicator_rows(agenda.year, today, codes=sorted(used))
    charts = [(row, to_svg(selectors.chart_for(row, agenda.year, width=460)) if row.history else "")
              for row in indicator_rows]
    label = selectors.area_label(area)
    context = _common(request, agenda) | exercises.note(request) | {
        "area": area, "area_label": label, "rows": rows, "share": check.summary.by_area.get(area),
        "ambition": selectors.ambition_rows(agenda, area)[0], "objectives": selectors.objectives_of(agenda, area),
        "counts": selectors.status_counts([r.action for r in rows]), "overdue": [r for r in rows if r.overdue],
        "indicators": charts, "timeline_svg": to_svg(selectors.timeline_figure(agenda, today, area, rows),
                                                     "chart timeline") if rows else "",
        "items": [i for i in selectors.items(user=request.user, year=agenda.year)
                  if any(a.area == area and a.agenda_id == agenda.pk for a in i.actions.all())],
        "budget": sum(r.action.budget_eur or 0 for r in rows),
    }
    return render(request, "agenda/area.html", context)


def timeline(request: HttpRequest, year: int) -> HttpResponse:
    agenda = selectors.agenda_get(user=request.user, year=year)
    today = selectors.today()
    rows, _check = selectors.action_rows(agenda, today, user=request.user)
    return render(request, "agenda/timeline.html", _common(request, agenda) | {
        "svg": to_svg(selectors.timeline_figure(agenda, today, rows=rows), "chart timeline"),
        "overdue": [r for r in rows if r.overdue], "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: AuthenticatedHttpRequest, year: int | None = None, pk: int | None = None) -> HttpResponse:
    action = selectors.action_get(user=request.user, pk=pk) if pk else None
    agenda = action.agenda if action else selectors.agenda_get(user=request.user, year=year or 0)
    selectors.require_manager(request.user)
    initial = {"area": request.GET.get("area", "")} if action is None else None

    def save(posted: Posted) -> Any:
        if action is None:
            return services.action_create(user=request.user, agenda=agenda, data=posted.data)
        services.action_update(user=request.user, action=action, data=posted.data, expected_version=posted.version)
        return action

    title = _("New action for %(year)s") % {"year": agenda.year} if action is None else _("Change action %(code)s") % {
        "code": action.code}
    form = forms.ActionForm(request.POST or None, instance=action, agenda=agenda, initial=initial)
    add_marking_fields(form, request.user, action)
    return service_form(
        request, form, version_of=action, save=save, renames=RENAMES, invalid_status=400,
        success=lambda saved: (_("Action %(code)s was added.") if action is None else _("Action %(code)s was saved."))
        % {"code": saved.code}, template="agenda/action_form.html",
        context=lambda: {"agenda": agenda, "action": action, "title": title,
                         "organisations": forms.owner_suggestions()})


@login_required
@require_POST
def action_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get(user=request.user, pk=pk)
    return service_action(request, lambda: services.action_delete(user=request.user, action=action),
                          success=_("Action %(code)s was deleted.") % {"code": action.code},
                          redirect_to=action.agenda, failure_redirect=action)


def _action_context(request: HttpRequest, action: Any, progress_form: Any = None) -> dict[str, Any]:
    user = request.user
    today = selectors.today()
    verdict = selectors.quality(action.agenda, [action]).of(action)
    measurement, error = selectors.live_value(action, today)
    chart = None
    baseline = float(action.baseline) if action.baseline is not None else None
    target = float(action.target) if action.target is not None else None
    if action.indicator_code in registry.REGISTRY:
        row = selectors.indicator_rows(action.agenda.year, today, codes=[action.indicator_code])[0]
        chart = to_svg(selectors.chart_for(row, action.agenda.year, baseline=baseline, target=target))
    elif action.unit and (figure := selectors.measured_chart(action, baseline, target)) is not None:
        chart = to_svg(figure)
    can_report = permissions.can_report_progress(user, action)
    return _common(request, action.agenda) | {
        "action": action, "verdict": verdict, "problems": [selectors.rule_label(p) for p in verdict.problems],
        "overdue": action.is_overdue(today), "measurement": measurement, "measurement_error": error,
        "indicator": registry.REGISTRY.get(action.indicator_code),
        "shown_value": registry.format_value(action.unit, measurement.value if measurement else None,
                                             registry.REGISTRY[action.indicator_code].decimals)
        if measurement and action.indicator_code in registry.REGISTRY else "",
        "measured": selectors.latest_measured(action), "chart": chart,
        "updates": action.updates.select_related("created_by"), "links": links.resolve(user, action.links.all()),
        "items": action.parliamentary_items.all(), "can_report": can_report,
        "progress_form": progress_form or (forms.ProgressForm(action=action, user=user) if can_report else None),
        "link_form": forms.LinkForm() if permissions.can_manage(user) else None,
        "can_see_evidence": permissions.can_view_evidence(user, action.agenda),
        "history": selectors.history(action)[:50] if permissions.can_view_history(user, action.agenda) else [],
    }


def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get(user=request.user, pk=pk)
    markings.record_access(request, action)
    return render(request, "agenda/action_detail.html", _action_context(request, action))


@login_required
@require_POST
def progress_post(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get(user=request.user, pk=pk)
    if not permissions.can_report_progress(request.user, action):
        raise PermissionDenied(_("Only the action's owners and the programme office report progress on it."))
    form = forms.ProgressForm(request.POST, request.FILES, action=action, user=request.user)
    partial = bool(request.headers.get("HX-Request"))
    if form.is_valid():
        try:
            services.progress_post(user=request.user, action=action, data=form.service_data(),
                                   evidence=form.cleaned_data.get("evidence_file"))
        except ValidationError as error:
            apply_validation_error(form, error, renames=RENAMES)
        else:
            messages.success(request, _("Progress on %(code)s was reported.") % {"code": action.code})
            if partial:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = action.get_absolute_url()
                return response
            return redirect(action)
    action.refresh_from_db()
    context = _action_context(request, action, progress_form=form)
    if partial:
        return render(request, "agenda/_progress_form.html", context, status=200)
    return render(request, "agenda/action_detail.html", context, status=400)


@login_required
def evidence(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    update = ProgressUpdate.objects.select_related("action__agenda").restrict(request.user).filter(pk=pk).first()
    if update is None or not update.evidence_file or not permissions.can_view_evidence(request.user,
                                                                                       update.action.agenda):
        raise Http404(_("No such evidence."))
    return FileResponse(update.evidence_file.open("rb"), as_attachment=True,
                        filename=update.evidence_name or "evidence")


@login_required
@require_POST
def link_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get(user=request.user, pk=pk)
    form = forms.LinkForm(request.POST)
    return service_action(request, lambda: services.link_add(user=request.user, action=action, **form.cleaned_data),
                          form=form, success=_("The link was added."), redirect_to=action)


@login_required
@require_POST
def link_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    link = ActionLink.objects.select_related("action__agenda").filter(pk=pk).first()
    if link is None:
        raise Http404(_("No such link."))
    services.link_remove(user=request.user, link=link)
    messages.success(request, _("The link was removed."))
    return redirect(link.action)


# --- indicators ---------------------------------------------------------------------------------------------------


def indicators(request: HttpRequest, year: int) -> HttpResponse:
    agenda = selectors.agenda_get(user=request.user, year=year)
    query = forms.AsOfForm(request.GET or None)
    as_of = query.day(selectors.today())
    rows = selectors.indicator_rows(agenda.year, as_of)
    charts = [(row, to_svg(selectors.chart_for(row, agenda.year, width=460)) if row.history else "")
              for row in rows if row.indicator.area == "" or row.measurement or row.history]
    return render(request, "agenda/indicators.html", _common(request, agenda) | exercises.note(request) | {
        "charts": charts, "as_of": as_of, "query": query,
        "can_refresh": permissions.can_refresh_indicators(request.user)})


@login_required
@require_POST
def indicators_refresh(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    agenda = selectors.agenda_get(user=request.user, year=year)
    try:
        if request.POST.get("backfill"):
            stored = services.indicators_backfill(user=request.user, year=agenda.year)
            messages.success(request, _("%(n)s stored values were added to the history.") % {"n": stored})
        else:
            stored, skipped = services.indicators_refresh(user=request.user, year=agenda.year)
            messages.success(request, _("%(n)s indicators were computed and stored; %(m)s cannot be computed yet.")
                             % {"n": stored, "m": len(skipped)})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("agenda:indicators", args=[agenda.year]))


# --- the report -----------------------------------------------------------------------------------------------------


def report_view(request: HttpRequest, year: int) -> HttpResponse:
    """The report form; with a date, a language and a format, the report itself as a download."""
    agenda = selectors.agenda_get(user=request.user, year=year)
    form = exercises.add_report_field(forms.ReportForm(request.GET or None, agenda=agenda), request.user)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        try:
            started = time.perf_counter()
            with exercises.including(bool(data.get("include_exercises")) or exercises.included()):
                content = report.build(agenda, data["date"], data["language"])
            if data["format"] == "pdf":
                body, content_type = documents.pdf(content), documents.PDF_CONTENT_TYPE
            else:
                body, content_type = documents.docx(content), documents.DOCX_CONTENT_TYPE
        except ValidationError as error:
            apply_validation_error(form, error, renames=RENAMES)
        else:
            response = HttpResponse(body, content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{documents.filename(content, data["format"])}"'
            response["X-Generated-In"] = f"{time.perf_counter() - started:.2f}s"
            return response
    return render(request, "agenda/report.html", _common(request, agenda) | {"form": form},
                  status=400 if request.GET else 200)


# --- Parliament -----------------------------------------------------------------------------------------------------


def items(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.items(user=request.user))
    for item in rows:
        item.visible_actions = selectors.visible_answering_actions(request.user, item)
    return render(request, "agenda/items.html", {
        "rows": rows, "counts": selectors.item_counts(rows), "statuses": ItemStatus.choices,
        "can_manage": permissions.can_manage_parliament(request.user)})


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(user=request.user, pk=pk)
    return render(request, "agenda/item_detail.html", {
        "item": item, "actions": selectors.visible_answering_actions(request.user, item),
        "can_manage": permissions.can_manage_parliament(request.user),
        "history": selectors.history(item)[:50] if permissions.is_authenticated(request.user) else []})


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    if not permissions.can_manage_parliament(request.user):
        raise PermissionDenied(_("Only the programme office keeps the register of motions and commitments."))
    item = selectors.item_get(user=request.user, pk=pk) if pk else None

    def save(posted: Posted) -> Any:
        actions = list(posted.cleaned_data["actions"])
        if item is None:
            return services.item_create(user=request.user, data=posted.data, actions=actions)
        return services.item_update(user=request.user, item=item, data=posted.data, actions=actions)

    return service_form(
        request, forms.ItemForm(request.POST or None, instance=item), save=save, renames=RENAMES, invalid_status=400,
        success=lambda saved: _("%(item)s was saved.") % {"item": saved}, template="agenda/form.html",
        context={"title": _("Motion or commitment") if item else _("Register a motion or commitment")})
