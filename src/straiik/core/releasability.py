"""Which records of a model a user may not be shown because of export control, and why: the seam between the apps
that show records (the registry's capabilities) and the app that holds the rule (protection, which registers it from
its AppConfig.ready()), so that the registry does not import protection, which sits above it. Without a registered
rule nothing is withheld."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import Model

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

Rule = Callable[["Viewer | None", type[Model]], tuple[set[int], str]]
RULES: list[Rule] = []


def register(rule: Rule) -> None:
    RULES.append(rule)


def withheld_from(user: Viewer | None, model: type[Model]) -> tuple[set[int], str]:
    """The ids of `model`'s records not releasable to `user`, and why (the first reason given)."""
    hidden: set[int] = set()
    why = ""
    for rule in RULES:
        ids, reason = rule(user, model)
        hidden |= ids
        why = why or reason
    return hidden, why
