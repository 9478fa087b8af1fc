"""Language-aware analysis for BM25: words -> index terms, for Dutch, English and Ukrainian.

Every word is first normalised as straiik.engines.text does it everywhere (case folded, diacritics and
combining marks removed: 'Coöperatie' -> 'cooperatie', 'й' -> 'и', 'ї' -> 'і'), so the analysed form of a
word is the same whether it came from a document, a query or the search box of the registry. Then:

- Dutch and English: Snowball stemmers (PyStemmer: 'dutch', 'english'; 'dutch' measured better than the
  older 'dutch_porter') and stop-word lists (bm25s's Dutch list and its longer English list, plus a few
  words they miss: wij, onze, us).
- Ukrainian: Snowball has no Ukrainian stemmer (PyStemmer 3.1.0 ships 'russian', which leaves most
  Ukrainian endings such as -ів, -ії, -ами on the word). The default is truncation to the first five letters
  (after stop words are removed), the 'trunc5' of McNamee, Nicholas and Mayfield (SIGIR 2009), which conflates
  inflected and many derived forms (безпілотники, безпілотні -> безпі). Measured on the development set
  against no stemming, Snowball 'russian', truncation to 4 and 6 letters, and `ukrainian_stem`, a light
  inflectional stemmer of our own (it strips the reflexive -ся/-сь, then the longest case, number or person
  ending that leaves three letters, then shortens a final doubled consonant: очищення/очищений -> очищен):
  see docs/matching.md. The analyser takes any of them by name.
- Words in the other script follow their script, not the document's language: a Cyrillic word in an
  English text goes through the Ukrainian analyser; a Latin word in a Ukrainian text (AIS, SCADA, Starlink)
  through the English one.

Apostrophes inside words are dropped before splitting (зв'язок -> звязок, boat's -> boats) instead of
splitting the word in two.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import Stemmer
from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN_PLUS

from straiik.engines.text import normalize_text

from .documents import UNDETERMINED

_WORD = re.compile(r"\w+", re.UNICODE)
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['’ʼ`](?=\w)")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z]")

MAX_WORD_LENGTH = 40
"""Longer 'words' are base64, hashes or glued text: they never match anything useful."""


def _normal_set(words: str | tuple[str, ...]) -> frozenset[str]:
    if isinstance(words, str):
        words = tuple(words.split())
    return frozenset(w for word in words for w in normalize_text(word).split())


_UKRAINIAN_STOPWORDS = _normal_set("""
    а або адже але б без би був була були було бути в вам вас весь ви від візьми вже вона вони воно всі всього
    все всю вся втім г де дещо для до досі його її їй їм їх їхні їхній їхня з за зі й коли крізь ледве лише між
    ми мій мені мене мною на навіть над нам нами нас наш наша наше наші нашої нашого нашим нашими наших не
    неї нею ні ніж ним них ну о об однак он онде от ось перед по під після поки понад при про проте та так
    також там те тебе тим тими тих ти то тобто тоді той тому тощо ту тут ті тією у усе усі усіх хоч хоча це
    цей цих цього цю ця ці через що щоб щодо я як яка яке який яких якими яким якого якої які якщо є ж
    свій своє свої своїх свою своєю своїм своїми свого своєї своїй кожен кожна кожне кожного більш більше
    дуже ще вже може можуть можна буде будуть бо тільки саме також серед поряд близько проти біля
