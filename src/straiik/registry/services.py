"""Writes to the registry. Each service checks permission, validates, saves and records the change in
one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.text import slugify

from straiik.core.audit import apply_fields, record_change, record_creations, snapshot
from straiik.core.concurrency import check_version
from straiik.core.errors import Refused
from straiik.core.models import ObjectChange
from straiik.core.search import normalize_text
from straiik.engines.text import transliterate
from straiik.registry import permissions
from straiik.registry.identifiers import IDENTIFIER_FIELDS
from straiik.registry.models import (
    Capability,
    Certification,
    Contact,
    CpvCode,
    Membership,
    MembershipState,
    Organisation,
    OrganisationCpv,
    OrganisationKind,
    PriorityArea,
    RegionalEcosystem,
    TestFacility,
    VerificationStatus,
)
from straiik.registry.taxonomies import Area, country_name, province_name

if TYPE_CHECKING:
    from straiik.accounts.types import User

ORGANISATION_FIELDS = (
    "name", "kind", "description", "website", "country", "province", "city", "region", "employees",
    "founded", "visibility", "foreign_ownership_pct", "foreign_control_country", "clearance_status",
    *IDENTIFIER_FIELDS,
)
# What the programme office checked when it verified an organisation: a change to any of these by someone
# else makes the organisation declared again, until the office verifies it anew.
VERIFIED_FIELDS = ("name", "kind", "country", *IDENTIFIER_FIELDS)
CHILD_MODELS: dict[str, type[models.Model]] = {
    "capability": Capability,
    "certification": Certification,
    "test-facility": TestFacility,
    "contact": Contact,
}

# Sent after organisations_bulk_create's transaction commits, with `organisation_ids`: bulk inserts send no
# post_save, and the sanctions screening (protection) must still see every imported organisation.
organisations_imported = Signal()


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
        *(getattr(organisation, name) for name in IDENTIFIER_FIELDS),
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


def _check_sensitive(user: User, organisation: Organisation | None, data: dict[str, Any]) -> None:
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
def organisation_create(*, user: User, data: dict[str, Any], areas: Iterable[str] = ()) -> Organisation:
    if not permissions.can_create(user):
        raise PermissionDenied("Sign in to register an organisation")
    _check_sensitive(user, None, data)
    _check_kind(user, data.get("kind", ""))
    organisation = Organisation()
    apply_fields(organisation, data, fields=ORGANISATION_FIELDS)
    organisation.slug = unique_slug(organisation.name or "")
    organisation.full_clean()
    organisation.save()
    organisation.areas.set(_areas(areas))
    if not permissions.is_staff_of_platform(user):
        # Whoever registers an organisation becomes its first administrator (recorded on the person).
        membership = Membership.objects.create(user=user, organisation=organisation, is_admin=True)
        record_change(user=user, action=ObjectChange.Action.CREATE, instance=membership, before=None,
                      after=snapshot(membership), related=user)
        permissions.forget_memberships(user)
    organisation_reindex(organisation=organisation)
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=organisation, before=None,
                  after=snapshot(organisation))
    return organisation


@transaction.atomic
def organisation_update(
    *, user: User, organisation: Organisation, data: dict[str, Any], areas: Iterable[str] | None = None,
    expected_version: str | list[str] | None = None,
) -> Organisation:
    if not permissions.can_change(user, organisation):
        raise PermissionDenied("You may not change this organisation")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    check_version(organisation, expected_version)
    _check_sensitive(user, organisation, data)
    if "kind" in data and data["kind"] != organisation.kind:
        _check_kind(user, data["kind"])
        if not permissions.can_give_kind(user, organisation.kind):
            raise Refused(_refusal_kind())
    before = snapshot(organisation)
    apply_fields(organisation, data, fields=ORGANISATION_FIELDS)
    if organisation.is_verified and not permissions.can_verify(user, organisation) and any(
            before.get(name) != getattr(organisation, name) for name in VERIFIED_FIELDS):
        # compared after model validation below has compacted the identifiers
        organisation.full_clean()
        if any(before.get(name) != getattr(organisation, name) for name in VERIFIED_FIELDS):
            _set_declared(organisation)
    organisation.updated_at = timezone.now()
    organisation.full_clean()
    organisation.save()
    if areas is not None:
        organisation.areas.set(_areas(areas))
    organisation_reindex(organisation=organisation)
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=organisation, before=before,
                  after=snapshot(organisation))
    return organisation


def _refusal_kind() -> str:
    return translation.gettext(
        "Only the programme office registers defence units, government bodies and financial institutions, or "
        "gives an organisation one of these kinds. Register your organisation with another kind and ask the "
        "programme office to register or confirm it.")


def _check_kind(user: User, kind: str) -> None:
    if not permissions.can_give_kind(user, kind):
        raise Refused(_refusal_kind())


def _set_declared(organisation: Organisation) -> None:
    organisation.verification_status = VerificationStatus.DECLARED
    organisation.verified_by = None
    organisation.verified_at = None
    organisation.verification_evidence = ""


@transaction.atomic
def organisation_verify(*, user: User, organisation: Organisation, evidence: str) -> Organisation:
    """The programme office confirms who an organisation is, saying against what evidence."""
    if not permissions.can_verify(user, organisation):
        raise Refused(translation.gettext("Only the programme office verifies organisations."))
    evidence = (evidence or "").strip()
    if not evidence:
        raise ValidationError({"evidence": translation.gettext(
            "Say what you checked, e.g. 'KvK extract of 3 March 2026' or 'LEI record in GLEIF'.")})
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = snapshot(organisation)
    organisation.verification_status = VerificationStatus.VERIFIED
    organisation.verified_by = user
    organisation.verified_at = timezone.now()
    organisation.verification_evidence = evidence[:2000]
    organisation.save(update_fields=["verification_status", "verified_by", "verified_at", "verification_evidence"])
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=organisation, before=before,
                  after=snapshot(organisation))
    return organisation


@transaction.atomic
def organisation_unverify(*, user: User, organisation: Organisation, reason: str = "") -> Organisation:
    """The programme office withdraws a verification (the organisation is declared again)."""
    if not permissions.can_verify(user, organisation):
        raise Refused(translation.gettext("Only the programme office verifies organisations."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = snapshot(organisation)
    _set_declared(organisation)
    organisation.verification_evidence = (reason or "").strip()[:2000]
    organisation.save(update_fields=["verification_status", "verified_by", "verified_at", "verification_evidence"])
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=organisation, before=before,
                  after=snapshot(organisation))
    return organisation


DEMO_EVIDENCE = "Demo data: a fictional organisation, recorded as verified by the demo loader."


def demo_verification(office: User | None = None) -> dict[str, Any]:
    """The verification fields of a demo organisation: the demo is fictional and its flows (needs, proposals,
    bundling) run as they would for checked organisations. `office` signs it when known (the demo command
    signs the rest with the programme office account once that exists: demo_organisations_verify)."""
    if office is None:
        from straiik.accounts.roles import Role

        office = _office_account(Role.PROGRAMME_OFFICE)
    return {"verification_status": VerificationStatus.VERIFIED, "verified_at": timezone.now(),
            "verified_by": office, "verification_evidence": DEMO_EVIDENCE}


def _office_account(role: str) -> Any:
    from straiik.accounts.models import User

    return User.objects.filter(groups__name=role, is_active=True).order_by("pk").first()


def demo_organisations_verify(*, office: User | None) -> int:
    """Record every demo organisation as verified by the programme office account `office`."""
    pending = list(Organisation.objects.filter(is_demo=True).filter(
        models.Q(verification_status=VerificationStatus.DECLARED)
        | models.Q(verified_by__isnull=True, verification_evidence=DEMO_EVIDENCE)))
    if office is None or not pending:
        return 0
    fields = demo_verification(office)
    for organisation in pending:
        for name, value in fields.items():
            setattr(organisation, name, value)
    Organisation.objects.bulk_update(pending, list(fields), batch_size=2000)
    content_type = _content_type(Organisation)
    ObjectChange.objects.bulk_create([
        ObjectChange(user=office, user_name=office.get_username(), action=ObjectChange.Action.UPDATE,
                     changed_object_type=content_type, changed_object_id=o.pk, related_object_type=content_type,
                     related_object_id=o.pk, object_repr=str(o)[:200],
                     prechange_data={"verified_by": ""},
                     postchange_data={"verification_status": VerificationStatus.VERIFIED,
                                      "verified_by": office.get_username(), "verification_evidence": DEMO_EVIDENCE})
        for o in pending
    ], batch_size=2000)
    return len(pending)


def _content_type(model: type[models.Model]) -> Any:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model)


@transaction.atomic
def organisation_delete(*, user: User, organisation: Organisation) -> None:
    if not permissions.can_delete(user, organisation):
        raise PermissionDenied("Only the programme office may delete an organisation")
    before = snapshot(organisation)
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
    *, user: User, organisation: Organisation, model: type[models.Model], data: dict[str, Any],
    relations: dict[str, Iterable[str]] | None = None,
) -> Any:
    """Add a capability, certification, test facility or contact to an organisation."""
    if not permissions.can_change(user, organisation):
        raise PermissionDenied("You may not change this organisation")
    child = model(organisation=organisation)
    apply_fields(child, data, fields=CHILD_FIELDS[model])
    child.full_clean()
    child.save()
    _set_child_relations(child, relations or {})
    organisation_reindex(organisation=organisation)
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=child, before=None,
                  after=snapshot(child), related=organisation)
    return child


@transaction.atomic
def child_update(
    *, user: User, child: Any, data: dict[str, Any], relations: dict[str, Iterable[str]] | None = None
) -> Any:
    organisation = child.organisation
    if not permissions.can_change(user, organisation):
        raise PermissionDenied("You may not change this organisation")
    before = snapshot(child)
    apply_fields(child, data, fields=CHILD_FIELDS[type(child)])
    child.full_clean()
    child.save()
    _set_child_relations(child, relations or {})
    organisation_reindex(organisation=organisation)
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=child, before=before,
                  after=snapshot(child), related=organisation)
    return child


@transaction.atomic
def child_delete(*, user: User, child: Any) -> None:
    organisation = child.organisation
    if not permissions.can_change(user, organisation):
        raise PermissionDenied("You may not change this organisation")
    record_change(user=user, action=ObjectChange.Action.DELETE, instance=child, before=snapshot(child),
                  after=None, related=organisation)
    child.delete()
    organisation_reindex(organisation=organisation)


def _locked(organisation: Organisation) -> Organisation:
    # One membership change of an organisation at a time: two administrators demoting each other at once
    # must not leave it without one.
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _active_admins(organisation: Organisation) -> int:
    return organisation.memberships.filter(state=MembershipState.ACTIVE, is_admin=True).count()


def _is_last_admin(membership: Membership) -> bool:
    return membership.is_active and membership.is_admin and _active_admins(membership.organisation) <= 1


def _record_membership(user: User, action: str, membership: Membership, before: dict[str, Any] | None) -> None:
    record_change(user=user, action=action, instance=membership, before=before,
                  after=snapshot(membership) if action != ObjectChange.Action.DELETE else None,
                  related=membership.organisation)
    permissions.forget_memberships(membership.user)


def _require_manager(user: User, organisation: Organisation) -> None:
    if not permissions.can_manage_members(user, organisation):
        raise Refused(translation.gettext("Only the administrators of %(o)s add, approve or remove its members.")
                      % {"o": organisation.name})


@transaction.atomic
def membership_add(*, user: User, organisation: Organisation, member: Any, is_admin: bool = False) -> Membership:
    """Make `member` an active member at once (the programme office, the demo, an invitation accepted)."""
    _require_manager(user, organisation)
    _locked(organisation)
    membership, created = Membership.objects.get_or_create(
        user=member, organisation=organisation, defaults={"is_admin": is_admin, "state": MembershipState.ACTIVE}
    )
    before = None if created else snapshot(membership)
    if not created:
        membership.state = MembershipState.ACTIVE
        membership.is_admin = membership.is_admin or is_admin
        membership.save(update_fields=["state", "is_admin"])
    _record_membership(user, ObjectChange.Action.CREATE if created else ObjectChange.Action.UPDATE, membership,
                       before)
    return membership


@transaction.atomic
def membership_invite(*, user: User, organisation: Organisation, username: str, is_admin: bool = False) -> None:
    """An administrator invites an existing account by its name; the person accepts on their profile page.
    Says nothing about whether the name exists: the caller shows the same answer either way."""
    from straiik.accounts.models import User

    _require_manager(user, organisation)
    _locked(organisation)
    member = User.objects.filter(username=(username or "").strip(), is_active=True).first()
    if member is None or Membership.objects.filter(user=member, organisation=organisation).exists():
        return
    membership = Membership.objects.create(user=member, organisation=organisation, is_admin=is_admin,
                                           state=MembershipState.INVITED)
    # Recorded on the invited person, not on the organisation's history: that would tell its members which
    # names exist. The acceptance is recorded on the organisation.
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=membership, before=None,
                  after=snapshot(membership), related=member)


@transaction.atomic
def membership_request(*, user: User, organisation: Organisation) -> Membership:
    """A person says they belong to an organisation; an administrator of it approves or declines."""
    if not permissions.is_authenticated(user):
        raise PermissionDenied("Sign in to ask to join an organisation")
    _locked(organisation)
    existing = Membership.objects.filter(user=user, organisation=organisation).first()
    if existing is not None:
        if existing.state == MembershipState.INVITED:
            return membership_accept(user=user, membership=existing)
        return existing
    membership = Membership.objects.create(user=user, organisation=organisation, state=MembershipState.REQUESTED)
    _record_membership(user, ObjectChange.Action.CREATE, membership, None)
    return membership


@transaction.atomic
def membership_approve(*, user: User, membership: Membership) -> Membership:
    _require_manager(user, membership.organisation)
    _locked(membership.organisation)
    if membership.state != MembershipState.REQUESTED:
        raise ValidationError(translation.gettext("This request has already been answered."))
    before = snapshot(membership)
    membership.state = MembershipState.ACTIVE
    membership.save(update_fields=["state"])
    _record_membership(user, ObjectChange.Action.UPDATE, membership, before)
    return membership


@transaction.atomic
def membership_accept(*, user: User, membership: Membership) -> Membership:
    """The invited person accepts an administrator's invitation."""
    if membership.user_id != getattr(user, "pk", None):
        raise PermissionDenied("Only the person invited accepts an invitation")
    _locked(membership.organisation)
    if membership.state != MembershipState.INVITED:
        raise ValidationError(translation.gettext("This invitation has already been answered."))
    before = snapshot(membership)
    membership.state = MembershipState.ACTIVE
    membership.save(update_fields=["state"])
    _record_membership(user, ObjectChange.Action.UPDATE, membership, before)
    return membership


