"""The demo agendas: drawn from the letter, marked as example content, idempotent, and with actions the quality
check flags."""

from __future__ import annotations

from typing import Any

import pytest

from straiik.agenda import demo, selectors
from straiik.agenda.models import Agenda, ParliamentaryItem

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_with_vague_and_concrete_actions(office: Any) -> None:
    created = demo.load(1)
    assert created == len(demo.ACTIONS[2025]) + len(demo.ACTIONS[2026])
    assert demo.load(1) == 0  # idempotent
    first, second = Agenda.objects.get(year=2025), Agenda.objects.get(year=2026)
    assert first.is_demo and second.is_demo and first.is_published and second.is_published
    assert "Voorbeeldinhoud" in second.summary
    assert all("(demo)" in a.owner_organisation.name for a in second.actions.select_related("owner_organisation"))
    early, late = selectors.quality(first).summary.overall, selectors.quality(second).summary.overall
    assert early.share < late.share < 1  # the first agenda was criticised; the second is better, not perfect
    references = set(ParliamentaryItem.objects.values_list("reference", flat=True))
    assert {"Kamerstuk 21 501-20, nr. 2164", "Kamerstuk 34 225, nr. 58", "Kamerstuk 36 600 X"} <= references
    rows = {r.area: r for r in selectors.ambition_rows(second)}
    assert rows["sensors"].changed and not rows["maritime"].changed
    overdue = [a.code for a in second.actions.all() if a.is_overdue(selectors.today())]
    assert "2026-03" in overdue  # the SDIR feasibility studies, due 30 June, delayed
    assert second.actions.get(number=3).updates.count() == 2


def test_the_demo_needs_the_office_account(db: Any) -> None:
    assert demo.load(1) == 0 and not Agenda.objects.exists()
