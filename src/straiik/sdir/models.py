"""SDIR, Strategic Defence Innovation Research: phased innovation competitions in the spirit of SBIR.

A call on a topic (phase 1 feasibility, about 6 months; phase 2 prototype or demonstrator, about 2 years,
possibly limited to the phase-1 winners) receives proposals from registered organisations; reviewers score
them per criterion after declaring conflicts of interest; a moderator sets the consensus; the decision funds
the best proposals within the phase budget; awards carry milestones and deliverables, and what became of
each result (phase 2, a phase 3 follow-on order, production, or nothing) is recorded."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from straiik.core.markings import Marked
from straiik.core.models import WorkflowEvent
from straiik.core.restrict import RestrictedQuerySet
from straiik.engines.sdir import criteria_from_dicts
from straiik.registry.models import Organisation
from straiik.registry.taxonomies import Area
from straiik.sdir.choices import (
    AFTER_CLOSE,
    AssignmentState,
    AwardStatus,
    MilestoneStatus,
    Outcome,
    Phase,
    ProposalState,
    Scheme,
    State,
    Transition,
)

MAX_TEXT = 20_000


class Call(Marked, models.Model):
    reference = models.CharField(_("reference"), max_length=30, unique=True, blank=True)
    title = models.CharField(_("topic"), max_length=200)
    problem = models.TextField(_("problem statement"), max_length=MAX_TEXT)
    need = models.ForeignKey("defport.Submission", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="sdir_calls", verbose_name=_("Defport need"))
    area = models.CharField(_("priority area"), max_length=32, choices=Area.choices)
    owning_unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sdir_calls",
                                    verbose_name=_("owning unit"))
    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices, default=Phase.FEASIBILITY)
    follows = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_calls",
                                verbose_name=_("follows the call"))
    only_previous_winners = models.BooleanField(_("only the winners of the earlier call may apply"), default=False)
    budget_eur = models.PositiveBigIntegerField(_("phase budget (EUR)"))
    max_award_eur = models.PositiveBigIntegerField(_("maximum award (EUR)"))
    duration_months = models.PositiveSmallIntegerField(_("duration of the work (months)"), default=6,
                                                       validators=[MinValueValidator(1), MaxValueValidator(60)])
    is_exercise = models.BooleanField(_("exercise, demo or test"), default=False, help_text=_(
        "Shown with a badge and left out of the official figures: indicators, dashboards' totals and the report "
        "to Parliament."))
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    decision_due_at = models.DateTimeField(_("decision due"), null=True, blank=True)
    award_due_at = models.DateTimeField(_("award due"), null=True, blank=True)
    # eligibility
    allowed_countries = models.JSONField(_("countries of establishment"), default=list, blank=True,
                                         help_text=_("ISO 3166 codes; empty: any country"))
    max_foreign_ownership_pct = models.DecimalField(
        _("largest foreign ownership (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)], help_text=_("Empty: no limit"))
    allowed_control_countries = models.JSONField(
        _("foreign control allowed from"), default=list, blank=True,
        help_text=_("ISO 3166 codes of the countries from which an applicant may be controlled, if it is "
                    "controlled from abroad; empty: no restriction"))
    sme_only = models.BooleanField(_("SMEs and start-ups only"), default=False)
    # evaluation
    scheme = models.CharField(_("evaluation scheme"), max_length=10, choices=Scheme.choices, default=Scheme.DASA)
    criteria = models.JSONField(_("criteria"), default=list)
    quality_threshold = models.DecimalField(_("lowest fundable total (0-100)"), max_digits=5, decimal_places=2,
                                            default=50, validators=[MinValueValidator(0), MaxValueValidator(100)])
    moderation = models.BooleanField(_("a moderator sets the consensus"), default=True)
    reviewers_per_proposal = models.PositiveSmallIntegerField(_("reviewers per proposal"), default=3,
                                                              validators=[MinValueValidator(1),
                                                                          MaxValueValidator(10)])
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="sdir_panels",
                                       verbose_name=_("reviewers"))
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("moderator"))
    # workflow
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    review_started_at = models.DateTimeField(_("review started"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    notified_at = models.DateTimeField(_("applicants notified"), null=True, blank=True)
    awarded_at = models.DateTimeField(_("awarded"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    ended_at = models.DateTimeField(_("withdrawn or cancelled"), null=True, blank=True)
    end_reason = models.TextField(_("reason"), blank=True)

    AUDIT_FIELDS = ("reference", "title", "problem", "need", "area", "owning_unit", "phase", "follows",
                    "only_previous_winners", "budget_eur", "max_award_eur", "duration_months", "opens_at",
                    "closes_at", "decision_due_at", "award_due_at", "allowed_countries", "max_foreign_ownership_pct",
                    "allowed_control_countries", "sme_only", "scheme", "criteria", "quality_threshold", "moderation",
                    "reviewers_per_proposal", "moderator", "state", "end_reason", "reviewers", "classification",
                    "releasability", "need_to_know")

    MARKING_CHILDREN = ("proposals",)
    MARKING_PARTIES = ("created_by", "owning_unit")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("SDIR call")
        verbose_name_plural = _("SDIR calls")
        indexes = [models.Index(fields=["state", "closes_at"])]

    def __str__(self) -> str:
        return f"{self.reference or '—'} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("sdir:call", args=[self.pk])

    def criteria_list(self) -> list[Any]:
        return criteria_from_dicts(self.criteria)

    def criteria_shown(self) -> list[Any]:
        """The criteria for people to read: a preset's own labels and guidance in the reader's language."""
        from straiik.sdir.presets import shown_criteria

        return shown_criteria(self.criteria_list())

    def current_state(self, now: dt.datetime | None = None) -> str:
        """The state with the dates applied: a published call is open from `opens_at` and closed from
        `closes_at`, to the second, whether or not anyone has touched it since."""
        now = now or timezone.now()
        state = self.state
        if state == State.PUBLISHED and now >= self.opens_at:
            state = State.OPEN
        if state == State.OPEN and now >= self.closes_at:
            state = State.CLOSED
        return state

    def current_state_label(self) -> str:
        return str(State(self.current_state()).label)

    def accepts_proposals(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.current_state(now) == State.OPEN and self.opens_at <= now < self.closes_at

    @property
    def is_closed(self) -> bool:
        return self.current_state() in AFTER_CLOSE


class CallEvent(WorkflowEvent):
    """One step of a call's life: who moved it where, when, and why."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices)

    objects = RestrictedQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.call_id}: {self.from_state} -> {self.to_state}"


