"""What changed in an ambition since last year, word by word, to show beside last year's text."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

SAME, REMOVED, ADDED = "same", "removed", "added"
_TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(kind, text) pieces that rebuild the old text from the SAME and REMOVED pieces and the new one from the
    SAME and ADDED pieces. Whitespace is kept, so the pieces join back into the texts exactly."""
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    pieces: list[tuple[str, str]] = []
    matcher = SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append((SAME, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append((REMOVED, "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append((ADDED, "".join(b[j1:j2])))
    return [p for p in pieces if p[1]]


def similarity(old: str, new: str) -> float:
    """0 (nothing in common) to 1 (the same words)."""
    a, b = (old or "").split(), (new or "").split()
    if not a and not b:
        return 1.0
    return SequenceMatcher(a=a, b=b, autojunk=False).ratio()
