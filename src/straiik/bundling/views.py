"""Demand bundling pages: thin views over selectors (reads) and services (writes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from straiik.accounts.types import AuthenticatedHttpRequest
from straiik.bundling import charts, exporting, importing, permissions, selectors, services
from straiik.bundling.forms import DemandForm, ImportForm, OfferForm, RoundForm, RunForm
from straiik.bundling.workflow import PROCUREMENTS, ROUNDS
from straiik.core import markings
from straiik.core.forms import add_marking_fields, apply_validation_error
from straiik.core.generic import Posted, service_action, service_form
from straiik.registry.models import CpvCode
from straiik.registry.verification import VerificationRequired

INPUTS_PER_PAGE = 100
RENAMES = {"periods": "periods_text"}  # the service's field, the form's


@login_required
def round_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    rounds = selectors.round_list(user=request.user)
    markings.shown(request, rounds)
    return render(request, "bundling/round_list.html", {
        "rounds": rounds, "can_manage": permissions.can_manage(request.user),
        "can_view_results": permissions.can_view_results(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_manage(request.user):
        raise PermissionDenied(_("Only the programme office opens bundling rounds."))
    form = RoundForm(request.POST or None, initial={"periods_text": "2027-Q1; 2027-Q2; 2027-Q3; 2027-Q4"})
    add_marking_fields(form, request.user)
    return service_form(
        request, form,
        save=lambda posted: services.round_create(user=request.user, data=posted.data, is_exercise=posted.is_exercise),
        exercise=True, success=lambda round: _("The round %(name)s is open.") % {"name": round.name},
        template="bundling/form.html", context={"title": _("Open a bundling round")}, renames=RENAMES)


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(user=request.user, pk=pk)
    if not permissions.can_manage(request.user):
        raise PermissionDenied(_("Only the programme office changes bundling rounds."))
    form = RoundForm(request.POST or None, instance=round)
    add_marking_fields(form, request.user, round)
    return service_form(
        request, form, version_of=round,
        save=lambda posted: services.round_update(user=request.user, round=round, data=posted.data,
                                                  expected_version=posted.version),
        success=_("The round's rules were saved."), redirect_to=round, renames=RENAMES,
        template="bundling/form.html", context={"title": _("Rules of %(name)s") % {"name": round.name}, "round": round})


def _round_context(request: HttpRequest, round: Any) -> dict[str, Any]:
    user = request.user
    nations = selectors.nations_of(round)
    suppliers = selectors.suppliers_of(round)
    demands = Paginator(selectors.demands_of(user=user, round=round), INPUTS_PER_PAGE).get_page(
        request.GET.get("demand_page"))
    for demand in demands:
        demand.can_change = permissions.can_change_demand(user, demand)
    offers = Paginator(selectors.offers_of(user=user, round=round), INPUTS_PER_PAGE).get_page(
        request.GET.get("offer_page"))
    for offer in offers:
        offer.can_change = permissions.can_change_offer(user, offer)
    return {
        "round": round,
        "summary": selectors.round_summary(round, user=user),
        "demands": demands,
        "offers": offers,
        "runs": selectors.runs_of(user=user, round=round)[:20],
        "comparison": selectors.compare_runs(user=user, round=round),
        "run_form": RunForm(nations=nations, suppliers=suppliers),
        "can_manage": permissions.can_manage(user),
        "can_view_results": permissions.can_view_results(user),
        "can_add_demand": permissions.can_add_demand(user, round),
        "can_add_offer": permissions.can_add_offer(user, round),
        "steps": ROUNDS.available(round, user),  # the status buttons: the steps this user may take now
    }


@login_required
def round_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(user=request.user, pk=pk)
    markings.record_access(request, round)
    return render(request, "bundling/round_detail.html", _round_context(request, round))


@login_required
@require_POST
def round_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(user=request.user, pk=pk)
    try:
        round = services.round_set_status(user=request.user, round=round, status=request.POST.get("status", ""),
                                          reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The round is now: %(s)s.") % {"s": round.get_status_display()})
    return redirect(round)


def _cpv_options(round: Any) -> list[CpvCode]:
    codes = set(round.demands.values_list("item_id", flat=True)) | set(round.offers.values_list("item_id", flat=True))
    return list(CpvCode.objects.filter(code__in=codes)) + list(
        CpvCode.objects.filter(code__startswith="35").exclude(code__in=codes)[:200])


@login_required
@require_http_methods(["GET", "POST"])
def demand_edit(request: AuthenticatedHttpRequest, pk: int, demand_pk: int | None = None) -> HttpResponse:
    round = selectors.round_get(user=request.user, pk=pk)
    demand = selectors.demand_get(user=request.user, pk=demand_pk) if demand_pk else None
    allowed = (permissions.can_change_demand(request.user, demand) if demand
               else permissions.can_add_demand(request.user, round))
    return _input_edit(request, round, demand, allowed=allowed, form_class=DemandForm, titles=(
        _("Register demand"), _("Change demand %(code)s")), refused=_("You may not register or change demand in "
                                                                      "this round."),
        create=services.demand_create, update=lambda instance, **kw: services.demand_update(demand=instance, **kw),
        saved=(_("Demand %(code)s was registered."), _("Demand %(code)s was saved.")))


def _input_edit(request: HttpRequest, round: Any, instance: Any, *, allowed: bool, form_class: Any,
                titles: tuple[str, str], refused: str, create: Any, update: Any,
                saved: tuple[str, str]) -> HttpResponse:
    """A buyer's demand or a supplier's offer, new or changed: the same page for both."""
    if instance is not None and instance.round_id != round.pk:
        raise PermissionDenied
    if not allowed:
        raise PermissionDenied(refused)

    def save(posted: Posted) -> Any:
        if instance is None:
            return create(user=request.user, round=round, data=posted.data)
        update(instance, user=request.user, data=posted.data)
        return instance

    return service_form(
        request, form_class(request.POST or None, round=round, user=request.user, instance=instance), save=save,
        success=lambda saved_input: saved[instance is not None] % {"code": saved_input.code}, redirect_to=round,
        refusals={VerificationRequired: None}, renames=RENAMES, template="bundling/input_form.html", context={
            "title": titles[0] if instance is None else titles[1] % {"code": instance.code}, "round": round,
            "cpv_options": _cpv_options(round)})


@login_required
@require_POST
def demand_delete(request: AuthenticatedHttpRequest, pk: int, demand_pk: int) -> HttpResponse:
    demand = selectors.demand_get(user=request.user, pk=demand_pk)
    return service_action(request, lambda: services.demand_delete(user=request.user, demand=demand),
                          success=_("Demand %(code)s was withdrawn.") % {"code": demand.code}, redirect_to=demand.round)


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: AuthenticatedHttpRequest, pk: int, offer_pk: int | None = None) -> HttpResponse:
    round = selectors.round_get(user=request.user, pk=pk)
    offer = selectors.offer_get(user=request.user, pk=offer_pk) if offer_pk else None
    allowed = permissions.can_change_offer(request.user, offer) if offer else permissions.can_add_offer(request.user,
                                                                                                         round)
    return _input_edit(request, round, offer, allowed=allowed, form_class=OfferForm, titles=(
        _("Register an offer"), _("Change offer %(code)s")), refused=_("You may not register or change offers in "
                                                                       "this round."),
        create=services.offer_create, update=lambda instance, **kw: services.offer_update(offer=instance, **kw),
        saved=(_("Offer %(code)s was registered."), _("Offer %(code)s was saved.")))


@login_required
@require_POST
def offer_delete(request: AuthenticatedHttpRequest, pk: int, offer_pk: int) -> HttpResponse:
    offer = selectors.offer_get(user=request.user, pk=offer_pk)
    return service_action(request, lambda: services.offer_delete(user=request.user, offer=offer),
                          success=_("Offer %(code)s was withdrawn.") % {"code": offer.code}, redirect_to=offer.round)


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(user=request.user, pk=pk)
    if not (permissions.can_add_demand(request.user, round) or permissions.can_add_offer(request.user, round)):
        raise PermissionDenied(_("You may not import into this round."))
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = importing.import_table(user=request.user, round=round, kind=form.cleaned_data["kind"],
                                        handle=upload, filename=upload.name,
                                        keep_valid_rows=form.cleaned_data["keep_valid_rows"])
        if report.imported:
            messages.success(request, ngettext("%(n)d row was imported.", "%(n)d rows were imported.",
                                               report.imported) % {"n": report.imported})
            if report.ok:
                return redirect(round)
    return render(request, "bundling/import.html", {"form": form, "round": round, "report": report,
                                                    "demand_columns": importing.DEMAND_COLUMNS,
                                                    "offer_columns": importing.OFFER_COLUMNS})


@login_required
@require_POST
def run_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(user=request.user, pk=pk)
    if not permissions.can_manage(request.user):
        raise PermissionDenied(_("Only the programme office runs the optimiser."))
    form = RunForm(request.POST, nations=selectors.nations_of(round), suppliers=selectors.suppliers_of(round))
    if form.is_valid():
        try:
            run = services.run_request(user=request.user, round=round, label=form.cleaned_data["label"],
                                       variation=form.variation(), time_limit=form.cleaned_data["time_limit"])
        except ValidationError as error:
            apply_validation_error(form, error, renames=RENAMES)
        else:
            return redirect(run)
    context = _round_context(request, round)
    context["run_form"] = form
    return render(request, "bundling/round_detail.html", context, status=400)


@login_required
def run_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(user=request.user, pk=pk)
    markings.record_access(request, run)
    report = selectors.run_report(run)
    context = {"run": run, "round": run.round, "report": report, "stale": services.run_is_stale(run),
               "can_manage": permissions.can_manage(request.user),
               "chart": charts.savings_bars(report.buyers) if report else None}
    return render(request, "bundling/run_detail.html", context)


@login_required
def run_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The progress box, polled by the run page while the optimiser works; reloads the page when done."""
    run = selectors.run_get(user=request.user, pk=pk)
    response = render(request, "bundling/_progress.html", {"run": run, "stale": services.run_is_stale(run)})
    if run.finished:
        response["HX-Refresh"] = "true"
    return response


