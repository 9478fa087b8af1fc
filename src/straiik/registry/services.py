"""Writes to the registry. Each service checks permission, validates, saves and records the change in
one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from straiik.core.audit import record_change, record_creations
from straiik.core.concurrency import check_version
from straiik.core.models import ObjectChange
from straiik.core.search import normalize_text
from straiik.engines.text import transliterate
from straiik.registry import permissions
from straiik.registry.models import (
    Capability,
    Certification,
    Contact,
    CpvCode,
    Membership,
    Organisation,
    OrganisationCpv,
    OrganisationKind,
    PriorityArea,
    RegionalEcosystem,
    TestFacility,
)
from straiik.registry.taxonomies import Area, country_name, province_name

ORGANISATION_FIELDS = (
    "name", "kind", "description", "website", "country", "province", "city", "region", "employees",
    "founded", "visibility", "foreign_ownership_pct", "foreign_control_country", "clearance_status",
)
CHILD_MODELS: dict[str, type[models.Model]] = {
    "capability": Capability,
    "certification": Certification,
    "test-facility": TestFacility,
    "contact": Contact,
}


def _labels_all_languages(choices: Any, value: str) -> str:
    labels = []
    for language in ("en", "nl"):
        with translation.override(language):
            labels.append(str(choices(value).label))
    return " ".join(labels)


def build_search_document(
    *,
    organisation: Organisation,
    area_codes: Iterable[str],
    capabilities: Iterable[tuple[str, str, Iterable[CpvCode | str]]] = (),
    extra: Iterable[str] = (),
) -> str:
    """The normalised text a full-text search runs over: the organisation's own words, where it is, its
    areas and kind in English and Dutch, and its capabilities with their CPV codes and labels."""
    parts: list[str] = [
        organisation.name,
        organisation.description,
        organisation.city,
        _labels_all_languages(OrganisationKind, organisation.kind),
        country_name(organisation.country),
        province_name(organisation.province) if organisation.province else "",
        organisation.region.name if organisation.region_id and organisation.region else "",
    ]
    parts.extend(_labels_all_languages(Area, code) for code in area_codes)
    for title, description, cpv_codes in capabilities:
        parts.extend([title, description])
        for cpv in cpv_codes:
            if isinstance(cpv, CpvCode):
                parts.extend([cpv.code, cpv.label_en, cpv.label_nl])
            else:
                parts.append(cpv)
    parts.extend(extra)
    return normalize_text(" ".join(p for p in parts if p))


def organisation_reindex(*, organisation: Organisation) -> None:
    """Refresh the denormalised search text and highest TRL after the organisation or a child changed."""
    capabilities = list(organisation.capabilities.prefetch_related("cpv_codes"))
    extra = [c.name for c in organisation.certifications.all()]
    extra += [f"{t.name} {t.description} {t.city}" for t in organisation.test_facilities.all()]
    organisation.search_document = build_search_document(
        organisation=organisation,
        area_codes=organisation.areas.values_list("code", flat=True),
        capabilities=[(c.title, c.description, list(c.cpv_codes.all())) for c in capabilities],
        extra=extra,
    )
    trls = [c.trl for c in capabilities if c.trl]
    organisation.max_trl = max(trls) if trls else None
    Organisation.objects.filter(pk=organisation.pk).update(
        search_document=organisation.search_document, max_trl=organisation.max_trl
    )
    codes = {cpv.code for c in capabilities for cpv in c.cpv_codes.all()}
    OrganisationCpv.objects.filter(organisation=organisation).exclude(cpv_code__in=codes).delete()
    OrganisationCpv.objects.bulk_create(
        [OrganisationCpv(organisation=organisation, cpv_code_id=code) for code in codes], ignore_conflicts=True
    )


def unique_slug(name: str, taken: set[str] | None = None) -> str:
    """A free URL slug for a name; Cyrillic is transliterated. `taken` (the slugs in use, updated here)
    saves a query per name in bulk work."""
    base = slugify(transliterate(name))[:200].strip("-") or "organisation"
    if taken is None:
        taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def _apply(instance: models.Model, data: dict[str, Any], allowed: Sequence[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "unknown field"))
    for name, value in data.items():
        setattr(instance, name, value)


def _check_sensitive(user: Any, organisation: Organisation | None, data: dict[str, Any]) -> None:
    allowed = permissions.settable_sensitive_fields(user, organisation)
    blank = Organisation()
    forbidden = [
        name for name in Organisation.SENSITIVE_FIELDS
        if name in data and name not in allowed
        and data[name] != getattr(organisation if organisation is not None else blank, name)
    ]
    if forbidden:
        raise PermissionDenied("You may not set " + ", ".join(forbidden))


@transaction.atomic
def organisation_create(*, user: Any, data: dict[str, Any], areas: Iterable[str] = ()) -> Organisation:
    if not permissions.can_create(user):
        raise PermissionDenied("Sign in to register an organisation")
    _check_sensitive(user, None, data)
    organisation = Organisation()
    _apply(organisation, data, ORGANISATION_FIELDS)
    organisation.slug = unique_slug(organisation.name or "")
    organisation.full_clean()
    organisation.save()
    organisation.areas.set(_areas(areas))
    if not permissions.is_staff_of_platform(user):
        # Whoever registers an organisation becomes its first administrator.
        Membership.objects.create(user=user, organisation=organisation, is_admin=True)
        permissions.forget_memberships(user)
    organisation_reindex(organisation=organisation)
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=organisation, before=None,
                  after=organisation.audit_snapshot())
    return organisation


@transaction.atomic
def organisation_update(
    *, user: Any, organisation: Organisation, data: dict[str, Any], areas: Iterable[str] | None = None,
    expected_version: str | list[str] | None = None,
) -> Organisation:
    if not permissions.can_change(user, organisation):
        raise PermissionDenied("You may not change this organisation")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    check_version(organisation, expected_version)
    _check_sensitive(user, organisation, data)
    before = organisation.audit_snapshot()
    _apply(organisation, data, ORGANISATION_FIELDS)
    organisation.updated_at = timezone.now()
    organisation.full_clean()
    organisation.save()
    if areas is not None:
        organisation.areas.set(_areas(areas))
    organisation_reindex(organisation=organisation)
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=organisation, before=before,
                  after=organisation.audit_snapshot())
    return organisation


@transaction.atomic
def organisation_delete(*, user: Any, organisation: Organisation) -> None:
    if not permissions.can_delete(user, organisation):
        raise PermissionDenied("Only the programme office may delete an organisation")
    before = organisation.audit_snapshot()
    record_change(user=user, action=ObjectChange.Action.DELETE, instance=organisation, before=before, after=None)
    organisation.delete()


def _areas(codes: Iterable[str]) -> list[PriorityArea]:
    codes = list(dict.fromkeys(codes))
    unknown = [c for c in codes if c not in Area.values]
    if unknown:
        raise ValidationError({"areas": f"unknown area: {', '.join(unknown)}; known: {', '.join(Area.values)}"})
    return list(PriorityArea.objects.filter(code__in=codes))


def _cpv_codes(codes: Iterable[str]) -> list[CpvCode]:
    codes = list(dict.fromkeys(codes))
    found = list(CpvCode.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {c.code for c in found})
    if missing:
        raise ValidationError({"cpv_codes": f"unknown CPV code: {', '.join(missing)}"})
    return found


CHILD_FIELDS = {
    Capability: ("kind", "title", "description", "trl"),
    Certification: ("name", "issuer", "valid_until"),
    TestFacility: ("name", "description", "city"),
    Contact: ("name", "role", "email", "phone"),
}


def _set_child_relations(child: models.Model, relations: dict[str, Iterable[str]]) -> None:
    if not isinstance(child, Capability):
        if relations:
            raise ValidationError(dict.fromkeys(relations, "unknown field"))
        return
    if "areas" in relations:
        child.areas.set(_areas(relations["areas"]))
    if "cpv_codes" in relations:
        child.cpv_codes.set(_cpv_codes(relations["cpv_codes"]))


@transaction.atomic
def child_create(
    *, user: Any, organisation: Organisation, model: type[models.Model], data: dict[str, Any],
    relations: dict[str, Iterable[str]] | None = None,
) -> Any:
    """Add a capability, certification, test facility or contact to an organisation."""
    if not permissions.can_change(user, organisation):
        raise PermissionDenied("You may not change this organisation")
    child = model(organisation=organisation)
    _apply(child, data, CHILD_FIELDS[model])
    child.full_clean()
    child.save()
    _set_child_relations(child, relations or {})
    organisation_reindex(organisation=organisation)
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=child, before=None,
                  after=child.audit_snapshot(), related=organisation)
    return child


@transaction.atomic
def child_update(
    *, user: Any, child: Any, data: dict[str, Any], relations: dict[str, Iterable[str]] | None = None
) -> Any:
    organisation = child.organisation
    if not permissions.can_change(user, organisation):
        raise PermissionDenied("You may not change this organisation")
    before = child.audit_snapshot()
    _apply(child, data, CHILD_FIELDS[type(child)])
    child.full_clean()
    child.save()
    _set_child_relations(child, relations or {})
    organisation_reindex(organisation=organisation)
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=child, before=before,
                  after=child.audit_snapshot(), related=organisation)
    return child


@transaction.atomic
def child_delete(*, user: Any, child: Any) -> None:
    organisation = child.organisation
    if not permissions.can_change(user, organisation):
        raise PermissionDenied("You may not change this organisation")
    record_change(user=user, action=ObjectChange.Action.DELETE, instance=child, before=child.audit_snapshot(),
                  after=None, related=organisation)
    child.delete()
    organisation_reindex(organisation=organisation)


@transaction.atomic
def membership_add(*, user: Any, organisation: Organisation, member: Any, is_admin: bool = False) -> Membership:
    if not permissions.can_change(user, organisation):
        raise PermissionDenied("You may not change this organisation")
    membership, _created = Membership.objects.get_or_create(
        user=member, organisation=organisation, defaults={"is_admin": is_admin}
    )
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=membership, before=None,
                  after=membership.audit_snapshot(), related=organisation)
    permissions.forget_memberships(member)
    return membership


@transaction.atomic
def membership_remove(*, user: Any, membership: Membership) -> None:
    organisation = membership.organisation
    if not permissions.can_change(user, organisation):
        raise PermissionDenied("You may not change this organisation")
    if organisation.memberships.count() == 1 and not permissions.is_staff_of_platform(user):
        raise ValidationError(
            "An organisation keeps at least one member; ask the programme office to remove the last one."
        )
    record_change(user=user, action=ObjectChange.Action.DELETE, instance=membership,
                  before=membership.audit_snapshot(), after=None, related=organisation)
    member = membership.user
    membership.delete()
    permissions.forget_memberships(member)


# --- bulk creation, shared by the importer and the demo generator -------------------------------------


@dataclass
class CapabilitySpec:
    title: str
    description: str = ""
    kind: str = Capability.Kind.CAPABILITY
    trl: int | None = None
    areas: list[str] = field(default_factory=list)
    cpv_codes: list[str] = field(default_factory=list)


@dataclass
class OrganisationSpec:
    """An organisation with everything below it, validated and ready to store."""

    fields: dict[str, Any]
    areas: list[str] = field(default_factory=list)
    capabilities: list[CapabilitySpec] = field(default_factory=list)
    certifications: list[dict[str, Any]] = field(default_factory=list)
    test_facilities: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    members: list[Any] = field(default_factory=list)


def organisations_bulk_create(
    *, user: Any, specs: Sequence[OrganisationSpec], is_demo: bool = False, batch_size: int = 2000
) -> list[Organisation]:
    """Store many organisations in one transaction with a handful of queries per batch.

    The specs must already be valid (the importer checks every row first); the models' own validation
    runs again here, so a bad spec raises instead of storing half a record."""
    if not permissions.can_import(user) and user is not None:
        raise PermissionDenied("Only the programme office may import organisations")
    created: list[Organisation] = []
    regions = {r.pk: r for r in RegionalEcosystem.objects.all()}
    wanted = {code for spec in specs for cap in spec.capabilities for code in cap.cpv_codes}
    cpv_by_code = {c.code: c for c in CpvCode.objects.filter(code__in=wanted)}
    taken = set(Organisation.objects.values_list("slug", flat=True))
    with transaction.atomic():
        for start in range(0, len(specs), batch_size):
            batch = specs[start : start + batch_size]
            orgs, snapshots = [], []
            for spec in batch:
                organisation = Organisation(is_demo=is_demo, **spec.fields)
                if organisation.region_id:
                    organisation.region = regions[organisation.region_id]
                organisation.slug = unique_slug(organisation.name, taken)
                organisation.full_clean(exclude=["slug"], validate_unique=False)
                trls = [c.trl for c in spec.capabilities if c.trl]
                organisation.max_trl = max(trls) if trls else None
                organisation.search_document = build_search_document(
                    organisation=organisation,
                    area_codes=spec.areas,
                    capabilities=[
                        (c.title, c.description, [cpv_by_code[code] for code in c.cpv_codes])
                        for c in spec.capabilities
                    ],
                    extra=[c.get("name", "") for c in spec.certifications]
                    + [f"{t.get('name', '')} {t.get('description', '')}" for t in spec.test_facilities],
                )
                snapshot = organisation.audit_snapshot()
                snapshot["areas"] = sorted(spec.areas)
                orgs.append(organisation)
                snapshots.append(snapshot)
            orgs = Organisation.objects.bulk_create(orgs)
            _bulk_children(orgs, batch)
            created.extend(orgs)
            record_creations(user=user, entries=zip(orgs, snapshots, strict=True))
    return created


def _bulk_children(orgs: list[Organisation], specs: Sequence[OrganisationSpec]) -> None:
    area_links = []
    capabilities: list[tuple[Capability, CapabilitySpec]] = []
    others: list[models.Model] = []
    memberships = []
    for organisation, spec in zip(orgs, specs, strict=True):
        area_links += [
            Organisation.areas.through(organisation_id=organisation.pk, priorityarea_id=code) for code in spec.areas
        ]
        for cap in spec.capabilities:
            capabilities.append(
                (Capability(organisation=organisation, kind=cap.kind, title=cap.title,
                            description=cap.description, trl=cap.trl), cap)
            )
        others += [Certification(organisation=organisation, **c) for c in spec.certifications]
        others += [TestFacility(organisation=organisation, **t) for t in spec.test_facilities]
        others += [Contact(organisation=organisation, **c) for c in spec.contacts]
        memberships += [Membership(user=m, organisation=organisation, is_admin=True) for m in spec.members]
    Organisation.areas.through.objects.bulk_create(area_links)
    saved = Capability.objects.bulk_create([c for c, _ in capabilities])
    cap_areas, cap_cpv = [], []
    for capability, (_, spec) in zip(saved, capabilities, strict=True):
        cap_areas += [Capability.areas.through(capability_id=capability.pk, priorityarea_id=a) for a in spec.areas]
        cap_cpv += [Capability.cpv_codes.through(capability_id=capability.pk, cpvcode_id=c) for c in spec.cpv_codes]
    Capability.areas.through.objects.bulk_create(cap_areas)
    Capability.cpv_codes.through.objects.bulk_create(cap_cpv)
    org_cpv = {(capability.organisation_id, code)
               for capability, (_, spec) in zip(saved, capabilities, strict=True) for code in spec.cpv_codes}
    OrganisationCpv.objects.bulk_create([OrganisationCpv(organisation_id=o, cpv_code_id=c) for o, c in org_cpv])
    for model in (Certification, TestFacility, Contact):
        model.objects.bulk_create([o for o in others if isinstance(o, model)])
    Membership.objects.bulk_create(memberships, ignore_conflicts=True)
