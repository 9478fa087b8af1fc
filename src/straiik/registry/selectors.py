"""Reads from the registry. Every read goes through `restrict`, so nobody sees what they may not."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from straiik.core import restrict
from straiik.core.audit import describe_value, history_for
from straiik.core.models import ObjectChange
from straiik.registry import permissions
from straiik.registry.models import (
    Capability,
    CpvCode,
    MembershipState,
    Organisation,
    OrganisationCpv,
    OrganisationKind,
    RegionalEcosystem,
)
from straiik.registry.taxonomies import Area, cpv_prefix, province_choices

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

SORTS = {"name": ("name", "id"), "-name": ("-name", "-id"), "-trl": ("-max_trl", "name", "id"),
         "-updated": ("-updated_at", "-id")}


@dataclass(frozen=True)
class OrganisationFilters:
    q: str = ""
    kind: str = ""
    area: str = ""
    province: str = ""
    region: str = ""
    country: str = ""
    trl_min: int | None = None
    cpv: str = ""
    sort: str = "name"

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def is_empty(self) -> bool:
        return self == OrganisationFilters(sort=self.sort)


def organisation_list(*, user: Viewer | None, filters: OrganisationFilters | None = None) -> QuerySet[Organisation]:
    """Organisations the user may see, filtered; related rows for a list page come in constant queries."""
    f = filters or OrganisationFilters()
    qs = Organisation.objects.restrict(user, "view")
    if f.q.strip():
        qs = qs.filter(search_document__matches=f.q)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.area:
        qs = qs.filter(areas=f.area)
    if f.province:
        qs = qs.filter(province=f.province)
    if f.region:
        qs = qs.filter(region__slug=f.region)
    if f.country:
        qs = qs.filter(country=f.country)
    if f.trl_min:
        qs = qs.filter(max_trl__gte=f.trl_min)
    if f.cpv:
        prefix = cpv_prefix(f.cpv)
        low, high = prefix.ljust(8, "0"), prefix.ljust(8, "9")
        qs = qs.filter(
            Exists(OrganisationCpv.objects.filter(organisation=OuterRef("pk"), cpv_code__code__range=(low, high)))
        )
    return qs.order_by(*SORTS.get(f.sort, SORTS["name"]))


def with_list_relations(qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    return qs.select_related("region").prefetch_related("areas").defer("search_document", "description")


def organisation_get(*, user: Viewer, slug: str) -> Organisation:
    return get_object_or_404(
        Organisation.objects.restrict(user, "view").select_related("region").prefetch_related("areas"), slug=slug
    )


def _releasable_capabilities(user: Viewer, organisation: Organisation) -> tuple[QuerySet[Capability], str]:
    """The organisation's capabilities this reader may see, and why any are withheld: a capability tagged with a
    Military List category (protection) is shown to the organisation's own members and the programme office, and
    otherwise only to members of an organisation controlled from within the EU and NATO (a visitor without an
    account has no releasability): the one read path applies it (core.restrict), and says why."""
    capabilities = organisation.capabilities.prefetch_related("areas", "cpv_codes")
    shown = capabilities.restrict(user)
    return shown, restrict.withheld_note(user, capabilities.exclude(pk__in=shown.values("pk")))


def organisation_detail_context(*, user: Viewer, organisation: Organisation) -> dict[str, Any]:
    history = list(organisation_history(user=user, organisation=organisation)) if permissions.can_view_history(
        user, organisation) else []
    capabilities, withheld = _releasable_capabilities(user, organisation)
    return {
        "organisation": organisation,
        "capabilities": capabilities,
        "capabilities_withheld": withheld,
        "certifications": organisation.certifications.all(),
        "test_facilities": organisation.test_facilities.all(),
        "contacts": organisation.contacts.all() if permissions.can_view_contacts(user, organisation) else None,
        "members": organisation.memberships.filter(state=MembershipState.ACTIVE).select_related("user")
        if permissions.can_change(user, organisation) else None,
        # Claims wait for an administrator; invitations are not listed (that would say which names exist).
        "requests": organisation.memberships.filter(state=MembershipState.REQUESTED).select_related("user")
        if permissions.can_manage_members(user, organisation) else None,
        "can_manage_members": permissions.can_manage_members(user, organisation),
        "invitations": [i for i in organisation.invitations.filter(accepted_at__isnull=True, withdrawn_at__isnull=True)
                        if i.is_pending] if permissions.can_manage_members(user, organisation) else None,
        "my_membership": organisation.memberships.filter(user=user).first()
        if permissions.is_authenticated(user) else None,
        "can_request_membership": permissions.can_request_membership(user, organisation),
        "can_verify": permissions.can_verify(user, organisation),
        "verified_by_name": organisation.verified_by.get_username() if organisation.verified_by is not None else "",
        "can_change": permissions.can_change(user, organisation),
        "can_delete": permissions.can_delete(user, organisation),
        "can_view_sensitive": permissions.can_view_sensitive(user, organisation),
        "can_view_history": permissions.can_view_history(user, organisation),
        "history": history,
    }


def organisation_history(*, user: Viewer, organisation: Organisation, limit: int = 200) -> list[ObjectChange]:
    """The record's changes, newest first, with sensitive values masked for those who may not see them."""
    changes = list(history_for(organisation, user=user)[:limit])
    hide = not permissions.can_view_sensitive(user, organisation)
    for change in changes:
        model = change.changed_object_type.model_class()
        shown = []
        for name, before, after in change.differences():
            if hide and model is Organisation and name in Organisation.SENSITIVE_FIELDS:
                label, _value = describe_value(model, name, None)
                shown.append((label, "•••", "•••"))
                continue
            label, before = describe_value(model, name, before)
            _label, after = describe_value(model, name, after)
            shown.append((label, before, after))
        change.visible_differences = shown
    return changes


