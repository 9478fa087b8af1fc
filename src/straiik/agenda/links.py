"""Links from actions to records elsewhere on the platform (Defport needs, SDIR calls, bundling rounds, supply-chain
analyses). A link stores the kind and the id; here each kind says where its records live, how they are named and
who may see them. The other apps are looked up through the app registry, not imported: an app that is not
installed (or has no such model yet, like SDIR's calls while SDIR is being built) leaves its links unresolved but
kept, shown with their id and the address given."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from straiik.agenda.choices import LinkKind
from straiik.agenda.models import ActionLink
from straiik.registry.permissions import is_authenticated


@dataclass(frozen=True)
class Kind:
    app: str  # app label
    model: str
    accepts: Callable[[models.Model], bool]  # the record is of the right sort (a need, not an idea)
    label: Callable[[models.Model], str]
    visible: Callable[[Any, models.Model], bool]


def _defport_visible(user: Any, record: models.Model) -> bool:
    from straiik.defport import permissions

    return permissions.can_view(user, record)


def _bundling_visible(user: Any, record: models.Model) -> bool:
    from straiik.bundling import permissions

    return permissions.can_view_rounds(user)


def _supply_visible(user: Any, record: models.Model) -> bool:
    from straiik.supply import permissions

    return permissions.can_view(user, record.network)


def _by_rule(module: str, function: str) -> Callable[[Any, models.Model], bool]:
    """Visibility by the target app's own rule, looked up when used: an app still being built (SDIR) may not have it
    yet; then its records are named to everyone signed in."""

    def visible(user: Any, record: models.Model) -> bool:
        try:
            rule = getattr(import_module(module), function)
        except (ImportError, AttributeError):
            return is_authenticated(user)
        return bool(rule(user, record))

    return visible


KINDS: dict[str, Kind] = {
    LinkKind.DEFPORT_NEED: Kind("defport", "Submission", lambda r: getattr(r, "kind", "") == "need",
                                lambda r: f"#{r.pk} {r.title}", _defport_visible),
    LinkKind.SDIR_CALL: Kind("sdir", "Call", lambda r: True, lambda r: str(getattr(r, "title", "") or r),
                             _by_rule("straiik.sdir.permissions", "can_view_call")),
    LinkKind.BUNDLING_ROUND: Kind("bundling", "BundlingRound", lambda r: True, lambda r: r.name, _bundling_visible),
    LinkKind.SUPPLY_ANALYSIS: Kind("supply", "SupplyAnalysis", lambda r: True, lambda r: str(r), _supply_visible),
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
