"""Defport pages: thin views over selectors (reads) and services (writes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from straiik.accounts.types import AuthenticatedHttpRequest
from straiik.core import exercises, markings
from straiik.core.confirm import confirmation, is_confirmed
from straiik.core.forms import apply_validation_error
from straiik.core.generic import Posted, service_action, service_form
from straiik.defport import matching, permissions, selectors, services
from straiik.defport.choices import OPEN_STATES, Kind, State
from straiik.defport.forms import WANT_LABELS, IntroductionForm, SubmissionForm, TransitionForm
from straiik.defport.models import Introduction
from straiik.defport.workflow import SUBMISSIONS
from straiik.registry.models import Organisation
from straiik.registry.verification import VerificationRequired

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

# Lazy: a module-level gettext would fix the headings in the language active at import (Dutch).
KIND_TITLES: dict[str, Promise] = {Kind.NEED: gettext_lazy("Post an operational need"),
                                   Kind.IDEA: gettext_lazy("Post an idea or offer"),
                                   Kind.FINANCING: gettext_lazy("Ask for financing")}


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    submissions = selectors.submission_list(user=user)
    mine = submissions.filter(submitted_by=user)[:50]
    needs = submissions.filter(kind=Kind.NEED).exclude(state__in=["draft", "closed"]).exclude(submitted_by=user)[:50]
    markings.shown(request, mine, needs)  # the banner: the highest marking among the submissions listed
    return render(request, "defport/home.html", {
        "mine": mine, "needs": needs,
        "introductions": selectors.my_introductions(user=user)[:50],
        "can_post": {kind: permissions.can_submit(user, kind) for kind in Kind.values},
        "is_office": permissions.can_see_dashboard(user),
        "withheld": _withheld(user),
    })


def _withheld(user: Viewer) -> str:
    from straiik.core import restrict
    from straiik.defport.models import Submission

    return restrict.withheld_note(user, Submission.objects.exclude(submitted_by_id=user.pk))


@login_required
@require_http_methods(["GET", "POST"])
def create(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    if kind not in Kind.values:
        raise Http404
    if not permissions.can_submit(request.user, kind):
        raise PermissionDenied(_("You may not post this kind of submission."))
    duplicates = None
    form = exercises.add_field(SubmissionForm(request.POST or None, kind=kind, user=request.user,
                                              show_confirm="confirm_not_duplicate" in request.POST), request.user)
    if request.method == "POST" and form.is_valid():
        is_exercise = exercises.chosen(form)
        data, areas, cpv = form.service_data()
        try:
            submission = services.submission_create(
                user=request.user, data=data, areas=areas, cpv=cpv, submit="save_draft" not in request.POST,
                confirmed_not_duplicate=form.cleaned_data.get("confirm_not_duplicate", False),
                is_exercise=is_exercise)
        except services.PossibleDuplicates as warning:
            duplicates = selectors.duplicate_rows(title=data.get("title", ""), description=data.get("description", ""),
                                                  candidates=warning.candidates)
            form = exercises.add_field(SubmissionForm(request.POST, kind=kind, user=request.user, show_confirm=True),
                                       request.user)
            form.is_valid()
        except VerificationRequired as refusal:
            form.add_error("organisation", str(refusal))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if submission.state == State.DRAFT:
                messages.success(request, _("Saved as a draft: only you see it until you submit it."))
            else:
                messages.success(request, _("Received. The programme office answers by %(due)s.") % {
                    "due": submission.due_at.astimezone(services.AMSTERDAM).strftime("%d-%m-%Y")
                    if submission.due_at else ""})
            return redirect(submission)
    return render(request, "defport/form.html", {"form": form, "title": KIND_TITLES[kind], "duplicates": duplicates,
                                                 "kind": kind})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(user=request.user, pk=pk)
    if not permissions.can_edit(request.user, submission):
        raise PermissionDenied(_("Only the submitter changes a submission, and only before triage starts."))
    initial = {name: getattr(submission, name) for name in services.FIELDS if name != "kind"}
    initial["organisation"] = submission.organisation_id
    initial["areas"] = list(submission.areas.values_list("code", flat=True))
    initial["cpv"] = "; ".join(submission.cpv_codes.values_list("code", flat=True))

    def save(posted: Posted) -> Any:
        data, areas, cpv = posted.data
        data.pop("kind")
        return services.submission_update(user=request.user, submission=submission, data=data, areas=areas,
                                          cpv=cpv, expected_version=posted.version)

    return service_form(
        request, SubmissionForm(request.POST or None, kind=submission.kind, user=request.user, initial=initial),
        version_of=submission, save=save, success=_("Saved."), redirect_to=submission, template="defport/form.html",
        context={"title": _("Change %(s)s") % {"s": submission}, "kind": submission.kind, "submission": submission})


@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    submission = selectors.submission_get(user=user, pk=pk)
    markings.record_access(request, submission)
    matches = None
    if permissions.can_see_matches(user, submission) and submission.state not in (State.DRAFT, State.CLOSED):
        matches = matching.matches_for(submission, user=user, k=10)
        introduced = set(selectors.submission_introductions(user=user, submission=submission).values_list(
            "organisation_id", flat=True))
        for row in matches:
            row["introduced"] = row["organisation"] is not None and row["organisation"].pk in introduced
    from straiik.core.audit import history_for, readable

    return render(request, "defport/detail.html", {
        "submission": submission, "events": selectors.submission_events(user=user, submission=submission),
        "wants": [str(WANT_LABELS.get(w, w)) for w in submission.wants],
        "transitions": SUBMISSIONS.available(submission, user),
        "matches": matches, "can_edit": permissions.can_edit(user, submission),
        "can_introduce": permissions.can_propose_introduction(user, submission),
        "introductions": selectors.submission_introductions(user=user, submission=submission),
        "is_office": permissions.can_see_dashboard(user), "history": readable(history_for(submission, user=user)[:50])
        if permissions.can_see_matches(user, submission) else [],
        "colleagues": selectors.office_colleagues() if permissions.is_staff_of_platform(user)
        and submission.state in OPEN_STATES else None,
        # An SDIR call can be drafted from a need once the office has triaged it (the call form offers those).
        "can_start_call": submission.kind == Kind.NEED and permissions.may_follow_up(user, "sdir-call")
        and submission.state in (State.MATCHED, State.INTRODUCED, State.HANDED_TO_SDIR),
    })


@login_required
@require_POST
def assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(user=request.user, pk=pk)
    raw = request.POST.get("assignee", "")
    assignee = selectors.office_colleagues().filter(pk=raw).first() if raw.isdigit() else None
    if raw and assignee is None:
        messages.error(request, _("Choose someone in the programme office."))
        return redirect(submission)
    try:
        services.assign(user=request.user, submission=submission, assignee=assignee)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Assigned to %(u)s.") % {"u": assignee} if assignee else _("Nobody is assigned."))
    return redirect(submission)


@login_required
@require_POST
def transition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(user=request.user, pk=pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        step = SUBMISSIONS.get(form.cleaned_data["action"])
        reason = (form.cleaned_data["reason"] or "").strip()
        # A step that ends the submission asks first, if this user may take it now; otherwise the service says why.
        if (step is not None and step.confirm and not is_confirmed(request)
                and step in SUBMISSIONS.available(submission, request.user) and reason):
            consequences = selectors.end_consequences(submission=submission, action=step.name, reason=reason)
            return confirmation(request, consequences, cancel_url=submission.get_absolute_url())
        try:
            services.transition(user=request.user, submission=submission, action=form.cleaned_data["action"],
                                reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Done."))
    return redirect(submission)


@login_required
@require_POST
def introduce(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(user=request.user, pk=pk)
    form = IntroductionForm(request.POST)
    if form.is_valid():
        organisation = Organisation.objects.restrict(request.user).filter(
            slug=form.cleaned_data["organisation"]).first()
        if organisation is None:
            messages.error(request, _("No such organisation."))
            return redirect(submission)
        return service_action(
            request, lambda: services.introduction_propose(
                user=request.user, submission=submission, organisation=organisation, note=form.cleaned_data["note"],
                reasons=request.POST.getlist("reason")[:20]),
            success=_("Introduction to %(o)s proposed; they will be asked to accept.") % {"o": organisation.name},
            redirect_to=submission)
    return redirect(submission)


@login_required
@require_POST
def respond(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    introduction = Introduction.objects.select_related("submission", "organisation").restrict(request.user).filter(
        pk=pk).first()
    if introduction is None or not permissions.can_respond(request.user, introduction):
        raise Http404
    return service_action(
        request, lambda: services.introduction_respond(user=request.user, introduction=introduction,
                                                       accept=request.POST.get("answer") == "accept",
                                                       response=request.POST.get("response", "")),
        success=_("Your answer was recorded."), redirect_to="defport:home")


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "defport/dashboard.html", exercises.note(request, ("defport.submission",)) | {
        "d": selectors.dashboard(user=request.user), "days": services.answer_days()})


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    from django import forms as django_forms

    from straiik.defport import importing

    class ImportForm(django_forms.Form):
        file = django_forms.FileField(label=_("CSV or XLSX file"))
        keep_valid_rows = django_forms.BooleanField(label=_("Import the valid rows even if some rows have errors"),
                                                    required=False)

    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = importing.import_table(user=request.user, handle=upload, filename=upload.name,
                                        keep_valid_rows=form.cleaned_data["keep_valid_rows"])
        if report.imported and report.ok:
            messages.success(request, _("%(n)d submissions were imported.") % {"n": report.imported})
            return redirect("defport:home")
    return render(request, "defport/import.html", {"form": form, "report": report, "columns": importing.COLUMNS})
