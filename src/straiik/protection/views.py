"""Protection pages: thin views over selectors (reads) and services (writes)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from straiik.accounts.types import AuthenticatedHttpRequest
from straiik.core.generic import Posted, service_action, service_form
from straiik.protection import export_control, forms, permissions, selectors, services
from straiik.protection.models import Disclosure, HitStatus
from straiik.registry.models import Organisation


def _office(request: HttpRequest) -> None:
    if not permissions.is_office(request.user):
        raise Http404


def _back(record: models.Model) -> str:
    url = getattr(record, "get_absolute_url", None)
    if url:
        return url()
    organisation = getattr(record, "organisation", None)
    return organisation.get_absolute_url() if organisation is not None else "/"


def _item_organisation(record: models.Model) -> Organisation | None:
    for attr in ("organisation", "supplier", "buyer"):
        value = getattr(record, attr, None)
        if isinstance(value, Organisation):
            return value
    proposal = getattr(record, "proposal", None)
    return getattr(proposal, "organisation", None) if proposal is not None else None


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    if permissions.is_office(request.user):
        return render(request, "protection/dashboard.html", {"d": selectors.dashboard(user=request.user)})
    organisations = Organisation.objects.restrict(request.user).filter(pk__in=permissions.admin_of(request.user))
    if not organisations:
        raise Http404
    return render(request, "protection/mine.html", {"organisations": organisations})


@login_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    _office(request)
    status = request.GET.get("status", HitStatus.OPEN)
    if status not in HitStatus.values:
        status = HitStatus.OPEN
    return render(request, "protection/queue.html", {
        "hits": selectors.hit_queue(user=request.user, status=status)[:500], "status": status,
        "statuses": HitStatus.choices})


@login_required
@require_http_methods(["GET", "POST"])
def hit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = selectors.hit_get(user=request.user, pk=pk)
    if request.method == "POST":
        _office(request)
    return service_form(
        request, forms.HitDecisionForm(request.POST or None),
        save=lambda posted: services.hit_decide(user=request.user, hit=found,
                                                confirm=posted.cleaned_data["decision"] == "confirm",
                                                reason=posted.cleaned_data["reason"]),
        success=_("Decision recorded."), redirect_to=found.get_absolute_url(), template="protection/hit.html",
        context={"hit": found, "may_decide": permissions.is_office(request.user),
                 "reasons": reason_texts(found.reasons)})


def reason_texts(reasons: list[list[str]]) -> list[str]:
    out = []
    for code, detail in reasons:
        if code == "name":
            out.append(_("names agree to %(n)s %%") % {"n": detail})
        elif code == "identifier":
            out.append(_("identifier %(v)s is on the list") % {"v": detail})
        elif code == "birth_date":
            out.append(_("date of birth %(v)s agrees") % {"v": detail})
        elif code == "transliterated":
            out.append(_("compared after transliteration (%(s)s)") % {
                "s": {"uk": _("Ukrainian national system"), "ru": _("Russian, BGN/PCGN")}.get(detail, detail)})
        elif code == "extra_words":
            out.append(_("%(n)s name part(s) on one side only") % {"n": detail})
    return out


@login_required
@require_http_methods(["GET", "POST"])
def lists(request: AuthenticatedHttpRequest) -> HttpResponse:
    _office(request)

    def save(posted: Posted) -> Any:
        upload = posted.cleaned_data["file"]
        return services.list_import(user=request.user, source=posted.cleaned_data["source"], data=upload.read(),
                                    filename=upload.name)

    return service_form(
        request, forms.ListUploadForm(request.POST or None, request.FILES or None), save=save,
        success=lambda loaded: _("%(list)s version %(v)s loaded: %(n)s entries. The registry was screened again.") % {
            "list": loaded.get_source_display(), "v": loaded.version, "n": loaded.entry_count},
        redirect_to="protection:queue", template="protection/lists.html",
        context=lambda: {"versions": selectors.lists_loaded()[:100]})


@login_required
def organisation(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    org = selectors.organisation_for_protection(user=request.user, slug=slug)
    overview = selectors.protection_overview(org)
    return render(request, "protection/organisation.html", {
        "organisation": org, **overview, "is_office": permissions.is_office(request.user),
        "may_declare": permissions.can_declare(request.user, org), "review_form": forms.DisclosureReviewForm(),
        "renewal_days": services.renewal_days()})


@login_required
@require_http_methods(["GET", "POST"])
def disclose(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    org = selectors.organisation_for_protection(user=request.user, slug=slug)
    if not permissions.can_declare(request.user, org):
        raise PermissionDenied(_("The disclosure is declared by the organisation's administrators."))
    current = selectors.protection_overview(org)["current"]
    initial_sets = None
    initial: dict[str, Any] = {}
    if current is not None and request.method == "GET":
        initial_sets = {"owners": current.owners, "control_chain": current.control_chain,
                        "key_people": [{**p, "nationalities": ", ".join(p.get("nationalities", []))}
                                       for p in current.key_people],
                        "foreign_funding": current.foreign_funding, "listed_ties": current.listed_ties}
        party = current.controlling_party or {}
        initial = {"controller_name": party.get("name", ""), "controller_kind": party.get("kind", "entity"),
                   "controller_country": party.get("country", ""), "statement": current.statement}
    sets = forms.formsets(request.POST or None, initial=initial_sets)
    return service_form(
        request, forms.DisclosureForm(request.POST or None, initial=initial), formsets=sets.values(),
        save=lambda posted: services.disclosure_declare(user=request.user, organisation=org,
                                                        data=forms.disclosure_data(posted.form, sets)),
        success=lambda disclosure: _("Version %(v)s declared. The programme office signs it off.") % {
            "v": disclosure.version}, redirect_to=reverse("protection:organisation", kwargs={"slug": org.slug}),
        template="protection/disclose.html", context={"organisation": org, "sets": sets, "current": current})


@login_required
@require_POST
def disclosure_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _office(request)
    disclosure = Disclosure.objects.select_related("organisation").filter(pk=pk).first()
    if disclosure is None:
        raise Http404
    form = forms.DisclosureReviewForm(request.POST)
    return service_action(
        request, lambda: services.disclosure_review(user=request.user, disclosure=disclosure,
                                                    sign_off=form.cleaned_data["decision"] == "sign_off",
                                                    note=form.cleaned_data["note"]),
        form=form, invalid_message=_("Choose sign off or return."), success=_("Recorded."),
        redirect_to=reverse("protection:organisation", kwargs={"slug": disclosure.organisation.slug}))


@login_required
@require_http_methods(["GET", "POST"])
def rules(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    _office(request)
    subject = selectors.record_for(kind, pk, selectors.RULE_SUBJECTS)
    current = services.rules_for(subject)
    initial = {"eligible_countries": ", ".join(current.eligible_countries), "security_level": current.security_level,
               "control_countries": ", ".join(current.control_countries),
               "disclosure_required": current.disclosure_required,
               "due_diligence_required": current.due_diligence_required} if current else {}
    return service_form(
        request, forms.RulesForm(request.POST or None, initial=initial),
        save=lambda posted: services.rules_set(user=request.user, subject=subject, data=posted.cleaned_data),
        success=_("Protection rules saved."), redirect_to=_back(subject), template="protection/rules.html",
        context={"subject": subject, "label": services.subject_label(subject), "back": _back(subject)})


@login_required
@require_http_methods(["GET", "POST"])
def due_diligence(request: AuthenticatedHttpRequest, kind: str, pk: int, slug: str) -> HttpResponse:
    _office(request)
    subject = selectors.record_for(kind, pk, selectors.RULE_SUBJECTS)
    org = Organisation.objects.restrict(request.user).filter(slug=slug).first()
    if org is None:
        raise Http404
    return service_form(
        request, forms.DueDiligenceForm(request.POST or None),
        save=lambda posted: services.due_diligence_record(user=request.user, subject=subject, organisation=org,
                                                          **posted.cleaned_data),
        success=_("Due diligence recorded."), redirect_to=_back(subject), template="protection/due_diligence.html",
        context=lambda: {
            "subject": subject, "label": services.subject_label(subject), "organisation": org,
            "back": _back(subject), "problems": services.eligibility_problems(subject, org),
            **selectors.protection_overview(org), "previous": services.latest_due_diligence(subject, org)})


@login_required
@require_http_methods(["GET", "POST"])
def tags(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    item = selectors.record_for(kind, pk, selectors.TAGGABLE)
    owner = _item_organisation(item)
    if not permissions.can_tag(request.user, owner):
        raise Http404
    current = services.tags_of(item)

    def save(posted: Posted) -> Any:
        entries = [t for t in posted.cleaned_data["tags"].replace(";", ",").split(",") if t.strip()]
        return services.tags_set(user=request.user, item=item, entries=entries, organisation=owner)

    return service_form(
        request, forms.TagsForm(request.POST or None, initial={"tags": ", ".join(t.control_entry or t.code
                                                                               for t in current)}),
        save=save, success=_("Export-control tags saved."), redirect_to=_back(item), template="protection/tags.html",
        context={"item": item, "back": _back(item), "categories": export_control.CATEGORIES.values()})
