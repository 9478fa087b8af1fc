"""One read path (issue 13): every query for something shown to a user goes through `.restrict(user, action)`.

Modelled on NetBox's `RestrictedQuerySet` (netbox/utilities/querysets.py): a queryset method that narrows the
rows to what `user` may do `action` on. The rules themselves live with each app, in its `permissions.py`,
registered here with one decorator:

    @restrict.rule("defport.Submission")
    def submissions(queryset, user):
        ...
        return queryset.filter(...)

    @restrict.rule("defport.Submission", "change")
    def changeable_submissions(queryset, user): ...

On top of an app's rule the mechanism applies, for every model and every action, the rules that cut across apps:

- the markings (classification, releasability, need to know): `straiik.core.markings.restrict_marked`;
- export control: a record tagged with a Military List category is withheld from users outside its
  releasability (the rule is protection's, registered with `withholding`); the people a model's rule names with
  `releasable_to=` (a record's own submitter or organisation) are let through.

A model without a rule for an action cannot be restricted: `restrict` raises `ImproperlyConfigured` instead of
showing everything, so a new model cannot be read past the rules by accident. Detail pages use `get_or_404`,
which answers 404 (not 403) for a record the reader may not see, so its existence does not leak.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from straiik.core import markings

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

M = TypeVar("M", bound=models.Model)
Rule = Callable[[QuerySet[Any], Any], QuerySet[Any]]
Releasable = Callable[[Any], Q]
Withholding = Callable[[QuerySet[Any], Any, Q], QuerySet[Any]]

VIEW = "view"


@dataclass
class _ModelRules:
    actions: dict[str, Rule] = field(default_factory=dict)
    # Who is let through export-control withholding (a record's own people); None: the model carries no tags.
    releasable_to: Releasable | None = None


_RULES: dict[str, _ModelRules] = {}
_WITHHOLDING: list[Withholding] = []
_NOTES: list[Callable[[Any, QuerySet[Any]], str]] = []


def _label(model: type[models.Model] | str) -> str:
    return model if isinstance(model, str) else model._meta.label


def rule(model: str, *actions: str, releasable_to: Releasable | None = None) -> Callable[[Rule], Rule]:
    """Register `function(queryset, user) -> queryset` as the rule of `model` ("app_label.Model") for
    `actions` (default: view). `releasable_to(user) -> Q` names the rows export-control withholding lets through
    for this user (their own records); giving it says the model's records can carry export-control tags."""

    def register(function: Rule) -> Rule:
        entry = _RULES.setdefault(model, _ModelRules())
        for action in actions or (VIEW,):
            if action in entry.actions and entry.actions[action] is not function:
                raise ImproperlyConfigured(f"{model} already has a {action!r} rule")
            entry.actions[action] = function
        if releasable_to is not None:
            entry.releasable_to = releasable_to
        return function

    return register


def withholding(function: Withholding) -> Withholding:
    """Register a rule that withholds rows across apps: `function(queryset, user, let_through) -> queryset`
    (export control). It runs for the models whose rule names `releasable_to`."""
    if function not in _WITHHOLDING:
        _WITHHOLDING.append(function)
    return function


def withholding_note(function: Callable[[Any, QuerySet[Any]], str]) -> Callable[[Any, QuerySet[Any]], str]:
    """Register `function(user, queryset) -> str`: why some rows of `queryset` are withheld from `user` across apps
    (export control), for the note on a page; empty when none is."""
    if function not in _NOTES:
        _NOTES.append(function)
    return function


def withheld_note(user: Viewer | None, queryset: QuerySet[Any]) -> str:
    """Why some rows of `queryset` (as stored, before restriction) are withheld from `user`, or empty."""
    for note in _NOTES:
        why = note(user, queryset)
        if why:
            return why
    return ""


def withholdings() -> tuple[Withholding, ...]:
    """The registered cross-app withholding rules (export control), for tests."""
    return tuple(_WITHHOLDING)


