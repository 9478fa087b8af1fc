"""Screen an organisation again when it or one of its contacts changes (after the change commits). Nothing
happens while no list is loaded. Bulk loads (imports, the demo) do not send signals: a list import screens the
whole registry, and `straiik protection_screen` does so on demand."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from straiik.registry.models import Contact, Organisation
from straiik.registry.services import organisations_imported


def _later(organisation_id: int | None) -> None:
    if organisation_id is None:
        return

    def run() -> None:
        from straiik.protection.models import SanctionsList, ScreeningHit
        from straiik.protection.screening import screen_organisations

        if SanctionsList.objects.filter(is_current=True).exists() or \
                ScreeningHit.objects.filter(organisation_id=organisation_id).exists():
            if Organisation.objects.filter(pk=organisation_id).exists():
                screen_organisations([organisation_id])

    transaction.on_commit(run)


@receiver(post_save, sender=Organisation, dispatch_uid="protection-screen-organisation")
def organisation_saved(sender: Any, instance: Organisation, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _later(instance.pk)


@receiver(post_save, sender=Contact, dispatch_uid="protection-screen-contact")
@receiver(post_delete, sender=Contact, dispatch_uid="protection-screen-contact-deleted")
def contact_changed(sender: Any, instance: Contact, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _later(instance.organisation_id)


@receiver(organisations_imported, dispatch_uid="protection-screen-imported")
def organisations_were_imported(sender: Any, organisation_ids: list[int], **kwargs: Any) -> None:
    """A registry import (or the demo) screened at once, within the request for an ordinary number of
    organisations and as a background task above STRAIIK_SCREENING_INLINE_MAX, when a list is loaded."""
    from django.conf import settings

    from straiik.protection.models import SanctionsList

    if not organisation_ids or not SanctionsList.objects.filter(is_current=True).exists():
        return
    from straiik.protection.screening import screen_organisations

    if len(organisation_ids) <= int(getattr(settings, "STRAIIK_SCREENING_INLINE_MAX", 5_000)):
        screen_organisations(list(organisation_ids))
    else:
        from straiik.protection.tasks import screen_registry

        screen_registry.enqueue()
