"""Recording changes. Services call `record_change` inside their transaction, so a write and its trace
are stored together or not at all."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst

from straiik.core.models import ObjectChange


def _user_fields(user: Any) -> dict[str, Any]:
    if user is None or not getattr(user, "is_authenticated", False):
        return {"user": None, "user_name": "system"}
    return {"user": user, "user_name": user.get_username()}


def record_change(
    *,
    user: Any,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    related: models.Model | None = None,
) -> ObjectChange | None:
    """Store one change. An update that changed nothing leaves no trace."""
    if action == ObjectChange.Action.UPDATE and before == after:
        return None
    related = related or instance
    return ObjectChange.objects.create(
        **_user_fields(user),
        action=action,
        changed_object_type=ContentType.objects.get_for_model(instance),
        changed_object_id=instance.pk,
        related_object_type=ContentType.objects.get_for_model(related),
        related_object_id=related.pk,
        object_repr=str(instance)[:200],
        prechange_data=before,
        postchange_data=after,
    )


def record_creations(*, user: Any, entries: Iterable[tuple[models.Model, dict[str, Any]]]) -> None:
    """Bulk variant for imports and generated data: one 'created' entry per (record, snapshot)."""
    rows = []
    for instance, snapshot in entries:
        content_type = ContentType.objects.get_for_model(instance)
        rows.append(
            ObjectChange(
                **_user_fields(user),
                action=ObjectChange.Action.CREATE,
                changed_object_type=content_type,
                changed_object_id=instance.pk,
                related_object_type=content_type,
                related_object_id=instance.pk,
                object_repr=str(instance)[:200],
                prechange_data=None,
                postchange_data=snapshot,
            )
        )
    ObjectChange.objects.bulk_create(rows, batch_size=2000)


def describe_value(model: type[models.Model], name: str, value: Any) -> tuple[str, Any]:
    """A field's label and a value as a person reads it: choice labels instead of codes. A model can add
    its own translations of stored codes with a classmethod `audit_display(name, value)`."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name, value
    label = capfirst(str(getattr(field, "verbose_name", name)))
    custom = getattr(model, "audit_display", None)
    if custom is not None:
        shown = custom(name, value)
        if shown is not None:
            return label, shown
    choices_field = field.related_model._meta.pk if field.many_to_many and field.related_model else field
    choices = dict(choices_field.flatchoices) if getattr(choices_field, "choices", None) else None
    if choices is None:
        return label, value
    if isinstance(value, list):
        return label, [str(choices.get(v, v)) for v in value]
    return label, str(choices.get(value, value)) if value not in (None, "") else value


_ANYONE = object()


def history_for(instance: models.Model, *, user: Any = _ANYONE) -> models.QuerySet[ObjectChange]:
    """Changes to the record and to the records shown on its page. Given `user`, through the one read path: none
    when the user may not see the record (core.restrict)."""
    changes = ObjectChange.objects.filter(
        related_object_type=ContentType.objects.get_for_model(instance), related_object_id=instance.pk
    ).select_related("changed_object_type")
    if user is not _ANYONE:
        from straiik.core import restrict

        if restrict.has_rule(type(instance)) and not restrict.can(user, instance):
            return changes.none()
    return changes


def readable(changes: Iterable[ObjectChange]) -> list[ObjectChange]:
    """Changes with `visible_differences` (field label, before, after) as people read them, for the history
    include. Records with sensitive fields mask them in their own selector (see registry.selectors)."""
    out = []
    for change in changes:
        model = change.changed_object_type.model_class()
        shown = []
        for name, before, after in change.differences():
            label, before = describe_value(model, name, before) if model else (name, before)
            _label, after = describe_value(model, name, after) if model else (name, after)
            shown.append((label, before, after))
        change.visible_differences = shown  # type: ignore[attr-defined]
        # The stored name of the record, as the model words it for people (e.g. an SDIR review assignment).
        words = getattr(model, "audit_repr", None) if model else None
        change.shown_repr = words(change.object_repr) if words else change.object_repr  # type: ignore[attr-defined]
        out.append(change)
    return out
