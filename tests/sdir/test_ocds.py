"""Calls and awards published as OCDS 1.1 release packages that validate against the OCDS 1.1 schemas."""

from __future__ import annotations

from typing import Any

import pytest

from straiik.sdir import services
from straiik.sdir.models import Award
from tests.conftest import client_for
from tests.sdir.conftest import make_call, proposal_data, review_all
from tests.sdir.ocds_validation import errors

pytestmark = pytest.mark.django_db


def test_a_call_through_its_whole_life_validates_at_every_step(office: Any, buyer: Any, unit: Any, panel: list[Any],
                                                               org: Any, member: Any, later: Any) -> None:
    call = make_call(office, unit, panel, reviewers_per_proposal=1)
    url = f"/api/v1/sdir/calls/{call.pk}/ocds"
    package = client_for(None).get(url).json()
    assert errors(package) == [] and [r["tag"] for r in package["releases"]] == [["tender"]]
    tender = package["releases"][0]["tender"]
    assert tender["value"] == {"amount": 1_000_000, "currency": "EUR"} and tender["procurementMethod"] == "open"
    assert "Desirable (weight 1" in tender["awardCriteriaDetails"]
    proposal = services.proposal_create(user=member, call=call, data=proposal_data(org), submit=True)
    services.transition(user=office, call=call, action="start_review", now=later)
    review_all(call, {proposal.pk: (8, 8, 8)}, later)
    services.consensus_from_means(user=office, call=call, now=later)
    for action in ("decide", "award"):
        services.transition(user=office, call=call, action=action, now=later)
    award = Award.objects.get()
    first = award.milestones.first()
    services.milestone_report(user=member, milestone=first)
    services.milestone_review(user=buyer, milestone=first, accept=True)
    services.transition_record(user=office, award=award, transition="phase_3", follow_on_reference="DMO-2027-7")
    package = client_for(None).get(url).json()
    assert errors(package) == []
    tags = [r["tag"][0] for r in package["releases"]]
    assert tags == ["tender", "tenderUpdate", "award", "contract"]
    update, awarded, contract = package["releases"][1:]
    assert update["tender"]["numberOfTenderers"] == 1
    assert awarded["awards"][0]["suppliers"][0]["name"] == org.name
    assert awarded["awards"][0]["value"]["amount"] == proposal.amount_eur
    milestones = contract["contracts"][0]["implementation"]["milestones"]
    assert [m["status"] for m in milestones] == ["met", "scheduled"]
    assert contract["contracts"][0]["relatedProcesses"][0]["identifier"] == "DMO-2027-7"
    assert len({r["id"] for r in package["releases"]}) == 4 and len({r["ocid"] for r in package["releases"]}) == 1


def test_all_calls_in_one_package_validate_and_drafts_stay_out(office: Any, unit: Any, org: Any, member: Any) -> None:
    from tests.sdir.conftest import call_data

    services.call_create(user=office, data=call_data(unit, title="Unpublished draft"))
    open_call = make_call(office, unit)
    cancelled = make_call(office, unit, title="Cancelled call")
    services.proposal_create(user=member, call=cancelled, data=proposal_data(org), submit=True)
    services.transition(user=office, call=cancelled, action="cancel", reason="Budget moved.")
    package = client_for(None).get("/sdir/ocds.json").json()
    assert errors(package) == []
    titles = {r["tender"]["title"] for r in package["releases"] if "tender" in r}
    assert titles == {open_call.title, "Cancelled call"}
    assert ["tenderCancellation"] in [r["tag"] for r in package["releases"]]
    assert client_for(office).get(f"/sdir/calls/{open_call.pk}/ocds.json").status_code == 200


def test_the_validator_catches_broken_output() -> None:
    broken = {"uri": "x", "version": "1.1", "publishedDate": "yesterday", "publisher": {"name": "x"},
              "releases": [{"ocid": "o", "id": "1", "date": "2026-01-01T00:00:00", "tag": ["bid"],
                            "initiationType": "tender", "tender": {"value": {"amount": 1, "currency": "EURO"}}}]}
    found = " ".join(errors(broken))
    assert "'bid' is not one of" in found and "'id' is a required property" in found and "'EURO'" in found
    assert "no time zone" in found and "not ISO 8601" in found
