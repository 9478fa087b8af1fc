"""Pages of the markings (core.markings): need-to-know groups, clearances, who read a marked record, and the
office's downgrade."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from straiik.accounts.types import AuthenticatedHttpRequest
from straiik.core import markings
from straiik.core.audit import record_change
from straiik.core.forms import apply_validation_error
from straiik.core.models import Clearance, NeedToKnowGroup, ObjectChange

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer


class GroupForm(forms.Form):
    name = forms.CharField(label=_lazy("Name"), max_length=120)
    description = forms.CharField(label=_lazy("Description"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class MemberForm(forms.Form):
    username = forms.CharField(label=_lazy("Person (user name)"), max_length=150, required=False)
    organisation = forms.SlugField(label=_lazy("Organisation (short name)"), max_length=220, required=False)


class ClearanceForm(forms.Form):
    username = forms.CharField(label=_lazy("Person (user name)"), max_length=150)
    level = forms.ChoiceField(label=_lazy("Clearance"))
    note = forms.CharField(label=_lazy("Note"), max_length=200, required=False,
                           help_text=_lazy("e.g. the screening (VGB) it rests on and until when it holds"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["level"]).choices = markings.classification_choices()


class DowngradeForm(forms.Form):
    classification = forms.ChoiceField(label=_lazy("Classification"))
    releasability = forms.ChoiceField(label=_lazy("Releasable to"), required=False)
    reason = forms.CharField(label=_lazy("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["classification"]).choices = markings.classification_choices()
        cast(forms.ChoiceField, self.fields["releasability"]).choices = markings.releasability_choices()


def can_manage_group(user: Viewer, group: NeedToKnowGroup) -> bool:
    return markings.is_custodian(user) or (user.is_authenticated and group.managed_by_id == user.pk)


def _snapshot(group: NeedToKnowGroup) -> dict[str, Any]:
    return {"name": group.name, "description": group.description,
            "members": sorted(group.members.values_list("username", flat=True)),
            "organisations": sorted(group.organisations.values_list("slug", flat=True))}


@login_required
@require_http_methods(["GET", "POST"])
def group_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if NeedToKnowGroup.objects.filter(name=form.cleaned_data["name"]).exists():
            form.add_error("name", _("A need-to-know group with this name exists."))
        else:
            with transaction.atomic():
                group = NeedToKnowGroup.objects.create(managed_by=user, **form.cleaned_data)
                group.members.add(user)
                record_change(user=user, action=ObjectChange.Action.CREATE, instance=group, before=None,
                              after=_snapshot(group))
            markings.forget_reader(user)
            messages.success(request, _("Group “%(g)s” made; you are its first member.") % {"g": group.name})
            return redirect("core:marking_group", pk=group.pk)
    groups = NeedToKnowGroup.objects.select_related("managed_by")
    if not markings.is_custodian(user):
        groups = markings.groups_usable_by(user).select_related("managed_by")
    return render(request, "core/markings/groups.html", {"groups": groups, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def group_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    group = markings.groups_usable_by(user).filter(pk=pk).first()
    if group is None:
        raise Http404(_("No such need-to-know group."))
    manage = can_manage_group(user, group)
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied(_("Only the programme office and the group's manager change its members."))
        before = _snapshot(group)
        remove = request.POST.get("remove_user") or request.POST.get("remove_organisation")
        if remove:
            if request.POST.get("remove_user"):
                group.members.remove(*get_user_model().objects.filter(username=request.POST["remove_user"]))
            else:
                group.organisations.remove(
                    *_organisations().filter(slug=request.POST["remove_organisation"]))
            record_change(user=user, action=ObjectChange.Action.UPDATE, instance=group, before=before,
                          after=_snapshot(group))
            messages.success(request, _("Removed from the group."))
            return redirect("core:marking_group", pk=group.pk)
        if form.is_valid():
            try:
                _add_member(group, form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                record_change(user=user, action=ObjectChange.Action.UPDATE, instance=group, before=before,
                              after=_snapshot(group))
                messages.success(request, _("Added to the group."))
                return redirect("core:marking_group", pk=group.pk)
    return render(request, "core/markings/group.html", {
        "group": group, "form": form, "can_manage": manage,
        "members": group.members.order_by("username"), "organisations": group.organisations.order_by("name")})


def _organisations() -> QuerySet[Any]:
    """The registry's organisations, by the app registry: core imports no registry module (pyproject's layers)."""
    return apps.get_model("registry", "Organisation")._default_manager.all()


def _add_member(group: NeedToKnowGroup, data: dict[str, Any]) -> None:
    if not data.get("username") and not data.get("organisation"):
        raise ValidationError(_("Name a person or an organisation."))
    if data.get("username"):
        person = get_user_model().objects.filter(username=data["username"]).first()
        if person is None:
            raise ValidationError({"username": _("No one has this user name.")})
        group.members.add(person)
    if data.get("organisation"):
        organisation = _organisations().filter(slug=data["organisation"]).first()
        if organisation is None:
            raise ValidationError({"organisation": _("No organisation has this short name.")})
        group.organisations.add(organisation)


@login_required
@require_http_methods(["GET", "POST"])
def clearances(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not markings.is_custodian(user):
        raise PermissionDenied(_("Clearances are set by the programme office and administrators."))
    form = ClearanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
        if person is None:
            form.add_error("username", _("No one has this user name."))
        else:
            existing = Clearance.objects.filter(user=person).first()
            before = {"level": existing.level, "note": existing.note} if existing else None
            Clearance.objects.update_or_create(user=person, defaults={
                "level": form.cleaned_data["level"], "note": form.cleaned_data["note"], "set_by": user})
            record_change(user=user, action=ObjectChange.Action.UPDATE if existing else ObjectChange.Action.CREATE,
                          instance=person, before=before,
                          after={"level": form.cleaned_data["level"], "note": form.cleaned_data["note"]})
            messages.success(request, _("Clearance of %(u)s set.") % {"u": person.get_username()})
            return redirect("core:marking_clearances")
    rows = Clearance.objects.select_related("user", "set_by").order_by("user__username")
    return render(request, "core/markings/clearances.html", {
        "form": form, "rows": [(c, markings.level(c.level).label) for c in rows],
        "lowest": markings.level(markings.lowest_classification()).label,
        "ceiling": markings.level(markings.ceiling()).label})


def _record(label: str, pk: int) -> Any:
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    if not markings.is_marked(model):
        raise Http404
    return get_object_or_404(model, pk=pk)


@login_required
def access_log(request: AuthenticatedHttpRequest, label: str, pk: int) -> HttpResponse:
    record = _record(label, pk)
    # Outside the marking, or neither the office nor a party: as if it did not exist.
    if not markings.may_read(request.user, record) or not markings.can_see_access_log(request.user, record):
        raise Http404(_("No such record."))
    entries = markings.access_log_for(record).select_related("user")[:500]
    markings.shown(request, record)
    return render(request, "core/markings/access_log.html", {"record": record, "entries": entries})


@login_required
@require_http_methods(["GET", "POST"])
def downgrade(request: AuthenticatedHttpRequest, label: str, pk: int) -> HttpResponse:
    record = _record(label, pk)
    if not markings.is_custodian(request.user):
        raise Http404(_("No such record."))
    form = DowngradeForm(request.POST or None, initial={"classification": record.classification,
                                                         "releasability": record.releasability})
    if request.method == "POST" and form.is_valid():
        try:
            markings.marking_downgrade(record=record, user=request.user, reason=form.cleaned_data["reason"],
                                       classification=form.cleaned_data["classification"],
                                       releasability=form.cleaned_data["releasability"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Marking changed; the reason is in the record's history."))
            return redirect(record) if hasattr(record, "get_absolute_url") else redirect("core:home")
    markings.shown(request, record)
    return render(request, "core/markings/downgrade.html", {"record": record, "form": form,
                                                            "parent": record.marking_parent()})


@login_required
@require_POST
def group_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(NeedToKnowGroup, pk=pk)
    if not can_manage_group(request.user, group):
        raise Http404(_("No such need-to-know group."))
    from django.db.models import ProtectedError

    try:
        with transaction.atomic():
            record_change(user=request.user, action=ObjectChange.Action.DELETE, instance=group,
                          before=_snapshot(group), after=None)
            group.delete()
    except ProtectedError:
        messages.error(request, _("Records still name this group; give them another group first."))
        return redirect("core:marking_group", pk=pk)
    messages.success(request, _("Group removed."))
    return redirect("core:marking_groups")
