"""The check that every service saving a record writes an audit entry (tests/audit_check.py) covers every app,
and catches a service that does not."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path
from typing import Any

import pytest

import straiik
from straiik.core.audit import record_change, snapshot
from straiik.core.models import ObjectChange
from tests import audit_check
from tests.conftest import make_user

APPS = Path(straiik.__file__).parent


def test_every_apps_service_module_is_checked() -> None:
    apps = sorted(p.parent.name for p in APPS.glob("*/services.py")) + sorted(
        p.parent.parent.name for p in APPS.glob("*/services/__init__.py"))
    assert len(apps) >= 9
    for app in apps:
        assert f"straiik.{app}.services" in audit_check.SERVICE_MODULES, f"add straiik.{app}.services"


def test_every_public_service_function_is_wrapped() -> None:
    count = 0
    for module in audit_check.service_modules():
        for name, function in audit_check.public_functions(module):
            assert getattr(function, "__straiik_audited__", False), f"{module.__name__}.{name} is not checked"
            count += 1
        if hasattr(module, "__path__"):  # a package re-exports its submodules' services: the checked ones
            for name, value in vars(module).items():
                if inspect.isfunction(value) and not name.startswith("_") and value.__module__.startswith(
                        module.__name__ + "."):
                    assert getattr(value, "__straiik_audited__", False), f"{module.__name__}.{name}"
    assert count > 100


def _agenda(user: Any) -> Any:
    from straiik.agenda.models import Agenda

    return Agenda(year=2040, title="Agenda 2040", created_by=user)


def test_a_service_that_saves_without_a_trace_fails(db: Any) -> None:
    user = make_user("programme-office")

    def agenda_sneak(*, user: Any) -> Any:
        agenda = _agenda(user)
        agenda.save()
        return agenda

    with pytest.raises(audit_check.MissingAuditEntry, match=r"agenda_sneak saved without an audit entry: "
                                                            r"agenda\.Agenda \d+ \(created\)"):
        audit_check._wrap("agenda_sneak", agenda_sneak)(user=user)


def test_a_service_that_records_its_change_passes_and_so_does_a_save_of_unaudited_fields(db: Any) -> None:
    user = make_user("programme-office")

    def agenda_open(*, user: Any) -> Any:
        agenda = _agenda(user)
        agenda.save()
        record_change(user=user, action=ObjectChange.Action.CREATE, instance=agenda, before=None,
                      after=snapshot(agenda))
        return agenda

    agenda = audit_check._wrap("agenda_open", agenda_open)(user=user)

    def agenda_touch(*, agenda: Any) -> None:
        agenda.save(update_fields=["updated_at"])  # no field its trail records

    audit_check._wrap("agenda_touch", agenda_touch)(agenda=agenda)

    def agenda_retitle(*, agenda: Any) -> None:
        agenda.title = "Another"
        agenda.save(update_fields=["title"])

    # the record's earlier entry does not cover a later change: each saving call needs its own
    with pytest.raises(audit_check.MissingAuditEntry, match="agenda_retitle"):
        audit_check._wrap("agenda_retitle", agenda_retitle)(agenda=agenda)


def test_entries_written_in_bulk_count(db: Any) -> None:
    from straiik.core.audit import record_created

    user = make_user("programme-office")

    def agendas_import(*, user: Any) -> None:
        agendas = [_agenda(user), _agenda(user)]
        agendas[1].year = 2043
        for agenda in agendas:
            agenda.save()
        record_created(user=user, instances=agendas)

    audit_check._wrap("agendas_import", agendas_import)(user=user)


def test_a_service_called_by_a_service_is_checked_once_by_the_outer_call(db: Any) -> None:
    user = make_user("programme-office")
    services = importlib.import_module("straiik.agenda.services")
    outer = audit_check._wrap("outer", lambda: services.agenda_create(user=user, year=2042, summary="x"))
    agenda = outer()
    assert ObjectChange.objects.filter(changed_object_id=agenda.pk, action=ObjectChange.Action.CREATE).exists()


def test_a_save_that_changed_nothing_needs_no_entry(db: Any) -> None:
    from straiik.core import audit

    user = make_user("programme-office")
    agenda = _agenda(user)
    agenda.save()

    def agenda_resave(*, agenda: Any) -> None:
        before = snapshot(agenda)
        agenda.save()
        # record_change leaves no entry for an update that changed nothing, and the check knows it
        assert audit.record_change(user=user, action=ObjectChange.Action.UPDATE, instance=agenda, before=before,
                                   after=snapshot(agenda)) is None

    audit_check._wrap("agenda_resave", agenda_resave)(agenda=agenda)
