"""What the matching engine reads: documents (profiles, needs, ideas, financiers) and queries.

Plain frozen dataclasses; every value is checked and put in one canonical form when the object is made,
so the rest of the engine never meets a list where a tuple belongs, a CPV code with its check digit, or a
language code it does not know. A bad value raises ValueError with a message that names the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

LANGUAGES = ("nl", "en", "uk")
"""Languages the analysers know. Anything else must be left empty (None) and is then detected."""

UNDETERMINED = "und"
"""ISO 639-2 code for 'undetermined': what detection answers for text with no usable words."""

_DETECT = {None, "", "und", "unknown", "auto"}

AREAS = ("smart-materials", "space", "quantum", "intelligent-systems", "sensors", "maritime")
"""The five priority technology areas of the strategy, and the maritime manufacturing industry."""

KINDS = ("organisation", "knowledge-institution", "capability", "test-facility", "financier", "need", "idea")

_CPV = re.compile(r"^(\d{8})(?:-\d)?$")
_TAG_SPACE = re.compile(r"\s+")


def normalize_language(lang: str | None, *, field_name: str = "lang") -> str | None:
    """'nl', 'en' or 'uk'; None when the language is to be detected. Raises ValueError for other codes."""
    if isinstance(lang, str):
        lang = lang.strip().lower()
    if lang in _DETECT:
        return None
    if lang not in LANGUAGES:
        raise ValueError(f"{field_name}: unsupported language {lang!r}; use one of {', '.join(LANGUAGES)}, "
                         "or leave it empty to detect it")
    return lang


def normalize_cpv(code: str) -> str:
    """'35700000-2' or '35700000' -> '35700000'. The check digit is dropped: the eight digits say it all."""
    text = str(code).strip()
    found = _CPV.match(text)
    if not found:
        raise ValueError(f"cpv: {code!r} is not a CPV code (eight digits, optionally '-' and a check digit)")
    return found.group(1)


def _tuple_of_str(values: Iterable[str] | str | None, field_name: str) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        raise ValueError(f"{field_name}: expected a list of strings, not the single string {values!r}")
    out = []
    for value in values:
        if not isinstance(value, str):
            raise ValueError(f"{field_name}: expected strings, found {value!r}")
        out.append(value)
    return tuple(out)


def _areas(values: Iterable[str] | None, field_name: str = "areas") -> tuple[str, ...]:
    areas = []
    for area in _tuple_of_str(values, field_name):
        slug = area.strip().lower()
        if slug not in AREAS:
            raise ValueError(f"{field_name}: unknown area {area!r}; use one of {', '.join(AREAS)}")
        if slug not in areas:
            areas.append(slug)
    return tuple(areas)


def _cpvs(values: Iterable[str] | None) -> tuple[str, ...]:
    codes: list[str] = []
    for code in _tuple_of_str(values, "cpv"):
        normal = normalize_cpv(code)
        if normal not in codes:
            codes.append(normal)
    return tuple(codes)


def _trl(value: int | None, field_name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 9:
        raise ValueError(f"{field_name}: a technology readiness level is a whole number from 1 to 9, not {value!r}")
    return value


def _trl_range(low: int | None, high: int | None, prefix: str) -> tuple[int | None, int | None]:
    low = _trl(low, f"{prefix}trl_min")
    high = _trl(high, f"{prefix}trl_max")
    if low is not None and high is not None and low > high:
        raise ValueError(f"{prefix}trl_min ({low}) is above {prefix}trl_max ({high})")
    return low, high


def _euros(value: int | None, field_name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{field_name}: an amount in whole euros, zero or more, not {value!r}")
    return value


def normalize_tag(tag: str) -> str:
    """Stages, tags and exclusions compare case-folded with single spaces: 'Series A ' == 'series a'."""
    return _TAG_SPACE.sub(" ", tag.strip().casefold())


def _tags(values: Iterable[str] | None, field_name: str) -> tuple[str, ...]:
    tags: list[str] = []
    for tag in _tuple_of_str(values, field_name):
        normal = normalize_tag(tag)
        if normal and normal not in tags:
            tags.append(normal)
    return tuple(tags)


def _region(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"region: expected a string such as 'NL-NB' or 'UA-30', not {value!r}")
    value = value.strip()
    return value or None


@dataclass(frozen=True, slots=True)
class Mandate:
    """What a financier will fund. An empty field means 'no restriction'.

    stages: investment stages in the financier's own words ('seed', 'series a', 'growth'), compared case-folded.
    trl_min/trl_max: the maturity it funds. ticket_min_eur/ticket_max_eur: the size of one investment.
    areas: priority areas it funds (empty: all). exclusions: activities it never funds ('munitions',
    'nuclear', 'non-eu control'); matched against the query's tags and words (see structured.mandate_fit).
    """

    stages: tuple[str, ...] = ()
    trl_min: int | None = None
    trl_max: int | None = None
    ticket_min_eur: int | None = None
    ticket_max_eur: int | None = None
    areas: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "stages", _tags(self.stages, "mandate.stages"))
        low, high = _trl_range(self.trl_min, self.trl_max, "mandate.")
        setattr_(self, "trl_min", low)
        setattr_(self, "trl_max", high)
        tmin = _euros(self.ticket_min_eur, "mandate.ticket_min_eur")
        tmax = _euros(self.ticket_max_eur, "mandate.ticket_max_eur")
        if tmin is not None and tmax is not None and tmin > tmax:
            raise ValueError(f"mandate.ticket_min_eur ({tmin}) is above mandate.ticket_max_eur ({tmax})")
        setattr_(self, "areas", _areas(self.areas, "mandate.areas"))
        setattr_(self, "exclusions", _tags(self.exclusions, "mandate.exclusions"))


@dataclass(frozen=True, slots=True)
class Document:
    """One thing that can be found: an organisation's profile, a capability, a test facility, a financier,
    a need or an idea. `id` is the caller's key (e.g. 'organisation:42'); adding a document with an id that
    is already indexed replaces it.

    lang: 'nl', 'en' or 'uk', or None to detect it from title and text.
    areas: priority areas (AREAS). cpv: CPV 2008 codes, with or without check digit. trl: 1-9.
    region: an ISO 3166-2 code ('NL-NB', 'UA-30') or a regional ecosystem name; compared case-folded.
    mandate: for financiers only: what they fund.
    """

    id: str
    text: str
    title: str = ""
    kind: str = "organisation"
    lang: str | None = None
    areas: tuple[str, ...] = ()
    cpv: tuple[str, ...] = ()
    trl: int | None = None
    region: str | None = None
    mandate: Mandate | None = None

    def __post_init__(self) -> None:
        setattr_ = object.__setattr__
        if not isinstance(self.id, str) or not self.id.strip():
            raise ValueError(f"id: a document needs a non-empty string id, not {self.id!r}")
        if not isinstance(self.text, str):
            raise ValueError(f"text: expected a string, not {type(self.text).__name__}")
        if not isinstance(self.title, str):
            raise ValueError(f"title: expected a string, not {type(self.title).__name__}")
        if self.kind not in KINDS:
            raise ValueError(f"kind: unknown kind {self.kind!r}; use one of {', '.join(KINDS)}")
        setattr_(self, "lang", normalize_language(self.lang))
        setattr_(self, "areas", _areas(self.areas))
        setattr_(self, "cpv", _cpvs(self.cpv))
        setattr_(self, "trl", _trl(self.trl, "trl"))
        setattr_(self, "region", _region(self.region))
        if self.mandate is not None and not isinstance(self.mandate, Mandate):
            raise ValueError("mandate: expected a Mandate")


@dataclass(frozen=True, slots=True)
class Query:
    """What is searched for: usually a need (to find organisations, capabilities, test facilities) or an idea
    or financing request (to find partners, financiers, needs). `Query.from_document` turns a stored need or
    idea into its query.

    trl: the maturity of what the query describes (an idea at TRL 4); financiers' mandates are checked
    against it. trl_min/trl_max: the maturity wanted from the results (a need that wants TRL 6 or more).
    stage, ticket_eur: the investment stage and amount asked (financing requests).
    tags: activities the query involves ('munitions', 'dual-use'); checked against financiers' exclusions.
    """

    text: str
    title: str = ""
    lang: str | None = None
    areas: tuple[str, ...] = ()
    cpv: tuple[str, ...] = ()
    trl: int | None = None
    trl_min: int | None = None
    trl_max: int | None = None
    region: str | None = None
    stage: str | None = None
    ticket_eur: int | None = None
    tags: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        setattr_ = object.__setattr__
        if not isinstance(self.text, str):
            raise ValueError(f"text: expected a string, not {type(self.text).__name__}")
        if not isinstance(self.title, str):
            raise ValueError(f"title: expected a string, not {type(self.title).__name__}")
        setattr_(self, "lang", normalize_language(self.lang))
        setattr_(self, "areas", _areas(self.areas))
        setattr_(self, "cpv", _cpvs(self.cpv))
        setattr_(self, "trl", _trl(self.trl, "trl"))
        low, high = _trl_range(self.trl_min, self.trl_max, "")
        setattr_(self, "trl_min", low)
        setattr_(self, "trl_max", high)
        setattr_(self, "region", _region(self.region))
        if self.stage is not None:
            if not isinstance(self.stage, str):
                raise ValueError(f"stage: expected a string, not {self.stage!r}")
            setattr_(self, "stage", normalize_tag(self.stage) or None)
        setattr_(self, "ticket_eur", _euros(self.ticket_eur, "ticket_eur"))
        setattr_(self, "tags", _tags(self.tags, "tags"))

    @classmethod
    def from_document(cls, document: Document, **overrides: object) -> Query:
        """The query a stored need or idea asks: its text, title, language, areas, CPV codes, TRL and region.
        Keyword arguments replace fields (e.g. trl_min=6, stage='seed', tags=['dual-use'])."""
        values: dict[str, object] = {
            "text": document.text, "title": document.title, "lang": document.lang, "areas": document.areas,
            "cpv": document.cpv, "trl": document.trl, "region": document.region,
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
