"""The structured signals of a match: priority areas, CPV codes, TRL, region and a financier's mandate.

Each function compares a query with a document and returns a small frozen dataclass that says how they
compare (for the explanation shown to people) and a score from 0 to 1 (for the ranking boost).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .documents import Document, Mandate, Query, normalize_tag

# CPV 2008 codes are hierarchical by their leading digits: XX000000 is a division, XXX00000 a group,
# XXXX0000 a class, XXXXX000 a category; the remaining digits refine the category.
CPV_LEVELS = (("code", 8), ("category", 5), ("class", 4), ("group", 3), ("division", 2))
CPV_LEVEL_SCORE = {"code": 1.0, "category": 0.8, "class": 0.6, "group": 0.4, "division": 0.2}


@dataclass(frozen=True, slots=True)
class CpvMatch:
    """A query code and a document code that share at least the division. level: code (identical),
    category, class, group or division: the finest level at which they agree."""

    query_code: str
    document_code: str
    level: str


def cpv_level(a: str, b: str) -> str | None:
    """The finest CPV level two normalised codes share, or None if not even the division."""
    common = 0
    for x, y in zip(a, b, strict=True):
        if x != y:
            break
        common += 1
    for level, digits in CPV_LEVELS:
        if common >= digits:
            return level
    return None


def cpv_overlap(query_codes: Sequence[str], document_codes: Sequence[str]) -> tuple[tuple[CpvMatch, ...], float]:
    """For each query code the best-matching document code (finest shared level), and the best level's score."""
    matches = []
    best = 0.0
    for q in query_codes:
        found: CpvMatch | None = None
        for d in document_codes:
            level = cpv_level(q, d)
            if level and (found is None or CPV_LEVEL_SCORE[level] > CPV_LEVEL_SCORE[found.level]):
                found = CpvMatch(q, d, level)
        if found:
            matches.append(found)
            best = max(best, CPV_LEVEL_SCORE[found.level])
    return tuple(matches), best


def area_overlap(query_areas: Sequence[str], document_areas: Sequence[str]) -> tuple[tuple[str, ...], float]:
    """The query's areas the document shares, and the share of the query's areas covered."""
    shared = tuple(a for a in query_areas if a in document_areas)
    return shared, (len(shared) / len(query_areas) if query_areas else 0.0)


@dataclass(frozen=True, slots=True)
class TrlFit:
    """status: 'within' the wanted range, 'below' or 'above' it, or 'unknown' (no range wanted, or the
    document states no TRL). gap: how many levels outside the range."""

    status: str
    document_trl: int | None
    wanted_min: int | None
    wanted_max: int | None
    gap: int = 0

    @property
    def score(self) -> float:
        if self.status == "within":
            return 1.0
        if self.status == "unknown":
            return 0.0
        return max(0.0, 1.0 - self.gap / 3)


def trl_fit(query: Query, document: Document) -> TrlFit:
    low, high = query.trl_min, query.trl_max
    trl = document.trl
    if trl is None or (low is None and high is None):
        return TrlFit("unknown", trl, low, high)
    if low is not None and trl < low:
        return TrlFit("below", trl, low, high, low - trl)
    if high is not None and trl > high:
        return TrlFit("above", trl, low, high, trl - high)
    return TrlFit("within", trl, low, high)


@dataclass(frozen=True, slots=True)
class RegionFit:
    """status: 'same' region, 'same-country' (ISO 3166-2 codes of one country, NL-NB and NL-ZH),
    'different', or 'unknown' (one side states none)."""

    status: str
    query_region: str | None
    document_region: str | None

    @property
    def score(self) -> float:
        return {"same": 1.0, "same-country": 0.5}.get(self.status, 0.0)


def _country(region: str) -> str | None:
    head, sep, tail = region.partition("-")
    return head.upper() if sep and len(head) == 2 and head.isalpha() and tail else None


def region_fit(query: Query, document: Document) -> RegionFit:
    q, d = query.region, document.region
    if not q or not d:
        return RegionFit("unknown", q, d)
    if q.casefold() == d.casefold():
        return RegionFit("same", q, d)
    if _country(q) and _country(q) == _country(d):
        return RegionFit("same-country", q, d)
    return RegionFit("different", q, d)


@dataclass(frozen=True, slots=True)
class MandateFit:
    """How a query fits a financier's mandate. Each criterion is 'fits', 'outside' or 'unknown' (the query
    or the mandate says nothing about it). excluded_by: the mandate's exclusions the query hits.
    fits: no exclusion hit and no criterion outside."""

    stage: str
    trl: str
    ticket: str
    areas: str
    excluded_by: tuple[str, ...]

    @property
    def fits(self) -> bool:
        return not self.excluded_by and "outside" not in (self.stage, self.trl, self.ticket, self.areas)

    @property
    def score(self) -> float:
        """The share of the criteria both sides state that fit; 0 when an exclusion is hit."""
        if self.excluded_by:
            return 0.0
        known = [c for c in (self.stage, self.trl, self.ticket, self.areas) if c != "unknown"]
        return sum(c == "fits" for c in known) / len(known) if known else 0.0


def _within(value: int | None, low: int | None, high: int | None) -> str:
    if value is None or (low is None and high is None):
        return "unknown"
    if (low is not None and value < low) or (high is not None and value > high):
        return "outside"
    return "fits"


def mandate_fit(query: Query, mandate: Mandate, query_terms: frozenset[str],
                exclusion_terms: dict[str, tuple[frozenset[str], ...]]) -> MandateFit:
    """Compare a query with a mandate.

    An exclusion is hit when it equals one of the query's tags (case-folded), or when all the analysed words
    of the exclusion, in one of the languages it was analysed in, are among the query's analysed words
    (`exclusion_terms` maps each exclusion to those term sets; `query_terms` are the query's BM25 terms).
    The words only catch what is written in the exclusion's language; tags are the reliable path, and a
    financing request should carry them.
    """
    if mandate.stages and query.stage:
        stage = "fits" if query.stage in mandate.stages else "outside"
    else:
        stage = "unknown"
    trl = _within(query.trl, mandate.trl_min, mandate.trl_max)
    ticket = _within(query.ticket_eur, mandate.ticket_min_eur, mandate.ticket_max_eur)
    if mandate.areas and query.areas:
        areas = "fits" if set(query.areas) & set(mandate.areas) else "outside"
    else:
        areas = "unknown"
    tags = {normalize_tag(t) for t in query.tags}
    excluded = []
    for exclusion in mandate.exclusions:
        if exclusion in tags or any(terms and terms <= query_terms for terms in exclusion_terms.get(exclusion, ())):
            excluded.append(exclusion)
    return MandateFit(stage, trl, ticket, areas, tuple(excluded))
