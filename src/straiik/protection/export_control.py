"""The export-control categories the platform tags with, shipped with the project (no download).

- The EU Common Military List, categories ML1–ML22, as adopted by the Council on 24 February 2025
  (OJ C/2025/1498); the titles are the list's own, shortened where the list's title runs on.
- The EU dual-use list, Annex I to Regulation (EU) 2021/821, as replaced by Delegated Regulation (EU)
  2024/2547: its ten categories 0–9 and a few control entries often met in defence innovation.

English titles follow the official English text; the Dutch titles follow the official Dutch text as closely as
we could render it without the Official Journal at hand (see docs/protection.md). A control entry code not in
`KNOWN_ENTRIES` is accepted when it has the right form (ML4.a, 3A001, 5D002.c)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import get_language

MILITARY, DUAL_USE = "ml", "dual-use"
EU_MEMBERS = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())
NATO_MEMBERS = frozenset("AL BE BG CA HR CZ DK EE FI FR DE GR HU IS IT LV LT LU ME NL MK NO PL PT RO SK SI ES SE TR "
                         "GB US".split())
EU_OR_NATO = EU_MEMBERS | NATO_MEMBERS


@dataclass(frozen=True)
class Category:
    code: str       # ML4, DU3
    regime: str     # MILITARY or DUAL_USE
    number: int
    title_en: str
    title_nl: str

    @property
    def title(self) -> str:
        return self.title_nl if (get_language() or "en").startswith("nl") else self.title_en

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


_ML = [
    ("Smooth-bore weapons with a calibre of less than 20 mm, other arms and automatic weapons with a calibre of "
     "12.7 mm or less, and accessories",
     "Wapens met gladde loop met een kaliber kleiner dan 20 mm, andere wapens en automatische wapens met een kaliber "
     "van 12,7 mm of kleiner, en toebehoren"),
    ("Smooth-bore weapons with a calibre of 20 mm or more, other weapons or armament with a calibre greater than "
     "12.7 mm, projectors and accessories",
     "Wapens met gladde loop met een kaliber van 20 mm of groter, andere wapens of bewapening met een kaliber groter "
     "dan 12,7 mm, werpers en toebehoren"),
    ("Ammunition and fuze setting devices", "Munitie en toestellen voor het instellen van ontstekers"),
    ("Bombs, torpedoes, rockets, missiles, other explosive devices and charges, and related equipment and accessories",
     "Bommen, torpedo's, raketten, geleide projectielen, andere explosieven en ladingen, en aanverwante uitrusting "
     "en toebehoren"),
    ("Fire control, surveillance and warning equipment, related systems, test and alignment and countermeasure "
     "equipment",
     "Vuurleidings-, bewakings- en waarschuwingsapparatuur, aanverwante systemen, test-, uitlijnings- en "
     "tegenmaatregelapparatuur"),
    ("Ground vehicles and components", "Landvoertuigen en onderdelen"),
    ("Chemical agents, biological agents, riot control agents, radioactive materials, related equipment, components "
     "and materials",
     "Chemische agentia, biologische agentia, oproerbestrijdingsmiddelen, radioactieve stoffen, aanverwante "
     "uitrusting, onderdelen en materialen"),
    ("Energetic materials and related substances", "Energetische materialen en aanverwante stoffen"),
    ("Vessels of war (surface or underwater), special naval equipment, accessories, components and other surface "
     "vessels",
     "Oorlogsschepen (boven of onder water), speciale marine-uitrusting, toebehoren, onderdelen en andere "
     "oppervlakteschepen"),
    ("Aircraft, lighter-than-air vehicles, unmanned aerial vehicles, aero-engines, aircraft equipment, related "
     "equipment and components",
     "Luchtvaartuigen, lichter-dan-luchtvaartuigen, onbemande luchtvaartuigen, vliegtuigmotoren, "
     "vliegtuiguitrusting, aanverwante uitrusting en onderdelen"),
    ("Electronic equipment, spacecraft and components, not specified elsewhere on the EU Common Military List",
     "Elektronische uitrusting, ruimtevaartuigen en onderdelen, niet elders genoemd op de Gemeenschappelijke "
     "EU-lijst van militaire goederen"),
    ("High velocity kinetic energy weapon systems and related equipment",
     "Wapensystemen met hoge kinetische energie en aanverwante uitrusting"),
    ("Armoured or protective equipment, constructions and components",
     "Pantser- of beschermingsuitrusting, constructies en onderdelen"),
    ("Specialised equipment for military training or for simulating military scenarios, simulators for training in "
     "the use of firearms or weapons",
     "Gespecialiseerde uitrusting voor militaire training of voor het simuleren van militaire scenario's, simulatoren "
     "voor training in het gebruik van vuurwapens of wapens"),
    ("Imaging or countermeasure equipment, specially designed for military use",
     "Beeldvormings- of tegenmaatregelapparatuur, speciaal ontworpen voor militair gebruik"),
    ("Forgings, castings and other unfinished products, specially designed for items in ML1 to ML4, ML6, ML9, ML10, "
     "ML12 or ML19",
     "Smeedstukken, gietstukken en andere halffabricaten, speciaal ontworpen voor producten bedoeld in ML1 tot en met "
     "ML4, ML6, ML9, ML10, ML12 of ML19"),
    ("Miscellaneous equipment, materials and libraries", "Diverse uitrusting, materialen en bibliotheken"),
    ("Production equipment and components", "Productie-uitrusting en onderdelen"),
    ("Directed energy weapon (DEW) systems, related or countermeasure equipment and test models",
     "Wapensystemen met gerichte energie (DEW), aanverwante of tegenmaatregeluitrusting en testmodellen"),
    ("Cryogenic and superconductive equipment", "Cryogene en supergeleidende uitrusting"),
    ("Software", "Programmatuur"),
    ("Technology", "Technologie"),
]
_DU = [
    ("Nuclear materials, facilities and equipment", "Nucleaire materialen, installaties en apparatuur"),
    ("Special materials and related equipment", "Speciale materialen en aanverwante apparatuur"),
    ("Materials processing", "Materiaalbewerking"),
    ("Electronics", "Elektronica"),
    ("Computers", "Computers"),
    ("Telecommunications and information security", "Telecommunicatie en informatiebeveiliging"),
    ("Sensors and lasers", "Sensoren en lasers"),
    ("Navigation and avionics", "Navigatie en avionica"),
    ("Marine", "Maritiem"),
    ("Aerospace and propulsion", "Lucht- en ruimtevaart en voortstuwing"),
]

CATEGORIES: dict[str, Category] = {}
for n, (en, nl) in enumerate(_ML, start=1):
    CATEGORIES[f"ML{n}"] = Category(f"ML{n}", MILITARY, n, en, nl)
for n, (en, nl) in enumerate(_DU):
    CATEGORIES[f"DU{n}"] = Category(f"DU{n}", DUAL_USE, n, en, nl)

# Control entries of Annex I often met in defence innovation (title: English, Dutch).
KNOWN_ENTRIES = {
    "1A004": ("Protective and detection equipment, not specially designed for military use",
              "Beschermings- en detectieapparatuur, niet speciaal ontworpen voor militair gebruik"),
    "1C010": ("Fibrous or filamentary materials", "Vezel- of draadvormige materialen"),
    "3A001": ("Electronic items", "Elektronische producten"),
    "4A003": ("Digital computers, electronic assemblies and related equipment",
              "Digitale computers, elektronische samenstellingen en aanverwante apparatuur"),
    "5A002": ("Information security systems, equipment and components",
              "Systemen, apparatuur en onderdelen voor informatiebeveiliging"),
    "6A002": ("Optical detectors", "Optische detectoren"),
    "6A003": ("Cameras", "Camera's"),
    "6A008": ("Radar systems, equipment and assemblies", "Radarsystemen, -apparatuur en -samenstellingen"),
    "7A003": ("Inertial measurement equipment or systems", "Traagheidsmeetapparatuur of -systemen"),
    "9A004": ("Space launch vehicles and spacecraft", "Lanceervoertuigen en ruimtevaartuigen"),
    "9A012": ("Unmanned aerial vehicles, unmanned airships, related equipment and components",
              "Onbemande luchtvaartuigen, onbemande luchtschepen, aanverwante uitrusting en onderdelen"),
}

_ML_ENTRY = re.compile(r"^ML(\d{1,2})(\.[a-z](\.\d{1,2})?(\.[a-z])?)?$")
_DU_ENTRY = re.compile(r"^(\d)[A-E]\d{3}(\.[a-z0-9]{1,3})*$")


def parse_entry(value: str) -> tuple[str, str] | None:
    """A control entry or a category as typed ("ml4", "ML4.a", "3A001", "DU3", "cat 3") -> (category, entry);
    None when it is neither."""
    text = value.strip().replace(" ", "")
    upper = text.upper()
    if upper in CATEGORIES:
        return upper, ""
    match = _ML_ENTRY.match(upper[:2] + text[2:].lower()) if upper.startswith("ML") else None
    if match and f"ML{int(match.group(1))}" in CATEGORIES:
        code = f"ML{int(match.group(1))}"
        return code, "" if not match.group(2) else code + match.group(2)
    candidate = upper[:5] + text[5:].lower()
    match = _DU_ENTRY.match(candidate)
    if match:
        return f"DU{match.group(1)}", candidate
    return None


def entry_title(entry: str) -> str:
    known = KNOWN_ENTRIES.get(entry[:5])
    if not known:
        return ""
    return known[1] if (get_language() or "en").startswith("nl") else known[0]


def tag_label(code: str, entry: str = "") -> str:
    """How a tag reads: "ML4" or "3A001" with its category title."""
    category = CATEGORIES.get(code)
    title = entry_title(entry) or (category.title if category else "")
    return f"{entry or code} — {title}" if title else (entry or code)
