"""Sanctions and restricted-party screening, without Django: list readers, name normalisation with
transliteration, an indexed fuzzy matcher."""

from straiik.engines.screening.lists import EU, PARSERS, UN, ListFormatError, ParsedList, parse_eu, parse_un
from straiik.engines.screening.matcher import (
    ANY,
    DEFAULT_THRESHOLD,
    ENTITY,
    PERSON,
    Hit,
    ListEntry,
    Screener,
    Subject,
    name_score,
)
from straiik.engines.screening.normalise import variants

__all__ = ["ANY", "DEFAULT_THRESHOLD", "ENTITY", "EU", "PARSERS", "PERSON", "UN", "Hit", "ListEntry",
           "ListFormatError", "ParsedList", "Screener", "Subject", "name_score", "parse_eu", "parse_un", "variants"]
