"""`{% verification_notice "submit_proposal" %}`: on a page where only verified organisations may act, tell
a member of declared ones, before they fill in the form, why they will be refused and what to do."""

from __future__ import annotations

from typing import Any

from django import template

from straiik.registry import permissions, verification
from straiik.registry.models import AUTHORITY_KINDS, Organisation, VerificationStatus

register = template.Library()


@register.inclusion_tag("registry/_verification_notice.html", takes_context=True)
def verification_notice(context: Any, action: str) -> dict[str, Any]:
    user = context.get("user")
    if not permissions.is_authenticated(user) or permissions.is_staff_of_platform(user):
        return {"messages_": []}
    declared = Organisation.objects.filter(pk__in=permissions.member_of(user),
                                           verification_status=VerificationStatus.DECLARED).order_by("name")
    if action == verification.POST_NEED:
        declared = declared.filter(kind__in=AUTHORITY_KINDS)
    return {"messages_": [verification.message(o, action) for o in declared[:5]]}
