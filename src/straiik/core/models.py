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
