"""Links from actions to records elsewhere on the platform (Defport needs, SDIR calls, bundling rounds, supply-chain
analyses). A link stores the kind and the id; each app says where its records live, how they are named and who may
see them by registering its kind in straiik.core.links, so the agenda imports none of them: an app that is not
installed leaves its links unresolved but kept, shown with their id and the address given."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from straiik.agenda.choices import LinkKind
from straiik.agenda.models import ActionLink
from straiik.core.links import TARGETS

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer


def model_for(kind: str) -> type[models.Model] | None:
    """The model behind a kind of link, or None when its app is not installed (it registered no such kind)."""
    spec = TARGETS.get(kind)
    return spec.model if spec is not None else None


def check_target(kind: str, target_id: int, url: str = "") -> None:
    """Refuse a link to a record that does not exist or is of the wrong sort, where the platform can tell."""
    if kind not in LinkKind.values:
        raise ValidationError({"kind": _("Unknown kind of link “%(k)s”.") % {"k": kind}})
    model = model_for(kind)
    name = LinkKind(kind).label
    if model is None:
        if not url:
            raise ValidationError({"url": _("%(kind)s records are not on this platform yet: give the address of "
                                            "#%(id)s.") % {"kind": name, "id": target_id}})
        return
    record = model._default_manager.filter(pk=target_id).first()
    spec = TARGETS[kind]
    if record is None or not spec.accepts(record):
        raise ValidationError({"target_id": _("There is no %(kind)s #%(id)s.") % {"kind": name, "id": target_id}})


@dataclass(frozen=True)
class ResolvedLink:
    link: ActionLink
    kind_label: str
    label: str
    url: str
    found: bool  # the record exists on the platform
    visible: bool  # the user may see what it is


def resolve(user: Viewer, links: Iterable[ActionLink]) -> list[ResolvedLink]:
    """Name each link for this user: its record's name and address when they may see it, else only its kind and id."""
    links = list(links)
    by_kind: dict[str, dict[int, models.Model]] = {}
    for kind in {link.kind for link in links}:
        model = model_for(kind)
        if model is None:
            continue
        ids = [link.target_id for link in links if link.kind == kind]
        by_kind[kind] = {record.pk: record for record in model._default_manager.filter(pk__in=ids)}
    resolved = []
    for link in links:
        kind_label = str(LinkKind(link.kind).label) if link.kind in LinkKind.values else link.kind
        spec = TARGETS.get(link.kind)
        record = by_kind.get(link.kind, {}).get(link.target_id)
        if record is None or spec is None:
            found = link.kind in by_kind
            label = _("#%(id)s (no longer on the platform)") % {"id": link.target_id} if found \
                else f"#{link.target_id}"
            resolved.append(ResolvedLink(link, kind_label, label, "" if found else link.url, False, not found))
            continue
        if spec.visible(user, record):
            url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else link.url
            resolved.append(ResolvedLink(link, kind_label, spec.label(record), url, True, True))
        else:
            resolved.append(ResolvedLink(link, kind_label, _("#%(id)s (not visible to you)") % {"id": link.target_id},
                                         "", True, False))
    return resolved
