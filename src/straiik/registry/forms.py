from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from straiik.registry.identifiers import IDENTIFIER_FIELDS
from straiik.registry.models import (
    Capability,
    Certification,
    Contact,
    Organisation,
    OrganisationKind,
    RegionalEcosystem,
    TestFacility,
)
from straiik.registry.selectors import SORTS, OrganisationFilters
from straiik.registry.taxonomies import Area, country_choices, normalise_cpv, province_choices


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    areas = forms.MultipleChoiceField(
        label=_("Priority areas"), choices=Area.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Organisation
        fields = [
            "name", "kind", "description", "website", "country", "province", "city", "region", "employees",
            "founded", "visibility", "foreign_ownership_pct", "foreign_control_country", "clearance_status",
            *IDENTIFIER_FIELDS,
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, sensitive_fields: set[str] | None = None, allowed_kinds: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if allowed_kinds is not None:
            # Kinds that carry authority are given by the programme office only (registry.permissions).
            current = self.instance.kind if self.instance.pk else None
            kind_field = cast(forms.ChoiceField, self.fields["kind"])
            kind_field.choices = [(value, label) for value, label in kind_field.choices  # type: ignore[misc,union-attr]
                                  if not value or value in allowed_kinds or value == current]
            if current and current not in allowed_kinds:
                self.fields["kind"].disabled = True
                self.fields["kind"].help_text = _("Only the programme office changes the kind of this organisation.")
        self.fields["country"] = forms.ChoiceField(label=_("Country"), choices=country_choices(), initial="NL")
        self.fields["province"] = forms.ChoiceField(
            label=_("Province"), choices=_blank(_("— none —")) + province_choices(), required=False
        )
        self.fields["foreign_control_country"] = forms.ChoiceField(
            label=_("Controlled from country"), choices=_blank(_("— none —")) + country_choices(), required=False
        )
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = RegionalEcosystem.objects.all()
        if self.instance.pk:
            self.fields["areas"].initial = [a.code for a in self.instance.areas.all()]
        for name in Organisation.SENSITIVE_FIELDS:
            if name not in (sensitive_fields or set()):
                del self.fields[name]

    def service_data(self) -> tuple[dict[str, Any], list[str]]:
        data = {name: value for name, value in self.cleaned_data.items()
                if name != "areas" and not self.fields[name].disabled}
        return data, list(self.cleaned_data.get("areas") or [])


class InvitationAccountForm(forms.Form):
    """A new account on an invitation's page; the service checks the password with Django's validators."""

    email = forms.EmailField(label=_("E-mail"), disabled=True, required=False)
    username = forms.CharField(label=_("Username"), max_length=150)
    password1 = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class VerifyForm(forms.Form):
    evidence = forms.CharField(
        label=_("Evidence"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What you checked, e.g. 'KvK extract of 3 March 2026, signed by the director'"),
    )


def parse_cpv_list(value: str) -> list[str]:
    codes: list[str] = []
    bad: list[str] = []
    for token in re.split(r"[\s,;|]+", value or ""):
        if not token:
            continue
        code = normalise_cpv(token)
        (codes if code else bad).append(code or token)
    if bad:
        raise ValidationError(_("Not a CPV code: %(codes)s"), params={"codes": ", ".join(bad)})
    return list(dict.fromkeys(codes))


class CapabilityForm(forms.ModelForm):
    areas = forms.MultipleChoiceField(
        label=_("Priority areas"), choices=Area.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    cpv = forms.CharField(
        label=_("CPV codes"), required=False, help_text=_("Eight-digit CPV 2008 codes, separated by spaces"),
    )

    class Meta:
        model = Capability
        fields = ["kind", "title", "description", "trl"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["areas"].initial = [a.code for a in self.instance.areas.all()]
            self.fields["cpv"].initial = " ".join(c.code for c in self.instance.cpv_codes.all())

    def clean_cpv(self) -> list[str]:
        return parse_cpv_list(self.cleaned_data.get("cpv", ""))

    def relations(self) -> dict[str, list[str]]:
        return {"areas": list(self.cleaned_data.get("areas") or []), "cpv_codes": self.cleaned_data["cpv"]}


class CertificationForm(forms.ModelForm):
    class Meta:
        model = Certification
        fields = ["name", "issuer", "valid_until"]
        widgets = {"valid_until": forms.DateInput(attrs={"type": "date"})}


class TestFacilityForm(forms.ModelForm):
    class Meta:
        model = TestFacility
        fields = ["name", "description", "city"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone"]


CHILD_FORMS: dict[str, type[forms.ModelForm]] = {
    "capability": CapabilityForm,
    "certification": CertificationForm,
    "test-facility": TestFacilityForm,
    "contact": ContactForm,
}


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)
    region = forms.ChoiceField(label=_("Regional ecosystem"), required=False)
    trl_min = forms.TypedChoiceField(
        label=_("TRL at least"), required=False, coerce=int, empty_value=None,
        choices=[("", "—")] + [(str(n), str(n)) for n in range(1, 10)],
    )
    cpv = forms.CharField(label=_("CPV code"), required=False, max_length=10)
    sort = forms.ChoiceField(
        label=_("Sort"), required=False,
        choices=[("name", _("Name A–Z")), ("-name", _("Name Z–A")), ("-trl", _("Highest TRL")),
                 ("-updated", _("Recently updated"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = _blank(_("All kinds")) + list(OrganisationKind.choices)
        cast(forms.ChoiceField, self.fields["area"]).choices = _blank(_("All areas")) + list(Area.choices)
        cast(forms.ChoiceField, self.fields["province"]).choices = _blank(_("All provinces")) + province_choices()
        cast(forms.ChoiceField, self.fields["region"]).choices = _blank(_("All regions")) + [
            (r.slug, r.name) for r in RegionalEcosystem.objects.all()
        ]

    def clean_cpv(self) -> str:
        value = self.cleaned_data.get("cpv", "").strip()
        if not value:
            return ""
        code = normalise_cpv(value) or (value if value.isdigit() and 2 <= len(value) <= 8 else None)
        if code is None:
            raise ValidationError(_("Enter a CPV code: two to eight digits."))
        return code

    def filters(self) -> OrganisationFilters:
        data = self.cleaned_data if self.is_valid() else {}
        values: dict[str, Any] = {name: data.get(name) for name in OrganisationFilters.field_names() if data.get(name)}
        if values.get("sort") not in SORTS:
            values.pop("sort", None)
        return OrganisationFilters(**values)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    keep_valid_rows = forms.BooleanField(
        label=_("Import the valid rows even if some rows have errors"), required=False,
        help_text=_("Without this, nothing is imported until every row is valid."),
    )
