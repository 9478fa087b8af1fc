"""The decision on the platform: thresholds, the exact selection within the phase budget (known optimum), the
explanation each applicant reads, and the eligibility rules of a call (country, ownership, control, SME,
phase-2 calls limited to the phase-1 winners)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from straiik.sdir import selectors, services
from straiik.sdir.models import Award, Proposal
from tests.conftest import client_for, make_org, make_user
from tests.sdir.conftest import make_call, proposal_data, review_all

pytestmark = pytest.mark.django_db


def applicants(n: int) -> list[tuple[Any, Any]]:
    pairs = []
    for i in range(n):
        user = make_user(username=f"applicant{i}")
        pairs.append((user, make_org(by=user, name=f"Applicant {i} B.V.", kind="sme")))
    return pairs


def test_the_exact_selection_beats_the_ranking_and_is_explained(office: Any, unit: Any, panel: list[Any],
                                                                later: Any) -> None:
    # budget 1,000,000; A asks 600k and scores 90; B and C ask 500k each and score 80 and 76.67;
    # D scores 46.67, under the pass marks (4 of 10 on each criterion). Down the ranking: A alone (90).
    # The optimum: B + C (156.67).
    call = make_call(office, unit, panel, budget_eur=1_000_000, max_award_eur=600_000, reviewers_per_proposal=1)
    scores = {"A": ((9, 9, 9), 600_000), "B": ((8, 8, 8), 500_000), "C": ((8, 8, 7), 500_000),
              "D": ((3, 5, 6), 100_000)}
    ids = {}
    for (user, org), (name, (_s, amount)) in zip(applicants(4), scores.items(), strict=True):
        ids[name] = services.proposal_create(user=user, call=call, data=proposal_data(
            org, title=name, amount_eur=amount), submit=True).pk
    services.transition(user=office, call=call, action="start_review", now=later)
    review_all(call, {ids[n]: s for n, (s, _a) in scores.items()}, later)
    services.consensus_from_means(user=office, call=call, now=later)
    page = client_for(office).get(f"/sdir/calls/{call.pk}/decision/")
    assert b"The decision as it would be taken now" in page.content and b'id="do-decide"' in page.content
    services.transition(user=office, call=call, action="decide", now=later)
    got = {p.title: p for p in Proposal.objects.all()}
    assert {n: got[n].outcome for n in "ABCD"} == {"A": "not_selected", "B": "selected", "C": "selected",
                                                   "D": "not_fundable"}
    assert [got[n].rank for n in "ABCD"] == [1, 2, 3, 4]
    decision = call.decision
    assert decision.method == "highs" and decision.selection["total_cost"] == 1_000_000
    assert decision.selection["total_score"] == pytest.approx(156.67)
    assert decision.selection["greedy_selected"] == [ids["A"]] and decision.selection["greedy_score"] == 90
    assert "dropping B, C" in got["A"].outcome_reason and "by 66.67 points" in got["A"].outcome_reason
    assert got["D"].outcome_reason == "Below the pass mark on: Desirable."
    rows = client_for(office).get(f"/api/v1/sdir/calls/{call.pk}/decision").json()["proposals"]
    assert [(r["rank"], r["selected"], r["code"]) for r in rows] == [
        (1, False, "displaced"), (2, True, "selected"), (3, True, "selected"), (4, False, "below_threshold")]


def test_phase_two_is_limited_to_the_phase_one_winners(office: Any, unit: Any, panel: list[Any], org: Any,
                                                       member: Any, rival: Any, rival_member: Any, later: Any) -> None:
    first = make_call(office, unit, panel, reviewers_per_proposal=1, budget_eur=500_000, max_award_eur=500_000)
    win = services.proposal_create(user=member, call=first, data=proposal_data(org), submit=True)
    lose = services.proposal_create(user=rival_member, call=first, data=proposal_data(rival), submit=True)
    services.transition(user=office, call=first, action="start_review", now=later)
    review_all(first, {win.pk: (9, 9, 9), lose.pk: (6, 6, 6)}, later)
    services.consensus_from_means(user=office, call=first, now=later)
    for action in ("decide", "award"):
        services.transition(user=office, call=first, action=action, now=later)
    assert Award.objects.get().organisation == org
    second = make_call(office, unit, panel, phase=2, follows=first, only_previous_winners=True,
                       budget_eur=3_000_000, max_award_eur=2_000_000)
    assert second.duration_months == 24
    with pytest.raises(ValidationError, match="limited to the winners"):
        services.proposal_create(user=rival_member, call=second, data=proposal_data(rival), submit=True)
    services.proposal_create(user=member, call=second, data=proposal_data(org, amount_eur=1_500_000), submit=True)
    steps = selectors.chain(second)
    assert [s["call"].pk for s in steps] == [first.pk, second.pk]
    page = client_for(None).get(f"/sdir/calls/{second.pk}/chain/").content.decode()
    assert first.reference in page and second.reference in page and "Phase 3" in page
    with pytest.raises(ValidationError) as wrong:
        make_call(office, unit, phase=1, follows=first)
    assert "follows" in wrong.value.error_dict


@pytest.mark.parametrize(("rules", "organisation", "message"), [
    ({"allowed_countries": ["NL", "BE"]}, {"country": "DE", "province": ""}, "established in DE"),
    ({"max_foreign_ownership_pct": Decimal("25")}, {"foreign_ownership_pct": Decimal("40")},
     "40 % foreign-owned; this call allows at most 25 %"),
    ({"max_foreign_ownership_pct": Decimal("25")}, {"foreign_ownership_pct": None}, "Declare"),
    ({"allowed_control_countries": ["NL", "FR"]}, {"foreign_control_country": "CN"}, "controlled from CN"),
    ({"sme_only": True}, {"kind": "prime", "employees": 4000}, "SMEs and start-ups"),
])
def test_eligibility_rules(office: Any, unit: Any, rules: dict[str, Any], organisation: dict[str, Any],
                           message: str) -> None:
    call = make_call(office, unit, **rules)
    applicant = make_user(username="applicant")
    org = make_org(by=applicant, name="Applicant B.V.", **{"kind": "sme", **organisation})
    with pytest.raises(ValidationError, match=message) as error:
        services.proposal_create(user=applicant, call=call, data=proposal_data(org))
    assert "organisation" in error.value.error_dict


def test_eligible_applicants_pass(office: Any, unit: Any) -> None:
    call = make_call(office, unit, allowed_countries=["NL"], max_foreign_ownership_pct=Decimal("25"),
                     allowed_control_countries=["NL"], sme_only=True)
    applicant = make_user(username="applicant")
    org = make_org(by=applicant, name="Fine B.V.", kind="prime", employees=120, foreign_ownership_pct=Decimal("10"))
    assert services.proposal_create(user=applicant, call=call, data=proposal_data(org)).pk
    with pytest.raises(ValidationError) as error:
        services.proposal_create(user=applicant, call=call, data=proposal_data(org, amount_eur=700_000))
    assert "amount_eur" in error.value.error_dict


def test_bad_calls_are_refused_field_by_field(office: Any, unit: Any, org: Any) -> None:
    from tests.sdir.conftest import call_data

    data = call_data(unit, max_award_eur=2_000_000, allowed_countries=["XX"], owning_unit=org,
                     criteria=[{"key": "a", "label": "A", "weight": 0, "max_score": 10}])
    data["closes_at"] = data["opens_at"]
    with pytest.raises(ValidationError) as error:
        services.call_create(user=office, data=data)
    assert {"max_award_eur", "allowed_countries", "owning_unit", "criteria", "closes_at"} <= set(
        error.value.error_dict)
