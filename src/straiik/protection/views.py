"""Protection pages: thin views over selectors (reads) and services (writes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from straiik.core.forms import apply_validation_error
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
def home(request: HttpRequest) -> HttpResponse:
    if permissions.is_office(request.user):
        return render(request, "protection/dashboard.html", {"d": selectors.dashboard(user=request.user)})
    organisations = Organisation.objects.restrict(request.user).filter(pk__in=permissions.admin_of(request.user))
    if not organisations:
        raise Http404
    return render(request, "protection/mine.html", {"organisations": organisations})


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _office(request)
    status = request.GET.get("status", HitStatus.OPEN)
    if status not in HitStatus.values:
        status = HitStatus.OPEN
    return render(request, "protection/queue.html", {
        "hits": selectors.hit_queue(user=request.user, status=status)[:500], "status": status,
        "statuses": HitStatus.choices})


@login_required
@require_http_methods(["GET", "POST"])
def hit(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.hit_get(user=request.user, pk=pk)
    form = forms.HitDecisionForm(request.POST or None)
    if request.method == "POST":
        _office(request)
        if form.is_valid():
            try:
                services.hit_decide(user=request.user, hit=found, confirm=form.cleaned_data["decision"] == "confirm",
                                    reason=form.cleaned_data["reason"])
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Decision recorded."))
                return redirect("protection:hit", pk=found.pk)
    return render(request, "protection/hit.html", {"hit": found, "form": form,
                                                   "may_decide": permissions.is_office(request.user),
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
def lists(request: HttpRequest) -> HttpResponse:
    _office(request)
    form = forms.ListUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            loaded = services.list_import(user=request.user, source=form.cleaned_data["source"], data=upload.read(),
                                          filename=upload.name)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(list)s version %(v)s loaded: %(n)s entries. The registry was screened "
                                        "again.") % {"list": loaded.get_source_display(), "v": loaded.version,
                                                     "n": loaded.entry_count})
            return redirect("protection:queue")
    return render(request, "protection/lists.html", {"form": form, "versions": selectors.lists_loaded()[:100]})


@login_required
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    org = selectors.organisation_for_protection(user=request.user, slug=slug)
    overview = selectors.protection_overview(org)
    return render(request, "protection/organisation.html", {
        "organisation": org, **overview, "is_office": permissions.is_office(request.user),
        "may_declare": permissions.can_declare(request.user, org), "review_form": forms.DisclosureReviewForm(),
        "renewal_days": services.renewal_days()})


@login_required
@require_http_methods(["GET", "POST"])
def disclose(request: HttpRequest, slug: str) -> HttpResponse:
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
    form = forms.DisclosureForm(request.POST or None, initial=initial)
    sets = forms.formsets(request.POST or None, initial=initial_sets)
    if request.method == "POST" and form.is_valid() and all(fs.is_valid() for fs in sets.values()):
        try:
            disclosure = services.disclosure_declare(user=request.user, organisation=org,
                                                     data=forms.disclosure_data(form, sets))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Version %(v)s declared. The programme office signs it off.") % {
                "v": disclosure.version})
            return redirect("protection:organisation", slug=org.slug)
    return render(request, "protection/disclose.html", {"organisation": org, "form": form, "sets": sets,
                                                        "current": current})


@login_required
@require_POST
def disclosure_review(request: HttpRequest, pk: int) -> HttpResponse:
    _office(request)
    disclosure = Disclosure.objects.select_related("organisation").filter(pk=pk).first()
    if disclosure is None:
        raise Http404
    form = forms.DisclosureReviewForm(request.POST)
    if form.is_valid():
        try:
            services.disclosure_review(user=request.user, disclosure=disclosure,
                                       sign_off=form.cleaned_data["decision"] == "sign_off",
                                       note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Recorded."))
    else:
        messages.error(request, _("Choose sign off or return."))
    return redirect("protection:organisation", slug=disclosure.organisation.slug)


@login_required
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    _office(request)
    subject = selectors.record_for(kind, pk, selectors.RULE_SUBJECTS)
    current = services.rules_for(subject)
    initial = {"eligible_countries": ", ".join(current.eligible_countries), "security_level": current.security_level,
               "control_countries": ", ".join(current.control_countries),
               "disclosure_required": current.disclosure_required,
               "due_diligence_required": current.due_diligence_required} if current else {}
    form = forms.RulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rules_set(user=request.user, subject=subject, data=form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Protection rules saved."))
            return redirect(_back(subject))
    return render(request, "protection/rules.html", {"subject": subject, "form": form,
                                                     "label": services.subject_label(subject), "back": _back(subject)})


@login_required
@require_http_methods(["GET", "POST"])
def due_diligence(request: HttpRequest, kind: str, pk: int, slug: str) -> HttpResponse:
    _office(request)
    subject = selectors.record_for(kind, pk, selectors.RULE_SUBJECTS)
    org = Organisation.objects.restrict(request.user).filter(slug=slug).first()
    if org is None:
        raise Http404
    form = forms.DueDiligenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.due_diligence_record(user=request.user, subject=subject, organisation=org, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Due diligence recorded."))
            return redirect(_back(subject))
    overview = selectors.protection_overview(org)
    return render(request, "protection/due_diligence.html", {
        "subject": subject, "label": services.subject_label(subject), "organisation": org, "form": form,
        "back": _back(subject), "problems": services.eligibility_problems(subject, org), **overview,
        "previous": services.latest_due_diligence(subject, org)})


@login_required
@require_http_methods(["GET", "POST"])
def tags(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = selectors.record_for(kind, pk, selectors.TAGGABLE)
    owner = _item_organisation(item)
    if not permissions.can_tag(request.user, owner):
        raise Http404
    current = services.tags_of(item)
    form = forms.TagsForm(request.POST or None, initial={"tags": ", ".join(t.control_entry or t.code
                                                                           for t in current)})
    if request.method == "POST" and form.is_valid():
        entries = [t for t in form.cleaned_data["tags"].replace(";", ",").split(",") if t.strip()]
        try:
            services.tags_set(user=request.user, item=item, entries=entries, organisation=owner)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Export-control tags saved."))
            return redirect(_back(item))
    return render(request, "protection/tags.html", {"item": item, "form": form, "back": _back(item),
                                                    "categories": export_control.CATEGORIES.values()})
