"""Workflows as data, taken in one place.

Each state machine of the platform is one `Workflow`: its states (a TextChoices), its transitions (name, label,
the states it leaves from, the state it goes to, the actors who may take it, whether it needs a reason, whether
the page asks for confirmation first, an optional hook), the function that says which actors a user is for a
record (`actors(user, instance)`: "office", "owner", ...), the event model its steps are written to (a subclass
of `core.models.WorkflowEvent`, or none: the audit trail then holds the step) and the audit snapshot. The app
declares it next to its states (`<app>/workflow.py`) and registers it for its model; then

    workflow.take(call, "publish", user=request.user, reason="")     # the one way a state changes
    workflow.available(call, request.user)                             # the steps this user may take now

`take` locks the row (`select_for_update(of=("self",))`), checks the actor, the source state and the reason,
snapshots the row, runs the hook (which may change more fields or refuse with a ValidationError), saves, writes
the event and the audit entry, and schedules the transition's `on_commit` side effects. A refusal is a
`TransitionError`, with a translated message:

    TransitionForbidden   the user is not one of the step's actors            (a Refused: page 403, API 403)
    TransitionConflict    the record is not in a state the step leaves from     (page: the message, API 409)
                          — also what the loser of two simultaneous steps gets: the winner moved the state
    ReasonRequired        the step needs a reason and none was given          (form error on "reason", API 422)

Side effects: notifications (`notifications.services.notify`) already deliver after commit, so hooks call them
directly; anything else that must not happen for a rolled-back step (a queued task, a file removed) goes into
`Transition.on_commit` / `Workflow.on_commit`, which `take` hands to `transaction.on_commit`.

Actor "system" is the platform itself (a date passing, a background job): `take(..., as_system=True)`. Steps only
the system takes are never offered to a person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from straiik.core.errors import Refused

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

SYSTEM = "system"
REASON_MAX = 5_000


class TransitionError(Exception):
    """Any refusal of a workflow step; `transition` is the step's name (or the unknown name asked for)."""

    transition: str = ""


class TransitionForbidden(TransitionError, Refused):
    def __init__(self, message: str, transition: str = "") -> None:
        super().__init__(message)
        self.transition = transition


class TransitionConflict(TransitionError, ValidationError):
    """The record's state does not allow the step (it may have just been changed by someone else)."""

    def __init__(self, message: Any, transition: str = "") -> None:
        super().__init__(message, code="state")
        self.transition = transition


class ReasonRequired(TransitionError, ValidationError):
    def __init__(self, message: str, transition: str = "") -> None:
        super().__init__({"reason": [message]})
        self.transition = transition


@dataclass(frozen=True)
class Step:
    """What a hook or an on-commit effect is told about the step being taken."""

    instance: Any
    transition: Transition
    user: Viewer | None
    reason: str
    now: dt.datetime
    previous: str
    options: dict[str, Any] = field(default_factory=dict)


Hook = Callable[[Step], None]


@dataclass(frozen=True)
class Transition:
    name: str
    label: Any
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    needs_reason: bool = False
    # Steps that cannot be undone (people are told, contracts made, a record ends) ask for confirmation first.
    confirm: bool = False
    hook: Hook | None = None
    on_commit: Hook | None = None

    @property
    def manual(self) -> bool:
        return bool(self.actors - {SYSTEM})

    # The names the apps' templates and views used before the engine.
    @property
    def irreversible(self) -> bool:
        return self.confirm

    @property
    def ends(self) -> bool:
        return self.confirm


def transition(name: str, label: Any, sources: Iterable[str], target: str, actors: Iterable[str], *,
               needs_reason: bool = False, confirm: bool = False, hook: Hook | None = None,
               on_commit: Hook | None = None) -> Transition:
    return Transition(name, label, frozenset(sources), target, frozenset(actors), needs_reason=needs_reason,
                      confirm=confirm, hook=hook, on_commit=on_commit)


