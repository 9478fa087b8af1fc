"""Reads in protection, always through the permission filters."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import Http404

from straiik.protection import permissions, services
from straiik.protection.models import (
    Disclosure,
    DueDiligence,
    HitStatus,
    SanctionsList,
    ScreeningHit,
)
from straiik.registry.models import Organisation

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

# The records that carry protection rules and due diligence, and those that can carry export-control tags.
RULE_SUBJECTS = ("sdir.call", "bundling.bundlinground", "defport.submission")
TAGGABLE = ("registry.capability", "bundling.offer", "bundling.demand", "sdir.call", "sdir.attachment",
            "defport.submission")


def record_for(kind: str, pk: int, allowed: tuple[str, ...]) -> Any:
    """The record named "app_label.model" and id, if it is of an allowed kind (else 404)."""
    if kind not in allowed:
        raise Http404("Not a record that carries protection rules or tags.")
    app_label, model = kind.split(".")
    content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
    model_class = content_type.model_class() if content_type else None
    record = model_class._default_manager.filter(pk=pk).first() if model_class is not None else None
    if record is None:
        raise Http404("No such record.")
    return record


def hit_queue(*, user: Viewer, status: str = HitStatus.OPEN) -> QuerySet[ScreeningHit]:
    queryset = ScreeningHit.objects.restrict(user, "view").select_related("organisation")
    return queryset.filter(status=status) if status else queryset


def hit_get(*, user: Viewer, pk: int) -> ScreeningHit:
    hit = ScreeningHit.objects.restrict(user, "view").select_related("organisation", "decided_by").filter(
        pk=pk).first()
    if hit is None:
        raise Http404("No such hit.")
    return hit


def organisation_for_protection(*, user: Viewer, slug: str) -> Organisation:
    organisation = Organisation.objects.restrict(user).filter(slug=slug).first()
    if organisation is None or not permissions.can_view_protection(user, organisation):
        raise Http404("No such organisation.")
    return organisation


def lists_loaded() -> QuerySet[SanctionsList]:
    return SanctionsList.objects.select_related("loaded_by")


def protection_overview(organisation: Organisation) -> dict[str, Any]:
    disclosures = list(organisation.disclosures.select_related("declared_by", "signed_off_by"))
    current = next((d for d in disclosures if d.status != "returned"), None)
    return {
        "disclosures": disclosures,
        "current": current,
        "due_at": services.renewal_due_at(current) if current and current.signed_off_at else None,
        "hits": list(organisation.screening_hits.exclude(status=HitStatus.LAPSED).select_related("decided_by")),
        "due_diligence": list(DueDiligence.objects.filter(organisation=organisation).select_related(
            "reviewer", "disclosure", "content_type")),
        "blocked": services.clearance_problems(None, organisation),
        "control": services.control_countries(organisation, current),
    }


# What waits for due diligence before a decision elsewhere (SDIR: the selected proposals of a call that requires it,
# sdir/selectors.py), registered by the app that decides from its AppConfig.ready(): protection does not import it.
WAITING_FOR_DUE_DILIGENCE: list[Callable[[int], list[dict[str, Any]]]] = []


def awards_waiting(limit: int = 200) -> list[dict[str, Any]]:
    """Rows {"call", "proposal", "organisation"} waiting for due diligence before their award, from every app
    that registered a source."""
    rows: list[dict[str, Any]] = []
    for source in WAITING_FOR_DUE_DILIGENCE:
        rows += source(limit - len(rows))
    return rows[:limit]


def dashboard(*, user: Viewer) -> dict[str, Any]:
    if not permissions.is_office(user):
        raise Http404("Not found.")
    open_hits = ScreeningHit.objects.restrict(user).filter(status=HitStatus.OPEN)
    return {
        "open_hits": open_hits.count(),
        "confirmed": ScreeningHit.objects.restrict(user).filter(status=HitStatus.CONFIRMED).select_related(
            "organisation"),
        "to_sign_off": Disclosure.objects.restrict(user).filter(status="submitted").select_related("organisation"),
        "due": services.disclosures_due(),
        "awards_waiting": awards_waiting(),
        "lists": SanctionsList.objects.filter(is_current=True),
    }
