"""Defport's states and constants, shared by models, services, selectors and templates."""

from __future__ import annotations

from django.db import models
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


class Kind(models.TextChoices):
    NEED = "need", _("Operational need")
    IDEA = "idea", _("Idea or offer")
    FINANCING = "financing", _("Financing request")


class Sensitivity(models.TextChoices):
    OPEN = "open", _("Open: every registered user")
    RESTRICTED = "restricted", _("Restricted: programme office and defence buyers")


class Language(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")
    UKRAINIAN = "uk", _("Ukrainian")


class IntroductionState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
