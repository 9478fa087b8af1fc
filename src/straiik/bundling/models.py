"""Demand bundling on the platform: rounds, the demand and offers registered in them, optimiser runs and the
joint procurements that come out of them.

A buyer in the optimiser is a nation: the country of the organisation that registers the demand (EDIRPA
and EDIP count member states). A demand is registered by a defence organisation on behalf of its nation.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from straiik.bundling.choices import ComponentState, ProcurementStatus, RoundStatus, RunStatus
from straiik.core.markings import Marked
from straiik.core.restrict import RestrictedQuerySet
from straiik.registry.models import CpvCode, Organisation


class BundlingRound(Marked, models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    periods = models.JSONField(_("delivery periods"), default=list, help_text=_("In order, e.g. 2027-Q1, 2027-Q2."))
    min_buyers = models.PositiveSmallIntegerField(_("minimum buyers per joint contract"), default=3,
                                                  validators=[MinValueValidator(1), MaxValueValidator(50)])
    min_eu_buyers = models.PositiveSmallIntegerField(_("of which EU member states"), default=2,
                                                     validators=[MaxValueValidator(50)])
    individual_rationality = models.BooleanField(
        _("no buyer pays more than alone"), default=True,
        help_text=_("Every demand in a joint contract pays at most its national unit price."))
    funding_enabled = models.BooleanField(_("EU co-funding"), default=True)
    funding_min_eu_content = models.DecimalField(_("minimum EU content for funding"), max_digits=4, decimal_places=3,
                                                 default=Decimal("0.65"),
                                                 validators=[MinValueValidator(0), MaxValueValidator(1)])
    funding_share = models.DecimalField(_("funding share"), max_digits=4, decimal_places=3, default=Decimal("0.15"),
                                        validators=[MinValueValidator(0), MaxValueValidator(1)])
    funding_share_with_ukraine = models.DecimalField(
        _("funding share when Ukraine takes part"), max_digits=4, decimal_places=3, default=Decimal("0.20"),
        validators=[MinValueValidator(0), MaxValueValidator(1)])
    ukraine_country = models.CharField(_("Ukraine's country code"), max_length=2, default="UA")
    is_exercise = models.BooleanField(_("exercise, demo or test"), default=False, help_text=_(
        "Shown with a badge and left out of the official figures: indicators, dashboards' totals and the report "
        "to Parliament."))
    time_limit = models.PositiveIntegerField(_("optimiser time limit (seconds)"), default=60,
                                             validators=[MinValueValidator(1), MaxValueValidator(3600)])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    AUDIT_FIELDS = ("name", "description", "status", "currency", "periods", "min_buyers", "min_eu_buyers",
                    "individual_rationality", "funding_enabled", "funding_min_eu_content", "funding_share",
                    "funding_share_with_ukraine", "ukraine_country", "time_limit")

    objects = RestrictedQuerySet.as_manager()
    MARKING_CHILDREN = ("demands", "offers", "runs")
    MARKING_PARTIES = ("created_by",)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bundling round")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("bundling:round", args=[self.pk])

    @property
    def accepts_inputs(self) -> bool:
        return self.status == RoundStatus.OPEN


class Demand(Marked, models.Model):
    round = models.ForeignKey(BundlingRound, on_delete=models.CASCADE, related_name="demands")
    buyer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="bundling_demands",
                              verbose_name=_("buying organisation"))
    reference = models.CharField(_("buyer's reference"), max_length=60, blank=True)
    item = models.ForeignKey(CpvCode, on_delete=models.PROTECT, related_name="+", verbose_name=_("item (CPV)"))
    standard = models.CharField(_("standard"), max_length=80, help_text=_("The one standard required, e.g. "
                                                                         "STANAG-4425."))
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    periods = models.JSONField(_("acceptable delivery periods"), default=list)
    solo_unit_price = models.DecimalField(_("national unit price"), max_digits=14, decimal_places=2,
                                          validators=[MinValueValidator(0)])
    joint_procurement = models.ForeignKey("JointProcurement", on_delete=models.SET_NULL, null=True, blank=True,
                                          related_name="demands")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    AUDIT_FIELDS = ("buyer", "reference", "item", "standard", "quantity", "periods", "solo_unit_price")

    objects = RestrictedQuerySet.as_manager()
    MARKING_PARENT = "round"
    MARKING_PARTIES = ("created_by", "buyer")
    # Set by the round's page for its reader; not stored.
    can_change: bool

    class Meta:
        ordering = ["round", "buyer__country", "id"]
        verbose_name = _("demand")

    def __str__(self) -> str:
        return f"{self.code} {self.item_id} × {self.quantity}"

    @property
    def code(self) -> str:
        """The demand's id in optimiser files."""
        return f"D{self.pk}"

    @property
    def nation(self) -> str:
        return self.buyer.country


