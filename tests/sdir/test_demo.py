"""The demo content: created through the services with its history's own dates, once."""

from __future__ import annotations

from typing import Any

import pytest

from straiik.core import exercises
from straiik.registry import demo as registry_demo
from straiik.registry.services import organisations_bulk_create
from straiik.sdir import demo, selectors
from straiik.sdir.models import Award, Call
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_demo_content_is_marked_complete_and_idempotent(db: Any) -> None:
    organisations_bulk_create(user=None, specs=list(registry_demo.generate(30, seed=1)), is_demo=True)
    for name, roles in (("office", ["programme-office"]), ("buyer", ["defence-buyer"]), ("reviewer", ["reviewer"]),
                        ("member", [])):
        make_user(*roles, username=name)
    assert demo.load(seed=1) == 2
    assert demo.load(seed=1) == 0
    calls = list(Call.objects.order_by("id"))
    assert all(c.is_exercise and c.title.endswith("(example)") for c in calls)
    assert [c.current_state() for c in calls] == ["in_execution", "open"]
    assert Award.objects.filter(transition="phase_3").count() == 1
    # the demo is an exercise: out of the official indicators, in them when asked
    d = selectors.dashboard()
    assert d["times"].notify_counted == 0 and d["awards"] == 0
    with exercises.including():
        d = selectors.dashboard()
    assert d["times"].notify_on_time == 1 and d["times"].award_on_time == 1 and d["awards"] >= 1
