"""Protection rules per call and round, due diligence, and the block on awards, acceptances and introductions."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from straiik.protection import services
from straiik.protection.models import DueDiligence
from straiik.sdir import services as sdir
from straiik.sdir.models import Award
from tests.sdir.conftest import make_call, proposal_data, review_all

pytestmark = pytest.mark.django_db


def decided_call(office: Any, unit: Any, panel: list[Any], org: Any, member: Any, later: Any) -> Any:
    call = make_call(office, unit, panel)
    services.rules_set(user=office, subject=call, data={"due_diligence_required": True})
    p = sdir.proposal_create(user=member, call=call, data=proposal_data(org), submit=True)
    sdir.transition(user=office, call=call, action="start_review", now=later)
    review_all(call, {p.pk: (8, 8, 8)}, later)
    sdir.consensus_from_means(user=office, call=call, now=later)
    sdir.transition(user=office, call=call, action="decide", now=later)
    return call


def test_an_award_is_blocked_until_due_diligence_is_recorded(office: Any, unit: Any, panel: list[Any], org: Any,
                                                             member: Any, later: Any) -> None:
    call = decided_call(office, unit, panel, org, member, later)
    with pytest.raises(ValidationError, match="Due diligence on Velden Radar B.V. for .* is not recorded yet"):
        sdir.transition(user=office, call=call, action="award", now=later)
    assert not Award.objects.exists()
    with pytest.raises(ValidationError) as error:
        services.due_diligence_record(user=office, subject=call, organisation=org, outcome="conditions",
                                      reasons="Ownership clear.")
    assert "conditions" in error.value.message_dict
    services.due_diligence_record(user=office, subject=call, organisation=org, outcome="refused",
                                  reasons="Undeclared state-backed investor.")
    with pytest.raises(ValidationError, match="refused it: Undeclared state-backed investor"):
        sdir.transition(user=office, call=call, action="award", now=later)
    record = services.due_diligence_record(user=office, subject=call, organisation=org, outcome="conditions",
                                           reasons="Investor divested.", conditions="No access for the investor.")
    assert record.screening == {"lists": [], "hits": []} and record.disclosure is None
    sdir.transition(user=office, call=call, action="award", now=later)
    assert Award.objects.get().organisation == org
    assert DueDiligence.objects.count() == 2


def test_the_rules_are_set_by_the_office_and_validated(office: Any, member: Any, unit: Any) -> None:
    call = make_call(office, unit)
    with pytest.raises(ValidationError, match="XX is not an ISO"):
        services.rules_set(user=office, subject=call, data={"control_countries": "NL, XX"})
    rules = services.rules_set(user=office, subject=call, data={"control_countries": "EU, NO",
                                                                "security_level": "abdo-sc"})
    assert "NO" in rules.control_countries and "DE" in rules.control_countries and len(rules.control_countries) == 28
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.rules_set(user=member, subject=call, data={})


def test_eligibility_uses_the_disclosure(office: Any, unit: Any, org: Any, member: Any) -> None:
    call = make_call(office, unit, allowed_control_countries=["NL", "DE", "BE"])
    assert sdir.eligibility_problems(call, org) == []  # the registry says nothing about control
    services.disclosure_declare(user=member, organisation=org, data={
        "owners": [{"name": "Velden Holding B.V.", "kind": "entity", "country": "NL", "share_pct": "100"}],
        "controlling_party": {"name": "Eastern Star Capital Ltd", "kind": "entity", "country": "CN"},
        "control_chain": [{"name": "Velden Holding B.V.", "country": "NL"},
                          {"name": "Lux Intermediate S.a r.l.", "country": "LU"}]})
    [problem] = sdir.eligibility_problems(call, org)
    assert "controlled from LU, CN (per disclosure version 1)" in problem and "BE, DE, NL" in problem
    with pytest.raises(ValidationError, match="controlled from LU, CN"):
        sdir.proposal_create(user=member, call=call, data=proposal_data(org), submit=True)
    # the rules of the call can admit control from further countries
    services.rules_set(user=office, subject=call, data={"control_countries": "LU"})
    assert "controlled from CN" in sdir.eligibility_problems(call, org)[0]


def test_security_level_and_disclosure_required(office: Any, unit: Any, org: Any) -> None:
    call = make_call(office, unit)
    services.rules_set(user=office, subject=call, data={"security_level": "abdo-sc", "disclosure_required": True})
    problems = sdir.eligibility_problems(call, org)
    assert any("ABDO — Stg. Confidentieel" in p for p in problems)
    assert any("has not declared a foreign-influence disclosure" in p for p in problems)
    assert any("no foreign-influence disclosure signed off" in p for p in services.clearance_problems(call, org))


def test_a_confirmed_hit_blocks_an_introduction_and_an_acceptance(office: Any, org: Any, member: Any,
                                                                  django_capture_on_commit_callbacks: Any) -> None:
    from straiik.defport import services as defport
    from straiik.registry.models import Contact
    from straiik.registry.services import child_create
    from tests.protection.conftest import load

    child_create(user=office, organisation=org, model=Contact, data={"name": "Ivanov Oleksandr"})
    load(office, "eu", capture=django_capture_on_commit_callbacks)
    hit = org.screening_hits.get()
    services.hit_decide(user=office, hit=hit, confirm=True, reason="Same person: date of birth and passport.")
    need = defport.submission_create(user=office, data={
        "kind": "idea", "title": "Counter-drone", "description": "We have a counter-drone idea for camps."},
        submit=True)
    with pytest.raises(ValidationError, match="Velden Radar B.V. is blocked: contact “Ivanov Oleksandr”"):
        defport.introduction_propose(user=office, submission=need, organisation=org)


def test_a_bundling_acceptance_waits_for_due_diligence(office: Any, agencies: Any, supplier: Any,
                                                       bundling_round: Any) -> None:
    from straiik.bundling import services as bundling
    from straiik.bundling.models import JointProcurement

    services.rules_set(user=office, subject=bundling_round, data={"due_diligence_required": True})
    run = bundling.run_execute(bundling.run_request(user=office, round=bundling_round, enqueue=False).pk)
    lot = run.solution["lots"][0]
    with pytest.raises(ValidationError, match=f"Due diligence on {supplier.name} for .* is not recorded yet"):
        bundling.procurement_accept(user=office, run=run, offer_code=lot["offer"], period=lot["period"])
    assert not JointProcurement.objects.exists()
    services.due_diligence_record(user=office, subject=bundling_round, organisation=supplier, outcome="cleared",
                                  reasons="Disclosure and screening clear.")
    assert bundling.procurement_accept(user=office, run=run, offer_code=lot["offer"], period=lot["period"])


def test_the_rules_and_due_diligence_pages(office: Any, member: Any, unit: Any, org: Any) -> None:
    from tests.conftest import client_for

    call = make_call(office, unit)
    assert client_for(member).get(f"/protection/rules/sdir.call/{call.pk}/").status_code == 404
    assert client_for(office).get(f"/protection/rules/registry.organisation/{org.pk}/").status_code == 404
    saved = client_for(office).post(f"/protection/rules/sdir.call/{call.pk}/", {
        "eligible_countries": "NL, BE", "control_countries": "EU", "security_level": "abro",
        "due_diligence_required": "on"})
    assert saved.status_code == 302
    rules = services.rules_for(call)
    assert rules.eligible_countries == ["BE", "NL"] and rules.due_diligence_required and not rules.disclosure_required
    bad = client_for(office).post(f"/protection/rules/sdir.call/{call.pk}/", {"control_countries": "ZZ"})
    assert bad.status_code == 200 and "ZZ is not an ISO" in bad.content.decode()
    recorded = client_for(office).post(f"/protection/due-diligence/sdir.call/{call.pk}/{org.slug}/", {
        "outcome": "cleared", "reasons": "Owned by its founders; no hits."})
    assert recorded.status_code == 302 and DueDiligence.objects.get().reviewer == office
    page = client_for(office).get(call.get_absolute_url()).content.decode()
    assert "protection-panel" in page and "Due diligence required" in page
    public = client_for(member).get(call.get_absolute_url()).content.decode()  # applicants read the rules ...
    assert "Due diligence required" in public
    assert "Edit the protection rules" not in public and "Record due diligence" not in public  # ... nothing more


def test_the_dashboard_lists_awards_waiting_and_the_link_is_for_those_who_may_use_it(
        office: Any, unit: Any, panel: list[Any], org: Any, member: Any, later: Any) -> None:
    from tests.conftest import client_for, make_user

    call = decided_call(office, unit, panel, org, member, later)
    page = client_for(office).get("/protection/").content.decode()
    assert 'id="awards-waiting">1<' in page and call.reference in page
    api = client_for(office).get("/api/v1/protection/dashboard").json()
    assert api["awards_waiting"] == [{"call": call.reference, "proposal": call.proposals.get().pk,
                                      "organisation": org.slug}]
    services.due_diligence_record(user=office, subject=call, organisation=org, outcome="cleared", reasons="Clear.")
    assert client_for(office).get("/api/v1/protection/dashboard").json()["awards_waiting"] == []
    link = 'href="/protection/"'
    assert link in client_for(office).get("/sdir/").content.decode()
    assert link in client_for(member).get("/sdir/").content.decode()  # administrator of an organisation
    assert link not in client_for(make_user(username="plain")).get("/sdir/").content.decode()
    assert link not in client_for(None).get("/sdir/").content.decode()
    assert client_for(make_user(username="plain2")).get("/protection/").status_code == 404
