"""Defport forms: what people type; the services validate and save."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from straiik.accounts.roles import is_staff_of_platform
from straiik.core.forms import add_marking_fields
from straiik.defport.choices import Kind, Language, Sensitivity
from straiik.defport.permissions import BUYING_KINDS
from straiik.defport.services import WANTS
from straiik.registry.models import COMPANY_KINDS, Organisation
from straiik.registry.permissions import member_of
from straiik.registry.taxonomies import Area, normalise_cpv, province_choices

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

WANT_LABELS = {"partner": _lazy("a partner"), "finance": _lazy("finance"), "test-ground": _lazy("a test ground"),
               "first-customer": _lazy("a first customer")}


def organisations_for(user: Viewer, kind: str) -> Any:
    kinds = BUYING_KINDS if kind == Kind.NEED else COMPANY_KINDS if kind == Kind.FINANCING else None
    queryset = Organisation.objects.all() if is_staff_of_platform(user) else Organisation.objects.filter(
        pk__in=member_of(user))
    if kinds is not None:
        queryset = queryset.filter(kind__in=kinds)
    return queryset.order_by("name")


class SubmissionForm(forms.Form):
    title = forms.CharField(label=_lazy("Title"), max_length=200)
    description = forms.CharField(label=_lazy("Description"), widget=forms.Textarea(attrs={"rows": 6}))
    language = forms.ChoiceField(label=_lazy("Language"), required=False,
                                 choices=[("", _lazy("detect from the text")), *Language.choices])
    organisation = forms.ModelChoiceField(label=_lazy("Organisation"), queryset=Organisation.objects.none(),
                                          required=False)
    areas = forms.MultipleChoiceField(label=_lazy("Priority areas"), choices=Area.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    cpv = forms.CharField(label=_lazy("CPV codes"), required=False, max_length=500,
                          help_text=_lazy("Separated by semicolons, e.g. 35720000; 38115000"))
    region = forms.ChoiceField(label=_lazy("Province"), required=False)
    # need
    constraints = forms.CharField(label=_lazy("Constraints"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    environment = forms.CharField(label=_lazy("Operating environment"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    wanted_by = forms.DateField(label=_lazy("Wanted by"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    sensitivity = forms.ChoiceField(label=_lazy("Sensitivity"), choices=Sensitivity.choices, initial="open")
    # idea / financing
    trl = forms.IntegerField(label=_lazy("Technology readiness level (1–9)"), min_value=1, max_value=9, required=False)
    wants = forms.MultipleChoiceField(label=_lazy("Looking for"), required=False, widget=forms.CheckboxSelectMultiple,
                                      choices=[(w, WANT_LABELS[w]) for w in WANTS])
    amount_eur = forms.IntegerField(label=_lazy("Amount asked (EUR)"), min_value=1, required=False)
    stage = forms.ChoiceField(label=_lazy("Investment stage"), required=False, choices=[
        ("", "—"), ("pre-seed", "pre-seed"), ("seed", "seed"), ("series a", "series A"), ("growth", _lazy("growth")),
        ("scale-up", "scale-up")])
    confirm_not_duplicate = forms.BooleanField(label=_lazy("Mine is different: submit it anyway"), required=False,
                                               widget=forms.HiddenInput)

    KIND_FIELDS: dict[str, set[str]] = {
        Kind.NEED: {"constraints", "environment", "wanted_by", "sensitivity"},
        Kind.IDEA: {"trl", "wants"},
        Kind.FINANCING: {"trl", "amount_eur", "stage"},
    }
    SPECIFIC = {"constraints", "environment", "wanted_by", "sensitivity", "trl", "wants", "amount_eur", "stage"}

    def __init__(self, *args: Any, kind: str, user: Viewer, show_confirm: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name in self.SPECIFIC - self.KIND_FIELDS[kind]:
            del self.fields[name]
        organisations = organisations_for(user, kind)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations
        if kind == Kind.NEED:
            self.fields["organisation"].required = True
            self.fields["organisation"].label = _("Defence organisation with this need")
        if kind == Kind.FINANCING:
            self.fields["organisation"].required = True
            self.fields["organisation"].label = _("Company asking")
        own = list(organisations[:2])
        if len(own) == 1 and not self.is_bound:
            self.fields["organisation"].initial = own[0].pk
        cast(forms.ChoiceField, self.fields["region"]).choices = [("", "—"), *province_choices()]
        if show_confirm:
            self.fields["confirm_not_duplicate"].widget = forms.CheckboxInput()
        add_marking_fields(self, user)

    def clean_cpv(self) -> list[str]:
        codes = []
        for raw in self.cleaned_data["cpv"].replace(",", ";").split(";"):
            if not raw.strip():
                continue
            code = normalise_cpv(raw)
            if code is None:
                raise forms.ValidationError(_("“%(v)s” is not a CPV code (8 digits).") % {"v": raw.strip()})
            codes.append(code)
        return codes

    def service_data(self) -> tuple[dict[str, Any], list[str], list[str]]:
        data = {name: value for name, value in self.cleaned_data.items()
                if name not in ("areas", "cpv", "confirm_not_duplicate")}
        for name in ("constraints", "environment", "stage"):
            if name in data and data[name] is None:
                data[name] = ""
        data["kind"] = self.kind
        if "wants" in data:
            data["wants"] = list(data["wants"])
        return data, list(self.cleaned_data.get("areas") or []), self.cleaned_data.get("cpv") or []


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_lazy("Reason"), required=False, max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class IntroductionForm(forms.Form):
    organisation = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_lazy("Note to both sides"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))
