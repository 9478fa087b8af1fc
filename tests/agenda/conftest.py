"""Fixtures for the action agenda: an agenda for 2026 (the tests run with today fixed in 2026, see `today`), an owning
organisation with a member, and the data of a concrete action."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from straiik.accounts.models import User
from straiik.agenda import services
from straiik.agenda.models import Action, Agenda
from straiik.registry.models import Organisation
from tests.conftest import make_org, make_user

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """A fixed 'today' (Amsterdam), so deadlines, overdue flags and report dates do not depend on the calendar."""
    noon = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: noon)
    return TODAY


@pytest.fixture
def owner_member(db: Any) -> User:
    return make_user(username="ownermember")


@pytest.fixture
def owner_org(owner_member: User) -> Organisation:
    return make_org(by=owner_member, name="Defensie Materieel Organisatie", kind="government", areas=("sensors",))


@pytest.fixture
def agenda(office: User) -> Agenda:
    return services.agenda_create(user=office, year=2026, summary="Test agenda")


def action_data(owner: Organisation | None, **changes: Any) -> dict[str, Any]:
    data = {"title": "Gun 8 haalbaarheidsstudies in de SDIR-oproep drones", "area": "sensors", "theme": "sdir",
            "owner_organisation": owner, "owner_person": "hoofd innovatief inkopen",
            "start": dt.date(2026, 2, 1), "deadline": dt.date(2026, 6, 30), "indicator_name": "studies gegund",
            "baseline": 0, "target": 8, "unit": "studies", "budget_eur": 3_200_000}
    data.update(changes)
    return data


@pytest.fixture
def action(agenda: Agenda, office: User, owner_org: Organisation) -> Action:
    return services.action_create(user=office, agenda=agenda, data=action_data(owner_org))


@pytest.fixture
def unit_need(office: User) -> Any:
    """An open operational need in Defport, submitted by a defence unit's buyer."""
    from straiik.defport import services as defport

    unit = make_org(by=office, name="Innovatiecel Sensoren", kind="defence-unit", areas=("sensors",))
    return defport.submission_create(user=office, data={
        "kind": "need", "title": "Detectie van kleine drones bij kampementen", "organisation": unit,
        "description": "Wij zoeken een draagbare radar die kleine drones rond een kampement detecteert."},
        areas=["sensors"], confirmed_not_duplicate=True)


# The bundling round with a hand-worked optimum (savings 5,260), for the bundling indicators.
from tests.bundling.conftest import agencies, bundling_round, nl_buyer, supplier, supplier_member  # noqa: E402, F401
