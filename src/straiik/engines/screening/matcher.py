"""Screening names against a restricted-party list, fast enough for a whole registry.

Candidates come from an inverted index of the list's words and of their sound keys (see `normalise.skeleton`):
a name is compared only with list names that share at least two of its words or sound keys (one, for one-word
names). The comparison aligns the words of the shorter name with the longer one's (rapidfuzz's ratio per
word), so word order does not count and a missing middle name or patronymic costs little; a gendered form of
an East-Slavic name (Ivanov / Ivanova, Oleksandr / Oleksandra) counts as a different word. A date of birth on
both sides that disagrees rules a person out; one that agrees raises the score. An identifier (passport,
registration number) shared with the list is a hit whatever the name."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from rapidfuzz.distance import Indel

from straiik.engines.screening.normalise import identifier, skeleton, variants

PERSON, ENTITY, ANY = "person", "entity", "any"
DEFAULT_THRESHOLD = 0.88
WORD_MATCH = 0.8  # a word counts as the same word from this similarity on
EXTRA_WORD_PENALTY = {PERSON: 0.03, ENTITY: 0.08}
RARE = 100  # a word on at most this many list names can seed a candidate on its own
MAX_POSTINGS = 5_000  # words more frequent than this in the list count only when nothing rarer is shared


@dataclass(frozen=True)
class ListEntry:
    key: str                      # the list's own id (EU logicalId, UN DATAID), prefixed by the source
    kind: str                     # PERSON or ENTITY
    names: tuple[str, ...]        # the main name first, then the aliases
    birth_dates: tuple[str, ...] = ()   # "1970-05-01", "1970-05" or "1970"
    identifiers: tuple[str, ...] = ()
    reference: str = ""           # EU reference number, UN reference number
    programme: str = ""
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Subject:
    key: str
    name: str
    kind: str = ANY
    birth_date: str = ""
    identifiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    subject_key: str
    entry_key: str
    score: float
    subject_name: str
    matched_name: str
    reasons: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (code, detail), translated by the app


def _gendered(a: str, b: str) -> bool:
    """Ivanov/Ivanova, Oleksandr/Oleksandra, Kovalskyi/Kovalska: the feminine form is a different person."""
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if long_ in (short + "a", short + "ia", short + "ya"):
        return True
    for masc, fem in (("skyi", "ska"), ("sky", "skaya"), ("skiy", "skaya"), ("ski", "ska"), ("tskyi", "tska"),
                      ("skyy", "ska"), ("iy", "aya"), ("yi", "a")):
        if a.endswith(masc) and b.endswith(fem) and a[: -len(masc)] == b[: -len(fem)]:
            return True
        if b.endswith(masc) and a.endswith(fem) and b[: -len(masc)] == a[: -len(fem)]:
            return True
    return False


def word_similarity(a: str, b: str, kind: str) -> float:
    if a == b:
        return 1.0
    if len(a) <= 3 or len(b) <= 3:
        return 0.0  # initials and short words must agree exactly
    sim = Indel.normalized_similarity(a, b, score_cutoff=WORD_MATCH)
    if sim and kind != ENTITY and _gendered(a, b):
        return 0.0
    return sim


def name_score(shorter: tuple[str, ...], longer: tuple[str, ...], kind: str) -> float:
    """0..1: how well the words of `shorter` are found in `longer`, less a little per extra word."""
    if len(shorter) > len(longer):
        shorter, longer = longer, shorter
    if kind == PERSON and len(shorter) == 1 and len(longer) > 1:
        return 0.0  # a surname alone is not a person
    pairs = sorted(((word_similarity(a, b, kind), i, j) for i, a in enumerate(shorter) for j, b in enumerate(longer)),
                   reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    total = 0.0
    for sim, i, j in pairs:
        if i in used_a or j in used_b:
            continue
        if sim < WORD_MATCH:
            return 0.0  # every word of the shorter name must be found
        used_a.add(i)
        used_b.add(j)
        total += sim * len(shorter[i])
        if len(used_a) == len(shorter):
            break
    if len(used_a) < len(shorter):
        return 0.0
    weight = sum(len(w) for w in shorter)
    extra = len(longer) - len(shorter)
    return total / weight - EXTRA_WORD_PENALTY[ENTITY if kind == ENTITY else PERSON] * extra


def _dates_agree(subject_date: str, entry_dates: Iterable[str]) -> bool | None:
    """None when either side has no date; True when a list date is compatible (same year, month, day as far
    as both give them)."""
    dates = [d for d in entry_dates if d]
    if not subject_date or not dates:
        return None
    for d in dates:
        n = min(len(d), len(subject_date))
        if d[:n] == subject_date[:n]:
            return True
    return False


@dataclass
class _Alias:
    entry: int
    tokens: tuple[str, ...]
    how: str
    name: str


class Screener:
    """An index over one or more lists' entries. Build once per list version; `screen` is then a few
    milliseconds per subject."""

    def __init__(self, entries: Iterable[ListEntry], threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self.entries: list[ListEntry] = list(entries)
        self.aliases: list[_Alias] = []
        postings: dict[str, set[int]] = defaultdict(set)
        self.by_identifier: dict[str, list[int]] = defaultdict(list)
        for e, entry in enumerate(self.entries):
            seen: set[tuple[str, ...]] = set()
            for name in entry.names:
                for tokens, how in variants(name):
                    if tokens in seen:
                        continue
                    seen.add(tokens)
                    a = len(self.aliases)
                    self.aliases.append(_Alias(e, tokens, how, name))
                    for key in _keys(tokens):
                        postings[key].add(a)
            for value in entry.identifiers:
                norm = identifier(value)
                if len(norm) >= 5:
                    self.by_identifier[norm].append(e)
        self.postings: dict[str, frozenset[int]] = {k: frozenset(v) for k, v in postings.items()}
        self.alias_lengths = [len(a.tokens) for a in self.aliases]

    def __len__(self) -> int:
        return len(self.entries)

    def _candidates(self, tokens: tuple[str, ...]) -> AbstractSet[int] | list[int]:
        per_word: list[tuple[bool, AbstractSet[int]]] = []
        empty: frozenset[int] = frozenset()
        for word in dict.fromkeys(tokens):
            keys = _word_keys(word)
            sets = [self.postings.get(k, empty) for k in keys]
            found: AbstractSet[int] = sets[0] if len(sets) == 1 else sets[0] | sets[1]
            per_word.append((len(found) > MAX_POSTINGS, found))
        usable = sorted((found for common, found in per_word if found and not common), key=len)
        n_common = sum(1 for common, found in per_word if common and found)
        if not usable:  # only very common words: use the rarest one anyway
            usable = sorted((found for _common, found in per_word if found), key=len)[:1]
            n_common = 0
        if not usable:
            return []
        # Words the list does not know still count: a name with one unknown word must share two others.
        need = min(2, len(per_word) - n_common)
        # A candidate shares the name's rarest word, or its second-rarest when that is rare too (so a typo in one
        # is forgiven), and `need` words in all: generic words ("Defence", "Systems", a common first name) never
        # make a candidate on their own.
        seeds = usable[0] | usable[1] if len(usable) > 1 and len(usable[1]) <= RARE else usable[0]
        if need <= 1:
            return seeds
        lengths = self.alias_lengths
        out = []
        for a in seeds:
            n = 0
            for found in usable:
                if a in found:
                    n += 1
                    if n >= need:
                        break
            if n >= need or n >= lengths[a]:
                out.append(a)
        return out

    def screen(self, subject: Subject) -> list[Hit]:
        """The list entries this subject may be, best first (one hit per entry)."""
        best: dict[int, Hit] = {}
        subject_ids = {identifier(v) for v in subject.identifiers if len(identifier(v)) >= 5}
        for value in subject_ids:
            for e in self.by_identifier.get(value, ()):
                entry = self.entries[e]
                best[e] = Hit(subject.key, entry.key, 1.0, subject.name, entry.names[0] if entry.names else "",
                              (("identifier", value),))
        for tokens, how in variants(subject.name):
            for a in self._candidates(tokens):
                alias = self.aliases[a]
                entry = self.entries[alias.entry]
                if subject.kind != ANY and subject.kind != entry.kind:
                    continue
                kind = entry.kind if subject.kind == ANY else subject.kind
                score = name_score(tokens, alias.tokens, kind)
                if score <= 0:
                    continue
                reasons: list[tuple[str, str]] = [("name", f"{round(score * 100)}")]
                if kind == PERSON:
                    agree = _dates_agree(subject.birth_date, entry.birth_dates)
                    if agree is False:
                        continue
                    if agree:
                        score += 0.05
                        reasons.append(("birth_date", subject.birth_date))
                if score < self.threshold:
                    continue
                if how != "latin" or alias.how != "latin":
                    reasons.append(("transliterated", how if how != "latin" else alias.how))
                if len(tokens) != len(alias.tokens):
                    reasons.append(("extra_words", str(abs(len(tokens) - len(alias.tokens)))))
                score = min(score, 1.0)
                previous = best.get(alias.entry)
                if previous is None or previous.score < score:
                    if previous is not None and previous.reasons[0][0] == "identifier":
                        continue
                    best[alias.entry] = Hit(subject.key, entry.key, round(score, 4), subject.name, alias.name,
                                            tuple(reasons))
        return sorted(best.values(), key=lambda h: (-h.score, h.entry_key))

    def screen_many(self, subjects: Iterable[Subject]) -> Iterator[Hit]:
        for subject in subjects:
            yield from self.screen(subject)


def _word_keys(word: str) -> list[str]:
    s = skeleton(word)
    return [word] if s == word else [word, "~" + s]


def _keys(tokens: tuple[str, ...]) -> list[str]:
    return [key for word in dict.fromkeys(tokens) for key in _word_keys(word)]
