"""Registry pages: thin views over selectors (reads) and services (writes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from straiik.accounts.types import AuthenticatedHttpRequest
from straiik.core.confirm import Consequences, confirmation, is_confirmed
from straiik.core.forms import apply_validation_error
from straiik.core.generic import Posted, service_action, service_form
from straiik.registry import charts, exporting, importing, invitations, permissions, selectors, services
from straiik.registry.forms import (
    CHILD_FORMS,
    FilterForm,
    ImportForm,
    InvitationAccountForm,
    OrganisationForm,
    VerifyForm,
)
from straiik.registry.models import Invitation, Membership, Organisation, OrganisationKind
from straiik.registry.tabular import write_csv, write_xlsx

PAGE_SIZES = (25, 50, 100)


def _page_size(request: HttpRequest) -> int:
    try:
        size = int(request.GET.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


def organisation_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = form.filters()
    queryset = selectors.with_list_relations(selectors.organisation_list(user=request.user, filters=filters))
    page = Paginator(queryset, _page_size(request)).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page, "organisations": page.object_list, "filters": filters,
               "can_create": permissions.can_create(request.user),
               "can_import": permissions.can_import(request.user)}
    template = "registry/_results.html" if request.headers.get("HX-Request") else "registry/list.html"
    return render(request, template, context)


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get(user=request.user, slug=slug)
    context = selectors.organisation_detail_context(user=request.user, organisation=organisation)
    context["child_forms"] = {kind: form_class() for kind, form_class in CHILD_FORMS.items()}
    return render(request, "registry/detail.html", context)


def _allowed_kinds(request: HttpRequest) -> set[str]:
    return {kind for kind in OrganisationKind.values if permissions.can_give_kind(request.user, kind)}


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    sensitive = permissions.settable_sensitive_fields(request.user, None)
    return service_form(
        request, OrganisationForm(request.POST or None, sensitive_fields=sensitive,
                                  allowed_kinds=_allowed_kinds(request)),
        save=lambda posted: services.organisation_create(user=request.user, data=posted.data[0],
                                                         areas=posted.data[1]),
        success=lambda organisation: _("%(name)s has been registered.") % {"name": organisation.name},
        template="registry/form.html", context={"title": _("Register an organisation")})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get(user=request.user, slug=slug)
    if not permissions.can_change(request.user, organisation):
        raise PermissionDenied
    sensitive = permissions.settable_sensitive_fields(request.user, organisation)
    return service_form(
        request, OrganisationForm(request.POST or None, instance=organisation, sensitive_fields=sensitive,
                                  allowed_kinds=_allowed_kinds(request)), version_of=organisation,
        save=lambda posted: services.organisation_update(user=request.user, organisation=organisation,
                                                         data=posted.data[0], areas=posted.data[1],
                                                         expected_version=posted.version),
        success=_("The changes have been saved."), redirect_to=organisation, template="registry/form.html",
        context={"organisation": organisation, "title": _("Edit %(name)s") % {"name": organisation}})


@login_required
@require_POST
def organisation_delete(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get(user=request.user, slug=slug)
    if permissions.can_delete(request.user, organisation) and not is_confirmed(request):
        members = organisation.memberships.select_related("user").order_by("user__username")
        return confirmation(request, Consequences(
            title=_("Delete %(name)s?") % {"name": organisation.name}, danger=True, button=_("Delete"),
            effects=[_("The organisation leaves the registry with its capabilities, certifications, test "
                       "facilities and contacts; its history stays in the audit trail."),
                     _("Its members lose their membership of it.")],
            recipients_heading=_("Members who lose it"),
            recipients=[m.user.get_username() for m in members]), cancel_url=organisation.get_absolute_url())
    services.organisation_delete(user=request.user, organisation=organisation)
    messages.success(request, _("%(name)s has been deleted.") % {"name": organisation.name})
    return redirect("registry:list")


def _child(organisation: Organisation, kind: str, pk: int | None) -> Any:
    model = services.CHILD_MODELS.get(kind)
    if model is None:
        raise Http404
    if pk is None:
        return model
    return get_object_or_404(model, pk=pk, organisation=organisation)


@login_required
@require_http_methods(["GET", "POST"])
def child_edit(request: AuthenticatedHttpRequest, slug: str, kind: str, pk: int | None = None) -> HttpResponse:
    """Add or edit a capability, certification, test facility or contact."""
    organisation = selectors.organisation_get(user=request.user, slug=slug)
    if not permissions.can_change(request.user, organisation):
        raise PermissionDenied
    target = _child(organisation, kind, pk)
    instance = None if pk is None else target
    form_class = CHILD_FORMS[kind]

    def save(posted: Posted) -> Any:
        data = {name: posted.cleaned_data[name] for name in form_class._meta.fields or ()}
        relations = posted.form.relations() if hasattr(posted.form, "relations") else None
        if instance is None:
            return services.child_create(user=request.user, organisation=organisation, model=target, data=data,
                                         relations=relations)
        return services.child_update(user=request.user, child=instance, data=data, relations=relations)

    title = form_class._meta.model._meta.verbose_name
    return service_form(
        request, form_class(request.POST or None, instance=instance), save=save,
        success=_("The changes have been saved."), redirect_to=organisation, template="registry/form.html",
        context={"organisation": organisation, "title": f"{organisation} · {title}"})


@login_required
@require_POST
def child_delete(request: AuthenticatedHttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get(user=request.user, slug=slug)
    child = _child(organisation, kind, pk)
    services.child_delete(user=request.user, child=child)
    messages.success(request, _("%(name)s has been removed.") % {"name": child})
    return redirect(organisation)


def _membership(organisation: Organisation, pk: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user", "organisation"), pk=pk,
                             organisation=organisation)


def _membership_action(request: HttpRequest, organisation: Organisation, action: Any, success: str) -> HttpResponse:
    back = request.POST.get("next") if request.POST.get("next") == "/accounts/profile/" else organisation
    return service_action(request, action, success=success, redirect_to=back)


@login_required
@require_POST
def member_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Invite an account by its name. The answer is the same whether the name exists or not, so the form
    cannot be used to find out which accounts exist; the person accepts on their profile page."""
    organisation = selectors.organisation_get(user=request.user, slug=slug)
    username = (request.POST.get("username") or "").strip()[:150]
    services.membership_invite(user=request.user, organisation=organisation, username=username,
                               is_admin=request.POST.get("is_admin") == "on")
    messages.success(request, _("If “%(name)s” is the name of an account that is not yet a member, it has been "
                                "invited; the person becomes a member on accepting the invitation on their "
                                "profile page.") % {"name": username})
    return redirect(organisation)


