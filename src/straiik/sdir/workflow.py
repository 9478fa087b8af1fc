"""The life of an SDIR call, declared as data and enforced in one place (`services.transition`).

    draft → published → open → closed → in review → decided → awarded → in execution → completed
    draft, published                         → withdrawn  (before anyone could apply)
    open, closed, in review, decided         → cancelled  (applicants are told)

"open" and "closed" follow the call's dates: the server takes them (actor "system") at the second the
dates pass, Europe/Amsterdam, and records them with that time. Who may take a transition is a set of
actors: the programme office ("office"), the defence buyer who owns the call ("owner"), the system.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published (not yet open)")
    OPEN = "open", _("Open for proposals")
    CLOSED = "closed", _("Closed")
    IN_REVIEW = "in_review", _("In review")
    DECIDED = "decided", _("Decided")
    AWARDED = "awarded", _("Awarded")
    IN_EXECUTION = "in_execution", _("In execution")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")


OWNER, OFFICE, SYSTEM = "owner", "office", "system"
# The states in which applicants can see a call and the public its OCDS releases.
PUBLIC_STATES = frozenset(set(State.values) - {State.DRAFT})
AFTER_CLOSE = frozenset({State.CLOSED, State.IN_REVIEW, State.DECIDED, State.AWARDED, State.IN_EXECUTION,
                         State.COMPLETED})
AFTER_DECISION = frozenset({State.DECIDED, State.AWARDED, State.IN_EXECUTION, State.COMPLETED})


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    needs_reason: bool = False
    # Irreversible steps (applicants are told, contracts made, the call ends) ask for confirmation first.
    irreversible: bool = False


TRANSITIONS: dict[str, Transition] = {t.name: t for t in [
    Transition("publish", _("Publish"), frozenset({State.DRAFT}), State.PUBLISHED, frozenset({OFFICE})),
    Transition("open", _("Open"), frozenset({State.PUBLISHED}), State.OPEN, frozenset({SYSTEM})),
    Transition("close", _("Close"), frozenset({State.OPEN}), State.CLOSED, frozenset({SYSTEM})),
    Transition("start_review", _("Start the review"), frozenset({State.CLOSED}), State.IN_REVIEW,
               frozenset({OFFICE})),
    Transition("decide", _("Decide and notify the applicants"), frozenset({State.IN_REVIEW}), State.DECIDED,
               frozenset({OFFICE}), irreversible=True),
    Transition("award", _("Award the contracts"), frozenset({State.DECIDED}), State.AWARDED, frozenset({OFFICE}),
               irreversible=True),
    Transition("start_execution", _("Start execution"), frozenset({State.AWARDED}), State.IN_EXECUTION,
               frozenset({OFFICE, OWNER})),
    Transition("complete", _("Complete"), frozenset({State.IN_EXECUTION}), State.COMPLETED, frozenset({OFFICE}),
               irreversible=True),
    Transition("withdraw", _("Withdraw"), frozenset({State.DRAFT, State.PUBLISHED}), State.WITHDRAWN,
               frozenset({OFFICE, OWNER}), needs_reason=True, irreversible=True),
    Transition("cancel", _("Cancel"), frozenset({State.OPEN, State.CLOSED, State.IN_REVIEW, State.DECIDED}),
               State.CANCELLED, frozenset({OFFICE}), needs_reason=True, irreversible=True),
]}


def available(state: str, actors: set[str]) -> list[Transition]:
    """The transitions a person with these actors can take by hand from a state (the system's are not shown)."""
    return [t for t in TRANSITIONS.values() if state in t.sources and t.actors & actors and SYSTEM not in t.actors]
