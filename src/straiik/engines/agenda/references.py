"""Parliamentary document numbers ("Kamerstuk 36 592, nr. 12"): read the ways they are written, and write them one
way.

A parliamentary paper is numbered by its dossier (five digits, often written with a space: 36 592), sometimes with
a sub-dossier or a budget chapter (21 501-20; 36 600 X, the Defence budget), and its number within the dossier.
The letter on the Defence Strategy for Industry and Innovation cites them in several ways, all read here:

    Kamerstuk 36 592, nr. 12          Kamerstuk 31125, nr. 92          Kamerstuk 35 570 X, nr. 32
    Kamerstuk 21501-20-2164           Kamerstuk 22054-448              Kamerstuk 36600-X-57
    Kamerstuk 36 600-X                (a dossier without a number: the reference is incomplete)

and the identifiers of officielebekendmakingen.nl (kst-36592-12, kst-36600-X-57). In the hyphenated short form
two parts are dossier and number (22054-448) unless the second is a chapter (36 600-X); three parts are dossier,
sub-dossier or chapter, and number (21501-20-2164).

The canonical form is "Kamerstuk 36 592, nr. 12", "Kamerstuk 21 501-20, nr. 2164", "Kamerstuk 36 600 X, nr. 57".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Error codes; the platform turns them into sentences in the reader's language.
EMPTY, NOT_A_REFERENCE, BAD_DOSSIER, BAD_NUMBER = "empty", "not-a-reference", "bad-dossier", "bad-number"

_ROMAN = re.compile(r"^(?=[IVXLC])C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_PREFIX = re.compile(r"^\s*(?:kamerstuk(?:ken)?(?:\s+ii?(?=\s))?|kst\.?|kst-|tk)\s*[:\-]?\s*", re.IGNORECASE)
_LONG = re.compile(
    r"^(?P<dossier>\d{2}[ .]?\d{3}|\d+)(?:\s*-\s*(?P<sub>[A-Za-z]{1,6}|\d{1,3})|\s+(?P<chapter>[A-Za-z]{1,6}))?"
    r"\s*,?\s*(?:nr\.?|no\.?|nummer)\s*(?P<number>\d+)\s*$", re.IGNORECASE)
_SHORT = re.compile(r"^(?P<parts>[\dA-Za-z .]+(?:-[\dA-Za-z]+){0,2})$")


class ReferenceError(ValueError):  # noqa: A001 - the name says what it is; the builtin is unrelated
    def __init__(self, code: str, text: str) -> None:
        super().__init__(f"{code}: {text!r}")
        self.code, self.text = code, text


@dataclass(frozen=True, order=True)
class Kamerstuk:
    dossier: str  # five digits, no space
    sub: str = ""  # a sub-dossier number ("20") or a chapter in Roman numerals or letters ("X")
    number: int | None = None  # None when only the dossier is cited

    @property
    def complete(self) -> bool:
        return self.number is not None

    @property
    def dossier_text(self) -> str:
        spaced = f"{self.dossier[:2]} {self.dossier[2:]}"
        if not self.sub:
            return spaced
        return f"{spaced}-{self.sub}" if self.sub.isdigit() else f"{spaced} {self.sub}"

    def __str__(self) -> str:
        text = f"Kamerstuk {self.dossier_text}"
        return f"{text}, nr. {self.number}" if self.number is not None else text

    @property
    def identifier(self) -> str:
        """The id of the paper on officielebekendmakingen.nl, e.g. kst-36592-12 (empty without a number)."""
        if self.number is None:
            return ""
        return "-".join(["kst", self.dossier, *([self.sub] if self.sub else []), str(self.number)])


def _dossier(raw: str, text: str) -> str:
    digits = re.sub(r"[ .]", "", raw)
    if not digits.isdigit() or len(digits) != 5 or digits.startswith("0"):
        raise ReferenceError(BAD_DOSSIER, text)
    return digits


def _sub(raw: str | None, text: str) -> str:
    if not raw:
        return ""
    if raw.isdigit():
        return str(int(raw))
    upper = raw.upper()
    if _ROMAN.match(upper) or (upper.isalpha() and len(upper) <= 2):
        return upper
    raise ReferenceError(NOT_A_REFERENCE, text)


def _number(raw: str, text: str) -> int:
    number = int(raw)
    if not 0 < number < 100_000:
        raise ReferenceError(BAD_NUMBER, text)
    return number


def parse_kamerstuk(text: str) -> Kamerstuk:
    """Read a parliamentary document number; raises ReferenceError with a code saying what is wrong."""
    original = text or ""
    body = _PREFIX.sub("", original.strip().replace("\u00a0", " ").replace("–", "-"))
    body = body.strip().rstrip(".")
    if not body:
        raise ReferenceError(EMPTY, original)
    match = _LONG.match(body)
    if match:
        return Kamerstuk(_dossier(match["dossier"], original), _sub(match["sub"] or match["chapter"], original),
                         _number(match["number"], original))
    match = _SHORT.match(body)
    if not match or not re.match(r"^\d", body):
        raise ReferenceError(NOT_A_REFERENCE, original)
    parts = [p.strip() for p in body.split("-")]
    if any(not p for p in parts):
        raise ReferenceError(NOT_A_REFERENCE, original)
    if " " in parts[0].strip() and not re.fullmatch(r"\d{2} \d{3}", parts[0]):
        # "35 570 X" as the dossier part: a chapter written after a space
        head, _, chapter = parts[0].rpartition(" ")
        parts = [head, chapter, *parts[1:]]
    dossier = _dossier(parts[0], original)
    if len(parts) == 1:
        return Kamerstuk(dossier)
    if len(parts) == 2:
        if parts[1].isdigit():
            return Kamerstuk(dossier, number=_number(parts[1], original))
        return Kamerstuk(dossier, _sub(parts[1], original))
    if len(parts) == 3:
        if not parts[2].isdigit():
            raise ReferenceError(BAD_NUMBER, original)
        return Kamerstuk(dossier, _sub(parts[1], original), _number(parts[2], original))
    raise ReferenceError(NOT_A_REFERENCE, original)
