"""Fixtures for SDIR: a defence unit with its buyer, applicant companies, a panel of reviewers, and calls with
dates set relative to the server's clock (services take `now`, so deadlines are tested to the second)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from straiik.accounts.models import User
from straiik.registry.models import Membership, Organisation
from straiik.sdir import services
from straiik.sdir.models import Call
from tests.conftest import make_org, make_user

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def unit(office: User, buyer: User) -> Organisation:
    organisation = make_org(by=office, name="Defence Materiel Organisation", kind="defence-unit", areas=("sensors",))
    Membership.objects.create(user=buyer, organisation=organisation)
    return organisation


@pytest.fixture
def panel(db: Any) -> list[User]:
    return [make_user("reviewer", username=f"rev{i}") for i in range(1, 4)]


@pytest.fixture
def rival_member(db: Any) -> User:
    return make_user(username="rivalmember")


@pytest.fixture
def rival(rival_member: User) -> Organisation:
    return make_org(by=rival_member, name="Noordzee Sensing B.V.", kind="startup", foreign_ownership_pct=10)


def call_data(unit: Organisation, **changes: Any) -> dict[str, Any]:
    now = timezone.now()
    data = {"title": "Detecting small drones around camps", "problem": "Units need early warning of small drones.",
            "area": "sensors", "owning_unit": unit, "phase": 1, "budget_eur": 1_000_000, "max_award_eur": 600_000,
            "opens_at": now - HOUR, "closes_at": now + HOUR, "scheme": "dasa"}
    data.update(changes)
    return data


def make_call(office: User, unit: Organisation, panel: list[User] | None = None, *, publish: bool = True,
              **changes: Any) -> Call:
    call = services.call_create(user=office, data=call_data(unit, **changes), reviewers=panel or [])
    if publish:
        call = services.transition(user=office, call=call, action="publish")
    return call


def proposal_data(org: Organisation, **changes: Any) -> dict[str, Any]:
    data = {"organisation": org, "title": "Passive RF drone detector", "summary": "A passive RF sensor network.",
            "approach": "Build three sensors and test them on a range.", "amount_eur": 400_000,
            "duration_months": 6, "trl": 4}
    data.update(changes)
    return data


def dasa(desirable: float, feasible: float, viable: float, comment: str = "ok") -> dict[str, tuple[Any, str]]:
    return {"desirable": (desirable, comment), "feasible": (feasible, comment), "viable": (viable, comment)}


def review_all(call: Call, scores: dict[int, tuple[float, float, float]], now: dt.datetime) -> None:
    """Every assigned reviewer declares no conflict and submits the given DASA scores for each proposal."""
    from straiik.sdir.models import Assignment

    for a in Assignment.objects.filter(proposal__call=call).select_related("reviewer"):
        if a.state == "pending":
            services.declare_interest(user=a.reviewer, assignment=a, conflict=False, now=now)
        services.scores_save(user=a.reviewer, assignment=a, scores=dasa(*scores[a.proposal_id]), now=now)


@pytest.fixture
def later() -> dt.datetime:
    """Two hours from now: after the default call has closed."""
    return timezone.now() + 2 * HOUR
