"""A realistic, fictional defence ecosystem, generated deterministically from a seed.

Names are composed from invented syllables, so they are fictional; every generated organisation is
marked `is_demo`. The same (orgs, seed) always gives the same ecosystem."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from django.utils.text import slugify

from straiik.registry.models import OrganisationKind, RegionalEcosystem, Visibility
from straiik.registry.services import CapabilitySpec, OrganisationSpec
from straiik.registry.taxonomies import Area

SYLLABLES_A = ["Vel", "Nor", "Zan", "Kor", "Bra", "Lin", "Dre", "Ost", "Hav", "Mer", "Sted", "Wal", "Tar",
               "Ryn", "Eik", "Fal", "Gro", "Hol", "Jor", "Kas", "Lum", "Mar", "Nev", "Orv", "Pel", "Quin",
               "Ros", "Sel", "Tev", "Ul", "Vor", "Wes", "Yar", "Zee", "Alt", "Bel", "Cor", "Dal", "Esk", "Fen"]
SYLLABLES_B = ["den", "vik", "tra", "mor", "lis", "gar", "ven", "dal", "ron", "sta", "mere", "holt", "dorp",
               "wijk", "ter", "lan", "ix", "ora", "eon", "um"]
SECTOR_WORDS: dict[str, list[str]] = {
    Area.SMART_MATERIALS: ["Composites", "Materials", "Additive", "Coatings", "Ceramics", "Alloys"],
    Area.SPACE: ["Aerospace", "Orbital", "Space Systems", "Satcom", "Launch"],
    Area.QUANTUM: ["Quantum", "Qubit Labs", "Photonics", "Cryogenics"],
    Area.INTELLIGENT_SYSTEMS: ["Robotics", "Autonomy", "AI", "Drones", "Systems", "Dynamics"],
    Area.SENSORS: ["Sensing", "Radar", "Optronics", "Acoustics", "Detection"],
    Area.MARITIME: ["Marine", "Naval", "Shipyards", "Offshore", "Maritime"],
}
LEGAL = {"NL": "B.V.", "BE": "NV", "DE": "GmbH", "NO": "AS", "PL": "Sp. z o.o.", "FR": "SAS", "UA": "ТОВ",
         "SE": "AB", "DK": "ApS", "FI": "Oy", "GB": "Ltd", "US": "Inc."}
CITIES = {
    "NL-DR": ["Assen", "Emmen", "Hoogeveen"], "NL-FL": ["Almere", "Lelystad", "Emmeloord"],
    "NL-FR": ["Leeuwarden", "Drachten", "Sneek"], "NL-GE": ["Arnhem", "Nijmegen", "Apeldoorn", "Ede"],
    "NL-GR": ["Groningen", "Delfzijl", "Veendam"], "NL-LI": ["Maastricht", "Geleen", "Venlo", "Heerlen"],
    "NL-NB": ["Eindhoven", "Breda", "Tilburg", "'s-Hertogenbosch", "Woensdrecht", "Helmond"],
    "NL-NH": ["Amsterdam", "Den Helder", "Haarlem", "Hilversum", "Alkmaar"],
    "NL-OV": ["Enschede", "Hengelo", "Zwolle", "Deventer"], "NL-UT": ["Utrecht", "Amersfoort", "Soesterberg"],
    "NL-ZE": ["Vlissingen", "Middelburg", "Goes", "Terneuzen"],
    "NL-ZH": ["Rotterdam", "Den Haag", "Delft", "Leiden", "Noordwijk", "Dordrecht"],
}
FOREIGN = {"BE": "Gent", "DE": "Bremen", "NO": "Kongsberg", "PL": "Rzeszów", "FR": "Toulouse", "UA": "Київ",
           "SE": "Linköping", "DK": "Aarhus", "FI": "Tampere", "GB": "Bristol", "US": "Boston"}
# Weight of each province in the generated ecosystem, roughly following where defence industry sits.
PROVINCE_WEIGHTS = {"NL-ZH": 18, "NL-NB": 17, "NL-NH": 12, "NL-OV": 9, "NL-GE": 9, "NL-UT": 7, "NL-LI": 6,
                    "NL-ZE": 5, "NL-GR": 5, "NL-FR": 4, "NL-DR": 4, "NL-FL": 4}
KIND_WEIGHTS: dict[str, int] = {OrganisationKind.SME: 34, OrganisationKind.STARTUP: 16, OrganisationKind.SUPPLIER: 17,
                OrganisationKind.PRIME: 3, OrganisationKind.KNOWLEDGE: 9, OrganisationKind.FINANCIAL: 6,
                OrganisationKind.DEFENCE_UNIT: 5, OrganisationKind.GOVERNMENT: 3, OrganisationKind.INTERNATIONAL: 7}

# (English title, Dutch title, what it does, TRL range, CPV codes) per area.
CAPABILITIES: dict[str, list[tuple[str, str, str, tuple[int, int], list[str]]]] = {
    Area.SMART_MATERIALS: [
        ("Lightweight composite armour panels", "Lichtgewicht composiet pantserpanelen",
         "Ceramic-composite armour for vehicles and shelters, 30% lighter than steel equivalents.", (4, 8),
         ["35420000", "19500000"]),
        ("Additive manufacturing of spare parts", "Additieve productie van reservedelen",
         "Metal 3D printing of certified spare parts close to the front line; titanium and aluminium alloys.",
         (5, 9), ["42600000", "50600000"]),
        ("Radar-absorbing coatings", "Radarabsorberende coatings",
         "Multispectral signature reduction coatings for ships and vehicles.", (3, 7), ["24000000"]),
        ("Self-healing polymer seals", "Zelfherstellende polymeer afdichtingen",
         "Polymers that repair micro-cracks in seals of hydraulic systems.", (2, 5), ["19500000"]),
    ],
    Area.SPACE: [
        ("Small satellite platforms", "Kleine satellietplatformen",
         "CubeSat and microsatellite buses for earth observation and communication missions.", (5, 8),
         ["35600000", "34700000"]),
        ("Satellite communication terminals", "Satellietcommunicatieterminals",
         "Ruggedised SATCOM-on-the-move terminals for land and naval platforms.", (6, 9), ["32530000"]),
        ("Space situational awareness", "Ruimtesituatiebewustzijn",
         "Optical tracking of objects in low earth orbit and conjunction warnings.", (4, 7), ["38630000"]),
        ("Resilient positioning and timing", "Robuuste positie- en tijdsbepaling",
         "GNSS receivers hardened against jamming and spoofing, with backup timing.", (5, 8), ["38112100"]),
    ],
    Area.QUANTUM: [
        ("Quantum sensing for navigation", "Kwantumsensoren voor navigatie",
         "Cold-atom accelerometers and magnetometers for navigation without GNSS.", (2, 5), ["38300000"]),
        ("Quantum key distribution", "Kwantumsleuteldistributie",
         "QKD links for secure communication between command posts.", (3, 6), ["32500000"]),
        ("Single-photon detectors", "Enkelvoudige-fotondetectoren",
         "Superconducting nanowire detectors for quantum communication and lidar.", (4, 7), ["38430000"]),
        ("Post-quantum cryptography", "Post-kwantumcryptografie",
         "Migration of military networks to quantum-safe cryptography.", (5, 8), ["48000000", "72000000"]),
    ],
    Area.INTELLIGENT_SYSTEMS: [
        ("FPV and loitering drones", "FPV- en rondhangende drones",
         "Low-cost unmanned aerial vehicles for reconnaissance and strike, produced in series.", (6, 9),
         ["35613000", "34711200"]),
        ("Counter-drone systems", "Antidronesystemen",
         "Detection, tracking and defeat of small drones with RF, radar and effectors.", (5, 8),
         ["35730000", "35720000"]),
        ("AI-based target recognition", "Doelherkenning met AI",
         "Computer vision that recognises vehicles and equipment in drone and satellite imagery.", (4, 7),
         ["48000000", "35720000"]),
        ("Autonomous ground vehicles", "Autonome grondvoertuigen",
         "Unmanned ground vehicles for logistics and casualty evacuation.", (4, 7), ["35420000"]),
        ("Command and control software", "Commandovoeringssoftware",
         "Battle management and C2 software with a common operational picture.", (6, 9), ["35710000"]),
    ],
    Area.SENSORS: [
        ("AESA radar modules", "AESA-radarmodules",
         "Active electronically scanned array modules in gallium nitride for air defence radar.", (5, 9),
         ["35722000", "35723000"]),
        ("Infrared and electro-optical sensors", "Infrarood en elektro-optische sensoren",
         "Thermal imagers and EO/IR gimbals for vehicles, ships and drones.", (6, 9), ["38600000"]),
        ("Acoustic detection", "Akoestische detectie",
         "Acoustic sensor networks that locate artillery, drones and small arms fire.", (4, 7), ["38430000"]),
        ("Electronic support measures", "Elektronische ondersteuningsmaatregelen",
         "Passive RF sensors that detect and classify emitters.", (5, 8), ["35721000"]),
    ],
    Area.MARITIME: [
        ("Naval shipbuilding", "Marinescheepsbouw",
         "Design and construction of frigates, patrol vessels and support ships.", (8, 9),
         ["35510000", "35511000"]),
        ("Unmanned surface vessels", "Onbemande oppervlakteschepen",
         "Autonomous boats for mine countermeasures and harbour protection.", (4, 7), ["34521000", "35513000"]),
        ("Naval maintenance and refit", "Marineonderhoud en modernisering",
         "Maintenance, repair and mid-life upgrades of warships.", (8, 9), ["50640000"]),
        ("Underwater sensors", "Onderwatersensoren",
         "Sonar arrays and underwater acoustic networks for anti-submarine warfare.", (5, 8), ["35512000"]),
    ],
}
CERTIFICATIONS = ["ISO 9001", "AQAP 2110", "EN 9100", "ISO 27001", "ABDO", "ISO 14001", "NEN 7510"]
UA_DESCRIPTIONS: dict[str, str] = {
    Area.INTELLIGENT_SYSTEMS: "Розробка та серійне виробництво безпілотних літальних апаратів і систем "
                              "протидії дронам.",
    Area.SENSORS: "Радари, тепловізори та акустичні сенсори для виявлення дронів і артилерії.",
    Area.SMART_MATERIALS: "Композитні матеріали та бронезахист для техніки.",
    Area.SPACE: "Супутниковий зв'язок і навігація, стійка до радіоелектронної боротьби.",
    Area.QUANTUM: "Квантові сенсори та захищений зв'язок.",
    Area.MARITIME: "Морські безекіпажні катери та ремонт суден.",
}
FIRST_NAMES = ["Anna", "Bram", "Chantal", "Daan", "Eva", "Femke", "Gijs", "Hanna", "Iris", "Joris", "Kees",
               "Lotte", "Maarten", "Noor", "Olena", "Pieter", "Ruben", "Sanne", "Taras", "Vera", "Wouter"]
LAST_NAMES = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer", "Bos",
              "Vos", "Peters", "Hendriks", "Dekker", "Brouwer", "Kovalenko", "Shevchenko"]


def _domain(name: str) -> str:
    return slugify(name)[:40].strip("-") or "organisation"


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _name(rng: random.Random, kind: str, area: str, country: str, city: str) -> str:
    stem = rng.choice(SYLLABLES_A) + rng.choice(SYLLABLES_B)
    word = rng.choice(SECTOR_WORDS[area])
    if kind == OrganisationKind.KNOWLEDGE:
        return rng.choice([f"Kenniscentrum {word} {stem}", f"{stem} Institute for {word}",
                           f"Lectoraat {word} {city}", f"{stem} {word} Lab"])
    if kind == OrganisationKind.FINANCIAL:
        return rng.choice([f"{stem} Capital", f"{stem} Ventures", f"{stem} Investeringsfonds",
                           f"{stem} Defence & Security Fund", f"{stem} Participaties"])
    if kind == OrganisationKind.DEFENCE_UNIT:
        return rng.choice([f"Innovatiecel {word} {stem}", f"Testcentrum {stem}",
                           f"{rng.randint(11, 99)}e Experimentele eenheid {word}", f"Werkplaats {stem} ({city})"])
    if kind == OrganisationKind.GOVERNMENT:
        return rng.choice([f"Programmabureau {word} {stem}", f"Regionale Ontwikkelingsmaatschappij {stem}",
                           f"Innovatieloket {city} {stem}"])
    legal = LEGAL.get(country, "Ltd")
    if country == "UA":
        return f"{legal} «{stem} {word}»"
    return f"{stem} {word} {legal}"


def _capability(rng: random.Random, area: str) -> CapabilitySpec:
    title_en, title_nl, what, (low, high), cpv = rng.choice(CAPABILITIES[area])
    dutch = rng.random() < 0.5
    trl = rng.randint(low, high)
    extra_areas = [area] + ([rng.choice(list(Area.values))] if rng.random() < 0.2 else [])
    return CapabilitySpec(
        title=title_nl if dutch else title_en,
        description=what if not dutch else f"{title_nl}: {what}",
        kind=rng.choice(["capability", "product", "service", "research"]),
        trl=trl,
        areas=list(dict.fromkeys(extra_areas)),
        cpv_codes=cpv,
    )


def generate(orgs: int, seed: int) -> Iterator[OrganisationSpec]:
    """`orgs` organisations; every kind, area and province appears once there are enough of them."""
    rng = random.Random(seed)
    regions = {r.city: r.pk for r in RegionalEcosystem.objects.all()}
    kinds, areas, provinces = list(KIND_WEIGHTS), list(Area.values), list(PROVINCE_WEIGHTS)
    names: set[str] = set()
    dutch = 0  # Dutch organisations so far: the first twelve get one province each
    for i in range(orgs):
        # The first organisations walk through every kind, area and province, so a small demo has all.
        kind = kinds[i] if i < len(kinds) else _weighted(rng, KIND_WEIGHTS)
        area = areas[i % len(areas)] if i < 2 * len(areas) else rng.choice(areas)
        if kind == OrganisationKind.INTERNATIONAL:
            country = rng.choice(list(FOREIGN))
            province, city = "", FOREIGN[country]
        else:
            country = "NL"
            province = provinces[dutch] if dutch < len(provinces) else _weighted(rng, PROVINCE_WEIGHTS)
            dutch += 1
            city = rng.choice(CITIES[province])
        name = _name(rng, kind, area, country, city)
        while name in names:
            name = f"{name} {rng.choice(SYLLABLES_A)}{rng.choice(SYLLABLES_B)}"
        names.add(name)
        org_areas = [area] + ([rng.choice(areas)] if rng.random() < 0.35 else [])
        org_areas = list(dict.fromkeys(org_areas))
        is_company = kind in (OrganisationKind.PRIME, OrganisationKind.SUPPLIER, OrganisationKind.SME,
                              OrganisationKind.STARTUP, OrganisationKind.INTERNATIONAL)
        capabilities = [_capability(rng, a) for a in org_areas for _ in range(rng.randint(1, 2))] \
            if kind != OrganisationKind.FINANCIAL else []
        if kind == OrganisationKind.FINANCIAL:
            description = rng.choice([
                "Investeert in defensie- en veiligheidsbedrijven in de groeifase; tickets van €0,5 tot €5 miljoen.",
                "Venture capital for dual-use start-ups in deep tech; seed to series A.",
                "Bank financing for SMEs that supply the defence industry, including working capital.",
            ])
        elif country == "UA":
            description = UA_DESCRIPTIONS[area]
        else:
            first = capabilities[0] if capabilities else None
            description = (f"{name} werkt aan {first.title.lower()}. " if first and rng.random() < 0.5
                           else f"{name} works on {first.title.lower()}. " if first else "") + (
                "Partner in Europese defensieprojecten." if rng.random() < 0.5 else "Open to co-development with "
                "the armed forces and knowledge institutions.")
        by_kind: dict[str, int] = {OrganisationKind.PRIME: rng.randint(1000, 12000),
                                   OrganisationKind.STARTUP: rng.randint(2, 40),
                                   OrganisationKind.SME: rng.randint(10, 249)}
        employees = by_kind.get(kind, rng.randint(20, 2000))
        region = regions.get(city)
        fields: dict[str, Any] = {
            "name": name, "kind": kind, "description": description, "country": country, "province": province,
            "city": city, "region_id": region, "employees": employees,
            "founded": rng.randint(1950, 2025) if kind != OrganisationKind.STARTUP else rng.randint(2018, 2026),
            "website": f"https://{_domain(name)}.example" if country != "UA" else "",
            "visibility": Visibility.REGISTERED if kind == OrganisationKind.DEFENCE_UNIT and rng.random() < 0.5
            else Visibility.PUBLIC,
        }
        if is_company:
            foreign = rng.random() < 0.15
            fields["foreign_ownership_pct"] = rng.choice([0, 0, 10, 25, 51, 100]) if foreign else 0
            fields["foreign_control_country"] = rng.choice(["US", "DE", "CN", "GB", "FR"]) if foreign and \
                fields["foreign_ownership_pct"] > 50 else ""
            fields["clearance_status"] = rng.choice(["not-assessed", "applied", "confidential", "secret"])
        certifications = [{"name": c, "issuer": "Fictieve Certificering B.V."}
                          for c in rng.sample(CERTIFICATIONS, k=rng.randint(0, 2))] if is_company else []
        facilities = []
        if kind in (OrganisationKind.KNOWLEDGE, OrganisationKind.DEFENCE_UNIT) and rng.random() < 0.6:
            facilities.append({"name": f"Testveld {city} {rng.choice(SECTOR_WORDS[area])}",
                               "description": "Test ground for prototypes; bookable by companies.", "city": city})
        contact_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        contacts = [{"name": contact_name, "role": rng.choice(["CEO", "Business developer", "Programmamanager"]),
                     "email": f"{contact_name.split()[0].lower()}@{_domain(name)}.example"}]
        yield OrganisationSpec(fields=fields, areas=org_areas, capabilities=capabilities,
                               certifications=certifications, test_facilities=facilities, contacts=contacts)
