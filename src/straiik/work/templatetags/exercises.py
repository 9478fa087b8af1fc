from __future__ import annotations

from typing import Any

from django import template

from straiik.core.exercises import may_include

register = template.Library()


@register.simple_tag(takes_context=True)
def may_mark_exercises(context: Any) -> bool:
    request = context.get("request")
    return bool(request is not None and may_include(request.user))


@register.filter
def model_label(obj: Any) -> str:
    return str(obj._meta.label_lower)
