"""Supply networks on the platform: sites and stages (nodes), who supplies what to whom (edges), and the
analyses run on them. The engine (`straiik.engines.supply`) works on a snapshot built from these rows."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from straiik.core.markings import Marked
from straiik.core.restrict import RestrictedQuerySet
from straiik.registry.models import Organisation


class SupplyNetwork(Marked, models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True,
                              help_text=_("Where the data came from: a file, a Willems 2008 chain, ..."))
    is_exercise = models.BooleanField(_("exercise, demo or test"), default=False, help_text=_(
        "Shown with a badge and left out of the official figures: indicators, dashboards' totals and the report "
        "to Parliament."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    AUDIT_FIELDS = ("name", "description", "source")

    objects = RestrictedQuerySet.as_manager()
    MARKING_CHILDREN = ("analyses",)
    MARKING_PARTIES = ("created_by",)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("supply network")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("supply:network", args=[self.pk])


class SupplyNode(models.Model):
    network = models.ForeignKey(SupplyNetwork, on_delete=models.CASCADE, related_name="nodes")
    key = models.CharField(_("id"), max_length=120)
    name = models.CharField(_("name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=60, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                     verbose_name=_("organisation in the registry"))
    country = models.CharField(_("country"), max_length=2, blank=True)
    capacity = models.FloatField(_("capacity per week"), null=True, blank=True, validators=[MinValueValidator(0)])
    inventory_weeks = models.FloatField(_("inventory (weeks)"), default=0, validators=[MinValueValidator(0)])
    recovery_weeks = models.FloatField(_("time to recover (weeks)"), null=True, blank=True,
                                       validators=[MinValueValidator(0)])
    demand = models.FloatField(_("demand per week"), default=0, validators=[MinValueValidator(0)])
    unit_value = models.FloatField(_("value added per unit"), default=1, validators=[MinValueValidator(0)])
    material = models.CharField(_("raw material supplied"), max_length=80, blank=True)
    surge_cost = models.FloatField(_("cost of a unit per week of added capacity"), default=1,
                                   validators=[MinValueValidator(0)])
    surge_limit = models.FloatField(_("most capacity that can be added"), null=True, blank=True,
                                    validators=[MinValueValidator(0)])

    AUDIT_FIELDS = ("key", "name", "kind", "organisation_name", "country", "capacity", "inventory_weeks",
                    "recovery_weeks", "demand", "unit_value", "material", "surge_cost", "surge_limit")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["network", "key"]
        constraints = [models.UniqueConstraint(fields=["network", "key"], name="unique_node_key")]
        verbose_name = _("node")

    def __str__(self) -> str:
        return self.name or self.key

    @property
    def is_product(self) -> bool:
        return self.demand > 0


class SupplyEdge(models.Model):
    network = models.ForeignKey(SupplyNetwork, on_delete=models.CASCADE, related_name="edges")
    node = models.ForeignKey(SupplyNode, on_delete=models.CASCADE, related_name="inputs")
    source = models.ForeignKey(SupplyNode, on_delete=models.CASCADE, related_name="outputs")
    part = models.CharField(_("part"), max_length=120, blank=True,
                            help_text=_("Sources of the same part are alternatives: any one suffices."))
    quantity = models.FloatField(_("quantity per unit"), default=1, validators=[MinValueValidator(0)])
    share = models.FloatField(_("planned share"), null=True, blank=True, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["network", "id"]
        verbose_name = _("supply link")

    def __str__(self) -> str:
        return f"{self.source_id} -> {self.node_id} ({self.part or 'required'})"


class AnalysisKind(models.TextChoices):
    OVERVIEW = "overview", _("Single points of failure, dependence, time to survive and recover")
    SCENARIO = "scenario", _("Disruption scenario")
    SURGE = "surge", _("Surge: capacity to reach a target output")


class AnalysisStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class SupplyAnalysis(Marked, models.Model):
    network = models.ForeignKey(SupplyNetwork, on_delete=models.CASCADE, related_name="analyses")
    kind = models.CharField(_("kind"), max_length=20, choices=AnalysisKind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=AnalysisStatus.choices,
                              default=AnalysisStatus.QUEUED)
    progress = models.JSONField(default=dict, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    network_updated_at = models.DateTimeField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    MARKING_PARENT = "network"
    MARKING_PARTIES = ("requested_by",)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("supply analysis")

    def __str__(self) -> str:
        return f"{self.network.name}: {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("supply:analysis", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (AnalysisStatus.DONE, AnalysisStatus.FAILED)

    @property
    def outdated(self) -> bool:
        return self.network_updated_at < self.network.updated_at
