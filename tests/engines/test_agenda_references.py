"""Parliamentary document numbers: every form cited in the letter to Parliament, and clear errors."""

from __future__ import annotations

import pytest

from straiik.engines.agenda import Kamerstuk, ReferenceError, parse_kamerstuk
from straiik.engines.agenda.references import BAD_DOSSIER, BAD_NUMBER, EMPTY, NOT_A_REFERENCE


@pytest.mark.parametrize(("text", "canonical", "parts"), [
    ("Kamerstuk 36 592, nr. 12", "Kamerstuk 36 592, nr. 12", ("36592", "", 12)),
    ("Kamerstuk 31125, nr. 92", "Kamerstuk 31 125, nr. 92", ("31125", "", 92)),
    ("Kamerstuk 35 570 X, nr. 32", "Kamerstuk 35 570 X, nr. 32", ("35570", "X", 32)),
    ("Kamerstuk 21501-20-2164", "Kamerstuk 21 501-20, nr. 2164", ("21501", "20", 2164)),
    ("Kamerstuk 22054-448", "Kamerstuk 22 054, nr. 448", ("22054", "", 448)),
    ("Kamerstuk 36600-X-57", "Kamerstuk 36 600 X, nr. 57", ("36600", "X", 57)),
    ("Kamerstuk 34 225, nr. 58", "Kamerstuk 34 225, nr. 58", ("34225", "", 58)),
    ("Kamerstukken II 36 600 X, nr. 57", "Kamerstuk 36 600 X, nr. 57", ("36600", "X", 57)),
    ("kst-36592-12", "Kamerstuk 36 592, nr. 12", ("36592", "", 12)),
    ("36592 nr 12", "Kamerstuk 36 592, nr. 12", ("36592", "", 12)),
    ("Kamerstuk 36 600-X", "Kamerstuk 36 600 X", ("36600", "X", None)),  # the letter cites Motie Heise c.s. so
])
def test_the_letters_references_are_read(text: str, canonical: str, parts: tuple) -> None:
    parsed = parse_kamerstuk(text)
    assert str(parsed) == canonical
    assert (parsed.dossier, parsed.sub, parsed.number) == parts
    assert parse_kamerstuk(str(parsed)) == parsed  # the canonical form reads back the same


def test_identifier_and_completeness() -> None:
    assert parse_kamerstuk("Kamerstuk 36600-X-57").identifier == "kst-36600-X-57"
    assert parse_kamerstuk("Kamerstuk 36 600-X").complete is False
    assert Kamerstuk("36592", number=1) < Kamerstuk("36592", number=12)


@pytest.mark.parametrize(("text", "code"), [
    ("", EMPTY), ("Kamerstuk ", EMPTY), ("hello", NOT_A_REFERENCE), ("Kamerstuk 36 592, nr. 12abc", NOT_A_REFERENCE),
    ("Kamerstuk 3659, nr. 1", BAD_DOSSIER), ("Kamerstuk 36-592", BAD_DOSSIER), ("Kamerstuk 36 592, nr. 0", BAD_NUMBER),
    ("Kamerstuk 21501-20-X", BAD_NUMBER),
])
def test_bad_references_say_what_is_wrong(text: str, code: str) -> None:
    with pytest.raises(ReferenceError) as caught:
        parse_kamerstuk(text)
    assert caught.value.code == code
