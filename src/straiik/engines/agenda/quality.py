"""Is an action concrete and executable? The public criticism of the first STRAIIK-D was "few concrete and
executable actions", so every action is checked against four rules:

1. an owner: an organisation *and* a person who answers for it (``no-owner``);
2. a deadline (``no-deadline``);
3. a measurable indicator: a baseline, a target and a unit (``no-indicator``);
4. no vague verb in the action itself (``vague``): "verkennen", "onderzoeken", "bezien", "inventariseren",
   "explore", "investigate", "consider" and their kin promise an activity, not a result.

An action that breaks none of them is concrete. Only the title is checked for vague words: it is the action as
stated and as it is reported; the description gives context and may say how the result is reached. Cancelled
actions are left out of the shares (they are neither carried out nor still promised).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

NO_OWNER, NO_DEADLINE, NO_INDICATOR, VAGUE = "no-owner", "no-deadline", "no-indicator", "vague"
RULES = (NO_OWNER, NO_DEADLINE, NO_INDICATOR, VAGUE)
GENERAL = ""  # the key of actions that belong to no single priority area
CANCELLED = "cancelled"

# Words and phrases that describe an activity without a result. Inflections are listed, not stemmed: a stemmer
# would also catch "onderzoeksfaciliteit" or "considerable". Matched on whole words, case and accents ignored;
# a word joined by a hyphen ("SDIR-onderzoek", the name of a procurement method) is not matched.
VAGUE_TERMS: dict[str, tuple[str, ...]] = {
    "nl": (
        "verken", "verkennen", "verkent", "verkend", "verkende", "verkenning", "verkenningen", "verkennende",
        "onderzoeken", "onderzoekt", "onderzocht", "onderzoek",
        "bezie", "bezien", "beziet", "bezag",
        "inventariseer", "inventariseren", "inventariseert", "geinventariseerd", "inventarisatie",
        "in kaart brengen", "in kaart gebracht", "brengt in kaart", "brengen in kaart", "breng in kaart",
        "bekijk", "bekijken", "bekijkt", "bekeken",
        "nagaan", "overweeg", "overwegen", "overweegt", "overwogen",
        "streven", "streeft", "stimuleer", "stimuleren", "stimuleert", "bevorder", "bevorderen", "bevordert",
        "inzetten op", "zet in op", "zetten in op", "zich inspannen", "spant zich in", "inspannen",
        "in gesprek gaan", "in gesprek met", "gesprekken voeren", "bespreek", "bespreken", "bespreekt",
        "aandacht besteden", "aandacht vragen", "mogelijkheden bezien", "mogelijkheden onderzoeken",
    ),
    "en": (
        "explore", "explores", "explored", "exploring", "exploration",
        "investigate", "investigates", "investigated", "investigating", "investigation",
        "consider", "considers", "considered", "considering",
        "look into", "looks into", "looking into", "look at", "looking at",
        "examine", "examines", "examined", "examining",
        "map out", "take stock", "strive", "strives", "work towards", "working towards",
        "promote", "promotes", "encourage", "encourages", "stimulate", "stimulates", "foster", "fosters",
        "discuss", "discusses", "seek to", "seeks to", "aim to", "aims to",
    ),
}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _pattern(terms: Iterable[str]) -> re.Pattern[str]:
    alternatives = sorted({_fold(t) for t in terms}, key=lambda t: (-len(t), t))
    body = "|".join(r"\s+".join(map(re.escape, term.split())) for term in alternatives)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


_VAGUE = _pattern(term for terms in VAGUE_TERMS.values() for term in terms)


def vague_words(text: str) -> tuple[str, ...]:
    """The vague words and phrases in a text, in order of appearance, each once (folded: lower case)."""
    found = [re.sub(r"\s+", " ", m.group(0)) for m in _VAGUE.finditer(_fold(text or ""))]
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class ActionFacts:
    """What the check needs to know about one action. ``key`` identifies it to the caller."""

    key: str
    title: str
    area: str = GENERAL
    owner_organisation: str = ""
    owner_person: str = ""
    deadline: date | None = None
    baseline: float | None = None
    target: float | None = None
    unit: str = ""
    status: str = ""


@dataclass(frozen=True)
class Problem:
    rule: str
    missing: tuple[str, ...] = ()  # for no-owner and no-indicator: which parts are missing
    words: tuple[str, ...] = ()  # for vague: the words found


@dataclass(frozen=True)
class Verdict:
    key: str
    area: str
    problems: tuple[Problem, ...]
    counted: bool = True  # False for cancelled actions

    @property
    def concrete(self) -> bool:
        return not self.problems

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(p.rule for p in self.problems)


def check(action: ActionFacts) -> Verdict:
    problems: list[Problem] = []
    owner_missing = tuple(name for name, value in (("organisation", action.owner_organisation),
                                                   ("person", action.owner_person)) if not str(value).strip())
    if owner_missing:
        problems.append(Problem(NO_OWNER, missing=owner_missing))
    if action.deadline is None:
        problems.append(Problem(NO_DEADLINE))
    indicator_missing = tuple(name for name, value in (("baseline", action.baseline), ("target", action.target),
                                                       ("unit", action.unit or None)) if value is None)
    if indicator_missing:
        problems.append(Problem(NO_INDICATOR, missing=indicator_missing))
    words = vague_words(action.title)
    if words:
        problems.append(Problem(VAGUE, words=words))
    return Verdict(key=action.key, area=action.area or GENERAL, problems=tuple(problems),
                   counted=action.status != CANCELLED)


@dataclass(frozen=True)
class Share:
    total: int = 0
    concrete: int = 0

    @property
    def share(self) -> float | None:
        """The share of concrete actions, or None when there are none to judge."""
        return self.concrete / self.total if self.total else None

    @property
    def not_concrete(self) -> int:
        return self.total - self.concrete


@dataclass(frozen=True)
class Summary:
    overall: Share
    by_area: dict[str, Share]
    by_rule: dict[str, int] = field(default_factory=dict)  # how many counted actions break each rule


def summarise(verdicts: Iterable[Verdict], areas: Iterable[str] = ()) -> Summary:
    """Shares of concrete actions per area (every area in ``areas`` is present, with zero actions if need be)
    and overall, and how often each rule is broken. Cancelled actions are not counted."""
    totals: Counter[str] = Counter()
    concrete: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    for verdict in verdicts:
        if not verdict.counted:
            continue
        totals[verdict.area] += 1
        concrete[verdict.area] += verdict.concrete
        rules.update(verdict.rules)
    keys = list(dict.fromkeys([*areas, *sorted(totals)]))
    by_area = {key: Share(totals[key], concrete[key]) for key in keys}
    overall = Share(sum(totals.values()), sum(concrete.values()))
    return Summary(overall=overall, by_area=by_area, by_rule={rule: rules[rule] for rule in RULES})