@transaction.atomic
def membership_set_admin(*, user: User, membership: Membership, is_admin: bool) -> Membership:
    _require_manager(user, membership.organisation)
    _locked(membership.organisation)
    membership.refresh_from_db()
    if not membership.is_active:
        raise ValidationError(translation.gettext("Only an active member can be an administrator."))
    if not is_admin and _is_last_admin(membership) and not permissions.is_staff_of_platform(user):
        raise ValidationError(translation.gettext(
            "%(u)s is the last administrator of %(o)s: make another member an administrator first.")
            % {"u": membership.user.get_username(), "o": membership.organisation.name})
    before = snapshot(membership)
    membership.is_admin = is_admin
    membership.save(update_fields=["is_admin"])
    _record_membership(user, ObjectChange.Action.UPDATE, membership, before)
    return membership


@transaction.atomic
def membership_remove(*, user: User, membership: Membership) -> None:
    """An administrator removes a member, declines a request or withdraws an invitation; a person leaves, or
    declines an invitation, themselves. The last administrator stays."""
    organisation = membership.organisation
    own = membership.user_id == getattr(user, "pk", None)
    if not own:
        _require_manager(user, organisation)
    _locked(organisation)
    membership.refresh_from_db()
    if _is_last_admin(membership) and not permissions.is_staff_of_platform(user):
        raise ValidationError(translation.gettext(
            "%(u)s is the last administrator of %(o)s and cannot leave or be removed: make another member an "
            "administrator first.") % {"u": membership.user.get_username(), "o": organisation.name})
    record_change(user=user, action=ObjectChange.Action.DELETE, instance=membership,
                  before=snapshot(membership), after=None,
                  related=membership.user if membership.state == MembershipState.INVITED else organisation)
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
    *, user: User | None, specs: Sequence[OrganisationSpec], is_demo: bool = False, batch_size: int = 2000
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
    verified_fields = demo_verification() if is_demo else {}
    with transaction.atomic():
        for start in range(0, len(specs), batch_size):
            batch = specs[start : start + batch_size]
            orgs, snapshots = [], []
            for spec in batch:
                organisation = Organisation(is_demo=is_demo, **spec.fields, **verified_fields)
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
                orgs.append(organisation)
                snapshots.append(snapshot(organisation, prefetched={"areas": sorted(spec.areas)}))
            orgs = Organisation.objects.bulk_create(orgs)
            _bulk_children(orgs, batch)
            created.extend(orgs)
            record_creations(user=user, entries=zip(orgs, snapshots, strict=True))
        # bulk_create sends no post_save: tell the apps that follow the registry (sanctions screening) which
        # organisations arrived, once the rows are committed.
        ids = [o.pk for o in created]
        transaction.on_commit(lambda: organisations_imported.send(sender=Organisation, organisation_ids=ids))
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
    for capability, (_, cap_spec) in zip(saved, capabilities, strict=True):
        cap_areas += [Capability.areas.through(capability_id=capability.pk, priorityarea_id=a) for a in cap_spec.areas]
        cap_cpv += [Capability.cpv_codes.through(capability_id=capability.pk, cpvcode_id=c)
                    for c in cap_spec.cpv_codes]
    Capability.areas.through.objects.bulk_create(cap_areas)
    Capability.cpv_codes.through.objects.bulk_create(cap_cpv)
    org_cpv = {(capability.organisation_id, code)
               for capability, (_, spec) in zip(saved, capabilities, strict=True) for code in spec.cpv_codes}
    OrganisationCpv.objects.bulk_create([OrganisationCpv(organisation_id=o, cpv_code_id=c) for o, c in org_cpv])
    for model in (Certification, TestFacility, Contact):
        cast(Any, model.objects).bulk_create([o for o in others if isinstance(o, model)])
    Membership.objects.bulk_create(memberships, ignore_conflicts=True)