@dataclass
class Workflow:
    model: type[models.Model]
    states: type[models.TextChoices]
    transitions: list[Transition]
    actors: Callable[[Any, Any], set[str]]
    state_field: str = "state"
    event_model: type[models.Model] | None = None
    event_field: str = ""  # the event's foreign key to the record
    snapshot: Callable[[Any], dict[str, Any]] | None = None  # default: core.audit.snapshot
    related: Callable[[Any], Any] | None = None  # the audit entry's related record (e.g. a procurement's round)
    noun: Any = None  # "the call", for messages: "“Publish” is not possible while the call is “Draft”."
    # Why a person cannot take a step only the platform takes (%(s)s: the step), e.g. "follows the call's dates".
    system_only: Any = None
    # The refusal of a step from the wrong state, if the app words it itself (%(s)s: the step, %(state)s: the state)
    wrong_state: Any = None
    prepare: Hook | None = None  # for every step, after the transition's hook, before the save (dates, outcome)
    after: Hook | None = None  # for every step, after the event and audit entry (e.g. the news for the owner)
    on_commit: Hook | None = None

    def __post_init__(self) -> None:
        self.by_name: dict[str, Transition] = {}
        for t in self.transitions:
            if t.name in self.by_name:
                raise ValueError(f"{self.model.__name__}: transition {t.name} declared twice")
            unknown = (t.sources | {t.target}) - set(self.states.values)
            if unknown:
                raise ValueError(f"{self.model.__name__}.{t.name}: unknown states {sorted(unknown)}")
            self.by_name[t.name] = t

    def __getitem__(self, name: str) -> Transition:
        return self.by_name[name]

    def get(self, name: str) -> Transition | None:
        return self.by_name.get(name)

    def state_of(self, instance: Any) -> str:
        return str(getattr(instance, self.state_field))

    def state_label(self, state: str) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return state

    def available(self, instance: Any, user: Viewer | None, *, state: str | None = None) -> list[Transition]:
        """The steps this user may take by hand now, in declaration order (for pages and the API)."""
        state = self.state_of(instance) if state is None else state
        actors = self.actors(user, instance)
        return [t for t in self.transitions if state in t.sources and t.manual and t.actors & actors]

    def step_to(self, instance: Any, target: str) -> str:
        """The declared step that leads from the record's state to `target` (for forms that post the new status
        rather than the step); TransitionConflict when none does. Who may take it, `take` checks."""
        if target not in self.states.values:
            raise ValidationError({self.state_field: _("Unknown status %(s)s.") % {"s": target}})
        state = self.state_of(instance)
        for step in self.transitions:
            if step.target == target and state in step.sources:
                return step.name
        raise TransitionConflict(_("%(record)s cannot go from “%(from)s” to “%(to)s”.") % {
            "record": instance, "from": self.state_label(state), "to": self.state_label(target)})

    def terminal(self, state: str) -> bool:
        return not any(state in t.sources for t in self.transitions)

    def _lock(self, instance: Any) -> Any:
        return type(instance)._default_manager.select_for_update(of=("self",)).get(pk=instance.pk)

    def take(self, instance: Any, name: str, *, user: Viewer | None, reason: str = "", now: dt.datetime | None = None,
             as_system: bool = False, locked: bool = False, **options: Any) -> Any:
        """Take the step `name` on `instance`; returns the locked, saved record (use it, not the one passed in).
        `locked=True`: the caller holds the row lock already and passes the locked instance (it is changed in
        place). Must run inside a transaction when `locked` (it opens its own otherwise)."""
        with transaction.atomic():
            return self._take(instance, name, user=user, reason=reason, now=now, as_system=as_system,
                              locked=locked, options=options)

    def check(self, instance: Any, name: str, *, user: Viewer | None, reason: str = "", as_system: bool = False
              ) -> Transition:
        """The refusals of `take` without taking the step: for an edit that changes the state together with
        other fields and records them in one audit entry of its own (the caller holds the row lock)."""
        step = self.by_name.get(name)
        if step is None:
            raise TransitionConflict({"action": [_("Unknown step “%(a)s”.") % {"a": name}]}, name)
        actors = {SYSTEM} if as_system else self.actors(user, instance)
        if not step.actors & actors:
            if not step.manual:
                message = self.system_only or _("“%(s)s” is taken by the platform when it falls due; nobody "
                                                "takes it by hand.")
                raise TransitionForbidden(str(message) % {"s": step.label}, name)
            raise TransitionForbidden(_("You may not take the step “%(s)s”.") % {"s": step.label}, name)
        previous = self.state_of(instance)
        if previous not in step.sources:
            message = self.wrong_state or _("“%(s)s” is not possible while %(noun)s is “%(state)s”.")
            label = self.state_label(previous)
            raise TransitionConflict(str(message) % {"s": step.label, "noun": self.noun or _("the record"),
                                                     "state": label, "status": label}, name)
        reason = (reason or "").strip()
        if step.needs_reason and not reason:
            raise ReasonRequired(_("Give a reason for “%(s)s”.") % {"s": step.label}, name)
        if len(reason) > REASON_MAX:
            raise ValidationError({"reason": _("At most 5,000 characters.")})
        return step

    def _take(self, instance: Any, name: str, *, user: Viewer | None, reason: str, now: dt.datetime | None,
              as_system: bool, locked: bool, options: dict[str, Any]) -> Any:
        if name in self.by_name and not locked:
            instance = self._lock(instance)
        step = self.check(instance, name, user=user, reason=reason, as_system=as_system)
        previous = self.state_of(instance)
        reason = (reason or "").strip()
        now = now or timezone.now()
        by = None if as_system else user
        from straiik.core.audit import record_change, snapshot

        snap = self.snapshot or snapshot
        before = snap(instance)
        context = Step(instance=instance, transition=step, user=by, reason=reason, now=now, previous=previous,
                       options=options)
        if step.hook is not None:
            step.hook(context)
        setattr(instance, self.state_field, step.target)
        if self.prepare is not None:
            self.prepare(context)
        instance.save()
        if self.event_model is not None:
            self.event_model._default_manager.create(**{self.event_field: instance}, action=name,
                                                     from_state=previous, to_state=step.target, reason=reason,
                                                     by=by, at=now)
        from straiik.core.models import ObjectChange

        after = snap(instance)
        extra = {"related": self.related(instance)} if self.related else {}
        record_change(user=by, action=ObjectChange.Action.UPDATE, instance=instance, before=before, after=after,
                      **extra)
        if self.after is not None:
            self.after(context)
        for effect in (step.on_commit, self.on_commit):
            if effect is not None:
                transaction.on_commit(partial(effect, context))
        return instance


_REGISTRY: dict[type[models.Model], Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    _REGISTRY[workflow.model] = workflow
    return workflow


def workflow_for(instance_or_model: Any) -> Workflow:
    model = instance_or_model if isinstance(instance_or_model, type) else type(instance_or_model)
    for klass in model.__mro__:
        if klass in _REGISTRY:
            return _REGISTRY[klass]
    raise LookupError(f"no workflow is registered for {model.__name__}")


def take(instance: Any, name: str, *, user: Viewer | None, reason: str = "", **kwargs: Any) -> Any:
    """Take a step on any record with a registered workflow (see the module's docstring)."""
    return workflow_for(instance).take(instance, name, user=user, reason=reason, **kwargs)


def available(instance: Any, user: Viewer | None, **kwargs: Any) -> list[Transition]:
    return workflow_for(instance).available(instance, user, **kwargs)


def by_target(instance: Any, user: Viewer | None, target: str) -> Transition | None:
    """The step this user may take to `target` (for forms that post the new status rather than the step)."""
    for t in available(instance, user):
        if t.target == target:
            return t
    return None
