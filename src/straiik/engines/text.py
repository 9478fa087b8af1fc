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
