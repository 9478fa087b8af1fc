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

from straiik.bundling import charts, exporting, importing, permissions, selectors, services
from straiik.bundling.forms import DemandForm, ImportForm, OfferForm, RoundForm, RunForm
from straiik.bundling.models import RoundStatus
from straiik.core import exercises, markings
from straiik.core.concurrency import add_version_field, take_version
from straiik.core.confirm import confirmation, is_confirmed
from straiik.core.forms import add_marking_fields, apply_validation_error
from straiik.registry.models import CpvCode
from straiik.registry.verification import VerificationRequired

INPUTS_PER_PAGE = 100


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = selectors.round_list(user=request.user)
    markings.shown(request, rounds)
    return render(request, "bundling/round_list.html", {
        "rounds": rounds, "can_manage": permissions.can_manage(request.user),
        "can_view_results": permissions.can_view_results(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage(request.user):
        raise PermissionDenied(_("Only the programme office opens bundling rounds."))
    form = exercises.add_field(RoundForm(request.POST or None, initial={
        "periods_text": "2027-Q1; 2027-Q2; 2027-Q3; 2027-Q4"}), request.user)
    add_marking_fields(form, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            round = services.round_create(user=request.user, data=form.service_data(),
                                          is_exercise=exercises.chosen(form))
        except ValidationError as error:
            apply_validation_error(form, error, renames={"periods": "periods_text"})
        else:
            messages.success(request, _("The round %(name)s is open.") % {"name": round.name})
            return redirect(round)
    return render(request, "bundling/form.html", {"form": form, "title": _("Open a bundling round")})


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(user=request.user, pk=pk)
    if not permissions.can_manage(request.user):
        raise PermissionDenied(_("Only the programme office changes bundling rounds."))
    form = add_version_field(RoundForm(request.POST or None, instance=round), round)
    add_marking_fields(form, request.user, round)
    if request.method == "POST" and form.is_valid():
        version = take_version(form)
        try:
            services.round_update(user=request.user, round=round, data=form.service_data(), expected_version=version)
        except ValidationError as error:
            apply_validation_error(form, error, renames={"periods": "periods_text"})
        else:
            messages.success(request, _("The round's rules were saved."))
            return redirect(round)
    return render(request, "bundling/form.html", {"form": form, "title": _("Rules of %(name)s") % {"name": round.name},
                                                  "round": round})


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
        "summary": selectors.round_summary(round),
        "demands": demands,
        "offers": offers,
        "runs": selectors.runs_of(user=user, round=round)[:20],
        "comparison": selectors.compare_runs(user=user, round=round),
        "run_form": RunForm(nations=nations, suppliers=suppliers),
        "can_manage": permissions.can_manage(user),
        "can_view_results": permissions.can_view_results(user),
        "can_add_demand": permissions.can_add_demand(user, round),
        "can_add_offer": permissions.can_add_offer(user, round),
        "statuses": RoundStatus.choices,
    }


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(user=request.user, pk=pk)
    markings.record_access(request, round)
    return render(request, "bundling/round_detail.html", _round_context(request, round))


@login_required
@require_POST
def round_status(request: HttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(user=request.user, pk=pk)
    try:
        round = services.round_set_status(user=request.user, round=round, status=request.POST.get("status", ""))
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
def demand_edit(request: HttpRequest, pk: int, demand_pk: int | None = None) -> HttpResponse:
    round = selectors.round_get(user=request.user, pk=pk)
    demand = selectors.demand_get(user=request.user, pk=demand_pk) if demand_pk else None
    if demand is not None and demand.round_id != round.pk:
        raise PermissionDenied
    allowed = (permissions.can_change_demand(request.user, demand) if demand
               else permissions.can_add_demand(request.user, round))
    if not allowed:
        raise PermissionDenied(_("You may not register or change demand in this round."))
    form = DemandForm(request.POST or None, round=round, user=request.user, instance=demand)
    if request.method == "POST" and form.is_valid():
        try:
            if demand is None:
                demand = services.demand_create(user=request.user, round=round, data=form.service_data())
                messages.success(request, _("Demand %(code)s was registered.") % {"code": demand.code})
            else:
                services.demand_update(user=request.user, demand=demand, data=form.service_data())
                messages.success(request, _("Demand %(code)s was saved.") % {"code": demand.code})
        except VerificationRequired as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            apply_validation_error(form, error, renames={"periods": "periods_text"})
        else:
            return redirect(round)
    title = _("Register demand") if demand is None else _("Change demand %(code)s") % {"code": demand.code}
    return render(request, "bundling/input_form.html", {"form": form, "title": title, "round": round,
                                                        "cpv_options": _cpv_options(round)})


@login_required
@require_POST
def demand_delete(request: HttpRequest, pk: int, demand_pk: int) -> HttpResponse:
    demand = selectors.demand_get(user=request.user, pk=demand_pk)
    try:
        services.demand_delete(user=request.user, demand=demand)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Demand %(code)s was withdrawn.") % {"code": demand.code})
    return redirect(demand.round)


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, pk: int, offer_pk: int | None = None) -> HttpResponse:
    round = selectors.round_get(user=request.user, pk=pk)
    offer = selectors.offer_get(user=request.user, pk=offer_pk) if offer_pk else None
    if offer is not None and offer.round_id != round.pk:
        raise PermissionDenied
    allowed = permissions.can_change_offer(request.user, offer) if offer else permissions.can_add_offer(request.user,
                                                                                                         round)
    if not allowed:
        raise PermissionDenied(_("You may not register or change offers in this round."))
    form = OfferForm(request.POST or None, round=round, user=request.user, instance=offer)
    if request.method == "POST" and form.is_valid():
        try:
            if offer is None:
                offer = services.offer_create(user=request.user, round=round, data=form.service_data())
                messages.success(request, _("Offer %(code)s was registered.") % {"code": offer.code})
            else:
                services.offer_update(user=request.user, offer=offer, data=form.service_data())
                messages.success(request, _("Offer %(code)s was saved.") % {"code": offer.code})
        except VerificationRequired as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            apply_validation_error(form, error, renames={"periods": "periods_text"})
        else:
            return redirect(round)
    title = _("Register an offer") if offer is None else _("Change offer %(code)s") % {"code": offer.code}
    return render(request, "bundling/input_form.html", {"form": form, "title": title, "round": round,
                                                        "cpv_options": _cpv_options(round)})


@login_required
@require_POST
def offer_delete(request: HttpRequest, pk: int, offer_pk: int) -> HttpResponse:
    offer = selectors.offer_get(user=request.user, pk=offer_pk)
    try:
        services.offer_delete(user=request.user, offer=offer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Offer %(code)s was withdrawn.") % {"code": offer.code})
    return redirect(offer.round)


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest, pk: int) -> HttpResponse:
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
def run_create(request: HttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(user=request.user, pk=pk)
    if not permissions.can_manage(request.user):
        raise PermissionDenied(_("Only the programme office runs the optimiser."))
    form = RunForm(request.POST, nations=selectors.nations_of(round), suppliers=selectors.suppliers_of(round))
    if form.is_valid():
        try:
            run = services.run_request(user=request.user, round=round, label=form.cleaned_data["label"],
                                       variation=form.variation(), time_limit=form.cleaned_data["time_limit"])
        except ValidationError as error:
            apply_validation_error(form, error, renames={"periods": "periods_text"})
        else:
            return redirect(run)
    context = _round_context(request, round)
    context["run_form"] = form
    return render(request, "bundling/round_detail.html", context, status=400)


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(user=request.user, pk=pk)
    markings.record_access(request, run)
    report = selectors.run_report(run)
    context = {"run": run, "round": run.round, "report": report, "stale": services.run_is_stale(run),
               "can_manage": permissions.can_manage(request.user),
               "chart": charts.savings_bars(report.buyers) if report else None}
    return render(request, "bundling/run_detail.html", context)


@login_required
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress box, polled by the run page while the optimiser works; reloads the page when done."""
    run = selectors.run_get(user=request.user, pk=pk)
    response = render(request, "bundling/_progress.html", {"run": run, "stale": services.run_is_stale(run)})
    if run.finished:
        response["HX-Refresh"] = "true"
    return response


@login_required
def run_export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
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
def run_accept(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(user=request.user, pk=pk)
    if permissions.can_manage(request.user) and not is_confirmed(request):
        consequences = selectors.accept_consequences(run, offer=request.POST.get("offer", ""),
                                                     period=request.POST.get("period", ""))
        if consequences is not None:
            return confirmation(request, consequences, cancel_url=run.get_absolute_url() + "#contracts")
    try:
        procurement = services.procurement_accept(user=request.user, run=run, offer_code=request.POST.get("offer", ""),
                                                  period=request.POST.get("period", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(run)
    messages.success(request, _("Joint procurement %(p)s was recorded, led by %(lead)s.")
                     % {"p": procurement, "lead": procurement.lead_nation})
    return redirect(procurement)


@login_required
def procurement_list(request: HttpRequest) -> HttpResponse:
    return render(request, "bundling/procurement_list.html",
                  {"procurements": selectors.procurement_list(user=request.user)[:500]})


@login_required
def procurement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(user=request.user, pk=pk)
    from straiik.bundling.models import ProcurementStatus

    return render(request, "bundling/procurement_detail.html",
                  {"procurement": procurement, "statuses": ProcurementStatus.choices,
                   "can_manage": permissions.can_manage(request.user)})


@login_required
@require_POST
def procurement_status(request: HttpRequest, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(user=request.user, pk=pk)
    try:
        services.procurement_set_status(user=request.user, procurement=procurement,
                                        status=request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(procurement)