@login_required
@require_POST
def member_remove(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get(user=request.user, slug=slug)
    membership = _membership(organisation, pk)
    name = membership.user.get_username()
    return _membership_action(request, organisation,
                              lambda: services.membership_remove(user=request.user, membership=membership),
                              _("%(name)s is no longer a member.") % {"name": name})


@login_required
@require_POST
def member_approve(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get(user=request.user, slug=slug)
    membership = _membership(organisation, pk)
    return _membership_action(request, organisation,
                              lambda: services.membership_approve(user=request.user, membership=membership),
                              _("%(name)s is now a member.") % {"name": membership.user.get_username()})


@login_required
@require_POST
def member_admin(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get(user=request.user, slug=slug)
    membership = _membership(organisation, pk)
    make_admin = request.POST.get("is_admin") == "1"
    done = (_("%(name)s is now an administrator.") if make_admin
            else _("%(name)s is no longer an administrator.")) % {"name": membership.user.get_username()}
    return _membership_action(
        request, organisation,
        lambda: services.membership_set_admin(user=request.user, membership=membership, is_admin=make_admin), done)


@login_required
@require_POST
def member_request(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get(user=request.user, slug=slug)
    return _membership_action(
        request, organisation, lambda: services.membership_request(user=request.user, organisation=organisation),
        _("Your request has been sent to the administrators of %(o)s.") % {"o": organisation.name})


@login_required
@require_POST
def member_accept(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get(user=request.user, slug=slug)
    membership = get_object_or_404(Membership, pk=pk, organisation=organisation, user=request.user)
    return _membership_action(request, organisation,
                              lambda: services.membership_accept(user=request.user, membership=membership),
                              _("You are now a member of %(o)s.") % {"o": organisation.name})


@login_required
@require_POST
def invitation_send(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get(user=request.user, slug=slug)
    email = (request.POST.get("email") or "").strip()
    return service_action(
        request, lambda: invitations.invitation_send(user=request.user, organisation=organisation, email=email,
                                                     is_admin=request.POST.get("is_admin") == "on",
                                                     link_base=request.build_absolute_uri("/")),
        success=_("An invitation has been sent to %(email)s.") % {"email": email}, redirect_to=organisation)


@login_required
@require_POST
def invitation_withdraw(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get(user=request.user, slug=slug)
    invitation = get_object_or_404(Invitation, pk=pk, organisation=organisation)
    invitations.invitation_withdraw(user=request.user, invitation=invitation)
    messages.success(request, _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email})
    return redirect(organisation)


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The page of an invitation link: sign in or create an account, and join."""
    try:
        found = invitations.invitation_for(token)
    except invitations.InvitationUnusable as unusable:
        response = render(request, "registry/invitation.html", {"problem": unusable.message},
                          status=unusable.status)
    else:
        form = InvitationAccountForm(request.POST if request.POST.get("action") == "register" else None,
                                     initial={"email": found.email})
        if request.method == "POST":
            try:
                if request.POST.get("action") == "accept" and request.user.is_authenticated:
                    invitations.invitation_accept(token=token, user=request.user)
                    messages.success(request, _("You are now a member of %(o)s.") % {"o": found.organisation.name})
                    return redirect(found.organisation)
                if request.POST.get("action") == "register" and form.is_valid():
                    user = invitations.invitation_register(token=token, username=form.cleaned_data["username"],
                                                           password=form.cleaned_data["password1"])
                    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                    messages.success(request, _("Welcome. You are now a member of %(o)s.")
                                     % {"o": found.organisation.name})
                    return redirect(found.organisation)
            except invitations.InvitationUnusable as unusable:
                return render(request, "registry/invitation.html", {"problem": unusable.message},
                              status=unusable.status)
            except ValidationError as error:
                apply_validation_error(form, error)
        response = render(request, "registry/invitation.html", {"invitation": found, "form": form},
                          status=400 if form.errors else 200)
    # The link is a secret: keep the page out of caches.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def organisation_verify(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get(user=request.user, slug=slug)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(organisation)
    services.organisation_verify(user=request.user, organisation=organisation,
                                 evidence=form.cleaned_data["evidence"])
    messages.success(request, _("%(name)s is now verified.") % {"name": organisation.name})
    return redirect(organisation)


@login_required
@require_POST
def organisation_unverify(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get(user=request.user, slug=slug)
    services.organisation_unverify(user=request.user, organisation=organisation,
                                   reason=(request.POST.get("reason") or "").strip())
    messages.success(request, _("%(name)s is declared again, no longer verified.") % {"name": organisation.name})
    return redirect(organisation)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = importing.import_organisations(
            user=request.user, handle=upload, filename=upload.name,
            keep_valid_rows=form.cleaned_data["keep_valid_rows"],
        )
        if report.imported:
            messages.success(request, ngettext("%(n)d organisation imported.", "%(n)d organisations imported.",
                                               report.imported) % {"n": report.imported})
        status = 200 if report.ok else 400
    elif request.method == "POST":
        status = 400
    return render(request, "registry/import.html",
                  {"form": form, "report": report, "columns": importing.COLUMNS}, status=status)


def organisation_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form = FilterForm(request.GET or None)
    queryset = selectors.organisation_list(user=request.user, filters=form.filters())
    header = exporting.export_columns(request.user)
    rows = exporting.export_rows(request.user, queryset)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        response: HttpResponseBase = StreamingHttpResponse(write_csv(header, rows),
                                                           content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            write_xlsx(header, rows, title="organisations"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="straiik-organisations-{stamp}.{fmt}"'
    return response


def cpv_lookup(request: HttpRequest) -> HttpResponse:
    """Suggestions for the CPV field of the capability form (an htmx partial)."""
    codes = selectors.cpv_search(query=request.GET.get("cpv_q", ""), limit=15)
    return render(request, "registry/_cpv_suggestions.html", {"codes": codes})


def ecosystem(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    overview = selectors.ecosystem_overview(user=request.user, filters=form.filters())
    context = {"form": form, "overview": overview, "heatmap": charts.heatmap(overview),
               "kinds": charts.bars(overview["by_kind"]),
               "regions": charts.bars([(name, n, name) for name, n in overview["by_region"]])}
    return render(request, "registry/ecosystem.html", context)