class Proposal(Marked, models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="proposals")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sdir_proposals",
                                     verbose_name=_("applicant"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=5_000)
    approach = models.TextField(_("technical approach and work plan"), max_length=MAX_TEXT)
    amount_eur = models.PositiveBigIntegerField(_("amount asked (EUR)"))
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"),
                                                       validators=[MinValueValidator(1), MaxValueValidator(60)])
    trl = models.PositiveSmallIntegerField(_("TRL now"), null=True, blank=True,
                                           validators=[MinValueValidator(1), MaxValueValidator(9)])
    state = models.CharField(_("state"), max_length=20, choices=ProposalState.choices, default=ProposalState.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    receipt = models.CharField(_("receipt number"), max_length=40, blank=True)
    content_hash = models.CharField(_("SHA-256 of the submitted content"), max_length=64, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # moderation and decision
    consensus = models.JSONField(_("consensus scores"), default=dict, blank=True)
    consensus_total = models.DecimalField(_("consensus total"), max_digits=5, decimal_places=2, null=True,
                                          blank=True)
    consensus_comment = models.TextField(_("moderator's comment"), blank=True, max_length=5_000)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True, default="")
    outcome_reason = models.TextField(_("why"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    AUDIT_FIELDS = ("title", "summary", "approach", "amount_eur", "duration_months", "trl", "state", "receipt",
                    "consensus", "consensus_total", "consensus_comment", "rank", "outcome")

    objects = RestrictedQuerySet.as_manager()
    MARKING_PARENT = "call"
    MARKING_CHILDREN = ("attachments", "assignments")
    MARKING_PARTIES = ("submitted_by", "organisation")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("SDIR proposal")
        indexes = [models.Index(fields=["call", "state"])]

    def __str__(self) -> str:
        return f"P-{self.pk} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("sdir:proposal", args=[self.pk])


class Attachment(Marked, models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("file name"), max_length=200)
    stored_name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    AUDIT_FIELDS = ("name", "kind", "size", "sha256")

    objects = RestrictedQuerySet.as_manager()
    MARKING_PARENT = "proposal"
    MARKING_PARTIES = ("uploaded_by",)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")

    def __str__(self) -> str:
        return self.name


class Assignment(Marked, models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sdir_assignments")
    state = models.CharField(_("state"), max_length=20, choices=AssignmentState.choices,
                             default=AssignmentState.PENDING)
    coi_statement = models.TextField(_("conflict of interest"), blank=True, max_length=5_000)
    declared_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    AUDIT_FIELDS = ("reviewer", "state", "coi_statement")

    objects = RestrictedQuerySet.as_manager()
    MARKING_PARENT = "proposal"
    MARKING_PARTIES = ("reviewer",)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "reviewer"], name="sdir_one_assignment")]
        indexes = [models.Index(fields=["reviewer", "state"])]
        verbose_name = _("review assignment")

    def __str__(self) -> str:
        return f"{self.reviewer} on P-{self.proposal_id}"

    def get_absolute_url(self) -> str:
        return reverse("sdir:assignment", args=[self.pk])

    @classmethod
    def audit_repr(cls, stored: str) -> str:
        """The stored name ("rev on P-12") as people read it in a history."""
        match = re.match(r"^(?P<r>.+) on P-(?P<p>\d+)$", stored)
        if match is None:
            return stored
        return _("review of proposal P-%(p)s by %(r)s") % {"p": match["p"], "r": match["r"]}


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField(max_length=40)
    value = models.DecimalField(max_digits=5, decimal_places=2)
    comment = models.TextField(blank=True, max_length=5_000)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="sdir_one_score")]

    def __str__(self) -> str:
        return f"{self.criterion}={self.value}"


