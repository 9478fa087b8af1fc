"""Forms for demand bundling. They parse what people type; the services validate against the round and save."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from straiik.accounts.roles import is_staff_of_platform
from straiik.bundling import parsing
from straiik.bundling.models import BundlingRound, Demand, Offer
from straiik.core.forms import marking_values
from straiik.registry.models import COMPANY_KINDS, CpvCode, Organisation, OrganisationKind
from straiik.registry.permissions import member_of
from straiik.registry.taxonomies import normalise_cpv

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

BUYER_KINDS = (OrganisationKind.DEFENCE_UNIT, OrganisationKind.GOVERNMENT)
SUPPLIER_KINDS = (*COMPANY_KINDS, OrganisationKind.INTERNATIONAL)
MAX_CHOICES = 300


def organisation_candidates(user: Viewer, kinds: tuple[str, ...]) -> Any:
    """Organisations a user may register demand or offers for: their own of these kinds; for the office, any."""
    if is_staff_of_platform(user):
        return Organisation.objects.filter(kind__in=kinds).order_by("name")
    return Organisation.objects.filter(pk__in=member_of(user), kind__in=kinds).order_by("name")


def find_organisation(value: str, candidates: Any) -> Organisation:
    value = (value or "").strip()
    if not value:
        raise forms.ValidationError(_("Choose an organisation."))
    matches = list(candidates.filter(Q(slug=value) | Q(name__iexact=value))[:2])
    if len(matches) != 1:
        if len(matches) > 1:
            raise forms.ValidationError(_("“%(v)s” names more than one organisation; use its short name (slug).")
                                        % {"v": value})
        raise forms.ValidationError(_("“%(v)s” is not an organisation you may register for.") % {"v": value})
    return matches[0]


def find_cpv(value: str) -> CpvCode:
    code = normalise_cpv(value or "")
    if code is None:
        raise forms.ValidationError(_("“%(v)s” is not a CPV code (8 digits, e.g. 35331000).") % {"v": value})
    cpv = CpvCode.objects.filter(code=code).first()
    if cpv is None:
        raise forms.ValidationError(_("%(code)s is not in CPV 2008.") % {"code": code})
    return cpv


class RoundForm(forms.ModelForm):
    periods_text = forms.CharField(label=_lazy("Delivery periods"), max_length=2000,
                                   help_text=_lazy("In order, separated by semicolons: 2027-Q1; 2027-Q2; 2027-Q3"))

    class Meta:
        model = BundlingRound
        fields = ["name", "description", "currency", "min_buyers", "min_eu_buyers", "individual_rationality",
                  "funding_enabled", "funding_min_eu_content", "funding_share", "funding_share_with_ukraine",
                  "ukraine_country", "time_limit"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    field_order = ["name", "description", "periods_text"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["periods_text"].initial = parsing.format_list(self.instance.periods)

    def clean_periods_text(self) -> list[str]:
        try:
            return parsing.parse_periods(self.cleaned_data["periods_text"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["periods"] = self.cleaned_data["periods_text"]
        data.update(marking_values(self))
        return data


class OrganisationInput(forms.CharField):
    widget = forms.TextInput(attrs={"list": "organisation-options", "autocomplete": "off"})


class DemandForm(forms.Form):
    buyer = OrganisationInput(label=_lazy("Buying organisation"), max_length=200,
                              help_text=_lazy("Its nation is the buyer in the joint contract."))
    reference = forms.CharField(label=_lazy("Your reference"), max_length=60, required=False)
    item = forms.CharField(label=_lazy("Item (CPV code)"), max_length=12,
                           widget=forms.TextInput(attrs={"list": "cpv-options", "inputmode": "numeric"}))
    standard = forms.CharField(label=_lazy("Required standard"), max_length=80)
    quantity = forms.IntegerField(label=_lazy("Quantity"), min_value=1, max_value=1_000_000_000)
    periods = forms.MultipleChoiceField(label=_lazy("Acceptable delivery periods"),
                                        widget=forms.CheckboxSelectMultiple)
    solo_unit_price = forms.DecimalField(label=_lazy("National unit price"), min_value=0, max_digits=14,
                                         decimal_places=2,
                                         help_text=_lazy("What you pay per unit when you buy alone."))

    def __init__(self, *args: Any, round: BundlingRound, user: Viewer, instance: Demand | None = None,
                 **kwargs: Any) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {"buyer": instance.buyer.slug, "reference": instance.reference,
                                 "item": instance.item_id, "standard": instance.standard,
                                 "quantity": instance.quantity, "periods": instance.periods,
                                 "solo_unit_price": instance.solo_unit_price}
        super().__init__(*args, **kwargs)
        self.round, self.user = round, user
        self.candidates = organisation_candidates(user, BUYER_KINDS)
        cast(forms.ChoiceField, self.fields["periods"]).choices = [(p, p) for p in round.periods]
        if not is_staff_of_platform(user) and instance is None:
            own = list(self.candidates[:2])
            if len(own) == 1:
                self.fields["buyer"].initial = own[0].slug

    def options(self) -> list[Organisation]:
        return list(self.candidates[:MAX_CHOICES])

    def clean_buyer(self) -> Organisation:
        return find_organisation(self.cleaned_data["buyer"], self.candidates)

    def clean_item(self) -> CpvCode:
        return find_cpv(self.cleaned_data["item"])

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["periods"] = list(data["periods"])
        return data


class OfferForm(forms.Form):
    supplier = OrganisationInput(label=_lazy("Supplier"), max_length=200)
    reference = forms.CharField(label=_lazy("Your reference"), max_length=60, required=False)
    item = forms.CharField(label=_lazy("Item (CPV code)"), max_length=12,
                           widget=forms.TextInput(attrs={"list": "cpv-options", "inputmode": "numeric"}))
    standards = forms.CharField(label=_lazy("Standards met"), max_length=1000,
                                help_text=_lazy("Separated by semicolons, e.g. STANAG-4425; STANAG-4569"))
    eu_content = forms.DecimalField(label=_lazy("EU content (%)"), min_value=0, max_value=100, decimal_places=1,
                                    help_text=_lazy("Share of the value made in the EU or associated countries."))
    contract_cost = forms.DecimalField(label=_lazy("Cost of one joint contract"), min_value=0, max_digits=14,
                                       decimal_places=2,
                                       help_text=_lazy("Fixed cost of concluding one joint contract in one period."))
    tiers = forms.CharField(label=_lazy("Price tiers"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_lazy("All-units prices, “minimum quantity: unit price”, e.g. "
                                            "0: 4000; 50000: 3600"))

    def __init__(self, *args: Any, round: BundlingRound, user: Viewer, instance: Offer | None = None,
                 **kwargs: Any) -> None:
        if instance is not None and "initial" not in kwargs:
            initial = {"supplier": instance.supplier.slug, "reference": instance.reference, "item": instance.item_id,
                       "standards": parsing.format_list(instance.standards),
                       "eu_content": instance.eu_content * 100, "contract_cost": instance.contract_cost,
                       "tiers": parsing.format_tiers(instance.tiers)}
            initial.update({f"capacity_{i}": instance.capacity.get(p, 0) for i, p in enumerate(round.periods)})
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.round, self.user = round, user
        self.candidates = organisation_candidates(user, SUPPLIER_KINDS)
        for i, period in enumerate(round.periods):
            self.fields[f"capacity_{i}"] = forms.IntegerField(
                label=_("Capacity in %(period)s") % {"period": period}, min_value=0, max_value=1_000_000_000,
                required=False, initial=0)
        if not is_staff_of_platform(user) and instance is None:
            own = list(self.candidates[:2])
            if len(own) == 1:
                self.fields["supplier"].initial = own[0].slug

    def options(self) -> list[Organisation]:
        return list(self.candidates[:MAX_CHOICES])

    def clean_supplier(self) -> Organisation:
        return find_organisation(self.cleaned_data["supplier"], self.candidates)

    def clean_item(self) -> CpvCode:
        return find_cpv(self.cleaned_data["item"])

    def clean_standards(self) -> list[str]:
        try:
            standards = parsing.split_list(self.cleaned_data["standards"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        if not standards:
            raise forms.ValidationError(_("Give at least one standard."))
        return standards

    def clean_tiers(self) -> list[dict]:
        try:
            return parsing.parse_tiers(self.cleaned_data["tiers"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def capacity_fields(self) -> list[Any]:
        return [self[f"capacity_{i}"] for i in range(len(self.round.periods))]

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in ("supplier", "reference", "item", "standards",
                                                              "contract_cost", "tiers")}
        data["eu_content"] = self.cleaned_data["eu_content"] / 100
        data["capacity"] = {p: self.cleaned_data.get(f"capacity_{i}") or 0 for i, p in enumerate(self.round.periods)}
        data["capacity"] = {p: units for p, units in data["capacity"].items() if units}
        return data


class ImportForm(forms.Form):
    KINDS = [("demand", _lazy("Demand")), ("offers", _lazy("Offers"))]
    kind = forms.ChoiceField(label=_lazy("What the file holds"), choices=KINDS, widget=forms.RadioSelect,
                             initial="demand")
    file = forms.FileField(label=_lazy("CSV or XLSX file"))
    keep_valid_rows = forms.BooleanField(label=_lazy("Import the valid rows even if some rows have errors"),
                                         required=False)


UNCHANGED = ""
TRI = [(UNCHANGED, _lazy("as in the round")), ("true", _lazy("yes")), ("false", _lazy("no"))]


class RunForm(forms.Form):
    """A run of the optimiser; every what-if field left empty keeps the round's own setting."""

    label = forms.CharField(label=_lazy("Label"), max_length=200, required=False)
    time_limit = forms.IntegerField(label=_lazy("Time limit (seconds)"), min_value=1, max_value=3600, required=False)
    drop_buyers = forms.MultipleChoiceField(label=_lazy("Leave out these nations"), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    min_buyers = forms.IntegerField(label=_lazy("Minimum buyers per contract"), min_value=1, max_value=50,
                                    required=False)
    min_eu_buyers = forms.IntegerField(label=_lazy("of which EU member states"), min_value=0, max_value=50,
                                       required=False)
    individual_rationality = forms.ChoiceField(label=_lazy("No buyer pays more than alone"), choices=TRI,
                                               required=False)
    funding_enabled = forms.ChoiceField(label=_lazy("EU co-funding"), choices=TRI, required=False)
    funding_share = forms.DecimalField(label=_lazy("Funding share (0–1)"), min_value=0, max_value=1,
                                       decimal_places=3, required=False)
    cap_supplier = forms.ChoiceField(label=_lazy("Cap a supplier"), required=False)
    cap_units = forms.IntegerField(label=_lazy("at most units per period"), min_value=0, required=False)

    def __init__(self, *args: Any, nations: list[tuple[str, str]], suppliers: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["drop_buyers"]).choices = nations
        cast(forms.ChoiceField, self.fields["cap_supplier"]).choices = [("", "—"), *suppliers]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data = data or {}
        if data.get("cap_supplier") and data.get("cap_units") is None:
            self.add_error("cap_units", _("Give the cap in units per period."))
        if data.get("cap_units") is not None and not data.get("cap_supplier"):
            self.add_error("cap_supplier", _("Choose the supplier to cap."))
        return data

    def variation(self) -> dict[str, Any]:
        data = self.cleaned_data
        rules = {}
        for name in ("min_buyers", "min_eu_buyers", "funding_share"):
            if data.get(name) is not None:
                rules[name] = float(data[name]) if name == "funding_share" else data[name]
        for name in ("individual_rationality", "funding_enabled"):
            if data.get(name):
                rules[name] = data[name] == "true"
        variation: dict[str, Any] = {}
        if data.get("drop_buyers"):
            variation["drop_buyers"] = list(data["drop_buyers"])
        if rules:
            variation["rules"] = rules
        if data.get("cap_supplier"):
            variation["supplier_caps"] = {data["cap_supplier"]: data["cap_units"]}
        return variation
