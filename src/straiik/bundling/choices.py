"""Demand bundling's states, shared by models, services, selectors, indicators and templates."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open for demand and offers")
    CLOSED = "closed", _("Closed: inputs frozen")
    CONCLUDED = "concluded", _("Concluded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ProcurementStatus(models.TextChoices):
    AGREED = "agreed", _("Agreed: to be tendered by the lead nation")
    CONTRACTED = "contracted", _("Contract signed")
    CANCELLED = "cancelled", _("Cancelled")


class ComponentState(models.TextChoices):
    WAITING = "waiting", _("Waiting for its first visit")
    RUNNING = "running", _("Being solved")
    OPEN = "open", _("Not proven optimal yet")
    OPTIMAL = "optimal", _("Proven optimal")
    FAILED = "failed", _("Failed: greedy solution kept")
