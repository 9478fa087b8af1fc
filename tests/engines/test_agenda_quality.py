"""The quality check on actions: known verdicts, the vague words in Dutch and English, and the shares."""

from __future__ import annotations

from datetime import date

import pytest

from straiik.engines.agenda import (
    NO_DEADLINE,
    NO_INDICATOR,
    NO_OWNER,
    VAGUE,
    ActionFacts,
    check,
    summarise,
    vague_words,
)

CONCRETE = {"owner_organisation": "DMO", "owner_person": "hoofd inkoop", "deadline": date(2026, 6, 30),
            "baseline": 0.0, "target": 8.0, "unit": "studies"}


def facts(title: str, **changes: object) -> ActionFacts:
    return ActionFacts(key=title, title=title, **(CONCRETE | changes))  # type: ignore[arg-type]


@pytest.mark.parametrize(("title", "changes", "rules"), [
    ("Gun 8 haalbaarheidsstudies in de SDIR-oproep drones", {}, ()),
    ("Award 8 feasibility studies", {}, ()),
    ("Verkennen van de mogelijkheden voor een hub", {}, (VAGUE,)),
    ("Onderzoeken hoe vraagbundeling met Oekraïne kan", {"deadline": None}, (NO_DEADLINE, VAGUE)),
    ("Bezien hoe banken meer investeren", {"owner_person": ""}, (NO_OWNER, VAGUE)),
    ("Inventariseren van afhankelijkheden", {"target": None}, (NO_INDICATOR, VAGUE)),
    ("Explore partnerships on quantum", {"owner_organisation": "", "owner_person": "", "deadline": None,
                                         "baseline": None, "target": None, "unit": ""},
     (NO_OWNER, NO_DEADLINE, NO_INDICATOR, VAGUE)),
    ("Investigate the supply of gallium", {}, (VAGUE,)),
    ("Consider joining the EDA scheme", {}, (VAGUE,)),
    ("Open een testlocatie voor quantumsensoren", {"unit": ""}, (NO_INDICATOR,)),
    ("Start 3 SDIR-onderzoeken naar sensoren", {}, ()),  # a named method joined by a hyphen is not a vague verb
    ("Quantumonderzoeksfaciliteit in gebruik nemen", {}, ()),  # a word inside a longer word is not matched
    ("Publish the report, baseline 0", {"baseline": 0.0}, ()),  # a baseline of zero is a baseline
])
def test_known_verdicts(title: str, changes: dict, rules: tuple[str, ...]) -> None:
    verdict = check(facts(title, **changes))
    assert verdict.rules == rules
    assert verdict.concrete is (rules == ())


def test_the_verdict_says_what_is_missing_and_which_words_are_vague() -> None:
    verdict = check(facts("Wij gaan verkennen en in kaart brengen, en explore", owner_person="", target=None,
                          unit=""))
    by_rule = {p.rule: p for p in verdict.problems}
    assert by_rule[NO_OWNER].missing == ("person",)
    assert by_rule[NO_INDICATOR].missing == ("target", "unit")
    assert by_rule[VAGUE].words == ("verkennen", "in kaart brengen", "explore")


def test_vague_words_ignore_case_and_accents() -> None:
    assert vague_words("GEÏNVENTARISEERD en Look Into") == ("geinventariseerd", "look into")
    assert vague_words("Lever 3 demonstrators") == ()


def test_shares_per_area_and_overall_leave_cancelled_actions_out() -> None:
    verdicts = [
        check(facts("Gun 8 studies", area="sensors")),
        check(facts("Verkennen van radar", area="sensors")),
        check(facts("Lever 2 satellieten", area="space")),
        check(facts("Onderzoeken van iets", area="space", status="cancelled")),
        check(facts("Explore finance")),
    ]
    summary = summarise(verdicts, areas=["sensors", "space", "quantum"])
    assert list(summary.by_area) == ["sensors", "space", "quantum", ""]
    assert (summary.by_area["sensors"].total, summary.by_area["sensors"].concrete) == (2, 1)
    assert summary.by_area["sensors"].share == 0.5
    assert summary.by_area["space"].share == 1.0  # the cancelled vague action is not counted
    assert summary.by_area["quantum"].share is None  # no actions: nothing to judge
    assert summary.by_area[""].share == 0.0
    assert (summary.overall.total, summary.overall.concrete) == (4, 2)
    assert summary.by_rule[VAGUE] == 2 and summary.by_rule[NO_OWNER] == 0
