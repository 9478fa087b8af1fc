"""The triage workflow, declared as data and enforced in one place (`services.transition`).

    draft → submitted → in triage → matched → introduced → handed to an SDIR call
                                   ↘ closed (with a reason), from any open state; reopened by the office

Who may take a transition is a set of actors: the submitter ("owner"), the programme office ("office").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_TRIAGE = "in_triage", _("In triage")
    MATCHED = "matched", _("Matched")
    INTRODUCED = "introduced", _("Introduced")
    HANDED_TO_SDIR = "handed_to_sdir", _("Handed to an SDIR call")
    CLOSED = "closed", _("Closed")


OWNER, OFFICE, SYSTEM = "owner", "office", "system"
OPEN_STATES = frozenset({State.SUBMITTED, State.IN_TRIAGE, State.MATCHED, State.INTRODUCED})
# Until one of these is left, the programme office still owes the submitter an answer (the deadline runs).
AWAITING_ANSWER = frozenset({State.SUBMITTED, State.IN_TRIAGE})


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    needs_reason: bool = False
    # Steps that end a submission (the submitter stops waiting, open introductions stop) ask for confirmation.
    ends: bool = False


TRANSITIONS: dict[str, Transition] = {t.name: t for t in [
    Transition("submit", _("Submit"), frozenset({State.DRAFT}), State.SUBMITTED, frozenset({OWNER})),
    Transition("start_triage", _("Start triage"), frozenset({State.SUBMITTED}), State.IN_TRIAGE,
               frozenset({OFFICE})),
    Transition("mark_matched", _("Matches found"), frozenset({State.IN_TRIAGE}), State.MATCHED, frozenset({OFFICE})),
    Transition("mark_introduced", _("Introduced"), frozenset({State.MATCHED}), State.INTRODUCED,
               frozenset({OFFICE, SYSTEM})),
    Transition("hand_to_sdir", _("Hand to an SDIR call"), frozenset({State.MATCHED, State.INTRODUCED}),
               State.HANDED_TO_SDIR, frozenset({OFFICE}), needs_reason=True),
    Transition("close", _("Close"), frozenset(OPEN_STATES), State.CLOSED, frozenset({OFFICE}), needs_reason=True,
               ends=True),
    Transition("withdraw", _("Withdraw"), frozenset({State.DRAFT, *OPEN_STATES}), State.CLOSED, frozenset({OWNER}),
               needs_reason=True, ends=True),
    Transition("reopen", _("Reopen"), frozenset({State.CLOSED, State.HANDED_TO_SDIR}), State.IN_TRIAGE,
               frozenset({OFFICE}), needs_reason=True),
]}


def available(state: str, actors: set[str]) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.sources and t.actors & actors]
