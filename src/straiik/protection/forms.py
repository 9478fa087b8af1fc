"""Forms of the protection pages. They collect input; the services validate it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from straiik.protection.models import DueDiligenceOutcome, ListSource, SecurityLevel

KINDS = [("entity", _("Company or other entity")), ("person", _("Person"))]


class ListUploadForm(forms.Form):
    source = forms.ChoiceField(label=_("List"), choices=ListSource.choices)
    file = forms.FileField(label=_("XML file as published"))


class HitDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("confirm", _("Confirm: it is the listed party (blocks awards, acceptances and introductions)")),
        ("dismiss", _("Dismiss: it is someone else"))])
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5_000)


class RulesForm(forms.Form):
    eligible_countries = forms.CharField(label=_("Countries of establishment"), required=False,
                                         help_text=_("ISO codes separated by commas; EU and NATO expand to their "
                                                     "members; empty: any country"))
    control_countries = forms.CharField(label=_("Countries control may come from"), required=False,
                                        help_text=_("ISO codes, EU, NATO; empty: no rule on control beyond the "
                                                    "call's own"))
    security_level = forms.ChoiceField(label=_("Security requirements (ABDO/ABRO)"), choices=SecurityLevel.choices,
                                       required=False)
    disclosure_required = forms.BooleanField(label=_("A signed-off foreign-influence disclosure is required"),
                                             required=False)
    due_diligence_required = forms.BooleanField(label=_("Due diligence is required before the award, acceptance or "
                                                        "introduction"), required=False)


class DueDiligenceForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DueDiligenceOutcome.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000)
    conditions = forms.CharField(label=_("Conditions"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                 max_length=5_000)


class DisclosureReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("sign_off", _("Sign off")), ("return", _("Return for correction"))])
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=5_000)


class TagsForm(forms.Form):
    tags = forms.CharField(label=_("Export-control categories"), required=False,
                           help_text=_("For example ML4, ML10.c, DU6, 3A001, separated by commas"))


class OwnerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=KINDS)
    country = forms.CharField(label=_("Country"), max_length=2, help_text=_("ISO code"))
    share_pct = forms.DecimalField(label=_("Share (%)"), max_digits=5, decimal_places=2)
    state_backed = forms.BooleanField(label=_("A state is behind it"), required=False)
    birth_date = forms.CharField(label=_("Date of birth (persons)"), max_length=10, required=False)


class ChainLinkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    country = forms.CharField(label=_("Country"), max_length=2)


class KeyPersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    role = forms.CharField(label=_("Role"), max_length=120, required=False)
    nationalities = forms.CharField(label=_("Nationalities"), max_length=60, help_text=_("ISO codes"))


class FundingForm(forms.Form):
    source = forms.CharField(label=_("Source"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("funding", _("Funding")), ("contract", _("Contract"))])
    country = forms.CharField(label=_("Country"), max_length=2)
    amount_eur = forms.IntegerField(label=_("Amount (€)"), min_value=1)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)


class TieForm(forms.Form):
    name = forms.CharField(label=_("Listed entity"), max_length=300)
    list = forms.CharField(label=_("On which list"), max_length=120, required=False)
    description = forms.CharField(label=_("Nature of the tie"), max_length=2_000)


class DisclosureForm(forms.Form):
    controller_name = forms.CharField(label=_("Controlling party"), max_length=300, required=False,
                                      help_text=_("Who ultimately controls the organisation; empty: no single "
                                                  "party does"))
    controller_kind = forms.ChoiceField(label=_("Kind"), choices=KINDS, required=False)
    controller_country = forms.CharField(label=_("Country"), max_length=2, required=False)
    statement = forms.CharField(label=_("Statement"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                max_length=10_000)


SECTIONS = {"owners": OwnerForm, "control_chain": ChainLinkForm, "key_people": KeyPersonForm,
            "foreign_funding": FundingForm, "listed_ties": TieForm}


def formsets(data: Any = None, initial: dict[str, list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    out = {}
    for prefix, form in SECTIONS.items():
        factory = formset_factory(form, extra=2, max_num=50, validate_max=True)
        out[prefix] = factory(data, prefix=prefix, initial=(initial or {}).get(prefix) or None)
    return out


def disclosure_data(form: DisclosureForm, sets: dict[str, Any]) -> dict[str, Any]:
    """The service's input from the form and its formsets (blank rows left out)."""
    data: dict[str, Any] = {name: [f.cleaned_data for f in fs.forms if f.cleaned_data and not f.cleaned_data.get(
        "DELETE")] for name, fs in sets.items()}
    d = form.cleaned_data
    data["controlling_party"] = {"name": d.get("controller_name", ""), "kind": d.get("controller_kind") or "entity",
                                 "country": d.get("controller_country", "")}
    data["statement"] = d.get("statement", "")
    return data
