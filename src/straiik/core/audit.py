"""Recording changes. Services call `record_change` inside their transaction, so a write and its trace
are stored together or not at all.

What a record's trace holds is declared once, on its model (NetBox `serialize_object`, one rule for all):

    AUDIT_FIELDS = ("title", "amount_eur", "organisation", "areas")   # or "__all__" with AUDIT_EXCLUDE;
                                                                       # a name that is no field: audit_<name>()
    AUDIT_EXCLUDE = ("search_vector",)                                 # only with "__all__"
    AUDIT_REDACTED = ("coi_statement",)                                # recorded as a keyed digest, never the value

`snapshot(instance)` turns those into JSON values by one rule: a related record by its `AUDIT_KEY` attribute
(e.g. a user's username, a CPV code's code) or its name, a many-to-many relation as the sorted keys
(primary keys unless the related model declares `AUDIT_KEY`, and `AUDIT_KEY_NEEDS` when the key reads a
relation of its own), decimals as plain text without trailing zeros
(so 1000 and 1000.00 are the same value), dates and times in ISO 8601. `apply_fields(instance, data, fields=...)`
is the one way a service sets the fields a form or an API call gives it; it returns the names that changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import ForeignObjectRel
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from straiik.core.models import ObjectChange

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

REDACTED = "[redacted]"


def audit_fields(model: type[models.Model] | models.Model) -> tuple[str, ...]:
    """The names a model's trail records, from its declaration (`AUDIT_FIELDS`, `AUDIT_EXCLUDE`)."""
    declared = getattr(model, "AUDIT_FIELDS", None)
    if declared is None:
        raise TypeError(f"{model._meta.label} declares no AUDIT_FIELDS")
    if declared != "__all__":
        return tuple(declared)
    excluded = set(getattr(model, "AUDIT_EXCLUDE", ()))
    opts = model._meta
    return tuple(
        f.name for f in (*opts.concrete_fields, *opts.many_to_many)
        if f.name not in excluded and not f.primary_key and not getattr(f, "auto_now", False)
    )


def _key(related: models.Model) -> Any:
    key = getattr(type(related), "AUDIT_KEY", None)
    return getattr(related, key) if key else str(related)


def _m2m_key(related: models.Model) -> Any:
    key = getattr(type(related), "AUDIT_KEY", None)
    return getattr(related, key) if key else related.pk


