"""Exporting the registry view a user has (their filters, their permissions) as rows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet

from straiik.registry import permissions
from straiik.registry.models import Capability, Organisation

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

BASE_COLUMNS = [
    "slug", "name", "kind", "country", "province", "city", "region", "areas", "description", "website",
    "employees", "founded", "visibility", "capability", "trl", "cpv_codes",
]


def export_columns(user: Viewer | None) -> list[str]:
    columns = list(BASE_COLUMNS)
    if permissions.can_view_sensitive(user):
        columns += list(Organisation.SENSITIVE_FIELDS)
    return columns


def export_rows(user: Viewer | None, queryset: QuerySet[Organisation], chunk_size: int = 2000) -> Iterator[list[Any]]:
    """One row per organisation; its capabilities are joined (titles with '; ', CPV codes with ' ')."""
    sensitive_for_all = permissions.can_view_sensitive(user)
    queryset = queryset.select_related("region").prefetch_related(
        "areas", Prefetch("capabilities", queryset=Capability.objects.prefetch_related("cpv_codes"))
    )
    for org in queryset.iterator(chunk_size=chunk_size):
        capabilities = list(org.capabilities.all())
        cpv = sorted({c.code for cap in capabilities for c in cap.cpv_codes.all()})
        row: list[Any] = [
            org.slug, org.name, org.kind, org.country, org.province, org.city,
            org.region.name if org.region else "", ";".join(a.code for a in org.areas.all()), org.description,
            org.website, org.employees, org.founded, org.visibility,
            "; ".join(c.title for c in capabilities), org.max_trl, " ".join(cpv),
        ]
        if sensitive_for_all:
            row += [
                float(org.foreign_ownership_pct) if org.foreign_ownership_pct is not None else None,
                org.foreign_control_country, org.clearance_status,
            ]
        yield row