def has_rule(model: type[models.Model] | str, action: str = VIEW) -> bool:
    entry = _RULES.get(_label(model))
    return entry is not None and action in entry.actions


def registered_models() -> dict[str, tuple[str, ...]]:
    """Model label -> the actions it has rules for (for tests and the route table)."""
    return {label: tuple(sorted(entry.actions)) for label, entry in _RULES.items()}


def restrict(queryset: QuerySet[M], user: Viewer | None, action: str = VIEW) -> QuerySet[M]:
    """The rows of `queryset` that `user` may `action`: the app's rule, then export control, then markings."""
    label = queryset.model._meta.label
    entry = _RULES.get(label)
    if entry is None or action not in entry.actions:
        raise ImproperlyConfigured(f"no {action!r} rule for {label}: declare one in its app's permissions.py "
                                   "with @restrict.rule")
    restricted = entry.actions[action](queryset, user)
    if entry.releasable_to is not None:
        let_through = entry.releasable_to(user)
        for withhold in _WITHHOLDING:
            restricted = withhold(restricted, user, let_through)
    return markings.restrict_marked(restricted, user)


def can(user: Viewer | None, instance: models.Model, action: str = VIEW) -> bool:
    """Whether `user` may `action` this one record (the same rules as the lists; one query)."""
    if instance.pk is None:
        return False
    return restrict(type(instance)._default_manager.filter(pk=instance.pk), user, action).exists()


def get_or_404(queryset: QuerySet[M], user: Viewer | None, action: str = VIEW, **lookup: Any) -> M:
    """The one record `lookup` names among those `user` may `action`; 404 also when it exists but is hidden."""
    found = restrict(queryset, user, action).filter(**lookup).first()
    if found is None:
        raise Http404
    return found


class RestrictedQuerySet(QuerySet[M]):
    """A queryset with `.restrict(user, action)`; give a model `objects = RestrictedQuerySet.as_manager()`."""

    def restrict(self, user: Viewer | None, action: str = VIEW) -> RestrictedQuerySet[M]:
        return restrict(self, user, action)  # type: ignore[return-value]


def nobody(queryset: QuerySet[M], user: Viewer | None) -> QuerySet[M]:
    """A rule for actions nobody takes through a read (kept explicit rather than left unregistered)."""
    return queryset.none()


# --- what only the parties see (issue 13, item 4) --------------------------------------------------------------
# Internal notes on a record the reader may otherwise see (triage reasons, introduction notes and answers,
# moderation comments, reviewers' names where a call hides them) are declared per field in the app's
# permissions.py: `restrict.party_fields({"app.Model": {"field": rule}})`, `rule(user, instance) -> bool`. Pages
# read them through the `{% party_field %}` tag and API schemas through `party_value`, so a field is shown
# only to those its rule names and to nobody else, everywhere.

FieldRule = Callable[[Any, Any], bool]  # (user, instance): the instance is of the model it is declared for
_PARTY_FIELDS: dict[str, dict[str, FieldRule]] = {}


def party_fields(declarations: dict[str, dict[str, FieldRule]]) -> dict[str, dict[str, FieldRule]]:
    for label, fields in declarations.items():
        _PARTY_FIELDS.setdefault(label, {}).update(fields)
    return declarations


def declared_party_fields() -> dict[str, tuple[str, ...]]:
    return {label: tuple(sorted(fields)) for label, fields in _PARTY_FIELDS.items()}


def may_read_field(user: Viewer | None, instance: models.Model, name: str) -> bool:
    rule_ = _PARTY_FIELDS.get(instance._meta.label, {}).get(name)
    return rule_ is None or bool(rule_(user, instance))


def party_value(user: Viewer | None, instance: models.Model, name: str, redacted: Any = None) -> Any:
    """The field's value if `user` is one of the parties its rule names (or it has no rule), else `redacted`."""
    return getattr(instance, name) if may_read_field(user, instance, name) else redacted
