from __future__ import annotations

from typing import Any

import pytest

from straiik.accounts.models import User
from straiik.defport.matching import reset_index
from straiik.registry.models import Membership, Organisation
from tests.conftest import make_org, make_user


@pytest.fixture(autouse=True)
def fresh_index() -> Any:
    """Each test sees only its own database: the process-wide index starts empty."""
    reset_index()
    yield
    reset_index()


@pytest.fixture
def unit(office: User) -> Organisation:
    return make_org(by=office, name="Innovatiecel Sensoren", kind="defence-unit", areas=("sensors",))


@pytest.fixture
def unit_buyer(unit: Organisation) -> User:
    user = make_user("defence-buyer", username="unitbuyer")
    Membership.objects.create(user=user, organisation=unit)
    return user


def need_data(unit: Organisation, **changes: Any) -> dict[str, Any]:
    data = {"kind": "need", "title": "Detectie van kleine drones bij kampementen",
            "description": "Wij zoeken een draagbare radar die kleine drones rond een kampement detecteert.",
            "organisation": unit}
    data.update(changes)
    return data