class Offer(Marked, models.Model):
    round = models.ForeignKey(BundlingRound, on_delete=models.CASCADE, related_name="offers")
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="bundling_offers",
                                 verbose_name=_("supplier"))
    reference = models.CharField(_("supplier's reference"), max_length=60, blank=True)
    item = models.ForeignKey(CpvCode, on_delete=models.PROTECT, related_name="+", verbose_name=_("item (CPV)"))
    standards = models.JSONField(_("standards met"), default=list)
    eu_content = models.DecimalField(_("EU content"), max_digits=4, decimal_places=3,
                                     validators=[MinValueValidator(0), MaxValueValidator(1)],
                                     help_text=_("Share of the value made in the EU or associated countries, 0–1."))
    contract_cost = models.DecimalField(_("cost of one joint contract"), max_digits=14, decimal_places=2,
                                        validators=[MinValueValidator(0)])
    tiers = models.JSONField(_("price tiers"), default=list)
    capacity = models.JSONField(_("capacity per period"), default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    AUDIT_FIELDS = ("supplier", "reference", "item", "standards", "eu_content", "contract_cost", "tiers", "capacity")

    objects = RestrictedQuerySet.as_manager()
    MARKING_PARENT = "round"
    MARKING_PARTIES = ("created_by", "supplier")
    # Set by the round's page for its reader; not stored.
    can_change: bool

    class Meta:
        ordering = ["round", "supplier__name", "id"]
        verbose_name = _("offer")

    def __str__(self) -> str:
        return f"{self.code} {self.supplier.name} {self.item_id}"

    @property
    def code(self) -> str:
        return f"O{self.pk}"


class BundlingRun(Marked, models.Model):
    """One optimiser run on a snapshot of a round's inputs, possibly changed for a what-if."""

    round = models.ForeignKey(BundlingRound, on_delete=models.CASCADE, related_name="runs")
    label = models.CharField(_("label"), max_length=200)
    variation = models.JSONField(_("what-if changes"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    time_limit = models.PositiveIntegerField(_("time limit (seconds)"))
    task_id = models.CharField(max_length=64, blank=True)
    problem = models.JSONField(_("problem (straiik.bundling/1)"))
    solution = models.JSONField(_("solution"), null=True, blank=True)
    stats = models.JSONField(default=dict, blank=True)
    without_ukraine = models.JSONField(null=True, blank=True,
                                       help_text="The same problem solved without Ukraine's demand, for comparison.")
    progress = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    MARKING_PARENT = "round"
    MARKING_PARTIES = ("requested_by",)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("optimiser run")

    def __str__(self) -> str:
        return f"{self.round.name}: {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("bundling:run", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class JointProcurement(models.Model):
    """A proposed joint contract that the programme office accepted: the record the nations work from."""

    round = models.ForeignKey(BundlingRound, on_delete=models.PROTECT, related_name="procurements")
    run = models.ForeignKey(BundlingRun, on_delete=models.PROTECT, related_name="procurements")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="procurements")
    period = models.CharField(_("delivery period"), max_length=40)
    lead_nation = models.CharField(_("lead nation"), max_length=2)
    participants = models.JSONField(_("participants"), default=list)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=2)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    contract_cost = models.DecimalField(_("contract cost"), max_digits=14, decimal_places=2)
    funding = models.DecimalField(_("EU funding"), max_digits=18, decimal_places=2)
    net_cost = models.DecimalField(_("net cost"), max_digits=18, decimal_places=2)
    solo_cost = models.DecimalField(_("cost if bought nationally"), max_digits=18, decimal_places=2)
    status = models.CharField(_("status"), max_length=20, choices=ProcurementStatus.choices,
                              default=ProcurementStatus.AGREED)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField(auto_now_add=True)

    AUDIT_FIELDS = ("offer", "period", "lead_nation", "participants", "quantity", "unit_price", "value",
                    "contract_cost", "funding", "net_cost", "solo_cost", "status")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-accepted_at", "-id"]
        verbose_name = _("joint procurement")

    def __str__(self) -> str:
        return f"JP-{self.pk:04d} {self.offer.item_id} {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("bundling:procurement", args=[self.pk])

    @property
    def savings(self):
        return self.solo_cost - self.net_cost


class BundlingComponent(models.Model):
    """One independent component of a run's problem, solved by whichever task-queue worker claims it.

    The run's solve is shared out through these rows: a worker claims a component (a lease it renews while
    HiGHS reports), solves it for the time the visit policy gives, and merges its answer (the cheaper
    solution, the larger bound). A worker that dies leaves an expired lease: the component is claimed again.
    """

    run = models.ForeignKey(BundlingRun, on_delete=models.CASCADE, related_name="components")
    phase = models.CharField(max_length=20, default="main")  # main, or without-ukraine
    index = models.PositiveIntegerField()  # 0-based, in the engine's order (engines.bundling.solver.parts_of)
    demands = models.PositiveIntegerField()
    pairs = models.PositiveIntegerField()
    state = models.CharField(max_length=20, choices=ComponentState.choices, default=ComponentState.WAITING)
    total = models.FloatField()
    bound = models.FloatField()
    greedy_total = models.FloatField()
    assignment = models.JSONField(default=list)  # [[demand index, lot index], ...] of the best solution
    solver_status = models.CharField(max_length=40, blank=True)
    proven = models.BooleanField(default=False)
    use_start = models.BooleanField(default=True)
    visits = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)  # claims, finished or not
    limit = models.FloatField(default=0.0)  # seconds of the last (or current) visit
    seconds = models.FloatField(default=0.0)
    lns_improvements = models.PositiveIntegerField(default=0)
    deadline = models.DateTimeField()  # the phase's: no visit starts after it
    worker = models.CharField(max_length=200, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["run", "phase", "index"]
        constraints = [models.UniqueConstraint(fields=["run", "phase", "index"], name="bundling_component_once")]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.phase}/{self.index}"
