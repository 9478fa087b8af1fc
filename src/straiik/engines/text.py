"""Text normalisation shared by search and matching: case folded, diacritics removed, split into words.
Works the same for Dutch, English and Ukrainian (Cyrillic letters are kept; their combining marks, as in
й and ї, are removed alike in documents and queries, so they still match)."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)


def normalize_text(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(stripped))


def tokens(text: str, limit: int | None = None) -> list[str]:
    words = normalize_text(text).split()
    return words if limit is None else words[:limit]


# The official Ukrainian-Latin transliteration (Cabinet of Ministers resolution 55 of 2010), simplified to
# its position-independent letters; enough to give Cyrillic names readable web addresses.
_UKRAINIAN_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
    # Russian letters that appear in names from the region
    "ё": "io", "ъ": "", "ы": "y", "э": "e",
}


def transliterate(text: str) -> str:
    """Cyrillic to Latin letters (Ukrainian rules); other characters are kept."""
    out = []
    for ch in text:
        lower = ch.lower()
        latin = _UKRAINIAN_LATIN.get(lower)
        if latin is None:
            out.append(ch)
        else:
            out.append(latin.capitalize() if ch != lower else latin)
    return "".join(out)


def shared_passage(a: str, b: str, limit: int = 600) -> str:
    """The longest run of words `b` shares with `a` (compared normalised: case, accents and punctuation do not
    matter), as written in `b`: what a person checks to judge whether two texts say the same thing. Only the
    first `limit` words of each text are compared (the run-length table is len(a) x len(b))."""
    original = re.findall(r"\w+(?:[-'’]\w+)*", b)[:limit]
    theirs = [normalize_text(w) for w in original]
    ours = tokens(a, limit)
    best_len, best_end = 0, 0
    previous = [0] * (len(theirs) + 1)
    for word in ours:
        current = [0] * (len(theirs) + 1)
        for j, other in enumerate(theirs, start=1):
            if word == other and word:
                current[j] = previous[j - 1] + 1
                if current[j] > best_len:
                    best_len, best_end = current[j], j
        previous = current
    return " ".join(original[best_end - best_len:best_end])
