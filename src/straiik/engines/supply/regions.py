"""EU and NATO members as ISO 3166-1 alpha-2 codes (Greece is GR here, not the EU's own "EL").

EU: the 27 member states since 1 February 2020 (United Kingdom left). NATO: the 32 members since Sweden
joined on 7 March 2024 (Finland: 4 April 2023). Update these when membership changes; the date below says
which state they describe.
"""

from __future__ import annotations

AS_OF = "2024-03-07"

EU_MEMBERS: frozenset[str] = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
    "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
})

NATO_MEMBERS: frozenset[str] = frozenset({
    "AL", "BE", "BG", "CA", "HR", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IS", "IT", "LV", "LT", "LU",
    "ME", "NL", "MK", "NO", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "TR", "GB", "US",
})

EU_OR_NATO: frozenset[str] = EU_MEMBERS | NATO_MEMBERS


def in_eu(country: str) -> bool:
    return country in EU_MEMBERS


def in_nato(country: str) -> bool:
    return country in NATO_MEMBERS


def in_eu_or_nato(country: str) -> bool:
    return country in EU_OR_NATO
