"""`{% marking_panel record %}`: a marked record's marking on its page, with the links to who read it (owner and
office) and to the office's downgrade."""

from __future__ import annotations

from typing import Any

from django import template

from straiik.core import markings

register = template.Library()


@register.inclusion_tag("core/markings/_panel.html", takes_context=True)
def marking_panel(context: dict[str, Any], record: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(record, markings.Marked):
        return {"record": None}
    label = record._meta.label_lower
    return {"record": record, "marking": record.marking, "label": label,
            "can_see_log": markings.can_see_access_log(user, record), "is_custodian": markings.is_custodian(user),
            "downgraded": record.marking_downgraded}
