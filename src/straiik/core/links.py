"""The records other apps let the agenda's actions link to (a Defport need, an SDIR call, a bundling round, a
supply-chain analysis): each app registers its own kind from its AppConfig.ready() with its model, which of its
records qualify, how they are named and who may see them, so the agenda resolves links without importing the apps.
A kind whose app is not installed stays unregistered: its links are kept, shown with their id and the address given.
The kind is the agenda's stored value (straiik.agenda.models.LinkKind)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass(frozen=True)
class LinkTarget:
    model: type[models.Model]
    accepts: Callable[[Any], bool]  # the record is of the right sort (a need, not an idea)
    label: Callable[[Any], str]
    visible: Callable[[Any, Any], bool]  # (user, record): the user may see what it is


TARGETS: dict[str, LinkTarget] = {}


def register(kind: str, target: LinkTarget) -> None:
    if kind in TARGETS:
        raise ValueError(f"link kind {kind} is registered twice")
    TARGETS[kind] = target


def target(kind: str) -> LinkTarget | None:
    return TARGETS.get(kind)
