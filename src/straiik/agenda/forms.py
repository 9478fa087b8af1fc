"""Forms of the action agenda. They parse what people type; the services validate against the agenda and save."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from straiik.agenda.choices import ActionStatus, ItemKind, ItemStatus, LinkKind
from straiik.agenda.models import Action, Objective, ParliamentaryItem, ProgressUpdate
from straiik.core import indicators as registry
from straiik.core.forms import marking_values
from straiik.registry.models import COMPANY_KINDS, Organisation
from straiik.registry.taxonomies import Area

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def indicator_choices() -> list[tuple[Any, Any]]:
    general = [(i.code, f"{i.full_label} ({i.unit_label})") for i in registry.indicators("")]
    per_area = [(i.code, f"{i.full_label} ({i.unit_label})") for area in Area.values for i in registry.indicators(area)]
    return [("", _("— typed in: measured and reported by the owner —")), (_("Across the areas"), general),
            (_("Per priority area"), per_area)]


def find_organisation(value: str) -> Organisation | None:
    value = (value or "").strip()
    if not value:
        return None
    matches = list(Organisation.objects.filter(Q(slug=value) | Q(name__iexact=value))[:2])
    if len(matches) != 1:
        if matches:
            raise forms.ValidationError(_("“%(v)s” names more than one organisation; use its short name (slug).")
                                        % {"v": value})
        raise forms.ValidationError(_("There is no organisation “%(v)s” in the registry.") % {"v": value})
    return matches[0]


def owner_suggestions() -> list[Organisation]:
    """Government bodies, defence units and knowledge institutions first: they own most actions."""
    return list(Organisation.objects.exclude(kind__in=COMPANY_KINDS).order_by("name")[:300])


class AgendaCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2025, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("“STRAIIK-D <year>” when left empty."))
    summary = forms.CharField(label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                              max_length=20_000)
    copy_previous = forms.BooleanField(label=_("Start from last year's ambitions and objectives"), required=False,
                                       initial=True)


class AgendaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 6}), required=False,
                              max_length=20_000)


class AmbitionForm(forms.Form):
    text = forms.CharField(label=_("Ambition"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10_000)
    change_note = forms.CharField(label=_("What changed since last year, and why"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}), max_length=5_000)


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["title", "area", "theme", "description", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ActionForm(forms.ModelForm):
    owner = forms.CharField(label=_("Owning organisation"), required=False, max_length=220,
                            widget=forms.TextInput(attrs={"list": "organisations", "autocomplete": "off"}),
                            help_text=_("Its name or short name in the registry; its members report progress."))
    indicator_code = forms.ChoiceField(label=_("Computed indicator"), required=False, choices=())

    class Meta:
        model = Action
        fields = ["title", "description", "area", "theme", "objective", "owner_person", "start", "deadline",
                  "indicator_name", "indicator_code", "baseline", "target", "unit", "budget_eur", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "start": DATE, "deadline": DATE}

    field_order = ["title", "description", "area", "theme", "objective", "owner", "owner_person", "start",
                   "deadline", "indicator_code", "indicator_name", "baseline", "target", "unit", "budget_eur",
                   "status"]

    def __init__(self, *args: Any, agenda: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["objective"]).queryset = agenda.objectives.all()
        cast(forms.ChoiceField, self.fields["indicator_code"]).choices = indicator_choices()
        self.fields["indicator_code"].help_text = Action._meta.get_field("indicator_code").help_text
        if self.instance.pk and self.instance.owner_organisation_id:
            self.fields["owner"].initial = self.instance.owner_organisation.name

    def clean_owner(self) -> Organisation | None:
        return find_organisation(self.cleaned_data.get("owner", ""))

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["owner_organisation"] = self.cleaned_data["owner"]
        data.update(marking_values(self))
        return data


class ProgressForm(forms.ModelForm):
    evidence_url = forms.URLField(label=_("Evidence (link)"), required=False, max_length=500, assume_scheme="https")
    evidence_file = forms.FileField(label=_("Evidence (file)"), required=False,
                                    help_text=_("A document or picture, at most 10 MB."))

    class Meta:
        model = ProgressUpdate
        fields = ["reported_on", "status", "progress", "value", "text", "evidence_url"]
        widgets = {"reported_on": DATE, "text": forms.Textarea(attrs={"rows": 3}),
                   "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5})}

    def __init__(self, *args: Any, action: Action, user: Viewer | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:  # the status stays, or moves by a step this user may take (workflow.ACTIONS)
            from straiik.agenda.workflow import ACTIONS

            targets = {action.status} | {t.target for t in ACTIONS.available(action, user)}
            cast(forms.ChoiceField, self.fields["status"]).choices = [
                (value, label) for value, label in ActionStatus.choices if value in targets]
        self.fields["reported_on"].initial = timezone.localdate()
        self.fields["status"].initial = ActionStatus.IN_PROGRESS if action.status == ActionStatus.PLANNED \
            else action.status
        self.fields["progress"].initial = action.progress
        if action.indicator_code or not action.unit:
            del self.fields["value"]
        else:
            self.fields["value"].label = _("Measured value (%(unit)s)") % {"unit": action.unit}

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LinkKind.choices)
    target_id = forms.IntegerField(label=_("Number (id)"), min_value=1)
    url = forms.CharField(label=_("Address"), required=False, max_length=500,
                          help_text=_("Only for records the platform cannot find itself (SDIR calls for now)."))


class ItemForm(forms.ModelForm):
    actions = forms.ModelMultipleChoiceField(label=_("Answering actions"), required=False,
                                             queryset=Action.objects.none(),
                                             widget=forms.SelectMultiple(attrs={"size": 8}))

    class Meta:
        model = ParliamentaryItem
        fields = ["kind", "reference", "title", "summary", "date", "status", "status_note"]
        widgets = {"date": DATE, "summary": forms.Textarea(attrs={"rows": 3}),
                   "status_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = ItemKind.choices
        cast(forms.ChoiceField, self.fields["status"]).choices = ItemStatus.choices
        actions = cast(forms.ModelMultipleChoiceField, self.fields["actions"])
        actions.queryset = Action.objects.select_related("agenda").order_by("-agenda__year", "number")
        actions.label_from_instance = lambda obj: f"{obj.code} {obj.title}"[:120]  # type: ignore[method-assign]
        if self.instance.pk:
            self.fields["actions"].initial = list(self.instance.actions.values_list("pk", flat=True))

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReportForm(forms.Form):
    date = forms.DateField(label=_("As of"), widget=DATE)
    language = forms.ChoiceField(label=_("Language"), choices=[("nl", _("Dutch")), ("en", _("English"))],
                                 initial="nl")
    format = forms.ChoiceField(label=_("Format"), choices=[("pdf", "PDF"), ("docx", "DOCX (Word)")], initial="pdf")

    def __init__(self, *args: Any, agenda: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = min(timezone.localdate(), agenda.last_day)


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), widget=DATE, required=False)

    def day(self, default: dt.date) -> dt.date:
        return (self.cleaned_data.get("as_of") if self.is_valid() else None) or default


