"""SDIR pages: thin views over selectors (reads) and services (writes)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from straiik.accounts.types import AuthenticatedHttpRequest
from straiik.core import exercises, markings
from straiik.core.confirm import confirmation, is_confirmed
from straiik.core.forms import apply_validation_error
from straiik.core.generic import Posted, service_action, service_form
from straiik.engines import sdir as engine
from straiik.registry.taxonomies import Area
from straiik.registry.verification import VerificationRequired
from straiik.sdir import charts, files, permissions, publishing, selectors, services
from straiik.sdir.choices import AFTER_DECISION, AWARD_DAYS, NOTIFY_DAYS, AssignmentState, Phase, ProposalState, State
from straiik.sdir.forms import (
    AttachmentForm,
    AwardTransitionForm,
    CallForm,
    ConsensusForm,
    DeclarationForm,
    MilestoneForm,
    ProposalForm,
    ScoreForm,
    TransitionForm,
    call_initial,
)
from straiik.sdir.letters import letter_content, letter_pdf
from straiik.sdir.models import Attachment, Milestone
from straiik.sdir.workflow import AWARDS, CALLS, MILESTONES


def _flash(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- calls --------------------------------------------------------------------------------------------------------

def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    # an unknown filter value (a hand-edited address) is dropped: the list shows what the other filters select
    filters = selectors.call_filters(state=request.GET.get("state", ""), area=request.GET.get("area", ""),
                                     phase=request.GET.get("phase", ""), strict=False)
    state, area, phase = filters["state"], filters["area"], filters["phase"]
    calls = selectors.call_list(user=user, state=state, area=area, phase=phase)
    page = Paginator(calls, 50).get_page(request.GET.get("page"))
    markings.shown(request, page)  # the banner: the highest marking among the calls listed
    context = {"page_obj": page, "calls": page.object_list, "states": State.choices, "areas": Area.choices,
               "phases": Phase.choices, "state": state, "area": area, "phase": phase,
               "can_create": permissions.can_create_call(user)}
    if user.is_authenticated:
        context["mine"] = selectors.my_proposals(user=user)[:20]
        context["queue"] = sum(1 for a in selectors.review_queue(user=user) if a.state in (
            AssignmentState.PENDING, AssignmentState.CLEARED))
        context["unread"] = selectors.unread_count(user)
    return render(request, "sdir/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def call_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_create_call(request.user):
        raise PermissionDenied(_("Calls are drafted by the programme office and defence buyers."))
    initial: dict[str, Any] = {"moderation": True, "reviewers_per_proposal": 3, "phase": Phase.FEASIBILITY}
    if request.GET.get("need"):
        from straiik.defport.models import Submission

        # One read path: a need one may not see (another unit's draft, a restricted need) is not copied in.
        need = Submission.objects.restrict(request.user).filter(pk=request.GET["need"], kind="need").first() \
            if request.GET["need"].isdigit() else None
        if need is not None:
            initial.update({"need": need.pk, "title": need.title, "problem": need.description,
                            "owning_unit": need.organisation_id})
    if request.GET.get("follows"):
        initial.update({"follows": request.GET["follows"], "phase": Phase.PROTOTYPE, "only_previous_winners": True})

    def save(posted: Posted) -> Any:
        data, reviewers, need = posted.data
        return services.call_create(user=request.user, data=data, reviewers=reviewers, need=need,
                                    is_exercise=posted.is_exercise)

    return service_form(
        request, CallForm(request.POST or None, user=request.user, initial=initial), save=save, exercise=True,
        success=lambda call: _("Draft %(r)s saved. Publish it when it is ready.") % {"r": call.reference},
        template="sdir/form.html", context={"title": _("Draft a call")})


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    if not permissions.can_edit_call(request.user, call):
        raise PermissionDenied(_("This call can no longer be changed."))

    def save(posted: Posted) -> Any:
        data, reviewers, _need = posted.data
        return services.call_update(user=request.user, call=call, data=data, reviewers=reviewers,
                                    expected_version=posted.version)

    return service_form(
        request, CallForm(request.POST or None, user=request.user, initial=call_initial(call)), version_of=call,
        save=save, success=_("Saved."), redirect_to=call, template="sdir/form.html",
        context={"title": _("Change %(r)s") % {"r": call.reference}, "back": call.get_absolute_url()})


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    call = selectors.call_get(user=user, pk=pk)
    markings.record_access(request, call)
    state = call.current_state()
    context: dict[str, Any] = {
        "call": call, "state": state, "state_label": State(state).label, "events": call.events.select_related("by"),
        "transitions": CALLS.available(call, user, state=state),
        "can_edit": permissions.can_edit_call(user, call), "can_apply": call.accepts_proposals(),
        "criteria": call.criteria_shown(), "is_office": permissions.can_manage(user, call),
        "can_moderate": permissions.can_moderate(user, call),
        "reviewers": call.reviewers.order_by("username") if permissions.can_manage(user, call) else [],
    }
    # The need and the call it follows are named only to whoever may see them (one read path).
    context["need"] = selectors.linked_need(user=user, call=call)
    context["follows"] = selectors.followed_call(user=user, call=call)
    if user.is_authenticated:
        context["mine"] = selectors.my_proposals(user=user).filter(call=call)
    if permissions.can_see_proposals_of(user, call):
        context["proposals"] = call.proposals.exclude(state=ProposalState.DRAFT).select_related(
            "organisation").order_by("rank", "id")[:200]
    if state in AFTER_DECISION:
        context["awards"] = selectors.awards_with_milestones(call)
    if hasattr(call, "decision") and state in AFTER_DECISION:
        context["decision"] = call.decision
    # The decision page as the decision view allows it: the detail of a decision for the office and the owner,
    # the preview for the office during the review.
    context["can_see_decision"] = (permissions.can_manage(user, call) or permissions.is_owner(user, call)) if (
        hasattr(call, "decision")) else permissions.can_manage(user, call) and state == State.IN_REVIEW
    if permissions.can_manage(user, call):
        context["history"] = selectors.history(call)
    return render(request, "sdir/call_detail.html", context)


@login_required
@require_POST
def call_transition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        step = CALLS.get(form.cleaned_data["action"])
        reason = (form.cleaned_data["reason"] or "").strip()
        # An irreversible step the user may take asks first; one the user may not take goes to the service,
        # which says why.
        if (step is not None and step.confirm and not is_confirmed(request)
                and step in CALLS.available(call, request.user) and (reason or not step.needs_reason)):
            consequences = selectors.step_consequences(user=request.user, call=call, action=step.name,
                                                       reason=reason)
            return confirmation(request, consequences, cancel_url=call.get_absolute_url())
        try:
            call = services.transition(user=request.user, call=call, action=form.cleaned_data["action"],
                                       reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(request, _("The call is now: %(s)s.") % {"s": call.current_state_label()})
    return redirect(call)


def chain(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    return render(request, "sdir/chain.html", {"call": call, "steps": selectors.chain(call, user=request.user),
                                               "can_create": permissions.can_create_call(request.user)})


def call_ocds(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    if call.state == State.DRAFT:
        raise Http404(_("Drafts are not published."))
    data = publishing.package([call], uri=request.build_absolute_uri())
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


def ocds_all(request: HttpRequest) -> HttpResponse:
    calls = list(selectors.call_list(user=None).select_related("follows", "need", "owning_unit").order_by("id"))
    data = publishing.package(calls, uri=request.build_absolute_uri())
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = 'inline; filename="sdir-ocds-release-package.json"'
    return response


# --- proposals ----------------------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    form = ProposalForm(request.POST or None, user=request.user)
    choices = cast(forms.ModelChoiceField, form.fields["organisation"]).queryset
    if choices is None or not choices.exists():
        messages.error(request, _("Register your organisation (or ask to join it) before you apply."))
        return redirect(call)
    return service_form(
        request, form, refusals={VerificationRequired: "organisation"},
        save=lambda posted: services.proposal_create(user=request.user, call=call, data=posted.cleaned_data,
                                                     submit="submit_now" in request.POST),
        success=lambda proposal: _("Submitted. Receipt %(r)s.") % {"r": proposal.receipt}
        if proposal.state == ProposalState.SUBMITTED
        else _("Saved as a draft; add attachments, then submit before the deadline."),
        template="sdir/proposal_form.html",
        context={"call": call, "title": _("Apply to %(r)s") % {"r": call.reference}})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    if not permissions.can_edit_proposal(request.user, proposal):
        raise PermissionDenied(_("The proposal can no longer be changed."))
    initial = {name: getattr(proposal, name) for name in ("title", "summary", "approach", "amount_eur",
                                                          "duration_months", "trl")}
    return service_form(
        request, ProposalForm(request.POST or None, user=request.user, initial=initial,
                              fixed_organisation=proposal.organisation),
        save=lambda posted: services.proposal_update(user=request.user, proposal=proposal, data={
            k: v for k, v in posted.cleaned_data.items() if k != "organisation"}),
        success=lambda saved: _("Saved.") + (" " + _("New receipt %(r)s.") % {"r": saved.receipt}
                                             if saved.receipt else ""),
        template="sdir/proposal_form.html",
        context={"call": proposal.call, "proposal": proposal, "title": _("Change %(p)s") % {"p": proposal}})


@login_required
def proposal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = selectors.proposal_get(user=user, pk=pk)
    markings.record_access(request, proposal)
    call = proposal.call
    context: dict[str, Any] = {
        "proposal": proposal, "call": call, "can_read": permissions.can_read_content(user, proposal),
        "can_edit": permissions.can_edit_proposal(user, proposal), "is_applicant": permissions.is_applicant(user,
                                                                                                            proposal),
        "attachment_form": AttachmentForm(), "can_letter": permissions.can_see_letter(user, proposal),
        "can_moderate": permissions.can_moderate(user, call) and call.state == State.IN_REVIEW,
        "can_withdraw": permissions.is_applicant(user, proposal) and proposal.state != ProposalState.WITHDRAWN
        and call.current_state() in (State.OPEN, State.CLOSED, State.IN_REVIEW),
    }
    if context["can_read"]:
        context["attachments"] = proposal.attachments.all()
    if context["can_letter"]:
        context["letter"] = letter_content(proposal)
    if permissions.can_see_all_scores(user, proposal):
        context["sheets"] = selectors.sheets_of(proposal, user=user)
        context["show_names"] = permissions.can_moderate(user, call)
    if permissions.can_manage(user, call):  # it holds the reviewers' declarations: not for applicants
        context["history"] = selectors.history(proposal)
    award = getattr(proposal, "award", None)
    context["award"] = award
    return render(request, "sdir/proposal_detail.html", context)


@login_required
@require_POST
def proposal_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    try:
        proposal = services.proposal_submit(user=request.user, proposal=proposal)
    except VerificationRequired as refusal:
        messages.error(request, str(refusal))
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("Submitted. Receipt %(r)s.") % {"r": proposal.receipt})
    return redirect(proposal)


@login_required
@require_POST
def proposal_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    try:
        services.proposal_withdraw(user=request.user, proposal=proposal, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("The proposal was withdrawn."))
    return redirect(proposal)


@login_required
@require_POST
def attachment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)

    def add() -> Any:
        upload = form.cleaned_data["file"]
        return services.attachment_add(user=request.user, proposal=proposal, name=upload.name, stream=upload,
                                       size=upload.size)

    return service_action(request, add, form=form, invalid_message=_("Choose a file."), redirect_to=proposal,
                          success=lambda attachment: _("“%(n)s” was added.") % {"n": attachment.name},
                          failure_redirect=proposal)


@login_required
def attachment_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    attachment = Attachment.objects.select_related("proposal__call").restrict(request.user).filter(pk=pk).first()
    if attachment is None or not permissions.can_view_attachment(request.user, attachment):
        raise Http404(_("No such attachment."))
    markings.record_access(request, attachment, "download")
    response = FileResponse(files.open_stored(attachment.stored_name), as_attachment=True, filename=attachment.name,
                            content_type=files.KINDS[attachment.kind][1])
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attachment_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    attachment = Attachment.objects.select_related("proposal__call").restrict(request.user).filter(pk=pk).first()
    if attachment is None or not permissions.can_view_attachment(request.user, attachment):
        raise Http404(_("No such attachment."))
    return service_action(request, lambda: services.attachment_delete(user=request.user, attachment=attachment),
                          success=_("Removed."), redirect_to=attachment.proposal)


@login_required
def letter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    if not permissions.can_see_letter(request.user, proposal):
        raise Http404(_("No letter yet."))
    with markings.exporting(request, [proposal]):
        response = HttpResponse(letter_pdf(proposal), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sdir-feedback-{proposal.receipt or proposal.pk}.pdf"'
    return response


# --- review -------------------------------------------------------------------------------------------------------

@login_required
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = selectors.review_queue(user=request.user)
    counts = {s: sum(1 for a in rows if a.state == s) for s in AssignmentState.values}
    return render(request, "sdir/review_queue.html", {"rows": rows, "counts": counts})


@login_required
@require_http_methods(["GET", "POST"])
def assignment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    a = selectors.assignment_get(user=user, pk=pk)
    markings.record_access(request, a)
    proposal, call = a.proposal, a.proposal.call
    criteria = call.criteria_shown()
    declaration = DeclarationForm(request.POST if "declare" in request.POST else None)
    score_form = ScoreForm(request.POST if "score" in request.POST or "save_draft" in request.POST else None,
                           criteria=criteria, initial_scores={s.criterion: s for s in a.scores.all()})
    if request.method == "POST":
        try:
            if "declare" in request.POST and declaration.is_valid():
                services.declare_interest(user=user, assignment=a, conflict=declaration.cleaned_data["conflict"],
                                          statement=declaration.cleaned_data["statement"])
                messages.success(request, _("Declared."))
                return redirect(a if declaration.cleaned_data["conflict"] is False else "sdir:review_queue")
            if ("score" in request.POST or "save_draft" in request.POST) and score_form.is_valid():
                services.scores_save(user=user, assignment=a, scores=score_form.scores(),
                                     submit="score" in request.POST)
                messages.success(request, _("Your scores were submitted.") if "score" in request.POST
                                 else _("Saved as a draft."))
                return redirect(a)
        except ValidationError as error:
            apply_validation_error(score_form if "declare" not in request.POST else declaration, error)
    a.refresh_from_db()
    context = {"a": a, "proposal": proposal, "call": call, "declaration": declaration, "score_form": score_form,
               "can_read": a.state in (AssignmentState.CLEARED, AssignmentState.SUBMITTED)}
    if context["can_read"]:
        context["attachments"] = proposal.attachments.all()
        context["sheets"] = selectors.sheets_of(proposal, user=user, own=a)
        context["others_hidden"] = a.state != AssignmentState.SUBMITTED
    return render(request, "sdir/assignment.html", context)


@login_required
def moderation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    rows = selectors.moderation(user=request.user, call=call)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(request, "sdir/moderation.html", {
        "call": call, "rows": page.object_list, "page_obj": page, "criteria": call.criteria_shown(),
        "can_moderate": permissions.can_moderate(request.user, call) and call.state == State.IN_REVIEW,
        "missing": sum(1 for r in rows if r["proposal"].consensus_total is None)})


@login_required
@require_POST
def consensus_means(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    try:
        n = services.consensus_from_means(user=request.user, call=call)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("The reviewers' means are the consensus of %(n)s proposals.") % {"n": n})
    return redirect("sdir:moderation", call.pk)


@login_required
@require_http_methods(["GET", "POST"])
def consensus(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    call = proposal.call
    if not permissions.can_moderate(request.user, call):
        raise PermissionDenied(_("The consensus is set by the moderator or the programme office."))
    criteria = call.criteria_shown()
    sheets = selectors.sheets_of(proposal, user=request.user)
    done = [{c.key: float(s.value) for c, s in sheet["scores"] if s is not None} for sheet in sheets
            if sheet["assignment"].state == AssignmentState.SUBMITTED]
    means = engine.mean_scores([d for d in done if len(d) == len(criteria)], criteria)
    initial = dict(proposal.consensus or means)
    initial["comment"] = proposal.consensus_comment
    return service_form(
        request, ConsensusForm(request.POST or None, criteria=criteria, initial=initial),
        save=lambda posted: services.consensus_set(user=request.user, proposal=proposal, values=posted.form.values(),
                                                   comment=posted.cleaned_data["comment"]),
        success=_("Consensus set for %(p)s.") % {"p": proposal}, redirect_to=reverse("sdir:moderation", args=[call.pk]),
        template="sdir/consensus.html", context={"proposal": proposal, "call": call, "show_names": True,
                                                 "sheets": sheets, "means": means, "criteria": criteria})


@login_required
def decision(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    context: dict[str, Any] = {"call": call}
    if hasattr(call, "decision"):
        if not (permissions.can_manage(request.user, call) or permissions.is_owner(request.user, call)):
            raise PermissionDenied(_("The decision's detail is for the programme office and the call's owner."))
        selection, ranking = call.decision.selection, call.decision.ranking
        context["decided"] = call.decision
    else:
        preview = selectors.selection_preview(user=request.user, call=call)
        if preview is None:
            return render(request, "sdir/decision.html", {**context, "rows": []})
        selection, ranking = preview["selection"], preview["ranking"]
        context["preview"] = True
        context["can_decide"] = call.state == State.IN_REVIEW and permissions.can_manage(request.user, call)
    context["selection"] = selection
    context["rows"] = selectors.decision_rows(call, selection, ranking)
    context["budget_bar"] = charts.budget_bar(selection)
    return render(request, "sdir/decision.html", context)


# --- awards -------------------------------------------------------------------------------------------------------

def award_detail(request: HttpRequest, pk: int) -> HttpResponse:
    award = selectors.award_get(user=request.user, pk=pk)
    user = request.user
    follow = permissions.can_follow_award(user, award)
    milestones = list(award.milestones.all()) if follow else []
    for m in milestones:  # the steps this user may take on each, from the one declaration (workflow.MILESTONES)
        m.steps = {t.name for t in MILESTONES.available(m, user)}
    context = {"award": award, "follow": follow, "milestones": milestones,
               "close_steps": AWARDS.available(award, user),
               "can_manage": permissions.can_manage_award(user, award),
               "can_report": permissions.can_report_milestone(user, award),
               "can_accept": permissions.can_accept_milestone(user, award),
               "transition_form": AwardTransitionForm(initial={"transition": award.transition or "phase_3",
                                                               "note": award.transition_note,
                                                               "follow_on_reference": award.follow_on_reference,
                                                               "follow_on_amount_eur": award.follow_on_amount_eur}),
               "milestone_form": MilestoneForm(), "history": selectors.history(award) if follow else []}
    return render(request, "sdir/award_detail.html", context)


@login_required
@require_POST
def award_transition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    award = selectors.award_get(user=request.user, pk=pk)
    form = AwardTransitionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.transition_record(user=request.user, award=award, transition=d["transition"], note=d["note"],
                                       follow_on_reference=d["follow_on_reference"],
                                       follow_on_amount_eur=d["follow_on_amount_eur"])
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(request, _("Recorded."))
    return redirect(award)


@login_required
@require_POST
def award_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    award = selectors.award_get(user=request.user, pk=pk)
    try:
        services.award_close(user=request.user, award=award, status=request.POST.get("status", ""),
                             note=request.POST.get("note", ""))
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("The award is closed."))
    return redirect(award)


@login_required
@require_POST
def milestone_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    award = selectors.award_get(user=request.user, pk=pk)
    form = MilestoneForm(request.POST)
    return service_action(request, lambda: services.milestone_add(user=request.user, award=award,
                                                                  data=form.cleaned_data),
                          form=form, success=_("Milestone added."), redirect_to=award)


@login_required
@require_POST
def milestone_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    milestone = Milestone.objects.select_related("award").restrict(request.user).filter(pk=pk).first()
    if milestone is None:
        raise Http404
    award = selectors.award_get(user=request.user, pk=milestone.award_id)
    note = request.POST.get("note", "")
    try:
        if request.POST.get("do") == "report":
            services.milestone_report(user=request.user, milestone=milestone, note=note)
        else:
            services.milestone_review(user=request.user, milestone=milestone, accept=request.POST.get("do") == "accept",
                                      note=note)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("Milestone updated."))
    return redirect(award)


# --- indicators and notifications ---------------------------------------------------------------------------------

def dashboard(request: HttpRequest) -> HttpResponse:
    d = selectors.dashboard()
    return render(request, "sdir/dashboard.html", exercises.note(request, ("sdir.call",)) | {
        "d": d, "days_chart": charts.timeliness_bars(d["times"].rows, NOTIFY_DAYS, AWARD_DAYS),
        "success_chart": charts.rate_bars(d["success"]),
        "transition_chart": charts.count_bars(d["transition"]["counts"])})


def notifications(request: HttpRequest) -> HttpResponse:
    """SDIR's notifications are the platform's (one list, one bell)."""
    return redirect("notifications:list")
