"""Scores, criteria, moderation arithmetic and ranking, without a database."""

from __future__ import annotations

import pytest

from straiik.engines.sdir import (
    SCHEMES,
    Criterion,
    RankInput,
    below_thresholds,
    check_criteria,
    check_sheet,
    mean_scores,
    rank,
    spread,
    weighted_total,
)

EDF = SCHEMES["edf"]["criteria"]
DASA = SCHEMES["dasa"]["criteria"]


def test_weighted_totals_on_0_to_100() -> None:
    assert weighted_total({"desirable": 10, "feasible": 10, "viable": 10}, DASA) == 100
    assert weighted_total({"desirable": 9, "feasible": 8, "viable": 8}, DASA) == 83.33
    # EDF weights 25/20/15/15/25 on 0-5: all 4s are 80; a 5 on excellence alone adds 25 * 1/5 / 100 * 100 = 5
    fours = {c.key: 4 for c in EDF}
    assert weighted_total(fours, EDF) == 80
    assert weighted_total({**fours, "excellence": 5}, EDF) == 85


def test_means_spread_and_thresholds() -> None:
    sheets = [{"desirable": 8, "feasible": 6, "viable": 7}, {"desirable": 4, "feasible": 8, "viable": 7}]
    means = mean_scores(sheets, DASA)
    assert means == {"desirable": 6.0, "feasible": 7.0, "viable": 7.0}
    assert spread([weighted_total(s, DASA) for s in sheets]) == 6.67  # 70 and 63.33
    assert below_thresholds({"desirable": 3.5, "feasible": 4, "viable": 9}, DASA) == ["desirable"]
    assert check_sheet({"desirable": 11, "feasible": 4}, DASA) == {"desirable": "from 0 to 10", "viable": "missing"}


def test_criteria_are_checked() -> None:
    assert check_criteria(DASA) == [] and check_criteria(EDF) == []
    problems = check_criteria([Criterion("a", "A", 0), Criterion("a", "", 1, 0), Criterion("Bad Key", "B", 1, 5, 6)])
    text = " ".join(problems)
    assert "used twice" in text and "weight must be above 0" in text and "give a label" in text
    assert "maximum score" in text and "threshold" in text and "lower-case" in text
    assert check_criteria([]) == ["Give at least one criterion."]
    with pytest.raises(ValueError):
        weighted_total({}, [Criterion("a", "A", 0)])


def test_ranking_breaks_ties_by_amount_then_time_then_id() -> None:
    ranked = rank([RankInput(1, 80, 500, 10), RankInput(2, 80, 400, 20), RankInput(3, 90, 900, 30),
                   RankInput(4, 80, 400, 5), RankInput(5, 80, 400, 5)])
    assert [r.id for r in ranked] == [3, 4, 5, 2, 1]
    assert [r.rank for r in ranked] == [1, 2, 3, 4, 5]
    assert [r.tied for r in ranked] == [False, False, True, True, True]
