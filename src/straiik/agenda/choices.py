"""The action agenda's states and kinds, shared by models, services, selectors, the report and templates."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgendaStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Theme(models.TextChoices):
    """The strategy's lines of work across the priority areas (the letter to Parliament)."""

    HUB = "hub", _("Public-private hub (Defport)")
    SDIR = "sdir", _("Innovation procurement (SDIR)")
    BUNDLING = "bundling", _("International demand bundling")
    UKRAINE = "ukraine", _("Cooperation with Ukraine")
    FINANCE = "finance", _("Finance for the defence industry")
    SUPPLY = "supply", _("Supply chains, co-production and standardisation")
    KNOWLEDGE = "knowledge", _("Knowledge institutions and regional ecosystems")
    PROTECTION = "protection", _("Protecting key technologies")



class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DELAYED = "delayed", _("Delayed")
    CANCELLED = "cancelled", _("Cancelled")


class LinkKind(models.TextChoices):
    DEFPORT_NEED = "defport-need", _("Defport need")
    SDIR_CALL = "sdir-call", _("SDIR call")
    BUNDLING_ROUND = "bundling-round", _("Bundling round")
    SUPPLY_ANALYSIS = "supply-analysis", _("Supply-chain analysis")


class ItemKind(models.TextChoices):
    MOTION = "motion", _("Motion")
    COMMITMENT = "commitment", _("Commitment")


class ItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("Being carried out")
    FULFILLED = "fulfilled", _("Fulfilled")
    LAPSED = "lapsed", _("Lapsed or withdrawn")


CLOSED_STATUSES = frozenset({ActionStatus.DONE, ActionStatus.CANCELLED})
