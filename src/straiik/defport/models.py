"""Defport, the front door: needs from defence units, ideas and offers from anyone registered, financing
requests from companies; their triage, and introductions to the organisations that can carry them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from straiik.core.markings import Marked
from straiik.core.models import WorkflowEvent
from straiik.core.restrict import RestrictedQuerySet
from straiik.defport.choices import AWAITING_ANSWER, IntroductionState, Kind, Language, Sensitivity, State
from straiik.registry.models import CpvCode, Organisation, PriorityArea

MAX_TEXT = 20_000


class Submission(Marked, models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=MAX_TEXT)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, blank=True,
                                help_text=_("Detected from the text when left empty."))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="defport_submissions", verbose_name=_("organisation"))
    areas = models.ManyToManyField(PriorityArea, blank=True, related_name="+", verbose_name=_("priority areas"))
    cpv_codes = models.ManyToManyField(CpvCode, blank=True, related_name="+", verbose_name=_("CPV codes"))
    region = models.CharField(_("province or region"), max_length=6, blank=True)
    # a need
    constraints = models.TextField(_("constraints"), blank=True, max_length=MAX_TEXT)
    environment = models.TextField(_("operating environment"), blank=True, max_length=MAX_TEXT)
    wanted_by = models.DateField(_("wanted by"), null=True, blank=True)
    sensitivity = models.CharField(_("sensitivity"), max_length=20, choices=Sensitivity.choices,
                                   default=Sensitivity.OPEN)
    # an idea or a financing request
    trl = models.PositiveSmallIntegerField(_("TRL"), null=True, blank=True,
                                           validators=[MinValueValidator(1), MaxValueValidator(9)])
    wants = models.JSONField(_("looking for"), default=list, blank=True)
    amount_eur = models.PositiveBigIntegerField(_("amount (EUR)"), null=True, blank=True)
    stage = models.CharField(_("investment stage"), max_length=40, blank=True)
    is_exercise = models.BooleanField(_("exercise, demo or test"), default=False, help_text=_(
        "Shown with a badge and left out of the official figures: indicators, dashboards' totals and the report "
        "to Parliament."))
    # triage
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("assigned to"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    AUDIT_FIELDS = ("kind", "title", "description", "language", "organisation", "region", "constraints",
                    "environment", "wanted_by", "sensitivity", "trl", "wants", "amount_eur", "stage", "state",
                    "assigned_to", "outcome", "areas", "cpv_codes", "classification", "releasability",
                    "need_to_know")

    MARKING_PARTIES = ("submitted_by", "organisation")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Defport submission")
        indexes = [models.Index(fields=["state", "due_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("defport:submission", args=[self.pk])

    @property
    def awaiting_answer(self) -> bool:
        return self.state in AWAITING_ANSWER

    @property
    def overdue(self) -> bool:
        """Still unanswered after the deadline, or answered after it."""
        if self.due_at is None:
            return False
        if self.answered_at is not None:
            return self.answered_at > self.due_at
        return self.awaiting_answer and timezone.now() > self.due_at

    @property
    def age_days(self) -> int | None:
        if self.submitted_at is None:
            return None
        return (timezone.now() - self.submitted_at).days


class Event(WorkflowEvent):
    """One step of a submission's life, shown to its submitter: who moved it where, when, and why."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices)

    objects = RestrictedQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.from_state} -> {self.to_state}"


class Introduction(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="introductions")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="defport_introductions")
    note = models.TextField(_("note"), blank=True, max_length=5_000)
    reasons = models.JSONField(default=list, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=IntroductionState.choices,
                             default=IntroductionState.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField(_("response"), blank=True, max_length=5_000)

    AUDIT_FIELDS = ("organisation", "note", "state", "response")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["submission", "organisation"], name="one_introduction")]
        verbose_name = _("introduction")

    def __str__(self) -> str:
        return f"#{self.submission_id} → {self.organisation}"


class FinancierMandate(models.Model):
    """What a financial institution funds, so ideas and financing requests find the right financiers."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="mandate")
    stages = models.JSONField(_("stages"), default=list, blank=True)
    trl_min = models.PositiveSmallIntegerField(_("TRL from"), null=True, blank=True,
                                               validators=[MinValueValidator(1), MaxValueValidator(9)])
    trl_max = models.PositiveSmallIntegerField(_("TRL to"), null=True, blank=True,
                                               validators=[MinValueValidator(1), MaxValueValidator(9)])
    ticket_min_eur = models.PositiveBigIntegerField(_("smallest ticket (EUR)"), null=True, blank=True)
    ticket_max_eur = models.PositiveBigIntegerField(_("largest ticket (EUR)"), null=True, blank=True)
    areas = models.ManyToManyField(PriorityArea, blank=True, related_name="+")
    exclusions = models.JSONField(_("never funds"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    AUDIT_FIELDS = ("stages", "trl_min", "trl_max", "ticket_min_eur", "ticket_max_eur", "exclusions", "areas")

    def __str__(self) -> str:
        return f"mandate of {self.organisation}"


class EmbeddingCache(models.Model):
    """Dense vectors of indexed documents, so each text is embedded once (see matching.py)."""

    key = models.CharField(max_length=80, primary_key=True)
    text_hash = models.CharField(max_length=64)
    model = models.CharField(max_length=120)
    vector = models.BinaryField()

    def __str__(self) -> str:
        return self.key
