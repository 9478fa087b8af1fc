"""The marking in the API (core.markings): an output field on every marked record, and the input fields that set
it. A classification above the instance's ceiling is refused with 422, like any invalid record."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from ninja import Field, Schema


class MarkingOut(Schema):
    policy: str = Field(..., description="The marking policy (STANAG 4774 'policy'), e.g. NL")
    classification: str = Field(..., description="The classification's stable code")
    label: str = Field(..., description="The classification as people read it, in the request's language")
    releasability: str = Field(..., description="Releasability code (empty: no caveat)")
    releasable_to: str
    need_to_know: str = Field(..., description="The need-to-know group's name (empty: none)")
    text: str = Field(..., description="The marking as on the page's banner")


class MarkingIn(Schema):
    """Fields an input schema of a marked record adds (leave them out to keep the default or the current one)."""

    classification: str | None = Field(None, description="A code of the instance's scheme, at most the ceiling "
                                                         "and your own clearance")
    releasability: str | None = Field(None, description="A releasability code, or empty for none")
    need_to_know: int | None = Field(None, description="The id of a need-to-know group you manage or belong to")


def marking_out(record: Any) -> dict[str, Any]:
    marking: dict[str, Any] = record.marking.as_dict()
    return marking


def marking_data(payload: Any) -> dict[str, Any]:
    """The marking fields of an input payload, as a service takes them (a group id becomes the group)."""
    from straiik.core.models import NeedToKnowGroup

    data: dict[str, Any] = {}
    for name in ("classification", "releasability"):
        value = getattr(payload, name, None)
        if value is not None:
            data[name] = value
    group_id = getattr(payload, "need_to_know", None)
    if group_id is not None:
        group = NeedToKnowGroup.objects.filter(pk=group_id).first()
        if group is None:
            raise ValidationError({"need_to_know": f"no need-to-know group {group_id}"})
        data["need_to_know"] = group
    return data
