"""A small round with a known optimum, worked out by hand.

One offer (EU content 0.9): 100 per unit below 100 units, 80 from 100 units; 500 per contract; capacity
1,000 in 2027-Q1. Funding 15 % (20 % with Ukraine) for EU content >= 0.65. Every nation needs 40 units in
2027-Q1 at 100 each alone.

- NL, DE, BE together: Q = 120, V = 9,600, S = 1,440, C = 9,600 + 500 - 1,440 = 8,660; baseline 12,000.
- with UA as well: Q = 160, V = 12,800, S = 2,560, C = 10,740; baseline 16,000; savings 5,260;
  the three partners pay 3/4 of 10,740 = 8,055 (save 3,945 instead of 3,340: +605);
  the Ukraine rule adds 0.05 x 12,800 = 640 of funding.
"""

from __future__ import annotations

from typing import Any

import pytest

from straiik.accounts.models import User
from straiik.bundling import services
from straiik.bundling.models import BundlingRound, Demand, Offer
from straiik.registry.models import Membership, Organisation
from tests.conftest import make_org, make_user

ITEM = "35331000"


def agency(country: str, by: User) -> Organisation:
    return make_org(by=by, name=f"Agency {country}", kind="government", country=country,
                    province="NL-ZH" if country == "NL" else "", city="X")


@pytest.fixture
def nl_buyer(db: Any) -> User:
    return make_user("defence-buyer", username="nlbuyer")


@pytest.fixture
def agencies(office: User, nl_buyer: User) -> dict[str, Organisation]:
    orgs = {c: agency(c, office) for c in ("NL", "DE", "BE", "UA")}
    Membership.objects.create(user=nl_buyer, organisation=orgs["NL"])
    return orgs


@pytest.fixture
def supplier_member(db: Any) -> User:
    return make_user(username="suppliermember")


@pytest.fixture
def supplier(supplier_member: User) -> Organisation:
    return make_org(by=supplier_member, name="Munitiewerk Twente B.V.", kind="prime", country="NL",
                    province="NL-OV", city="Hengelo")


def round_data(**changes: Any) -> dict[str, Any]:
    data = {"name": "Test round", "periods": ["2027-Q1", "2027-Q2"], "currency": "EUR", "min_buyers": 3,
            "min_eu_buyers": 2, "individual_rationality": True, "funding_enabled": True,
            "funding_min_eu_content": 0.65, "funding_share": 0.15, "funding_share_with_ukraine": 0.20,
            "ukraine_country": "UA", "time_limit": 10}
    data.update(changes)
    return data


def demand_data(buyer: Organisation, **changes: Any) -> dict[str, Any]:
    from straiik.registry.models import CpvCode

    data = {"buyer": buyer, "item": CpvCode.objects.get(code=ITEM), "standard": "STANAG-4425", "quantity": 40,
            "periods": ["2027-Q1"], "solo_unit_price": 100, "reference": ""}
    data.update(changes)
    return data


def offer_data(supplier: Organisation, **changes: Any) -> dict[str, Any]:
    from straiik.registry.models import CpvCode

    data = {"supplier": supplier, "item": CpvCode.objects.get(code=ITEM), "standards": ["STANAG-4425"],
            "eu_content": 0.9, "contract_cost": 500, "reference": "",
            "tiers": [{"min_quantity": 0, "unit_price": 100.0}, {"min_quantity": 100, "unit_price": 80.0}],
            "capacity": {"2027-Q1": 1000}}
    data.update(changes)
    return data


@pytest.fixture
def bundling_round(office: User, agencies: dict[str, Organisation], supplier: Organisation) -> BundlingRound:
    round = services.round_create(user=office, data=round_data())
    for country in ("NL", "DE", "BE", "UA"):
        services.demand_create(user=office, round=round, data=demand_data(agencies[country]))
    services.offer_create(user=office, round=round, data=offer_data(supplier))
    return round


def demands_of(round: BundlingRound) -> list[Demand]:
    return list(round.demands.order_by("id"))


def offer_of(round: BundlingRound) -> Offer:
    return round.offers.get()
