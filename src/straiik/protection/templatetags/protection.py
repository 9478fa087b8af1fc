"""Template pieces other apps include: the Protection link, a call's/round's/need's protection panel, and the
export-control tags of a record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template
from django.db import models

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

register = template.Library()


@register.simple_tag
def may_use_protection(user: Viewer) -> bool:
    from straiik.protection.permissions import can_use_protection

    return can_use_protection(user)


@register.simple_tag(takes_context=True)
def protection_link(context: Any, organisation: Any) -> str:
    """A button to the organisation's protection page, for the office and the organisation's administrators."""
    from django.urls import reverse
    from django.utils.html import format_html
    from django.utils.translation import gettext as _

    from straiik.protection.permissions import can_view_protection

    if not can_view_protection(context["request"].user, organisation):
        return ""
    return format_html('<a class="button" href="{}" id="protection-link">{}</a>',
                       reverse("protection:organisation", args=[organisation.slug]), _("Protection"))


@register.inclusion_tag("protection/_subject_panel.html", takes_context=True)
def protection_panel(context: Any, subject: models.Model, organisations: Any = None) -> dict[str, Any]:
    """The rules of `subject` and, for the office, the clearance of each organisation given."""
    from straiik.protection import export_control, permissions, services

    user = context["request"].user
    kind = f"{subject._meta.app_label}.{subject._meta.model_name}"
    rows = []
    is_office = permissions.is_office(user)
    if is_office:
        for organisation in organisations if organisations is not None else organisations_for(subject):
            rows.append({"organisation": organisation,
                         "record": services.latest_due_diligence(subject, organisation),
                         "problems": services.clearance_problems(subject, organisation)})
    return {"subject": subject, "kind": kind, "rules": services.rules_for(subject), "is_office": is_office,
            "organisations": rows, "taggable": kind in ("sdir.call", "defport.submission"),
            "tags": [{"label": export_control.tag_label(t.code, t.control_entry)} for t in services.tags_of(subject)]}


def organisations_for(subject: Any) -> list[Any]:
    """The organisations money or information would flow to: an SDIR call's selected applicants, a round's
    suppliers, a need's introduced organisations."""
    kind = f"{subject._meta.app_label}.{subject._meta.model_name}"
    if kind == "sdir.call":
        return [p.organisation for p in subject.proposals.filter(outcome="selected").select_related("organisation")]
    if kind == "bundling.bundlinground":
        return list({o.supplier_id: o.supplier for o in subject.offers.select_related("supplier")}.values())[:50]
    if kind == "defport.submission":
        return [i.organisation for i in subject.introductions.select_related("organisation")][:50]
    return []


@register.inclusion_tag("protection/_tags.html", takes_context=True)
def export_control_tags(context: Any, item: models.Model, organisation: Any = None) -> dict[str, Any]:
    from straiik.protection import export_control, permissions, services

    user = context["request"].user
    kind = f"{item._meta.app_label}.{item._meta.model_name}"
    return {"tags": [{"code": t.control_entry or t.code, "label": export_control.tag_label(t.code, t.control_entry)}
                     for t in services.tags_of(item)],
            "may_tag": permissions.can_tag(user, organisation), "kind": kind, "item": item}