class Decision(models.Model):
    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="decision")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    budget_eur = models.PositiveBigIntegerField()
    method = models.CharField(max_length=20)
    selection = models.JSONField(default=dict)
    ranking = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"decision on {self.call}"

    @classmethod
    def audit_repr(cls, stored: str) -> str:
        return _("decision on %(c)s") % {"c": stored.removeprefix("decision on ")}


class Award(models.Model):
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="award")
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="awards")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sdir_awards")
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    amount_eur = models.PositiveBigIntegerField(_("amount (EUR)"))
    status = models.CharField(_("status"), max_length=20, choices=AwardStatus.choices, default=AwardStatus.ACTIVE)
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    transition = models.CharField(_("what became of the result"), max_length=20, choices=Transition.choices,
                                  blank=True, default="")
    transition_note = models.TextField(_("note on the transition"), blank=True, max_length=5_000)
    transition_at = models.DateTimeField(_("transition recorded"), null=True, blank=True)
    follow_on_reference = models.CharField(_("follow-on order or contract"), max_length=80, blank=True)
    follow_on_amount_eur = models.PositiveBigIntegerField(_("follow-on value (EUR)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    AUDIT_FIELDS = ("reference", "amount_eur", "status", "start_date", "end_date", "transition", "transition_note",
                    "follow_on_reference", "follow_on_amount_eur")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_at", "-id"]
        verbose_name = _("SDIR award")

    def __str__(self) -> str:
        return f"{self.reference} {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("sdir:award", args=[self.pk])

    @property
    def milestones_met(self) -> str:
        milestones = list(self.milestones.all())
        return f"{sum(1 for m in milestones if m.status == MilestoneStatus.ACCEPTED)} / {len(milestones)}"


class Milestone(models.Model):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    deliverable = models.TextField(_("deliverable"), blank=True, max_length=5_000)
    due_date = models.DateField(_("due"))
    amount_eur = models.PositiveBigIntegerField(_("payment (EUR)"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=MilestoneStatus.choices,
                              default=MilestoneStatus.PLANNED)
    delivered_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=5_000)

    AUDIT_FIELDS = ("title", "deliverable", "due_date", "amount_eur", "status", "note")

    objects = RestrictedQuerySet.as_manager()

    # Set by the award's page for its reader (the workflow steps they may take); not stored.
    steps: set[str]

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("milestone")

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        from straiik.sdir.presets import shown

        return shown(self.title)

    @property
    def shown_deliverable(self) -> str:
        from straiik.sdir.presets import shown

        return shown(self.deliverable)

    @property
    def late(self) -> bool:
        return self.status in (MilestoneStatus.PLANNED, MilestoneStatus.REJECTED) and \
            self.due_date < timezone.localdate()