@login_required
def run_export(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    run = selectors.run_get(user=request.user, pk=pk)
    report = selectors.run_report(run)
    if report is None:
        messages.error(request, _("This run has no results yet."))
        return redirect(run)
    name = f"straiik-bundling-run-{run.pk}"
    with markings.exporting(request, [run]) as stamp:
        return _run_export(request, run, report, kind, name, stamp)


def _run_export(request: HttpRequest, run: Any, report: Any, kind: str, name: str, stamp: Any) -> HttpResponse:
    if kind == "json":
        response = HttpResponse(stamp.json(exporting.solution_json(report), [run]),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}-solution.json"'
    elif kind == "problem":
        import json

        response = HttpResponse(stamp.json(json.dumps(run.problem, ensure_ascii=False), [run]),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}-problem.json"'
    elif kind == "xlsx":
        response = HttpResponse(stamp.xlsx(exporting.workbook(report)), content_type="application/vnd.openxmlformats-"
                                                                                   "officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    elif kind == "pdf":
        response = HttpResponse(exporting.pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    else:
        messages.error(request, _("Unknown export format."))
        return redirect(run)
    return response


@login_required
@require_POST
def run_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(user=request.user, pk=pk)
    offer, period = request.POST.get("offer", ""), request.POST.get("period", "")
    return service_action(
        request, lambda: services.procurement_accept(user=request.user, run=run, offer_code=offer, period=period),
        confirm=(lambda: selectors.accept_consequences(run, offer=offer, period=period))
        if permissions.can_manage(request.user) else None, cancel_url=run.get_absolute_url() + "#contracts",
        success=lambda procurement: _("Joint procurement %(p)s was recorded, led by %(lead)s.") % {
            "p": procurement, "lead": procurement.lead_nation}, failure_redirect=run)


@login_required
def procurement_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "bundling/procurement_list.html",
                  {"procurements": selectors.procurement_list(user=request.user)[:500]})


@login_required
def procurement_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(user=request.user, pk=pk)
    return render(request, "bundling/procurement_detail.html",
                  {"procurement": procurement, "steps": PROCUREMENTS.available(procurement, request.user),
                   "can_manage": permissions.can_manage(request.user)})


@login_required
@require_POST
def procurement_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(user=request.user, pk=pk)
    try:
        services.procurement_set_status(user=request.user, procurement=procurement,
                                        status=request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(procurement)

