"""Names as the screening compares them: case folded, Cyrillic transliterated (Ukrainian and Russian schemes, both
tried), diacritics removed, punctuation dropped, legal-form words (Ltd, Limited, B.V., GmbH, ТОВ, ООО ...) removed
from either end, and the words sorted, so word order does not count.

A Cyrillic name gives one variant per scheme (often the same); a Latin name gives one."""

from __future__ import annotations

import re
import unicodedata

# Ukrainian: the national system (Cabinet of Ministers resolution 55 of 27 January 2010). Letters marked with a
# pair are (at the start of a word, elsewhere); "зг" is "zgh" so it is not read as "ж".
_UK_POSITIONAL = {"є": ("ye", "ie"), "ї": ("yi", "i"), "й": ("y", "i"), "ю": ("yu", "iu"), "я": ("ya", "ia")}
_UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "y",
    "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
    # Russian letters met in names from the region, read as the Ukrainian system would
    "ё": "io", "ъ": "", "ы": "y", "э": "e",
}
# Russian: BGN/PCGN 1947 without its diacritics and apostrophes (the form passports and lists mostly show).
_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
    # Ukrainian and Belarusian letters, for names written in those languages but read by the Russian scheme
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "w",
}
_APOSTROPHES = "'’ʼ`´"
_LATIN_EXTRA = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
                              "ß": "ss"})
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Legal forms, as the words they become after normalisation; multi-word forms as tuples. Removed only at the
# start or the end of a name (where they stand), so a word like "as" inside a name is kept.
_LEGAL_WORDS = frozenset("""
ltd limited llc llp lp inc incorporated corp corporation co plc pllc bv nv vof cv gmbh ag kg ug gbr ohg mbh
se sa sas sarl spa srl sro as asa aps ab oy oyj kft zrt nyrt doo dd ad ead jsc ojsc cjsc pjsc pte pty bhd
fzco fze fzc llc-fz tov tdv pp pat prat at zat vat fop ooo oao zao pao ao nao kb
""".split())
_LEGAL_PHRASES = [tuple(p.split()) for p in (
    "sp z o o", "sp z oo", "s a", "b v", "n v", "s r l", "s p a", "s r o", "a s", "public limited company",
    "limited liability company", "limited liability partnership", "joint stock company", "private limited company",
    "public joint stock company", "closed joint stock company", "open joint stock company", "co ltd", "pty ltd",
    "tovarystvo z obmezhenoiu vidpovidalnistiu", "tovaristvo z obmezhenoyu vidpovidalnistyu",
    "obshchestvo s ogranichennoy otvetstvennostyu", "obshchestvo s ogranichennoi otvetstvennostiu",
    "aktsionerne tovarystvo", "pryvatne aktsionerne tovarystvo", "publichne aktsionerne tovarystvo",
    "aktsionernoye obshchestvo", "aktsionernoe obshchestvo", "publichnoye aktsionernoye obshchestvo",
    "publichnoe aktsionernoe obshchestvo", "pryvatne pidpryiemstvo", "derzhavne pidpryiemstvo",
    "fizychna osoba pidpryiemets", "besloten vennootschap", "naamloze vennootschap",
    "gesellschaft mit beschrankter haftung",
)]
_LEGAL_PHRASES.sort(key=len, reverse=True)
_PHRASE_LAST = frozenset(p[-1] for p in _LEGAL_PHRASES)
_PHRASE_FIRST = frozenset(p[0] for p in _LEGAL_PHRASES)


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


def _transliterate(text: str, scheme: str) -> str:
    table = _RU if scheme == "ru" else _UK
    out: list[str] = []
    previous = " "
    lowered = text.lower()
    for ch in lowered:
        at_start = not previous.isalpha()
        if ch in _APOSTROPHES and _CYRILLIC.match(previous):
            previous = ch
            continue
        latin: str | None
        if scheme == "uk" and ch in _UK_POSITIONAL:
            latin = _UK_POSITIONAL[ch][0 if at_start else 1]
        elif scheme == "uk" and ch == "г" and previous == "з":
            latin = "gh"
        else:
            latin = table.get(ch)
        if latin is None:
            out.append(ch)
        else:
            out.append(latin)
        previous = ch if ch.isalpha() or ch in _APOSTROPHES else " "
    return "".join(out)


def _fold_latin(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LATIN_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Folded words of a Latin text; dots inside abbreviations join ("B.V." is one word "bv")."""
    folded = _fold_latin(text)
    folded = re.sub(r"(?<=\b\w)\.(?=\w\b)", "", folded)  # b.v. -> bv. ; s.a.r.l -> sarl
    folded = re.sub(r"(?<=\w)\.(?=\w\.)", "", folded)
    for mark in _APOSTROPHES:
        folded = folded.replace(mark, "")
    return _WORD.findall(folded)


def strip_legal_forms(tokens: list[str]) -> tuple[list[str], bool]:
    """Remove legal forms at either end; never leave a name empty."""
    removed = False
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        if tokens[-1] not in _PHRASE_LAST and tokens[0] not in _PHRASE_FIRST:
            phrases: list[tuple[str, ...]] = []
        else:
            phrases = _LEGAL_PHRASES
        for phrase in phrases:
            n = len(phrase)
            if len(tokens) > n and tuple(tokens[-n:]) == phrase:
                tokens, changed, removed = tokens[:-n], True, True
                break
            if len(tokens) > n and tuple(tokens[:n]) == phrase:
                tokens, changed, removed = tokens[n:], True, True
                break
        if changed:
            continue
        if tokens[-1] in _LEGAL_WORDS:
            tokens, changed, removed = tokens[:-1], True, True
        elif tokens[0] in _LEGAL_WORDS:
            tokens, changed, removed = tokens[1:], True, True
    return tokens, removed


def variants(name: str) -> list[tuple[tuple[str, ...], str]]:
    """The normalised forms of a name: (sorted words, how it was read) — "latin", "uk" or "ru". Legal forms
    are removed. Empty when the name has no letters or digits."""
    if has_cyrillic(name):
        readings = [(_transliterate(name, "uk"), "uk"), (_transliterate(name, "ru"), "ru")]
    else:
        readings = [(name, "latin")]
    out: list[tuple[tuple[str, ...], str]] = []
    seen: set[tuple[str, ...]] = set()
    for text, how in readings:
        tokens, _removed = strip_legal_forms(words(text))
        key = tuple(sorted(tokens))
        if key and key not in seen:
            seen.add(key)
            out.append((key, how))
    return out


def identifier(value: str) -> str:
    """An identifier as compared: letters and digits only, upper case (passport 'AB 123-456' = 'AB123456')."""
    return "".join(ch for ch in _fold_latin(value) if ch.isalnum()).upper()


_SKELETON = str.maketrans({"c": "k", "q": "k", "w": "v", "z": "s", "y": "i", "j": "i", "x": "ks"})


def skeleton(token: str) -> str:
    """A rough sound key for candidate search: first letter, then consonants with similar ones merged and
    doubles collapsed ("kowalski" and "kovalsky" share one). Only narrows the candidates; the score decides."""
    if len(token) <= 3:
        return token
    t = token.translate(_SKELETON).replace("ph", "f").replace("kh", "h").replace("ks", "x")
    out = [t[0]]
    for ch in t[1:]:
        if ch in "aeiouh":
            continue
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)
