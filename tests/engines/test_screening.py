"""The screening engine on its own: normalisation, list readers, the matcher and its precision and recall on a
labelled set of true matches and plausible decoys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from straiik.engines.screening import (
    ENTITY,
    PERSON,
    ListEntry,
    ListFormatError,
    Screener,
    Subject,
    parse_eu,
    parse_un,
    variants,
)

DATA = Path(__file__).parent.parent / "protection" / "data"


def screener() -> Screener:
    eu = parse_eu((DATA / "eu-sanctions-small.xml").read_bytes())
    un = parse_un((DATA / "un-consolidated-small.xml").read_bytes())
    return Screener(eu.entries + un.entries)


def evaluate(s: Screener) -> tuple[float, float, list[str]]:
    cases = json.loads((DATA / "screening-evaluation.json").read_text())["cases"]
    tp = fp = fn = 0
    wrong = []
    for case in cases:
        hits = s.screen(Subject("s", case["name"], case["kind"], case.get("birth_date", ""),
                                tuple(case.get("identifiers", ()))))
        found = {h.entry_key for h in hits}
        if case["expect"]:
            if case["expect"] in found:
                tp += 1
            else:
                fn += 1
                wrong.append(f"missed {case['name']}")
            fp += len(found - {case["expect"]})
        else:
            fp += len(found)
            if found:
                wrong.append(f"flagged decoy {case['name']}: {sorted(found)}")
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), wrong


def test_transliteration_legal_forms_and_word_order():
    assert variants("Іванов Олександр") == [(("ivanov", "oleksandr"), "uk")]
    ru = {how: tokens for tokens, how in variants("Александр Иванов")}
    assert ru["ru"] == ("aleksandr", "ivanov")
    assert ru["uk"] == ("aleksandr", "yvanov")  # the Ukrainian system reads и as y: both readings are tried
    assert variants("ACME Defence Systems Ltd") == variants("ACME DEFENCE SYSTEMS LIMITED")
    assert variants("Systems ACME B.V.") == variants("acme systems")
    assert variants("ТОВ «Зірка»")[0][0] == ("zirka",)
    assert variants("Kowalski Sp. z o.o.")[0][0] == ("kowalski",)


def test_the_two_named_cases_match():
    s = screener()
    [hit] = s.screen(Subject("o1", "Іванов Олександр", PERSON))
    assert hit.entry_key == "eu:90001" and hit.matched_name == "Ivanov Oleksandr" and hit.score == 1.0
    assert ("transliterated", "uk") in hit.reasons
    [hit] = s.screen(Subject("o2", "ACME Defence Systems Ltd", ENTITY))
    assert hit.entry_key == "eu:90002" and hit.score == 1.0


def test_date_of_birth_and_identifier():
    s = screener()
    assert s.screen(Subject("p", "Ivanov Oleksandr", PERSON, "1985-06-01")) == []
    [hit] = s.screen(Subject("p", "Ivanov Oleksandr", PERSON, "1971-03-14"))
    assert ("birth_date", "1971-03-14") in hit.reasons
    [hit] = s.screen(Subject("p", "Someone Else", PERSON, identifiers=("fa-123456",)))
    assert hit.entry_key == "eu:90001" and hit.reasons[0] == ("identifier", "FA123456")


def test_persons_are_not_compared_with_entities():
    s = Screener([ListEntry("x:1", ENTITY, ("Mykola Petrenko",))])
    assert s.screen(Subject("p", "Mykola Petrenko", PERSON)) == []
    assert len(s.screen(Subject("p", "Mykola Petrenko"))) == 1  # kind unknown: both


def test_precision_and_recall_on_the_decoy_set():
    precision, recall, wrong = evaluate(screener())
    assert wrong == []
    assert precision == 1.0 and recall == 1.0


def test_eu_and_un_readers():
    eu = parse_eu((DATA / "eu-sanctions-small.xml").read_bytes())
    assert eu.version == "900001" and len(eu.entries) == 5
    assert eu.entries[0].birth_dates == ("1971-03-14",) and eu.entries[0].identifiers == ("FA 123456",)
    assert eu.entries[3].birth_dates == ("1965",)
    un = parse_un((DATA / "un-consolidated-small.xml").read_bytes())
    assert un.version == "2026-11-29T10:00:04.877Z"
    kozlov = un.entries[0]
    assert kozlov.names[0] == "SERGEI VIKTOROVICH KOZLOV" and "Serhii Kozlov" in kozlov.names
    assert un.entries[1].birth_dates == ("1960", "1961", "1962")
    assert un.entries[2].kind == ENTITY and un.entries[2].reference == "KPe.901"


@pytest.mark.parametrize("cut", [500, 2500, -40])
def test_truncated_files_are_refused_with_the_line(cut):
    data = (DATA / "eu-sanctions-small.xml").read_bytes()[:cut]
    with pytest.raises(ListFormatError) as error:
        parse_eu(data)
    assert error.value.line and "line" in str(error.value)


def test_structural_faults_name_the_element():
    data = (DATA / "un-consolidated-small.xml").read_bytes().replace(b"<DATAID>7900002</DATAID>", b"")
    with pytest.raises(ListFormatError) as error:
        parse_un(data)
    assert error.value.element == "INDIVIDUAL" and error.value.line == 27
    with pytest.raises(ListFormatError, match="root element"):
        parse_un((DATA / "eu-sanctions-small.xml").read_bytes())
    with pytest.raises(ListFormatError, match="ENTITIES"):
        parse_un(b'<CONSOLIDATED_LIST dateGenerated="x"><INDIVIDUALS/></CONSOLIDATED_LIST>')


def test_entities_and_doctype_are_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE export [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b'<export generationDate="x"><sanctionEntity logicalId="1"><subjectType code="person"/>'
            b'<nameAlias wholeName="&b;"/></sanctionEntity></export>')
    with pytest.raises(ListFormatError, match="DOCTYPE"):
        parse_eu(bomb)
