"""SDIR's states and constants, shared by models, services, selectors, indicators and templates."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The targets from the call's closing: applicants hear the decision within NOTIFY_DAYS, contracts are signed
# within AWARD_DAYS (the DASA/SBIR practice the scheme follows).
NOTIFY_DAYS, AWARD_DAYS = 90, 180


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


class Phase(models.IntegerChoices):
    FEASIBILITY = 1, _("Phase 1: feasibility")
    PROTOTYPE = 2, _("Phase 2: prototype or demonstrator")


class Scheme(models.TextChoices):
    DASA = "dasa", _("DASA-style: desirable, feasible, viable, then moderation")
    EDF = "edf", _("EDF-style weighted criteria with thresholds")
    CUSTOM = "custom", _("Own criteria")


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Outcome(models.TextChoices):
    NONE = "", _("Not decided")
    SELECTED = "selected", _("Selected for funding")
    NOT_SELECTED = "not_selected", _("Not selected: the budget went to higher-scoring proposals")
    NOT_FUNDABLE = "not_fundable", _("Not fundable: below a quality threshold")
    CANCELLED = "cancelled", _("The call was cancelled")


class AssignmentState(models.TextChoices):
    PENDING = "pending", _("Conflict of interest not yet declared")
    CLEARED = "cleared", _("No conflict: to score")
    CONFLICTED = "conflicted", _("Conflict declared: not reviewing")
    SUBMITTED = "submitted", _("Scores submitted")


class AwardStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")


class Transition(models.TextChoices):
    UNKNOWN = "", _("Not yet recorded")
    PHASE_2 = "phase_2", _("Continued in phase 2")
    PHASE_3 = "phase_3", _("Phase 3: follow-on order (procurement, scale-up)")
    PRODUCTION = "production", _("In production or in use by the armed forces")
    NONE = "none", _("No transition")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DELIVERED = "delivered", _("Delivered, to be accepted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


PHASE_MONTHS = {Phase.FEASIBILITY: 6, Phase.PROTOTYPE: 24}


TRANSITIONED = (Transition.PHASE_3, Transition.PRODUCTION)
