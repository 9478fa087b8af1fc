"""STRAIIK-D, the annual action agenda: per year the ambitions per priority area, objectives, and actions with an
owner, a deadline, an indicator and their progress; the motions and commitments of Parliament they answer; and
the computed values of the platform's indicators over time."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from straiik.agenda.choices import CLOSED_STATUSES, ActionStatus, AgendaStatus, ItemKind, ItemStatus, LinkKind, Theme
from straiik.core.markings import Marked
from straiik.core.restrict import RestrictedQuerySet
from straiik.registry.models import Organisation
from straiik.registry.taxonomies import Area

FIRST_YEAR, LAST_YEAR = 2025, 2100  # the strategy starts in 2025


class Agenda(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True,
                                            validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)])
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("introduction"), blank=True, max_length=20_000)
    status = models.CharField(_("status"), max_length=20, choices=AgendaStatus.choices, default=AgendaStatus.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    AUDIT_FIELDS = ("year", "title", "summary", "status")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("action agenda")

    def __str__(self) -> str:
        return self.title or f"STRAIIK-D {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("agenda:agenda", args=[self.year])

    @property
    def is_published(self) -> bool:
        return self.status == AgendaStatus.PUBLISHED

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, 12, 31)


class Ambition(models.Model):
    """What the agenda aims for in one priority area this year; compared with last year's on the pages."""

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="ambitions")
    area = models.CharField(_("priority area"), max_length=32, choices=Area.choices)
    text = models.TextField(_("ambition"), max_length=10_000)
    change_note = models.TextField(_("what changed since last year, and why"), blank=True, max_length=5_000)
    updated_at = models.DateTimeField(auto_now=True)

    AUDIT_FIELDS = ("area", "text", "change_note")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["agenda", "area"]
        constraints = [models.UniqueConstraint(fields=["agenda", "area"], name="one_ambition_per_area")]
        verbose_name = _("ambition")

    def __str__(self) -> str:
        return f"{self.agenda.year} {self.get_area_display()}"


