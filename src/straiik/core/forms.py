"""Form helpers shared by the apps' views."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer


def apply_validation_error(form: Any, error: ValidationError, *, renames: Mapping[str, str] | None = None,
                           limit: int | None = None) -> None:
    """Show a service's ValidationError on the form: each field's messages on that field (a service field
    named differently in the form via `renames`, where the form has that field), anything else at the top of
    the form (at most `limit` messages, for errors that list every bad row of a file)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target: str | None = (renames or {}).get(field, field)
            if target not in form.fields:
                target = field if field in form.fields else None
            form.add_error(target, errors)
    elif limit is not None:
        for message in error.messages[:limit]:
            form.add_error(None, message)
    else:
        form.add_error(None, error)


MARKING_FIELDS = ("classification", "releasability", "need_to_know")


def add_marking_fields(form: Any, user: Viewer | None, instance: Any = None) -> None:
    """Add the marking's three fields (core.markings) to a form: the classification (up to the person's own
    clearance; a posted level above the ceiling or the clearance is refused with a message that says why), the
    releasability, and a need-to-know group among those the person manages or belongs to."""
    from django import forms
    from django.utils.translation import gettext_lazy as _lazy

    from straiik.core import markings
    from straiik.core.models import NeedToKnowGroup

    def within_clearance(value: str) -> None:
        if markings.rank(value) <= markings.rank(markings.ceiling()) and not markings.may_set(user, value):
            raise ValidationError(_lazy("You may not mark a record above your own clearance (%(c)s)."),
                                  params={"c": markings.level(markings.clearance_of(user)).label})

    current = getattr(instance, "classification", None) or markings.lowest_classification()

    class ClassificationField(forms.CharField):
        def to_python(self, value: Any) -> Any:
            # Left out of a post (an older form, a script): the record keeps its classification.
            return super().to_python(value) or current

    form.fields["classification"] = ClassificationField(
        label=_lazy("Classification"), max_length=40, required=False,
        widget=forms.Select(choices=markings.classification_choices(markings.clearance_of(user))),
        validators=[markings.validate_classification, within_clearance],
        initial=current,
        help_text=_lazy("Nothing above %(ceiling)s may be stored on this instance.") % {
            "ceiling": markings.level(markings.ceiling()).label})
    form.fields["releasability"] = forms.ChoiceField(
        label=_lazy("Releasable to"), required=False, choices=markings.releasability_choices(),
        initial=getattr(instance, "releasability", ""))
    groups = NeedToKnowGroup.objects.all() if markings.is_custodian(user) else markings.groups_usable_by(user)
    form.fields["need_to_know"] = forms.ModelChoiceField(
        label=_lazy("Need-to-know group"), required=False, queryset=groups,
        initial=getattr(instance, "need_to_know_id", None),
        help_text=_lazy("Only the people and organisations in the group (and the record's own parties) read it."))


def marking_values(form: Any) -> dict[str, Any]:
    """The marking fields of a bound, valid form (those `add_marking_fields` added), for a service's data."""
    return {name: form.cleaned_data[name] for name in MARKING_FIELDS if name in form.cleaned_data}
