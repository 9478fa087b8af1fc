"""Demo content for STRAIIK-D: the first agenda (2025) and the next (2026), with themes drawn from the letter to
Parliament on the Defence Strategy for Industry and Innovation: the five priority areas and the maritime industry,
the public-private hub (Defport), cooperation with Ukraine, SDIR, demand bundling and finance; and the motions and
commitments the letter cites (footnotes 2 and 3), with their real document numbers.

It is example content, marked as such (is_demo, "(demo)" in the owners' names, a notice on every page): the
ambitions paraphrase the letter, the actions, owners, figures and links are invented. The 2025 agenda has the
vague actions the first agenda was criticised for; the 2026 agenda is better but not perfect, so the quality check
has something to say. Idempotent: a year whose demo agenda exists is left alone.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from straiik.agenda import services
from straiik.agenda.choices import ItemKind, ItemStatus
from straiik.agenda.models import Action, Agenda, ParliamentaryItem
from straiik.core.audit import record_creations, snapshot
from straiik.registry.models import Membership, Organisation, OrganisationKind, Visibility
from straiik.registry.services import demo_verification, organisation_reindex, unique_slug

EXAMPLE = "Voorbeeldinhoud (demo)."
OWNERS = {
    "dmo": ("Defensie Materieel Organisatie (demo)", OrganisationKind.GOVERNMENT, "Utrecht"),
    "defport": ("Defport programmabureau (demo)", OrganisationKind.GOVERNMENT, "Den Haag"),
    "ez": ("Ministerie van Economische Zaken (demo)", OrganisationKind.GOVERNMENT, "Den Haag"),
    "czsk": ("Commando Zeestrijdkrachten (demo)", OrganisationKind.DEFENCE_UNIT, "Den Helder"),
    "innovation": ("Innovatiecentrum Defensie (demo)", OrganisationKind.DEFENCE_UNIT, "Den Haag"),
}

AMBITIONS = {
    2025: {
        "smart-materials": "Nederland versterkt zijn positie in slimme materialen, zoals composieten en additive "
                           "manufacturing, voor de krijgsmacht.",
        "space": "Nederland bouwt aan kennis en industrie in ruimtevaarttechnologie voor defensie.",
        "quantum": "Nederland benut zijn sterke kennisbasis in quantumtechnologie voor defensietoepassingen.",
        "intelligent-systems": "Nederland ontwikkelt intelligente systemen, zoals AI, drones en autonome systemen, "
                               "samen met de industrie.",
        "sensors": "Nederland behoudt zijn sterke positie in sensoren en radar.",
        "maritime": "De Nederlandse maritieme maakindustrie blijft een pijler van de defensie-industrie.",
    },
    2026: {
        "smart-materials": "Nederland versterkt zijn positie in slimme materialen, zoals composieten en additive "
                           "manufacturing, en kwalificeert reservedelen uit 3D-printers voor operationeel gebruik.",
        "space": "Nederland bouwt aan kennis en industrie in ruimtevaarttechnologie voor defensie, met een eigen "
                 "bijdrage aan Europese satellietcapaciteit.",
        "quantum": "Nederland benut zijn sterke kennisbasis in quantumtechnologie en brengt quantumsensoren naar "
                   "het testveld.",
        "intelligent-systems": "Nederland ontwikkelt intelligente systemen, zoals AI, drones en autonome systemen, "
                               "samen met de industrie en Oekraïense partners, en schaalt bewezen demonstrators op.",
        "sensors": "Nederland behoudt zijn sterke positie in sensoren en radar en koopt innovatief in via SDIR.",
        "maritime": "De Nederlandse maritieme maakindustrie blijft een pijler van de defensie-industrie.",
    },
}
CHANGE_NOTES = {
    "smart-materials": "Van positie naar resultaat: de eerste reservedelen worden gekwalificeerd.",
    "intelligent-systems": "Samenwerking met Oekraïne en opschaling toegevoegd, zoals de brief aankondigt.",
    "sensors": "SDIR als route naar innovatief inkopen toegevoegd.",
}
OBJECTIVES = [
    ("", "hub", "Defport is de voordeur voor ideeën, behoeften en financiering"),
    ("", "sdir", "Innovatie- en industrieversterkend inkopen via SDIR"),
    ("", "bundling", "Internationale vraagbundeling voor grotere contracten"),
    ("", "ukraine", "Intensievere samenwerking met de Oekraïense defensie-industrie"),
    ("", "finance", "Financiële instellingen investeren meer in de defensie-industrie"),
    ("", "supply", "Open en zekere toeleveringsketens, coproductie en standaardisatie"),
    ("maritime", "", "Maritieme maakindustrie als pijler"),
]
# title, area, theme, owner key, person, start, deadline, indicator name, code, baseline, target, unit, budget, status
ACTIONS: dict[int, list[tuple[Any, ...]]] = {
    2025: [
        ("Verkennen van de mogelijkheden voor een publiek-private hub (Defport)", "", "hub", "defport",
         "programmamanager Defport", "2025-03-01", "2025-12-31", "", "", None, None, "", 250_000, "done"),
        ("Onderzoeken hoe vraagbundeling met Oekraïne kan worden vormgegeven", "", "ukraine", "dmo", "",
         "2025-04-01", None, "", "", None, None, "", None, "in_progress"),
        ("Start de SDIR-pilot met een eerste oproep op sensoren", "sensors", "sdir", "dmo", "hoofd innovatief inkopen",
         "2025-02-01", "2025-10-01", "oproepen gepubliceerd", "", 0, 1, "oproepen", 1_500_000, "done"),
        ("Inventariseren van kritieke afhankelijkheden in de munitieketen", "", "supply", "dmo", "ketenregisseur",
         "2025-05-01", "2025-11-30", "", "", None, None, "", None, "done"),
        ("Bezien hoe financiële instellingen meer kunnen investeren in de defensie-industrie", "", "finance", "ez", "",
         None, "2025-12-31", "", "", None, None, "", None, "in_progress"),
        ("Explore partnerships with knowledge institutions on quantum sensing", "quantum", "knowledge", "innovation",
         "", None, None, "", "", None, None, "", None, "planned"),
        ("Publiceer de geactualiseerde ambities per NLD-gebied in STRAIIK-D 2026", "", "", "defport",
         "programmamanager Defport", "2025-09-01", "2025-12-15", "agenda gepubliceerd", "", 0, 1, "agenda", None,
         "done"),
    ],
    2026: [
        ("Beantwoord elke behoefte in Defport binnen 30 dagen", "", "hub", "defport", "programmamanager Defport",
         "2026-01-01", "2026-12-31", "", "defport.needs_on_time", None, 90, "", 400_000, "in_progress"),
        ("Beantwoord sensorbehoeften binnen de termijn", "sensors", "hub", "defport", "triagecoördinator sensoren",
         "2026-01-01", "2026-12-31", "", "defport.needs_on_time.sensors", None, 90, "", None, "in_progress"),
        ("Gun 8 haalbaarheidsstudies in de SDIR-oproep ‘Detectie van kleine drones’", "sensors", "sdir", "dmo",
         "hoofd innovatief inkopen", "2026-02-01", "2026-06-30", "haalbaarheidsstudies gegund", "", 0, 8, "studies",
         3_200_000, "delayed"),
        ("Start 3 demonstrators voor autonome systemen (SDIR fase 2)", "intelligent-systems", "sdir", "innovation",
         "programmaleider autonome systemen", "2026-03-01", "2026-12-15", "demonstrators gestart", "", 0, 3,
         "demonstrators", 9_000_000, "in_progress"),
        ("Sluit twee gezamenlijke aanbestedingen met partners waarin Oekraïne deelneemt", "", "bundling", "dmo",
         "directeur internationale samenwerking", "2026-01-15", "2026-11-30", "", "bundling.joint_procurements",
         None, 2, "", None, "in_progress"),
        ("Bespaar € 50 miljoen door gezamenlijke inkoop met partners", "", "bundling", "dmo",
         "directeur internationale samenwerking", "2026-01-15", "2026-12-31", "", "bundling.savings", None,
         50_000_000, "", None, "in_progress"),
        ("Halveer de single points of failure in de geanalyseerde munitieketens", "", "supply", "dmo",
         "ketenregisseur", "2026-01-01", "2026-12-31", "", "supply.open_spofs", None, 5, "", 750_000, "planned"),
        ("Sluit een meerjarige samenwerkingsovereenkomst met de maritieme maakindustrie", "maritime", "", "czsk",
         "directeur maritieme programma's", "2026-01-01", "2026-09-30", "overeenkomsten gesloten", "", 0, 1,
         "overeenkomst", None, "done"),
        ("Verken samenwerking met ESA en Europese partners op ruimtevaarttechnologie", "space", "", "innovation", "",
         None, "2026-12-31", "", "", None, None, "", None, "planned"),
        ("Open een testlocatie voor quantumsensoren in de MINDbase-regio Delft", "quantum", "knowledge",
         "innovation", "", "2026-04-01", "2026-12-31", "testlocaties open", "", 0, 1, "testlocatie", 1_200_000,
         "in_progress"),
        ("Kwalificeer 3 additief vervaardigde reservedelen voor operationeel gebruik", "smart-materials", "", "dmo",
         "hoofd instandhouding", "2026-02-01", "2026-10-31", "reservedelen gekwalificeerd", "", 0, 3, "onderdelen",
         600_000, "in_progress"),
        ("Onderzoeken hoe banken defensiebedrijven minder vaak weigeren", "", "finance", "ez",
         "beleidsmedewerker financiering", None, "2026-12-31", "", "", None, None, "", None, "in_progress"),
        ("Organiseer 2 matchmakingdagen voor Nederlandse en Oekraïense defensiebedrijven", "", "ukraine", "defport",
         "programmamanager Defport", "2026-02-01", "2026-10-31", "matchmakingdagen", "", 0, 2, "dagen", 150_000,
         "done"),
    ],
}
# (year, action number, reported on, status, progress, measured value, text)
UPDATES = [
    (2025, 1, "2025-06-30", "in_progress", 50, None, "Gesprekken met industrie, kennisinstellingen en financiers "
     "gevoerd; opzet van Defport als voordeur vastgesteld."),
    (2025, 1, "2025-12-15", "done", 100, None, "Defport is ingericht; de eerste behoeften en ideeën komen binnen."),
    (2025, 3, "2025-09-20", "done", 100, 1, "De eerste SDIR-oproep op sensoren is gepubliceerd."),
    (2026, 3, "2026-05-15", "in_progress", 40, 3, "Drie haalbaarheidsstudies gegund; de beoordeling van de overige "
     "voorstellen loopt."),
    (2026, 3, "2026-07-10", "delayed", 60, 5, "Vijf studies gegund; de rest vertraagd door bezwaarprocedures."),
    (2026, 4, "2026-09-01", "in_progress", 35, 1, "Eerste demonstrator gestart met twee Nederlandse bedrijven."),
    (2026, 8, "2026-09-25", "done", 100, 1, "Overeenkomst getekend met vijf werven en toeleveranciers."),
    (2026, 11, "2026-08-01", "in_progress", 50, 1, "Eerste onderdeel gekwalificeerd; twee in de testfase."),
    (2026, 13, "2026-04-20", "in_progress", 50, 1, "Eerste matchmakingdag in Den Haag met 40 bedrijven."),
    (2026, 13, "2026-10-15", "done", 100, 2, "Tweede matchmakingdag in Kyiv (hybride) gehouden."),
]
ITEMS = [
    # kind, reference, title, status, answering (year, number), note
    (ItemKind.MOTION, "Kamerstuk 21501-20-2164", "Motie Eerdmans en Boswijk", ItemStatus.IN_PROGRESS,
     [(2026, 5), (2026, 6)], ""),
    (ItemKind.MOTION, "Kamerstuk 22054-448", "Motie Vermeer", ItemStatus.IN_PROGRESS, [(2026, 7)], ""),
    (ItemKind.MOTION, "Kamerstuk 36600-X-57", "Motie Wijnen-Nass", ItemStatus.FULFILLED, [(2025, 1), (2026, 1)], ""),
    (ItemKind.MOTION, "Kamerstuk 36 600-X", "Motie Heise c.s.", ItemStatus.OPEN, [(2026, 12)],
     "De brief noemt alleen het dossier; het nummer van de motie ontbreekt nog."),
    (ItemKind.MOTION, "Kamerstuk 34 225, nr. 58", "Motie Erkens", ItemStatus.IN_PROGRESS, [(2026, 12)], ""),
    (ItemKind.COMMITMENT, "Kamerstuk 36 592, nr. 12", "Kabinetsreactie op het AWTI-advies ‘Kennisoffensief voor "
     "Defensie’", ItemStatus.IN_PROGRESS, [(2026, 10)], ""),
    (ItemKind.COMMITMENT, "Kamerstuk 36 410, nr. 93", "Actieagenda productie- en leveringszekerheid munitie en "
     "defensiematerieel", ItemStatus.IN_PROGRESS, [(2025, 4), (2026, 7)], ""),
]


def _organisation(key: str) -> Organisation:
    name, kind, city = OWNERS[key]
    organisation = Organisation.objects.filter(name=name, country="NL").first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=name, slug=unique_slug(name), kind=kind, country="NL", city=city, visibility=Visibility.PUBLIC,
            is_demo=True, description="Example content: an owner of actions in the STRAIIK-D demo agenda.",
            **demo_verification())
        organisation_reindex(organisation=organisation)
        record_creations(user=None, entries=[(organisation, snapshot(organisation))])
    return organisation


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _office() -> Any:
    from straiik.accounts.models import User

    return User.objects.filter(username="office").first()


@transaction.atomic
def load(seed: int = 1) -> int:
    """Create the demo agendas once; returns how many actions were created (0 when present or without "office")."""
    office = _office()
    if office is None:
        return 0
    owners = {key: _organisation(key) for key in OWNERS}
    from straiik.accounts.models import User

    buyer = User.objects.filter(username="buyer").first()
    if buyer is not None:
        Membership.objects.get_or_create(user=buyer, organisation=owners["dmo"], defaults={"is_admin": False})
    today = timezone.localdate()
    created = 0
    actions: dict[tuple[int, int], Action] = {}
    for year in (2025, 2026):
        if Agenda.objects.filter(year=year).exists():
            continue
        agenda = services.agenda_create(
            user=office, year=year, is_demo=True, copy_previous=False,
            summary=f"{EXAMPLE} De {'eerste' if year == 2025 else 'tweede'} STRAIIK-D, ontleend aan de Kamerbrief "
                    "over de Defensiestrategie voor Industrie en Innovatie: sterk, slim en samen.")
        for area, text in AMBITIONS[year].items():
            services.ambition_set(user=office, agenda=agenda, area=area, text=text,
                                  change_note=CHANGE_NOTES.get(area, "") if year == 2026 else "")
        objectives = {}
        for position, (area, theme, title) in enumerate(OBJECTIVES, start=1):
            objectives[theme or area] = services.objective_create(user=office, agenda=agenda, data={
                "area": area, "theme": theme, "title": title, "position": position})
        for row in ACTIONS[year]:
            (title, area, theme, owner, person, start, deadline, name, code, baseline, target, unit, budget,
             _status) = row
            action = services.action_create(user=office, agenda=agenda, data={
                "title": title, "area": area, "theme": theme, "objective": objectives.get(theme or area),
                "owner_organisation": owners[owner], "owner_person": person, "start": _date(start),
                "deadline": _date(deadline), "indicator_name": name, "indicator_code": code, "baseline": baseline,
                "target": target, "unit": unit, "budget_eur": Decimal(budget) if budget else None,
                "description": EXAMPLE})
            actions[(year, action.number)] = action
            created += 1
        for u_year, number, day, status, progress, value, text in UPDATES:
            updated = actions.get((u_year, number))
            if u_year != year or updated is None or dt.date.fromisoformat(day) > today:
                continue
            services.progress_post(user=office, action=updated, data={
                "reported_on": dt.date.fromisoformat(day), "status": status, "progress": progress,
                "value": value if not updated.indicator_code else None, "text": text})
        for row, number in zip(ACTIONS[year], range(1, len(ACTIONS[year]) + 1), strict=True):
            action = Action.objects.get(pk=actions[(year, number)].pk)
            status = row[-1]
            if action.status != status and not action.updates.exists():
                services.action_update(user=office, action=action, data={"status": status})
        if year < today.year or (year == today.year and today.month > 6):
            services.agenda_transition(user=office, agenda=agenda, action="publish")
    if not created:
        return 0
    for kind, reference, title, status, answering, note in ITEMS:
        parsed_exists = ParliamentaryItem.objects.filter(title=title).exists()
        if parsed_exists:
            continue
        services.item_create(user=office, is_demo=True, data={
            "kind": kind, "reference": reference, "title": title, "status": status, "status_note": note,
            "summary": "Genoemd in de Kamerbrief over de Defensiestrategie voor Industrie en Innovatie als motie of "
                       f"toezegging waaraan de strategie invulling geeft. {EXAMPLE} De koppeling aan acties is "
                       "illustratief."},
            actions=[actions[key] for key in answering if key in actions])
    for year in (2025, 2026):
        if dt.date(year, 1, 1) <= today:
            services.indicators_backfill(user=None, year=year, until=today)
    return created