def cpv_search(*, query: str, limit: int = 20) -> list[CpvCode]:
    """CPV codes by code prefix ('3572') or by words in the English or Dutch label ('radar')."""
    query = query.strip()[:100]
    if not query:
        return []
    queryset = CpvCode.objects.all()
    if query.replace("-", "").isdigit():
        digits = query.split("-")[0]
        prefix = cpv_prefix(digits.ljust(8, "0")) if len(digits) >= 2 else digits
        queryset = queryset.filter(code__startswith=prefix)
    else:
        for word in query.split()[:5]:
            queryset = queryset.filter(Q(label_en__icontains=word) | Q(label_nl__icontains=word))
    return list(queryset.order_by("level", "code")[:limit])


def registry_stats(*, user: Viewer) -> dict[str, int]:
    counts = dict(
        Organisation.objects.restrict(user, "view").values_list("kind").annotate(n=Count("id")).order_by()
    )
    return {
        "organisations": sum(counts.values()),
        "knowledge": counts.get(OrganisationKind.KNOWLEDGE, 0),
        "financial": counts.get(OrganisationKind.FINANCIAL, 0),
        "defence": counts.get(OrganisationKind.DEFENCE_UNIT, 0),
    }


def ecosystem_overview(*, user: Viewer, filters: OrganisationFilters | None = None) -> dict[str, Any]:
    """Counts behind the ecosystem picture: organisations per province and area, per kind, per region."""
    base = organisation_list(user=user, filters=filters).order_by()
    by_province_area = Counter(
        {(p, a): n for p, a, n in base.filter(country="NL").values_list("province", "areas").annotate(n=Count("id"))}
    )
    by_kind = dict(base.values_list("kind").annotate(n=Count("id")))
    by_region = dict(base.filter(region__isnull=False).values_list("region__name").annotate(n=Count("id")))
    abroad = base.filter(~Q(country="NL")).count()
    provinces = province_choices()
    areas = list(Area.choices)
    rows: list[dict[str, Any]] = []
    for code, name in provinces:
        cells = [by_province_area.get((code, a), 0) for a, _label in areas]
        rows.append({"code": code, "name": name, "cells": cells, "total": sum(cells)})
    maximum = max((n for row in rows for n in row["cells"]), default=0)
    return {
        "areas": areas,
        "rows": rows,
        "max": maximum,
        "by_kind": [(label, by_kind.get(value, 0), value) for value, label in OrganisationKind.choices],
        "by_region": sorted(by_region.items(), key=lambda item: -item[1]),
        "abroad": abroad,
        "regions": list(RegionalEcosystem.objects.all()),
    }