""")

# bm25s's lists (from NLTK) miss a few function words that every profile and need uses.
_EXTRA = {
    "nl": "wij onze jullie welke waar waarin waarmee waardoor hen hare jouw elk elke ieder iedere alle zoals via per",
    "en": "us whose within without upon via per",
}

STOPWORDS = {
    "nl": _normal_set(STOPWORDS_DUTCH) | _normal_set(_EXTRA["nl"]),
    "en": _normal_set(STOPWORDS_EN_PLUS) | _normal_set(_EXTRA["en"]),
    "uk": _UKRAINIAN_STOPWORDS,
}

# Ukrainian endings, written as they are spelled and normalised like the words (й -> и, ї -> і), so that
# 'ий' is stored as 'ии' and 'ії' as 'іі'. Longest first when stripping.
_UK_ENDINGS_SPELLED = """
    а я о е є и і ї у ю ь
    ам ям ах ях ами ями ів їв ом ем єм ою ею єю ові еві єві
    ий ій их іх им ім ого ього ому ьому ої ьої ими іми ую юю
    ія ії ію ією іям іями іях
    ємо емо имо імо ете єте ите іте ють уть ать ять ить іть еш єш иш іш еть єть
    ати яти ити іти увати ювати ування ювання
"""
_UK_ENDINGS = tuple(sorted({normalize_text(e) for e in _UK_ENDINGS_SPELLED.split()}, key=len, reverse=True))
_UK_REFLEXIVE = tuple(normalize_text(e) for e in ("ся", "сь"))
_UK_DOUBLED = ("нн", "тт", "лл", "чч", "сс", "зз", "дд", "жж", "шш", "цц")
_UK_MIN_STEM = 3


def ukrainian_stem(word: str) -> str:
    """Light inflectional stemmer for a normalised Ukrainian word (see the module docstring)."""
    if len(word) <= _UK_MIN_STEM:
        return word
    for reflexive in _UK_REFLEXIVE:
        if word.endswith(reflexive) and len(word) - len(reflexive) >= _UK_MIN_STEM + 2:
            word = word[: -len(reflexive)]
            break
    for ending in _UK_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _UK_MIN_STEM:
            word = word[: -len(ending)]
            break
    if word.endswith(_UK_DOUBLED) and len(word) > _UK_MIN_STEM + 1:
        word = word[:-1]
    if word.endswith("ь") and len(word) > _UK_MIN_STEM:
        word = word[:-1]
    return word


UKRAINIAN_STEMMERS = ("prefix5", "light", "none", "russian", "prefix4", "prefix6")
"""The Ukrainian analysers that can be chosen; 'prefix5' is the default (measured: docs/matching.md)."""


class _Stemmers(threading.local):
    """PyStemmer's Stemmer objects keep a cache and are not safe to share between threads."""

    def __init__(self) -> None:
        self.by_name: dict[str, Stemmer.Stemmer] = {}

    def get(self, name: str) -> Stemmer.Stemmer:
        stemmer = self.by_name.get(name)
        if stemmer is None:
            stemmer = self.by_name[name] = Stemmer.Stemmer(name)
        return stemmer


_STEMMERS = _Stemmers()


def _ukrainian_stemmer(name: str) -> Callable[[str], str]:
    if name == "light":
        return ukrainian_stem
    if name == "none":
        return lambda word: word
    if name == "russian":
        return lambda word: _STEMMERS.get("russian").stemWord(word)
    if name in ("prefix4", "prefix5", "prefix6"):
        size = int(name[-1])
        return lambda word: word[:size]
    raise ValueError(f"unknown Ukrainian stemmer {name!r}; use one of {', '.join(UKRAINIAN_STEMMERS)}")


@dataclass(frozen=True, slots=True)
class Token:
    """One analysed word: the index term and the word as it was written."""

    term: str
    surface: str