class Objective(models.Model):
    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="objectives")
    area = models.CharField(_("priority area"), max_length=32, choices=Area.choices, blank=True,
                            help_text=_("Empty for an objective across the areas."))
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, blank=True)
    title = models.CharField(_("objective"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=10_000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    AUDIT_FIELDS = ("area", "theme", "title", "description", "position")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["agenda", "position", "id"]
        verbose_name = _("objective")

    def __str__(self) -> str:
        return self.title


class Action(Marked, models.Model):
    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="actions")
    number = models.PositiveSmallIntegerField(_("number"))
    objective = models.ForeignKey(Objective, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="actions", verbose_name=_("objective"))
    area = models.CharField(_("priority area"), max_length=32, choices=Area.choices, blank=True,
                            help_text=_("Empty for an action across the areas."))
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, blank=True)
    title = models.CharField(_("action"), max_length=300,
                             help_text=_("What will be delivered, e.g. “Award 8 feasibility studies on ...”."))
    description = models.TextField(_("description"), blank=True, max_length=10_000)
    owner_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                           related_name="+", verbose_name=_("owning organisation"))
    owner_person = models.CharField(_("person responsible"), max_length=150, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    indicator_name = models.CharField(_("indicator"), max_length=200, blank=True,
                                      help_text=_("What is measured, e.g. “feasibility studies awarded”."))
    indicator_code = models.CharField(_("computed indicator"), max_length=80, blank=True,
                                      help_text=_("One of the platform's indicators: its value is computed, not "
                                                  "typed, and the unit is the indicator's."))
    baseline = models.DecimalField(_("baseline"), max_digits=18, decimal_places=4, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    budget_eur = models.DecimalField(_("budget (EUR)"), max_digits=16, decimal_places=2, null=True, blank=True,
                                     validators=[MinValueValidator(0)])
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    AUDIT_KEY = "code"  # how the trail names an action (a parliamentary item's "actions")
    AUDIT_KEY_NEEDS = ("agenda",)
    AUDIT_FIELDS = ("number", "objective", "area", "theme", "title", "description", "owner_organisation",
                    "owner_person", "start", "deadline", "indicator_name", "indicator_code", "baseline", "target",
                    "unit", "budget_eur", "status", "progress")

    objects = RestrictedQuerySet.as_manager()
    MARKING_PARTIES = ("created_by", "owner_organisation")

    class Meta:
        ordering = ["agenda", "number"]
        constraints = [models.UniqueConstraint(fields=["agenda", "number"], name="unique_action_number")]
        indexes = [models.Index(fields=["status", "deadline"])]
        verbose_name = _("action")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("agenda:action", args=[self.pk])

    @property
    def code(self) -> str:
        """A stable reference for the report and the debate: the agenda year and the action's number."""
        year = self.agenda.year if self.agenda_id else 0
        return f"{year}-{self.number:02d}"

    @property
    def indicator_label(self) -> str:
        """What the indicator measures: a computed indicator's own name (in the reader's language), else as typed."""
        if self.indicator_code:
            from straiik.core.indicators import REGISTRY

            indicator = REGISTRY.get(self.indicator_code)
            if indicator is not None:
                return indicator.full_label
        return self.indicator_name

    @property
    def unit_label(self) -> str:
        from straiik.core.indicators import UNITS

        return str(UNITS.get(self.unit, self.unit))

    def is_overdue(self, today: dt.date) -> bool:
        """Past its deadline (Amsterdam date) and neither done nor cancelled."""
        return self.deadline is not None and self.deadline < today and self.status not in CLOSED_STATUSES


def evidence_path(instance: ProgressUpdate, filename: str) -> str:
    return f"agenda/evidence/{instance.action_id}/{filename}"


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    reported_on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=[MaxValueValidator(100)])
    value = models.DecimalField(_("measured value"), max_digits=18, decimal_places=4, null=True, blank=True,
                                help_text=_("The indicator's value on this date, in the action's unit."))
    text = models.TextField(_("what happened"), max_length=10_000)
    evidence_url = models.URLField(_("evidence (link)"), blank=True, max_length=500)
    evidence_file = models.FileField(_("evidence (file)"), upload_to=evidence_path, blank=True, max_length=300)
    evidence_name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    AUDIT_FIELDS = ("reported_on", "status", "progress", "value", "text", "evidence_url", "evidence_name")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("progress update")

    def __str__(self) -> str:
        return f"{self.action.code} {self.reported_on}: {self.get_status_display()} {self.progress}%"


class ActionLink(models.Model):
    """A record elsewhere on the platform that the action works through, stored as its kind and id and resolved
    when shown (links.py), so the agenda does not depend on the other apps' tables."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("kind"), max_length=30, choices=LinkKind.choices)
    target_id = models.PositiveBigIntegerField(_("id"))
    url = models.CharField(_("address"), max_length=500, blank=True,
                           help_text=_("Only for records the platform cannot find itself."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    AUDIT_FIELDS = ("kind", "target_id", "url")

    class Meta:
        ordering = ["action", "kind", "target_id"]
        constraints = [models.UniqueConstraint(fields=["action", "kind", "target_id"], name="unique_action_link")]
        verbose_name = _("link")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.target_id}"


class ParliamentaryItem(models.Model):
    """A motion adopted by, or a commitment made to, Parliament, with its document number, and the actions that
    answer it."""

    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    reference = models.CharField(_("document number"), max_length=60,
                                 help_text=_("As “Kamerstuk 36 592, nr. 12”."))
    dossier = models.CharField(max_length=5, editable=False)
    dossier_sub = models.CharField(max_length=6, blank=True, editable=False)
    document_number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=300, help_text=_("E.g. “Motion Erkens”."))
    summary = models.TextField(_("what it asks or promises"), blank=True, max_length=10_000)
    date = models.DateField(_("date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    status_note = models.TextField(_("how it is answered"), blank=True, max_length=10_000)
    actions = models.ManyToManyField(Action, blank=True, related_name="parliamentary_items",
                                     verbose_name=_("answering actions"))
    is_demo = models.BooleanField(default=False, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    AUDIT_FIELDS = ("kind", "reference", "title", "summary", "date", "status", "status_note", "actions")

    objects = RestrictedQuerySet.as_manager()
    # Set by the items page: the answering actions its reader may see; not stored.
    visible_actions: list[Action]

    class Meta:
        ordering = ["dossier", "dossier_sub", "document_number", "id"]
        constraints = [models.UniqueConstraint(fields=["reference"], name="one_motion_per_document",
                                               condition=Q(kind="motion", document_number__isnull=False))]
        verbose_name = _("motion or commitment")

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})"

    def get_absolute_url(self) -> str:
        return reverse("agenda:item", args=[self.pk])

    @property
    def complete_reference(self) -> bool:
        return self.document_number is not None


class IndicatorSnapshot(models.Model):
    """The value an indicator had for a year as of a date: its history, kept as it was computed then (later
    corrections in the source data do not rewrite what was reported)."""

    code = models.CharField(max_length=80)
    year = models.PositiveSmallIntegerField()
    as_of = models.DateField()
    value = models.FloatField()
    detail = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["code", "year", "as_of"]
        constraints = [models.UniqueConstraint(fields=["code", "year", "as_of"], name="one_value_per_day")]
        verbose_name = _("indicator value")

    def __str__(self) -> str:
        return f"{self.code} {self.year} @ {self.as_of}: {self.value}"
