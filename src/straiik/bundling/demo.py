"""Demo content for demand bundling: one round with the demand of nine nations (Ukraine included), offers from
demo suppliers, and a finished optimiser run. Deterministic for a seed; idempotent; marked as example content.

The buying agencies carry "(demo)" in their names: they stand for the real agencies, with invented figures.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from django.db import transaction

from straiik.bundling import services
from straiik.bundling.models import BundlingRound, Demand, Offer
from straiik.core.audit import record_created, record_creations, snapshot
from straiik.registry.models import COMPANY_KINDS, Membership, Organisation, OrganisationKind, Visibility
from straiik.registry.services import demo_verification, organisation_reindex, unique_slug

if TYPE_CHECKING:
    from straiik.accounts.types import User

ROUND_NAME = "Demo: joint procurement 2027 (example content)"
PERIODS = ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]
AGENCIES = [
    ("NL", "Defensie Materieel Organisatie (demo)", "Den Haag"),
    ("DE", "Bundesamt für Ausrüstung der Bundeswehr (demo)", "Koblenz"),
    ("BE", "Defensie — DG Material Resources (demo)", "Brussel"),
    ("FR", "Direction générale de l'armement (demo)", "Paris"),
    ("PL", "Agencja Uzbrojenia (demo)", "Warszawa"),
    ("EE", "Estonian Centre for Defence Investment (demo)", "Tallinn"),
    ("LT", "Defence Materiel Agency of Lithuania (demo)", "Vilnius"),
    ("NO", "Forsvarsmateriell (demo)", "Oslo"),
    ("UA", "Агенція оборонних закупівель України (демо)", "Київ"),
]
# item, standard, national unit price range, typical order size range, tiers as (share of base price, minimum)
ITEMS = [
    ("35331000", "STANAG-4425", (3600, 4400), (5_000, 60_000), [(1.0, 0), (0.92, 60_000), (0.85, 150_000)]),
    ("35613000", "STANAG-4586", (1800, 2600), (500, 8_000), [(1.0, 0), (0.9, 5_000), (0.8, 15_000)]),
    ("35815100", "VPAM-7", (700, 950), (2_000, 20_000), [(1.0, 0), (0.93, 20_000), (0.88, 50_000)]),
    ("35813000", "STANAG-2920", (380, 520), (2_000, 25_000), [(1.0, 0), (0.9, 30_000)]),
    ("38632000", "MIL-STD-810H", (2900, 3800), (300, 4_000), [(1.0, 0), (0.91, 4_000), (0.86, 9_000)]),
    ("35622700", "STANAG-4187", (310_000, 380_000), (20, 200), [(1.0, 0), (0.94, 200), (0.9, 500)]),
]


def _agency(country: str, name: str, city: str) -> Organisation:
    organisation = Organisation.objects.filter(name=name, country=country).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=name, slug=unique_slug(name), kind=OrganisationKind.GOVERNMENT, country=country, city=city,
            province="NL-ZH" if country == "NL" else "", visibility=Visibility.REGISTERED, is_demo=True,
            description="Example content: a national procurement agency in the bundling demo.", **demo_verification())
        organisation_reindex(organisation=organisation)
        record_creations(user=None, entries=[(organisation, snapshot(organisation))])
    return organisation


@transaction.atomic
def load(*, seed: int = 1, office: User | None = None, buyer: User | None = None) -> BundlingRound | None:
    """Create the demo round once; returns it, or None when it exists already or there are no suppliers."""
    if BundlingRound.objects.filter(name=ROUND_NAME).exists():
        return None
    kinds = [*COMPANY_KINDS, OrganisationKind.INTERNATIONAL]
    suppliers = list(Organisation.objects.filter(is_demo=True, kind__in=kinds)
                     .exclude(country="UA").order_by("id")[:40])
    if len(suppliers) < 4 or office is None:
        return None
    rng = random.Random(seed)
    agencies = {country: _agency(country, name, city) for country, name, city in AGENCIES}
    if buyer is not None:
        Membership.objects.get_or_create(user=buyer, organisation=agencies["NL"], defaults={"is_admin": True})
    round = services.round_create(user=office, is_exercise=True, data={
        "name": ROUND_NAME, "periods": PERIODS, "currency": "EUR", "min_buyers": 3, "min_eu_buyers": 2,
        "individual_rationality": True, "funding_enabled": True, "funding_min_eu_content": 0.65,
        "funding_share": 0.15, "funding_share_with_ukraine": 0.20, "ukraine_country": "UA", "time_limit": 30,
        "description": "Example content. Nine nations, Ukraine among them, pool their 2027 demand for artillery "
                       "ammunition, drones, body armour, helmets, night vision and air-defence missiles."})
    demands, offers = [], []
    for item, standard, (low, high), (q_low, q_high), tiers in ITEMS:
        buying = rng.sample(list(agencies), k=rng.randint(5, 8))
        if "UA" not in buying and rng.random() < 0.8:
            buying.append("UA")
        for country in buying:
            for _ in range(rng.choice([1, 1, 2])):
                start = rng.randrange(len(PERIODS))
                periods = PERIODS[start:start + rng.randint(1, 3)]
                quantity = int(rng.uniform(q_low, q_high) // 10 * 10) or q_low
                demands.append(Demand(round=round, buyer=agencies[country], item_id=item, standard=standard,
                                      quantity=quantity, periods=periods, created_by=office,
                                      solo_unit_price=round_price(rng.uniform(low, high)),
                                      reference=f"{country}-{item[:4]}-{rng.randint(100, 999)}"))
        base = (low + high) / 2 * 0.97
        for supplier in rng.sample(suppliers, k=rng.randint(2, 3)):
            scale = rng.uniform(0.93, 1.05)
            capacity_total = int(q_high * rng.uniform(2.5, 6))
            offers.append(Offer(
                round=round, supplier=supplier, item_id=item, created_by=office,
                standards=[standard] + (["NATO-AQAP-2110"] if rng.random() < 0.5 else []),
                eu_content=round_share(rng.choice([0.55, 0.7, 0.8, 0.9, 0.95])),
                contract_cost=round_price(base * q_high * rng.uniform(0.004, 0.012)),
                tiers=[{"min_quantity": minimum, "unit_price": float(round_price(base * scale * share))}
                       for share, minimum in tiers],
                capacity={p: int(capacity_total * rng.uniform(0.6, 1.0) // 10 * 10) for p in PERIODS
                          if rng.random() < 0.85} or {PERIODS[0]: capacity_total},
                reference=f"{supplier.slug[:12]}-{item[:4]}"))
    Demand.objects.bulk_create(demands)
    Offer.objects.bulk_create(offers)
    created_demands = list(round.demands.all())
    created_offers = list(round.offers.all())
    record_created(user=office, instances=created_demands)
    record_created(user=office, instances=created_offers)
    run = services.run_request(user=office, round=round, label="Demo: the round as it is", enqueue=False,
                               time_limit=20)
    services.run_execute(run.pk)
    return round


def round_price(value: float) -> Any:
    from decimal import Decimal

    return Decimal(str(round(value, 2)))


def round_share(value: float) -> Any:
    from decimal import Decimal

    return Decimal(str(round(value, 3)))
