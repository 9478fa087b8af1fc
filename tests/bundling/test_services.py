"""Bundling services: permissions, validation, runs on a case with a known optimum, what-ifs, acceptance."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from straiik.bundling import selectors, services
from straiik.bundling.models import BundlingRun, Demand, JointProcurement, RunStatus
from straiik.core.models import ObjectChange
from straiik.engines import bundling as engine
from tests.bundling.conftest import demand_data, demands_of, offer_data, offer_of, round_data
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def solved(round: Any, user: Any, **kwargs: Any) -> BundlingRun:
    run = services.run_request(user=user, round=round, enqueue=False, **kwargs)
    return services.run_execute(run.pk)


def test_only_the_programme_office_opens_rounds(buyer: Any, office: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.round_create(user=buyer, data=round_data())
    round = services.round_create(user=office, data=round_data())
    assert ObjectChange.objects.filter(changed_object_id=round.pk, action="create").exists()


@pytest.mark.parametrize(("changes", "field"), [
    ({"periods": []}, "periods"),
    ({"periods": ["2027-Q1", "2027-Q1"]}, "periods"),
    ({"min_buyers": 2, "min_eu_buyers": 3}, "min_eu_buyers"),
    ({"currency": "EURO"}, "currency"),
    ({"funding_share": 1.5}, "funding_share"),
])
def test_bad_round_rules_name_the_field(office: Any, changes: dict, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.round_create(user=office, data=round_data(**changes))
    assert field in error.value.message_dict


def test_buyers_register_demand_only_for_their_own_organisation(bundling_round: Any, agencies: dict,
                                                                nl_buyer: Any) -> None:
    demand = services.demand_create(user=nl_buyer, round=bundling_round, data=demand_data(agencies["NL"]))
    assert demand.nation == "NL"
    with pytest.raises(PermissionDenied):
        services.demand_create(user=nl_buyer, round=bundling_round, data=demand_data(agencies["DE"]))
    member_without_role = make_user()
    from straiik.registry.models import Membership

    Membership.objects.create(user=member_without_role, organisation=agencies["NL"])
    with pytest.raises(PermissionDenied):
        services.demand_create(user=member_without_role, round=bundling_round, data=demand_data(agencies["NL"]))


@pytest.mark.parametrize(("changes", "field"), [
    ({"periods": ["2031-Q9"]}, "periods"),
    ({"periods": []}, "periods"),
    ({"quantity": 0}, "quantity"),
    ({"solo_unit_price": -1}, "solo_unit_price"),
])
def test_bad_demand_names_the_field_and_stores_nothing(bundling_round: Any, agencies: dict, office: Any,
                                                      changes: dict, field: str) -> None:
    before = Demand.objects.count()
    with pytest.raises(ValidationError) as error:
        services.demand_create(user=office, round=bundling_round, data=demand_data(agencies["NL"], **changes))
    assert field in error.value.message_dict
    assert Demand.objects.count() == before


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"tiers": [{"min_quantity": 100, "unit_price": 80}, {"min_quantity": 0, "unit_price": 100}]}, "tiers", "0"),
    ({"tiers": [{"min_quantity": 0, "unit_price": 100}, {"min_quantity": 0, "unit_price": 90}]}, "tiers",
     "increasing"),
    ({"tiers": []}, "tiers", "at least one"),
    ({"capacity": {"2030-Q1": 10}}, "capacity", "2030-Q1"),
    ({"capacity": {"2027-Q1": -5}}, "capacity", "0 or more"),
    ({"capacity": {"2027-Q1": 0}}, "capacity", "at least one"),
    ({"standards": []}, "standards", "standard"),
    ({"eu_content": 1.2}, "eu_content", ""),
])
def test_bad_offer_names_the_field(bundling_round: Any, supplier: Any, office: Any, changes: dict, field: str,
                                   words: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.offer_create(user=office, round=bundling_round, data=offer_data(supplier, **changes))
    assert field in error.value.message_dict
    assert words in " ".join(error.value.message_dict[field])


def test_suppliers_offer_only_for_their_own_company(bundling_round: Any, supplier: Any, supplier_member: Any,
                                                    nl_buyer: Any) -> None:
    offer = services.offer_create(user=supplier_member, round=bundling_round, data=offer_data(supplier))
    assert offer.supplier == supplier
    with pytest.raises(PermissionDenied):
        services.offer_create(user=nl_buyer, round=bundling_round, data=offer_data(supplier))


def test_a_closed_round_refuses_inputs(bundling_round: Any, agencies: dict, office: Any) -> None:
    services.round_set_status(user=office, round=bundling_round, status="closed")
    bundling_round.refresh_from_db()
    with pytest.raises(ValidationError, match="no longer change"):
        services.demand_create(user=office, round=bundling_round, data=demand_data(agencies["NL"]))
    with pytest.raises(ValidationError):
        services.demand_delete(user=office, demand=demands_of(bundling_round)[0])


def test_run_finds_the_known_optimum_and_the_ukraine_effect(bundling_round: Any, office: Any) -> None:
    run = solved(bundling_round, office)
    assert run.status == RunStatus.DONE, run.error
    solution = run.solution
    assert solution["status"] == "optimal"
    assert solution["total_cost"] == pytest.approx(10_740)
    assert solution["baseline_cost"] == pytest.approx(16_000)
    assert solution["savings"] == pytest.approx(5_260)
    assert engine.check(engine.parse_problem(run.problem), engine.parse_solution(solution)) == []
    report = selectors.run_report(run)
    assert report is not None and len(report.lots) == 1
    lot = report.lots[0]
    assert lot.lead_nation == "BE"  # EU members first, equal quantities, then the alphabet
    assert lot.with_ukraine and lot.tier == 2 and lot.unit_price == 80
    ukraine = report.ukraine
    assert ukraine["partners_without"] == pytest.approx(3_340)
    assert ukraine["partners_with"] == pytest.approx(3_945)
    assert ukraine["partners_change"] == pytest.approx(605)
    assert ukraine["funding_with"] == pytest.approx(2_560)
    assert ukraine["funding_without"] == pytest.approx(1_440)
    assert ukraine["extra_funding_rule"] == pytest.approx(640)
    assert {b["nation"]: round(b["savings"], 2) for b in report.buyers} == {
        "BE": 1315.0, "DE": 1315.0, "NL": 1315.0, "UA": 1315.0}


def test_what_if_without_ukraine_and_with_stricter_rules(bundling_round: Any, office: Any) -> None:
    without = solved(bundling_round, office, label="no UA", variation={"drop_buyers": ["ua"]})
    assert without.solution["savings"] == pytest.approx(3_340)
    assert without.without_ukraine is None
    strict = solved(bundling_round, office, variation={"rules": {"min_buyers": 5}})
    # no joint contract is possible: not an error, everything is bought alone
    assert strict.status == RunStatus.DONE
    assert strict.solution["lots"] == [] and strict.solution["savings"] == pytest.approx(0)
    cap = {str(offer_of(bundling_round).supplier_id): 120}
    capped = solved(bundling_round, office, variation={"supplier_caps": cap})
    # at most 120 units: three of the four nations fit; with UA among them: 80*120 + 500 - 0.2*9600 = 8,180
    assert capped.solution["total_cost"] == pytest.approx(8_180 + 4_000)
    rows = selectors.compare_runs(user=office, round=bundling_round)
    assert [r["lots"] for r in rows] == [1, 0, 1]
    assert "without Ukraine" in rows[0]["changes"][0]


@pytest.mark.parametrize(("variation", "field"), [
    ({"drop_buyers": ["FR"]}, "drop_buyers"),
    ({"rules": {"min_buyers": 0}}, "rules"),
    ({"rules": {"min_eu_buyers": 4}}, "rules"),
    ({"rules": {"nonsense": 1}}, "rules"),
    ({"rules": {"funding_share": 2}}, "rules"),
    ({"supplier_caps": {"999999": 10}}, "supplier_caps"),
    ({"supplier_caps": {}, "other": 1}, "variation"),
])
def test_bad_what_ifs_are_refused(bundling_round: Any, office: Any, variation: dict, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.run_request(user=office, round=bundling_round, variation=variation, enqueue=False)
    assert field in error.value.message_dict
    assert not BundlingRun.objects.exists()


def test_only_the_office_runs_the_optimiser(bundling_round: Any, buyer: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.run_request(user=buyer, round=bundling_round, enqueue=False)


def test_a_failing_solver_is_reported_on_the_run(bundling_round: Any, office: Any) -> None:
    run = services.run_request(user=office, round=bundling_round, enqueue=False)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise MemoryError("out of memory")

    run = services.run_execute(run.pk, solver=broken)
    assert run.status == RunStatus.FAILED and "out of memory" in run.error
    # a finished run is not run again
    assert services.run_execute(run.pk).status == RunStatus.FAILED


def test_accepting_a_proposal_records_a_joint_procurement(bundling_round: Any, office: Any) -> None:
    run = solved(bundling_round, office)
    lot = run.solution["lots"][0]
    procurement = services.procurement_accept(user=office, run=run, offer_code=lot["offer"], period=lot["period"])
    assert procurement.lead_nation == "BE"
    assert procurement.quantity == 160 and float(procurement.net_cost) == pytest.approx(10_740)
    assert float(procurement.funding) == pytest.approx(2_560)
    assert {p["nation"] for p in procurement.participants} == {"NL", "DE", "BE", "UA"}
    assert Demand.objects.filter(joint_procurement=procurement).count() == 4
    assert ObjectChange.objects.filter(changed_object_id=procurement.pk, action="create").exists()
    with pytest.raises(ValidationError, match="already part"):
        services.procurement_accept(user=office, run=run, offer_code=lot["offer"], period=lot["period"])
    # the agreed demand is no longer bundled again
    with pytest.raises(ValidationError, match="no demand"):
        services.run_request(user=office, round=bundling_round, enqueue=False)
    assert selectors.run_report(run).lots[0].procurement == procurement


def test_acceptance_is_refused_for_what_ifs_changed_inputs_and_others(bundling_round: Any, office: Any,
                                                                     buyer: Any) -> None:
    what_if = solved(bundling_round, office, variation={"rules": {"min_buyers": 4}})
    lot = what_if.solution["lots"][0]
    with pytest.raises(ValidationError, match="what-if"):
        services.procurement_accept(user=office, run=what_if, offer_code=lot["offer"], period=lot["period"])
    run = solved(bundling_round, office)
    with pytest.raises(PermissionDenied):
        services.procurement_accept(user=buyer, run=run, offer_code=lot["offer"], period=lot["period"])
    with pytest.raises(ValidationError, match="no joint contract"):
        services.procurement_accept(user=office, run=run, offer_code=lot["offer"], period="2027-Q2")
    services.demand_update(user=office, demand=demands_of(bundling_round)[0], data={"quantity": 41})
    with pytest.raises(ValidationError, match="changed after"):
        services.procurement_accept(user=office, run=run, offer_code=lot["offer"], period=lot["period"])
    assert not JointProcurement.objects.exists()
