"""Supply-network pages: thin views over selectors (reads) and services (writes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from straiik.accounts.types import AuthenticatedHttpRequest
from straiik.core import exercises, markings
from straiik.core.confirm import Consequences, confirmation, is_confirmed
from straiik.core.forms import apply_validation_error
from straiik.core.generic import service_form
from straiik.engines import supply as engine
from straiik.supply import charts, permissions, selectors, services
from straiik.supply.forms import ImportForm, NodeForm, ScenarioForm, SurgeForm, WillemsForm
from straiik.supply.models import AnalysisKind, SupplyNode


@login_required
@require_http_methods(["GET", "POST"])
def network_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = exercises.add_field(ImportForm(request.POST or None, request.FILES or None, prefix="import"), user)
    willems = exercises.add_field(WillemsForm(prefix="willems"), user)
    if request.method == "POST":
        if not permissions.can_create(user):
            raise PermissionDenied(_("Only the programme office and defence buyers register supply networks."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                document = data["document"]
                parsed = services.read_upload(
                    document=document.read() if document else None,
                    nodes=data["nodes"].read() if data["nodes"] else None,
                    edges=data["edges"].read() if data["edges"] else None,
                    filename=document.name if document else "")
                name = data["name"] or parsed.name or (document.name if document else data["nodes"].name)
                network = services.network_create(user=user, name=name, parsed=parsed,
                                                  description=data["description"],
                                                  source=document.name if document else data["nodes"].name,
                                                  is_exercise=exercises.chosen(form))
            except ValidationError as error:
                apply_validation_error(form, error, limit=50)
            else:
                messages.success(request, _("%(name)s was imported: %(n)d nodes.") % {
                    "name": network.name, "n": len(parsed.nodes)})
                return redirect(network)
    return render(request, "supply/network_list.html", {
        "networks": selectors.network_list(user=user), "form": form, "willems": willems,
        "can_create": permissions.can_create(user)})


@login_required
@require_POST
def willems_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = exercises.add_field(WillemsForm(request.POST, prefix="willems"), request.user)
    if not form.is_valid():
        messages.error(request, _("Choose a chain from 1 to 38."))
        return redirect("supply:networks")
    network = services.network_from_willems(user=request.user, chain=form.cleaned_data["chain"],
                                            is_exercise=exercises.chosen(form))
    return redirect(network)


def _network_context(request: HttpRequest, network: Any, product: str = "") -> dict[str, Any]:
    overview = selectors.latest_overview(network)
    result = overview.result if overview else None
    products = list(network.nodes.filter(demand__gt=0).values_list("key", flat=True))
    context = {
        "network": network, "overview": overview, "result": result,
        "picture": selectors.picture(network, product=product, overview=overview),
        "analyses": network.analyses.select_related("requested_by")[:20],
        "can_change": permissions.can_change(request.user, network),
        "can_analyse": permissions.can_analyse(request.user, network),
        "scenario_form": ScenarioForm(prefix="scenario"),
        "surge_form": SurgeForm(products=products, prefix="surge"),
        "node_count": network.nodes.count(), "edge_count": network.edges.count(),
    }
    if result:
        context["countries"] = selectors.country_rows(result["dependence"]["overall"])
        context["countries_height"] = len(context["countries"]) * 24
        context["spof_rows"] = result["spof"]["ranking"][:50]
        if result.get("resilience"):
            context["risk_rows"] = [r for r in result["resilience"]["nodes"] if r["at_risk"]][:50]
    return context


@login_required
def network_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    network = selectors.network_get(user=request.user, pk=pk)
    markings.record_access(request, network)
    return render(request, "supply/network_detail.html",
                  _network_context(request, network, product=request.GET.get("product", "")))


@login_required
def node_panel(request: AuthenticatedHttpRequest, pk: int, key: str) -> HttpResponse:
    network = selectors.network_get(user=request.user, pk=pk)
    facts = selectors.node_facts(network, key, selectors.latest_overview(network))
    return render(request, "supply/_node.html", {"network": network, **facts,
                                                 "can_change": permissions.can_change(request.user, network)})


@login_required
@require_http_methods(["GET", "POST"])
def node_edit(request: AuthenticatedHttpRequest, pk: int, key: str) -> HttpResponse:
    network = selectors.network_get(user=request.user, pk=pk)
    if not permissions.can_change(request.user, network):
        raise PermissionDenied(_("You may not change this network."))
    node = SupplyNode.objects.restrict(request.user).filter(network=network, key=key).first()
    if node is None:
        from django.http import Http404

        raise Http404
    return service_form(
        request, NodeForm(request.POST or None, instance=SupplyNode.objects.restrict(request.user).get(pk=node.pk)),
        save=lambda posted: services.node_update(
            user=request.user, node=node, data={name: posted.cleaned_data[name] for name in services.NODE_FIELDS}),
        success=_("Node %(key)s was saved.") % {"key": key}, redirect_to=network, error_limit=50,
        template="supply/form.html", context={"network": network, "title": _("Node %(key)s") % {"key": key}})


@login_required
@require_POST
def analysis_create(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    network = selectors.network_get(user=request.user, pk=pk)
    params: dict[str, Any] = {}
    if kind == AnalysisKind.SCENARIO:
        form = ScenarioForm(request.POST, prefix="scenario")
        if not form.is_valid():
            messages.error(request, " ".join(f"{form.fields[f].label}: {' '.join(str(m) for m in e)}"
                                             if f in form.fields else " ".join(str(m) for m in e)
                                             for f, e in form.errors.items()))
            return redirect(network)
        params = form.cleaned_data
    elif kind == AnalysisKind.SURGE:
        products = list(network.nodes.filter(demand__gt=0).values_list("key", flat=True))
        surge = SurgeForm(request.POST, products=products, prefix="surge")
        if not surge.is_valid():
            messages.error(request, " ".join(" ".join(str(m) for m in e) for e in surge.errors.values()))
            return redirect(network)
        params = surge.cleaned_data
    try:
        analysis = services.analysis_request(user=request.user, network=network, kind=kind, params=params)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(network)
    return redirect(analysis)


@login_required
def analysis_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.analysis_get(user=request.user, pk=pk)
    if not request.headers.get("HX-Request"):  # the progress poll is not another reading
        markings.record_access(request, analysis)
    context: dict[str, Any] = {"analysis": analysis, "network": analysis.network}
    if analysis.status == "done" and analysis.kind == AnalysisKind.SCENARIO:
        context["chart"] = charts.weekly(analysis.result or {})
    if request.headers.get("HX-Request"):
        response = render(request, "supply/_analysis_progress.html", context)
        if analysis.finished:
            response["HX-Refresh"] = "true"
        return response
    return render(request, "supply/analysis_detail.html", context)


@login_required
def network_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    network = selectors.network_get(user=request.user, pk=pk)
    with markings.exporting(request, [network]) as stamp:
        response = HttpResponse(stamp.json(engine.dump_json(services.to_engine(network)), [network]),
                                content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="supply-network-{network.pk}.json"'
    return response


@login_required
@require_POST
def network_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    network = selectors.network_get(user=request.user, pk=pk)
    if permissions.can_change(request.user, network) and not is_confirmed(request):
        return confirmation(request, Consequences(
            title=_("Delete the network %(name)s?") % {"name": network.name}, danger=True, button=_("Delete"),
            effects=[_("The network, its %(n)s nodes and links and all its analyses are deleted.") % {
                "n": network.nodes.count()}]), cancel_url=network.get_absolute_url())
    services.network_delete(user=request.user, network=network)
    messages.success(request, _("%(name)s was deleted.") % {"name": network.name})
    return redirect("supply:networks")