class Analyzer:
    """Turns text into BM25 terms. Thread-safe. `ukrainian` names the Ukrainian stemmer (UKRAINIAN_STEMMERS).

    The analysis of each distinct written word is remembered (up to CACHE_SIZE words, then forgotten all at
    once): words follow Zipf's law, so indexing 100,000 profiles analyses each frequent word once.
    """

    CACHE_SIZE = 400_000

    def __init__(self, ukrainian: str = "prefix5", *, stopwords: bool = True) -> None:
        self.ukrainian = ukrainian
        self._uk_stem = _ukrainian_stemmer(ukrainian)
        self._stopwords = stopwords
        self._cache: dict[tuple[str, str | None], tuple[str, ...]] = {}

    def __repr__(self) -> str:
        return f"Analyzer(ukrainian={self.ukrainian!r}, stopwords={self._stopwords})"

    def tokens(self, text: str, lang: str) -> list[Token]:
        """The terms of `text` in document order, each with its surface form. lang: 'nl', 'en', 'uk' or 'und'."""
        latin_lang = _LATIN_LANGUAGE.get(lang)
        out: list[Token] = []
        for surface in _WORD.findall(_INNER_APOSTROPHE.sub("", unicodedata.normalize("NFC", text))):
            for term in self._word_terms(surface, latin_lang):
                out.append(Token(term, surface))
        return out

    def terms(self, text: str, lang: str) -> list[str]:
        latin_lang = _LATIN_LANGUAGE.get(lang)
        out: list[str] = []
        for surface in _WORD.findall(_INNER_APOSTROPHE.sub("", unicodedata.normalize("NFC", text))):
            out.extend(self._word_terms(surface, latin_lang))
        return out

    def _word_terms(self, surface: str, latin_lang: str | None) -> tuple[str, ...]:
        key = (surface, latin_lang)
        terms = self._cache.get(key)
        if terms is None:
            terms = tuple(t for word in normalize_text(surface).split() if (t := self._term(word, latin_lang)))
            if len(self._cache) >= self.CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = terms
        return terms

    def _term(self, word: str, latin_lang: str | None) -> str | None:
        if len(word) < 2 or len(word) > MAX_WORD_LENGTH:
            return None
        if _CYRILLIC.search(word):
            if self._stopwords and word in STOPWORDS["uk"]:
                return None
            return self._uk_stem(word)
        if latin_lang is None:  # undetermined language: no stemmer, both stop-word lists
            if self._stopwords and (word in STOPWORDS["nl"] or word in STOPWORDS["en"]):
                return None
            return word
        if self._stopwords and word in STOPWORDS[latin_lang]:
            return None
        if not _LATIN.search(word):  # numbers and codes: '155', '5g' keep their form
            return word
        result: str | None = _STEMMERS.get("dutch" if latin_lang == "nl" else "english").stemWord(word)
        return result


# Latin words in Ukrainian text are mostly acronyms and English product words.
_LATIN_LANGUAGE = {"nl": "nl", "en": "en", "uk": "en"}


# Words that are frequent in one of the two Latin-script languages and rare in the other. Words both use
# ('in', 'is', 'over', 'de' in names) are left out: they would not tell them apart.
_MARKERS = {
    "en": _normal_set("""the and of to with for our we are that from by on which this be an as at or can will has
        have it its they their these been were was not into such also than more our us you your"""),
    "nl": _normal_set("""het een en van voor met wij onze ons zijn op die dat te niet ook door naar bij aan
        worden wordt kan uit of deze dit naar tot als wordt hun zij nog hebben heeft werd zoals maar"""),
}


def detect_language(text: str) -> str:
    """'uk', 'nl' or 'en' for the language of `text`; 'und' when it cannot tell (no letters, or only names).

    Cyrillic against Latin letters decides Ukrainian (Russian text is taken as Ukrainian too: the
    analysers do not tell them apart). Between Dutch and English the frequent function words decide.
    Accuracy on the development set: docs/matching.md.
    """
    normal = normalize_text(text[:20_000])
    cyrillic = len(_CYRILLIC.findall(normal))
    latin = len(_LATIN.findall(normal))
    if cyrillic == 0 and latin == 0:
        return UNDETERMINED
    if cyrillic > latin:
        return "uk"
    counts = {"nl": 0, "en": 0}
    for word in normal.split():
        for lang, markers in _MARKERS.items():
            if word in markers:
                counts[lang] += 1
    if counts["nl"] == counts["en"]:
        return UNDETERMINED
    return "nl" if counts["nl"] > counts["en"] else "en"
