"""Forms for supply networks; the engine checks the network itself (and names rows and fields)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from straiik.supply.models import SupplyNode
from straiik.supply.services import NODE_FIELDS


class ImportForm(forms.Form):
    name = forms.CharField(label=_lazy("Name"), max_length=200, required=False,
                           help_text=_lazy("Taken from the JSON document when left empty."))
    description = forms.CharField(label=_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    document = forms.FileField(label=_lazy("One JSON or XLSX file"), required=False,
                               help_text=_lazy("straiik.supply/1 JSON, or a workbook with sheets “nodes” and "
                                               "“edges”."))
    nodes = forms.FileField(label=_lazy("or a nodes CSV"), required=False)
    edges = forms.FileField(label=_lazy("and an edges CSV"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("document") and not data.get("nodes"):
            raise forms.ValidationError(_("Upload one JSON or XLSX file, or a nodes CSV (with an edges CSV)."))
        if data.get("document") and (data.get("nodes") or data.get("edges")):
            raise forms.ValidationError(_("Upload either one JSON/XLSX file or the CSV files, not both."))
        return data


class WillemsForm(forms.Form):
    chain = forms.IntegerField(label=_lazy("Willems 2008 chain"), min_value=1, max_value=38, initial=1)


class NodeForm(forms.ModelForm):
    class Meta:
        model = SupplyNode
        fields = list(NODE_FIELDS)


class ScenarioForm(forms.Form):
    target_kind = forms.ChoiceField(label=_lazy("Lose"), choices=[("site", _lazy("a site (node id)")),
                                                                  ("country", _lazy("a country (ISO code)")),
                                                                  ("material", _lazy("a raw material"))])
    target = forms.CharField(label=_lazy("Which"), max_length=120)
    start_week = forms.FloatField(label=_lazy("From week"), min_value=0, max_value=520, initial=0)
    weeks = forms.FloatField(label=_lazy("For weeks"), min_value=0, max_value=520, required=False,
                             help_text=_lazy("Empty: each site's own time to recover."))
    capacity_left = forms.FloatField(label=_lazy("Capacity left (0–1)"), min_value=0, max_value=1, initial=0)
    horizon = forms.IntegerField(label=_lazy("Weeks simulated"), min_value=1, max_value=520, initial=52)


class SurgeForm(forms.Form):
    product = forms.ChoiceField(label=_lazy("Product"))
    factor = forms.FloatField(label=_lazy("Target: times today's demand"), min_value=0.01, max_value=100, initial=2)

    def __init__(self, *args: Any, products: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["product"]).choices = [(p, p) for p in products]
