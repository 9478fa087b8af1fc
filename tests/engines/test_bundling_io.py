"""Reading problems and solutions: every error names its field; writing is exact and deterministic."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from straiik.engines.bundling import (
    PROBLEM_FORMAT,
    ProblemError,
    SolutionError,
    build_solution,
    dump_problem,
    dump_solution,
    parse_problem,
    parse_solution,
    solution_to_dict,
)
from tests.engines.bundling_support import example_dict, example_text


def error_of(data: Any) -> ProblemError:
    with pytest.raises(ProblemError) as caught:
        parse_problem(data if isinstance(data, str) else json.dumps(data))
    return caught.value


def changed(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(example_dict())
    change(data)
    return data


def test_the_example_reads() -> None:
    problem = parse_problem(example_text())
    assert len(problem.demands) == 24 and len(problem.offers) == 4 and len(problem.buyers) == 6
    assert problem.periods == ("2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4")
    assert problem.rules.funding is not None and problem.rules.funding.share_with_ukraine == 0.2
    assert problem.offers[0].unit_price(39999) == 3780.0 and problem.offers[0].unit_price(40000) == 3528.0
    assert parse_problem(dump_problem(problem)) == problem


def test_invalid_json_gives_line_and_column() -> None:
    error = error_of('{"format": "straiik.bundling/1",\n "periods": [1, 2,]\n}')
    assert str(error).startswith("(file): invalid JSON at line 2, column ")
    assert str(error_of("")).startswith("(file): invalid JSON at line 1, column 1")


def test_not_utf8_and_nan() -> None:
    with pytest.raises(ProblemError, match="not UTF-8"):
        parse_problem(b"\xff\xfe{}")
    with pytest.raises(ProblemError, match="NaN is not allowed"):
        parse_problem('{"format": NaN}')


def test_wrong_and_missing_format() -> None:
    assert str(error_of({"format": "straiik.bundling/2"})) == (
        'format: expected "straiik.bundling/1", got "straiik.bundling/2"')
    assert "format: missing required field" in error_of({}).errors
    assert str(error_of([1, 2])) == "(file): must be an object, got a list"


@pytest.mark.parametrize(("change", "message"), [
    (lambda p: p["demands"][3].update(buyer="XX"), 'demands[3].buyer: unknown buyer "XX"'),
    (lambda p: p["demands"][3]["periods"].append("2027-Q9"), 'demands[3].periods[1]: unknown period "2027-Q9"'),
    (lambda p: p["demands"][0].update(quantity=-5), "demands[0].quantity: must be a whole number >= 1, got -5"),
    (lambda p: p["demands"][0].update(quantity=0), "demands[0].quantity: must be a whole number >= 1, got 0"),
    (lambda p: p["demands"][0].update(quantity=2.5), "demands[0].quantity: must be a whole number, got 2.5"),
    (lambda p: p["demands"][0].update(quantity="ten"),
     'demands[0].quantity: must be a whole number, got the string "ten"'),
    (lambda p: p["demands"][0].update(quantity=True), "demands[0].quantity: must be a whole number, got true"),
    (lambda p: p["demands"][0].update(solo_unit_price=-1), "demands[0].solo_unit_price: must be >= 0, got -1"),
    (lambda p: p["demands"][0].update(periods=[]), "demands[0].periods: must not be empty"),
    (lambda p: p["demands"][0].update(periods=["2027-Q4", "2027-Q4"]),
     'demands[0].periods[1]: period "2027-Q4" is listed twice'),
    (lambda p: p["demands"][0].pop("item"), "demands[0].item: missing required field"),
    (lambda p: p["demands"][1].update(id="d1"), 'demands[1].id: duplicate demand id "d1" (also demands[0])'),
    (lambda p: p["buyers"][1].update(id="NL"), 'buyers[1].id: duplicate buyer id "NL" (also buyers[0])'),
    (lambda p: p["buyers"][1].update(eu_member="yes"),
     'buyers[1].eu_member: must be true or false, got the string "yes"'),
    (lambda p: p["offers"][1].update(id="o00"), 'offers[1].id: duplicate offer id "o00" (also offers[0])'),
    (lambda p: p["periods"].append("2027-Q1"), 'periods[4]: duplicate period "2027-Q1" (also periods[0])'),
    (lambda p: p["offers"][0]["tiers"].reverse(), "offers[0].tiers[0].min_quantity: the first tier must start at 0"),
    (lambda p: p["offers"][0]["tiers"][1].update(min_quantity=50000),
     "offers[0].tiers[2].min_quantity: tiers must be sorted by min_quantity, each larger than the one before "
     "(40000 after 50000)"),
    (lambda p: p["offers"][0]["tiers"][1].update(unit_price=-3.0),
     "offers[0].tiers[1].unit_price: must be >= 0, got -3.0"),
    (lambda p: p["offers"][0].update(tiers=[]), "offers[0].tiers: must not be empty"),
    (lambda p: p["offers"][0].update(eu_content=1.5), "offers[0].eu_content: must be between 0 and 1, got 1.5"),
    (lambda p: p["offers"][0].update(contract_cost=-1.0), "offers[0].contract_cost: must be >= 0, got -1.0"),
    (lambda p: p["offers"][0]["capacity"].update({"2030-Q1": 5}), 'offers[0].capacity: unknown period "2030-Q1"'),
    (lambda p: p["offers"][0]["capacity"].update({"2027-Q1": -5}),
     'offers[0].capacity["2027-Q1"]: must be a whole number >= 0, got -5'),
    (lambda p: p["offers"][0].update(standards="STANAG-4425"),
     'offers[0].standards: must be a list, got the string "STANAG-4425"'),
    (lambda p: p["rules"]["funding"].update(share=1.2), "rules.funding.share: must be between 0 and 1, got 1.2"),
    (lambda p: p["rules"]["funding"].update(share_with_ukraine=-0.1),
     "rules.funding.share_with_ukraine: must be between 0 and 1, got -0.1"),
    (lambda p: p["rules"]["funding"].update(min_eu_content=2),
     "rules.funding.min_eu_content: must be between 0 and 1, got 2"),
    (lambda p: p["rules"].update(min_buyers=0), "rules.min_buyers: must be a whole number >= 1, got 0"),
    (lambda p: p["rules"].pop("individual_rationality"), "rules.individual_rationality: missing required field"),
    (lambda p: p.pop("currency"), "currency: missing required field"),
])
def test_bad_problems_name_the_field(change: Any, message: str) -> None:
    error = error_of(changed(change))
    assert any(e.startswith(message) for e in error.errors), error.errors


def test_all_errors_are_collected() -> None:
    def break_two(p: dict[str, Any]) -> None:
        p["demands"][0]["quantity"] = -1
        p["offers"][2]["eu_content"] = 7

    error = error_of(changed(break_two))
    assert len(error.errors) == 2
    assert str(error).startswith("2 errors:\n")


def test_no_bundling_possible_is_not_an_error() -> None:
    problem = parse_problem(changed(lambda p: p.update(offers=[])))
    assert problem.offers == ()
    problem = parse_problem(changed(lambda p: p["rules"].pop("funding")))
    assert problem.rules.funding is None


def test_unknown_extra_fields_are_ignored() -> None:
    problem = parse_problem(changed(lambda p: p.update(comment="from the 2027 round")))
    assert len(problem.demands) == 24


def test_whole_floats_are_whole_numbers() -> None:
    problem = parse_problem(changed(lambda p: p["demands"][0].update(quantity=8000.0)))
    assert problem.demands[0].quantity == 8000 and isinstance(problem.demands[0].quantity, int)


def test_solution_is_written_in_the_spec_key_order_and_read_back() -> None:
    problem = parse_problem(example_text())
    solution = build_solution(problem, {"d3": ("o00", "2027-Q1"), "d4": ("o00", "2027-Q1")}, bound=1.0)
    text = dump_solution(solution)
    data = json.loads(text)
    assert list(data) == ["format", "total_cost", "baseline_cost", "savings", "lots", "solo", "buyers", "bound",
                          "status"]
    assert list(data["lots"][0]) == ["offer", "period", "demands", "quantity", "unit_price", "value",
                                     "contract_cost", "funding", "net_cost"]
    assert list(data["buyers"]["NL"]) == ["cost", "solo_cost", "savings"]
    assert data["format"] == "straiik.bundling/1-solution"
    assert parse_solution(text) == solution
    assert dump_solution(parse_solution(text)) == text
    no_bound = build_solution(problem, {})
    assert "bound" not in solution_to_dict(no_bound)
    assert parse_solution(dump_solution(no_bound)).bound is None


@pytest.mark.parametrize(("text", "message"), [
    ("{", "(file): invalid JSON at line 1, column 2"),
    (json.dumps({"format": PROBLEM_FORMAT}), 'format: expected "straiik.bundling/1-solution"'),
    (json.dumps({"format": "straiik.bundling/1-solution", "total_cost": "1", "baseline_cost": 1, "savings": 0,
                 "lots": [], "solo": [], "buyers": {}, "status": "optimal"}), "total_cost: must be a number"),
    (json.dumps({"format": "straiik.bundling/1-solution", "total_cost": 1, "baseline_cost": 1, "savings": 0,
                 "lots": [{"offer": "o1"}], "solo": [], "buyers": {}, "status": "best"}),
     "lots[0].period: missing required field"),
    (json.dumps({"format": "straiik.bundling/1-solution", "total_cost": 1, "baseline_cost": 1, "savings": 0,
                 "lots": [], "solo": [3], "buyers": {}, "status": "best"}), "solo[0]: must be a string"),
])
def test_bad_solutions_name_the_field(text: str, message: str) -> None:
    with pytest.raises(SolutionError) as caught:
        parse_solution(text)
    assert any(e.startswith(message) for e in caught.value.errors), caught.value.errors


def test_solution_status_must_be_known() -> None:
    data = solution_to_dict(build_solution(parse_problem(example_text()), {}))
    data["status"] = "best"
    with pytest.raises(SolutionError, match="status: must be one of optimal, feasible"):
        parse_solution(json.dumps(data))
