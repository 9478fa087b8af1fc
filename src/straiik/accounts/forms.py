"""Forms of the account pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from straiik.accounts import tokens

APP_LABELS = {
    "registry": _("Registry"), "defport": _("Defport"), "sdir": _("SDIR"), "bundling": _("Demand bundling"),
    "supply": _("Supply chains"), "agenda": _("Agenda"), "protection": _("Protection"),
    "notifications": _("Notifications"),
}


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = tokens.default_days()
        self.fields["days"].validators.append(MaxValueValidator(tokens.max_days()))
        self.fields["days"].widget.attrs["max"] = tokens.max_days()
        for app in tokens.API_APPS:
            self.fields[f"scope_{app}"] = forms.ChoiceField(
                label=APP_LABELS[app], required=False, initial=tokens.Scope.READ,
                choices=[("", _("no access")), *tokens.Scope.choices],
            )

    def scope_fields(self) -> list[Any]:
        return [self[f"scope_{app}"] for app in tokens.API_APPS]

    def scopes(self) -> dict[str, str]:
        return {app: self.cleaned_data.get(f"scope_{app}") or "" for app in tokens.API_APPS}
