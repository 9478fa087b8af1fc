"""Demo content for Defport (clearly marked example content): needs of the armed forces in Dutch, ideas and a
financing request in English and Ukrainian, and mandates for the demo financiers. Idempotent."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction

from straiik.defport import services
from straiik.defport.models import FinancierMandate, Submission
from straiik.registry.models import COMPANY_KINDS, Organisation, OrganisationKind, PriorityArea

NEEDS = [
    ("Detectie van kleine drones rond kampementen (voorbeeld)",
     "Eenheden in het veld willen kleine drones (FPV, quadcopters) rond een tijdelijk kampement vroeg detecteren "
     "en volgen. Gezocht: een draagbare radar- of RF-sensor die zonder netstroom werkt en binnen een uur is "
     "opgesteld.", ["sensors"], ["35722000"], "Draagbaar door twee personen; 24 uur op accu.",
     "Open terrein en bosrand, regen, temperaturen van -20 tot 40 °C."),
    ("Lichtere ballistische bescherming voor voertuigen (voorbeeld)",
     "Pantsering van wielvoertuigen moet lichter, zodat de laadcapaciteit toeneemt zonder verlies van "
     "bescherming. Interesse in keramische composieten en slimme materialen die schade zelf melden.",
     ["smart-materials"], ["35815100"], "Gewichtsbesparing van minstens 20 %.", "Wielvoertuigen, inzet wereldwijd."),
    ("Onderwaterdrones voor mijnenbestrijding in ondiepe havens (voorbeeld)",
     "De marine zoekt autonome onderwatervoertuigen die in ondiep en troebel water mijnen opsporen en "
     "classificeren, inclusief sonar en navigatie zonder GPS.", ["maritime", "intelligent-systems"], ["35512400"],
     "Te lanceren vanaf een klein vaartuig.", "Havens en kustwateren, sterke stroming."),
]
IDEAS = [
    ("en", "Passive RF sensing network for drone detection (example)",
     "We build a low-cost passive RF sensor that listens for drone control links and triangulates the pilot. "
     "Field-tested at TRL 6; looking for a test ground and a first customer in the armed forces.",
     ["sensors"], 6, ["test-ground", "first-customer"]),
    ("uk", "Бойові FPV-дрони з автономним наведенням (приклад)",
     "Українська компанія виробляє FPV-дрони з автономним наведенням на ціль і стійкістю до радіоелектронної "
     "боротьби. Шукаємо партнерів у Нідерландах для спільного виробництва та фінансування.",
     ["intelligent-systems"], 8, ["partner", "finance"]),
]


def _office() -> Any:
    from straiik.accounts.models import User

    return User.objects.filter(username="office").first()


@transaction.atomic
def load(seed: int = 1) -> int:
    """Create the demo submissions once; returns how many were created."""
    office = _office()
    if office is None or Submission.objects.filter(title__endswith="(voorbeeld)").exists():
        return 0
    rng = random.Random(seed)
    for financier in Organisation.objects.filter(is_demo=True, kind=OrganisationKind.FINANCIAL):
        mandate, new_mandate = FinancierMandate.objects.get_or_create(organisation=financier, defaults={
            "stages": rng.choice([["seed", "series a"], ["growth", "scale-up"], ["pre-seed", "seed"]]),
            "trl_min": rng.choice([3, 4, 5]), "trl_max": rng.choice([7, 8, 9]),
            "ticket_min_eur": rng.choice([250_000, 500_000, 1_000_000]),
            "ticket_max_eur": rng.choice([2_000_000, 5_000_000, 10_000_000]),
            "exclusions": rng.choice([[], ["munitions"], ["nuclear", "munitions"]])})
        if new_mandate:
            mandate.areas.set(PriorityArea.objects.order_by("?")[: rng.randint(1, 3)])
    units = list(Organisation.objects.filter(is_demo=True, kind__in=[OrganisationKind.DEFENCE_UNIT,
                                                                     OrganisationKind.GOVERNMENT]).order_by("id")[:3])
    companies = list(Organisation.objects.filter(is_demo=True, kind__in=COMPANY_KINDS).order_by("id")[:3])
    created = 0
    for i, (title, text, areas, cpv, constraints, environment) in enumerate(NEEDS):
        if not units:
            break
        services.submission_create(user=office, data={
            "kind": "need", "title": title, "description": text, "organisation": units[i % len(units)],
            "constraints": constraints, "environment": environment, "language": "nl"},
            areas=areas, cpv=cpv, confirmed_not_duplicate=True, is_exercise=True)
        created += 1
    for i, (lang, title, text, areas, trl, wants) in enumerate(IDEAS):
        services.submission_create(user=office, data={
            "kind": "idea", "title": title, "description": text, "language": lang, "trl": trl, "wants": wants,
            "organisation": companies[i % len(companies)] if companies else None},
            areas=areas, confirmed_not_duplicate=True, is_exercise=True)
        created += 1
    return created
