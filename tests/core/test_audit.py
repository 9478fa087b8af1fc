"""The one audit snapshot and field update (core.audit): what a model declares is what its trail records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from straiik.agenda.models import Action, Agenda, ParliamentaryItem
from straiik.core.audit import (
    REDACTED,
    apply_fields,
    audit_fields,
    json_value,
    record_created,
    snapshot,
    snapshots,
)
from straiik.core.models import ObjectChange
from tests.conftest import make_org, make_user


@pytest.fixture
def action(db: Any) -> Action:
    office = make_user("programme-office")
    owner = make_org(name="Eigenaar B.V.")
    agenda = Agenda.objects.create(year=2031, title="Agenda 2031", created_by=office)
    return Action.objects.create(
        agenda=agenda, number=3, title="Drones", owner_organisation=owner, start=dt.date(2031, 2, 1),
        budget_eur=Decimal("1000.00"), baseline=Decimal("0.1500"), created_by=office)


def test_a_snapshot_holds_the_declared_fields_as_json_values(action: Action) -> None:
    data = snapshot(action)
    assert list(data) == list(Action.AUDIT_FIELDS)
    assert data["owner_organisation"] == "Eigenaar B.V."  # a related record by its name
    assert data["objective"] is None
    assert data["start"] == "2031-02-01"
    # decimals as typed: 1000 and 1000.00 are one value, so an edit that retypes a number records nothing
    assert data["budget_eur"] == "1000" and data["baseline"] == "0.15"


def test_many_to_many_is_recorded_as_sorted_keys_and_in_bulk_with_one_query_per_relation(
        action: Action, django_assert_max_num_queries: Any) -> None:
    assert "actions" in ParliamentaryItem.AUDIT_FIELDS and Action.AUDIT_KEY == "code"
    second = Action.objects.create(agenda=action.agenda, number=1, title="Radar", created_by=action.created_by)
    items = [ParliamentaryItem.objects.create(kind="motion", reference=f"36 {n}", title=f"Motie {n}",
                                              created_by=action.created_by)
             for n in range(2)]
    items[0].actions.set([action, second])
    assert snapshot(items[0])["actions"] == ["2031-01", "2031-03"]  # Action.AUDIT_KEY is its code
    assert snapshot(items[1])["actions"] == []
    with django_assert_max_num_queries(1):
        bulk = snapshots(items)
    assert bulk == [snapshot(item) for item in items]


def test_record_created_writes_one_entry_per_record(action: Action) -> None:
    items = [ParliamentaryItem.objects.create(kind="motion", reference=f"37 {n}", title=f"Motie {n}",
                                              created_by=action.created_by)
             for n in range(3)]
    record_created(user=None, instances=items)
    entries = ObjectChange.objects.filter(changed_object_type=ContentType.objects.get_for_model(ParliamentaryItem),
                                          changed_object_id__in=[i.pk for i in items])
    assert sorted(e.postchange_data["reference"] for e in entries) == ["37 0", "37 1", "37 2"]


def test_redacted_fields_are_recorded_as_a_keyed_digest(action: Action, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Action, "AUDIT_REDACTED", ("owner_person",), raising=False)
    action.owner_person = "J. Jansen"
    first = snapshot(action)["owner_person"]
    assert first.startswith(REDACTED) and "Jansen" not in first
    action.owner_person = "P. Pietersen"
    assert snapshot(action)["owner_person"] not in (first, "P. Pietersen")  # a change still shows
    action.owner_person = ""
    assert snapshot(action)["owner_person"] == ""  # and so does clearing it


def test_all_fields_minus_the_excluded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Agenda, "AUDIT_FIELDS", "__all__")
    monkeypatch.setattr(Agenda, "AUDIT_EXCLUDE", ("created_by", "created_at"), raising=False)
    names = audit_fields(Agenda)
    assert "title" in names and "year" in names
    assert "id" not in names and "created_by" not in names and "created_at" not in names


def test_apply_fields_sets_what_is_allowed_and_names_what_changed(action: Action) -> None:
    changed = apply_fields(action, {"title": "Drones", "budget_eur": 1500.5, "owner_person": None,
                                    "baseline": "0.15"}, fields=Action.AUDIT_FIELDS)
    assert changed == ["budget_eur", "baseline"] or changed == ["budget_eur"]
    assert action.budget_eur == Decimal("1500.5") and action.owner_person == ""
    assert apply_fields(action, {"owner_organisation": action.owner_organisation},
                        fields=("owner_organisation",)) == []


def test_apply_fields_refuses_unknown_names_and_bad_numbers(action: Action) -> None:
    with pytest.raises(ValidationError) as refused:
        apply_fields(action, {"created_by": None, "agenda": None}, fields=("title",))
    assert set(refused.value.message_dict) == {"agenda", "created_by"}
    with pytest.raises(ValidationError) as refused:
        apply_fields(action, {"budget_eur": "veel"}, fields=("budget_eur",))
    assert "budget_eur" in refused.value.message_dict


def test_json_value_rules() -> None:
    assert json_value(Decimal("1E+3")) == "1000"
    assert json_value(dt.datetime(2031, 1, 2, 3, 4, tzinfo=dt.UTC)) == "2031-01-02T03:04:00+00:00"
    assert json_value((Decimal("1.50"), {"a": dt.date(2031, 1, 1)})) == ["1.5", {"a": "2031-01-01"}]
