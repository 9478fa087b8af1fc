"""The registries through which a lower app reads what a higher one declares (no import circles between apps, issue
15), and the queue helper through which services queue tasks by name (tasks import services, never the reverse)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from straiik.accounts import sso
from straiik.agenda.models import LinkKind
from straiik.core import indicators, links, restrict, taskqueue, views
from straiik.defport import permissions as defport_permissions
from straiik.notifications import periodic
from straiik.protection import selectors as protection_selectors

pytestmark = pytest.mark.django_db


def test_every_app_registers_what_the_lower_apps_read() -> None:
    sources = {i.source for i in indicators.indicators()}
    assert sources == {"defport", "sdir", "bundling", "supply", "agenda"}
    assert {"defport.needs_on_time", "defport.needs_on_time.sensors", "sdir.awards", "sdir.days_to_notification",
            "bundling.savings", "supply.open_spofs", "agenda.concrete_actions"} <= set(indicators.REGISTRY)
    # an indicator per area names its area for people
    assert indicators.get("defport.needs.sensors").full_label.startswith(str(indicators.get("defport.needs").label))
    assert indicators.get("defport.needs.sensors").full_label != str(indicators.get("defport.needs").label)
    assert set(links.TARGETS) == set(LinkKind.values)
    assert list(periodic.CHECKS) == ["deadline", "milestone"]
    # export control: protection's withholding rule on the one read path (core.restrict, was core.releasability)
    assert restrict.withholdings() and views.HOME_STATS and sso.CLAIM_HANDLERS
    assert protection_selectors.WAITING_FOR_DUE_DILIGENCE
    assert "sdir-call" in defport_permissions.FOLLOW_UPS


def test_a_registry_refuses_the_same_name_twice() -> None:
    existing = indicators.get("supply.open_spofs")
    with pytest.raises(ValueError, match="registered twice"):
        indicators.register(existing)
    with pytest.raises(ValueError, match="registered twice"):
        periodic.register("deadline", lambda: 0)
    with pytest.raises(ValueError, match="registered twice"):
        links.register(LinkKind.SDIR_CALL, links.TARGETS[LinkKind.SDIR_CALL])


def test_a_task_queued_on_commit_is_queued_only_when_the_transaction_commits(
        django_capture_on_commit_callbacks: Any) -> None:
    path = "straiik.notifications.tasks.send_digests"
    handles: list[Any] = []
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                taskqueue.enqueue_on_commit(path, then=handles.append)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert not DBTaskResult.objects.filter(task_path=path).exists() and handles == []
    with django_capture_on_commit_callbacks(execute=True):
        taskqueue.enqueue_on_commit(path, then=handles.append)
    queued = DBTaskResult.objects.get(task_path=path)
    assert [str(h.id) for h in handles] == [str(queued.id)]