def json_value(value: Any) -> Any:
    """A Python value as the trail stores it (JSON): see the module's docstring."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return _key(value)
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return str(value)


def redact(value: Any) -> Any:
    """A value the trail must not hold, as a keyed digest: a change still shows (the digest differs) and
    an empty value stays empty, but neither the value nor a guess at it can be read back without the key."""
    if value in (None, "", [], {}):
        return value
    digest = hmac.new(settings.SECRET_KEY.encode(), repr(value).encode(), hashlib.sha256).hexdigest()[:12]
    return f"{REDACTED} {digest}"


def _field_value(instance: models.Model, name: str, prefetched: dict[str, Any] | None) -> Any:
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:  # a value the model computes for its trail: its `audit_<name>()`, or an attribute
        value = getattr(instance, f"audit_{name}", None) or getattr(instance, name)
        return json_value(value() if callable(value) else value)
    if field.many_to_many or field.one_to_many:
        if prefetched is not None and name in prefetched:
            return prefetched[name]
        if instance.pk is None:
            return []
        accessor = field.get_accessor_name() if isinstance(field, ForeignObjectRel) else name
        manager = getattr(instance, accessor or name)
        related = manager.select_related(*getattr(field.related_model, "AUDIT_KEY_NEEDS", ()))
        return sorted(json_value(_m2m_key(r)) for r in related)
    if isinstance(field, models.Field) and field.is_relation:
        if getattr(instance, field.attname) is None:
            return None
        return json_value(_key(getattr(instance, name)))
    return json_value(getattr(instance, name))


def snapshot(instance: models.Model, *, prefetched: dict[str, Any] | None = None) -> dict[str, Any]:
    """The record's audited fields as JSON values, redacted ones as digests (see the module's docstring).
    `prefetched` gives values already at hand (many-to-many keys read in bulk) by name."""
    redacted = set(getattr(instance, "AUDIT_REDACTED", ()))
    data: dict[str, Any] = {}
    for name in audit_fields(instance):
        value = _field_value(instance, name, prefetched)
        data[name] = redact(value) if name in redacted else value
    return data


def snapshots(instances: Sequence[models.Model]) -> list[dict[str, Any]]:
    """`snapshot` of many records of one model, with each many-to-many relation read in one query: for
    imports and generated data (with `record_creations`)."""
    if not instances:
        return []
    model = type(instances[0])
    prefetched: dict[int, dict[str, Any]] = {obj.pk: {} for obj in instances if obj.pk is not None}
    for name in audit_fields(model):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not isinstance(field, models.ManyToManyField):
            continue
        through = getattr(model, name).through
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        keys: dict[int, list[Any]] = {pk: [] for pk in prefetched}
        needs = [f"{target}__{name}" for name in getattr(field.related_model, "AUDIT_KEY_NEEDS", ())]
        rows = through.objects.filter(**{f"{source}__in": list(prefetched)}).select_related(target, *needs)
        for row in rows:
            keys[getattr(row, f"{source}_id")].append(json_value(_m2m_key(getattr(row, target))))
        for pk, values in keys.items():
            prefetched[pk][name] = sorted(values)
    return [snapshot(obj, prefetched=prefetched.get(obj.pk)) for obj in instances]


def apply_fields(
    instance: models.Model,
    data: dict[str, Any],
    *,
    fields: Iterable[str],
    unknown_message: Any = None,
) -> list[str]:
    """Set `data` on `instance`, refusing any name outside `fields` (a ValidationError naming each). The one
    rule for values: a number for a decimal field becomes a Decimal as typed (0.15, not its binary float), text
    fields take "" for None. Returns the names whose value changed, in the order given."""
    allowed = set(fields)
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), unknown_message or _("unknown field")))
    changed = []
    for name, value in data.items():
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if isinstance(field, models.DecimalField) and value not in (None, "") and not isinstance(value, Decimal):
            try:
                value = Decimal(str(value))
            except InvalidOperation:
                raise ValidationError({name: _("Give a number.")}) from None
        if isinstance(field, models.CharField | models.TextField) and value is None:
            value = ""
        current = getattr(instance, field.attname if field is not None and field.concrete else name, None)
        new = value.pk if isinstance(field, models.ForeignKey) and isinstance(value, models.Model) else value
        setattr(instance, name, value)
        if current != new:
            changed.append(name)
    return changed


def _user_fields(user: Viewer | None) -> dict[str, Any]:
    if user is None or not getattr(user, "is_authenticated", False):
        return {"user": None, "user_name": "system"}
    return {"user": user, "user_name": user.get_username()}


def record_change(
    *,
    user: Viewer | None,
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


def record_creations(*, user: Viewer | None, entries: Iterable[tuple[models.Model, dict[str, Any]]],
                     related: models.Model | None = None) -> None:
    """Bulk variant for imports and generated data: one 'created' entry per (record, snapshot), shown on the
    page of `related` (default: the record's own)."""
    rows = []
    related_type = ContentType.objects.get_for_model(related) if related is not None else None
    for instance, snapshot in entries:
        content_type = ContentType.objects.get_for_model(instance)
        rows.append(
            ObjectChange(
                **_user_fields(user),
                action=ObjectChange.Action.CREATE,
                changed_object_type=content_type,
                changed_object_id=instance.pk,
                related_object_type=related_type or content_type,
                related_object_id=related.pk if related is not None else instance.pk,
                object_repr=str(instance)[:200],
                prechange_data=None,
                postchange_data=snapshot,
            )
        )
    ObjectChange.objects.bulk_create(rows, batch_size=2000)


def describe_value(model: type[models.Model] | None, name: str, value: Any) -> tuple[str, Any]:
    """A field's label and a value as a person reads it: choice labels instead of codes. A model can add
    its own translations of stored codes with a classmethod `audit_display(name, value)`."""
    if model is None:  # a record of a model that is gone
        return name, value
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
    choices = dict(getattr(choices_field, "flatchoices", ())) if getattr(choices_field, "choices", None) else None
    if choices is None:
        return label, value
    if isinstance(value, list):
        return label, [str(choices.get(v, v)) for v in value]
    return label, str(choices.get(value, value)) if value not in (None, "") else value


_ANYONE = object()


def history_for(instance: models.Model, *, user: Viewer | None | object = _ANYONE) -> models.QuerySet[ObjectChange]:
    """Changes to the record and to the records shown on its page. Given `user`, through the one read path: none
    when the user may not see the record (core.restrict)."""
    changes = ObjectChange.objects.filter(
        related_object_type=ContentType.objects.get_for_model(instance), related_object_id=instance.pk
    ).select_related("changed_object_type")
    if user is not _ANYONE:
        from straiik.core import restrict

        if restrict.has_rule(type(instance)) and not restrict.can(cast("Viewer | None", user), instance):
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
        change.visible_differences = shown
        # The stored name of the record, as the model words it for people (e.g. an SDIR review assignment).
        words = getattr(model, "audit_repr", None) if model else None
        change.shown_repr = words(change.object_repr) if words else change.object_repr  # type: ignore[attr-defined]
        out.append(change)
    return out


def record_created(*, user: Viewer | None, instances: Sequence[models.Model],
                   related: models.Model | None = None) -> None:
    """The bulk variant of a creation's trace: `record_creations` with each record's `snapshots` entry."""
    record_creations(user=user, entries=zip(instances, snapshots(instances), strict=True), related=related)
