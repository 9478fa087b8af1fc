"""The audit trail: every change to a record keeps who, when, and the record before and after."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ObjectChange(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")

    time = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept apart from the foreign key so the trail still names the person after their account is gone.
    user_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    changed_object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    changed_object_id = models.PositiveBigIntegerField()
    # The record whose page shows this change (an organisation for a change to one of its capabilities).
    related_object_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    related_object_id = models.PositiveBigIntegerField(null=True, blank=True)
    object_repr = models.CharField(max_length=200)
    prechange_data = models.JSONField(null=True, blank=True)
    postchange_data = models.JSONField(null=True, blank=True)

    # Set by the selectors that show a history (the differences this reader may see); not stored.
    visible_differences: list[tuple[str, Any, Any]]

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [
            models.Index(fields=["changed_object_type", "changed_object_id"]),
            models.Index(fields=["related_object_type", "related_object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.object_repr} {self.action} by {self.user_name or '-'} at {self.time:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("The audit trail is append-only")
        super().save(*args, **kwargs)

    @property
    def object_kind(self) -> str:
        model = self.changed_object_type.model_class()
        return str(model._meta.verbose_name) if model is not None else self.changed_object_type.model

    def differences(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for each field whose value differs."""
        before = self.prechange_data or {}
        after = self.postchange_data or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        empty: tuple[object, ...] = (None, "", [])
        return [
            (k, before.get(k), after.get(k))
            for k in keys
            if before.get(k) != after.get(k) and not (before.get(k) in empty and after.get(k) in empty)
        ]


class WorkflowEvent(models.Model):
    """One step of a record's workflow (core.workflow): which step (`action`, the transition's name), from and to
    which state, who took it (`by`; none for the platform), when (`at`) and why. Each app's event model subclasses
    it with its foreign key to the record (and the states as choices):

        class CallEvent(WorkflowEvent):
            call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="events")
    """

    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    @property
    def transition(self) -> str:
        return self.action

    @property
    def actor(self) -> Any:
        return self.by

    @property
    def created(self) -> Any:
        return self.at


class WorkerHeartbeat(models.Model):
    """A background worker's sign of life: `straiik worker` writes it every few seconds, also while a task
    runs. The readiness check looks for a recent one, and the stale-task sweep (core/workers.py) treats a
    task still marked running by a worker whose heartbeat stopped as lost."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    queues = models.CharField(max_length=255)
    started_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now, db_index=True)
    # The task it is running now (django-tasks-db's DBTaskResult id), empty between tasks.
    current_task_id = models.CharField(max_length=64, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"


class NeedToKnowGroup(models.Model):
    """A named group of people and organisations: a record that names it is read only by them (core.markings).
    Managed by the programme office and by the person who made it (the record's owner)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="need_to_know_groups",
                                     verbose_name=_("people"))
    organisations = models.ManyToManyField("registry.Organisation", blank=True, related_name="need_to_know_groups",
                                           verbose_name=_("organisations"))
    managed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("managed by"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("need-to-know group")
        verbose_name_plural = _("need-to-know groups")

    def __str__(self) -> str:
        return self.name


class Clearance(models.Model):
    """The highest classification a person may read (core.markings), set by the programme office or an
    administrator. Without a row a person reads the lowest level only."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clearance")
    level = models.CharField(_("clearance"), max_length=40)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    set_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("note"), max_length=200, blank=True,
                            help_text=_("e.g. the screening (VGB) it rests on and until when it holds"))

    class Meta:
        verbose_name = _("clearance")
        verbose_name_plural = _("clearances")

    def __str__(self) -> str:
        return f"{self.user} {self.level}"


class AccessLogEntry(models.Model):
    """One view or download of a record marked above the lowest classification: who, when, what, from where."""

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        DOWNLOAD = "download", _("downloaded")
        API = "api", _("read through the API")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    user_name = models.CharField(_("who"), max_length=150, blank=True)
    action = models.CharField(_("what"), max_length=10, choices=Action.choices)
    object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=200)
    classification = models.CharField(_("classification"), max_length=40)
    ip = models.GenericIPAddressField(_("from"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access to a marked record")
        verbose_name_plural = _("access log of marked records")
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("The access log is append-only")
        super().save(*args, **kwargs)
