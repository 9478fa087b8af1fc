"""Links from actions to records elsewhere on the platform (Defport needs, SDIR calls, bundling rounds, supply-chain
analyses). A link stores the kind and the id; here each kind says where its records live, how they are named and
who may see them. The other apps are looked up through the app registry, not imported: an app that is not
installed (or has no such model yet, like SDIR's calls while SDIR is being built) leaves its links unresolved but
kept, shown with their id and the address given."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from straiik.agenda.models import ActionLink, LinkKind


@dataclass(frozen=True)
class Kind:
    app: str  # app label
    model: str
    accepts: Callable[[models.Model], bool]  # the record is of the right sort (a need, not an idea)
    label: Callable[[models.Model], str]
    visible: Callable[[Any, models.Model], bool]


def _restricted(user: Any, record: models.Model) -> bool:
    """A link's target is named to whoever the target app's rule lets see it (the one read path, core.restrict)."""
    from straiik.core import restrict

    return restrict.can(user, record)


KINDS: dict[str, Kind] = {
    LinkKind.DEFPORT_NEED: Kind("defport", "Submission", lambda r: getattr(r, "kind", "") == "need",
                                lambda r: f"#{r.pk} {r.title}", _restricted),
    LinkKind.SDIR_CALL: Kind("sdir", "Call", lambda r: True, lambda r: str(getattr(r, "title", "") or r),
                             _restricted),
    LinkKind.BUNDLING_ROUND: Kind("bundling", "BundlingRound", lambda r: True, lambda r: r.name, _restricted),
    LinkKind.SUPPLY_ANALYSIS: Kind("supply", "SupplyAnalysis", lambda r: True, lambda r: str(r), _restricted),
}


def model_for(kind: str) -> type[models.Model] | None:
    """The model behind a kind of link, or None when its app is not installed or has no such model (yet)."""
    spec = KINDS.get(kind)
    if spec is None:
        return None
    try:
        config = apps.get_app_config(spec.app)
        return config.get_model(spec.model)
    except LookupError:
        return None


def check_target(kind: str, target_id: int, url: str = "") -> None:
    """Refuse a link to a record that does not exist or is of the wrong sort, where the platform can tell."""
    if kind not in KINDS:
        raise ValidationError({"kind": _("Unknown kind of link “%(k)s”.") % {"k": kind}})
    model = model_for(kind)
    name = LinkKind(kind).label
    if model is None:
        if not url:
            raise ValidationError({"url": _("%(kind)s records are not on this platform yet: give the address of "
                                            "#%(id)s.") % {"kind": name, "id": target_id}})
        return
    record = model._default_manager.filter(pk=target_id).first()
    if record is None or not KINDS[kind].accepts(record):
        raise ValidationError({"target_id": _("There is no %(kind)s #%(id)s.") % {"kind": name, "id": target_id}})


@dataclass(frozen=True)
class ResolvedLink:
    link: ActionLink
    kind_label: str
    label: str
    url: str
    found: bool  # the record exists on the platform
    visible: bool  # the user may see what it is


def resolve(user: Any, links: Iterable[ActionLink]) -> list[ResolvedLink]:
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
        spec = KINDS.get(link.kind)
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
