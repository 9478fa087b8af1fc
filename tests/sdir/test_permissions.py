"""The permission matrix: each page and endpoint anonymous, without and with permission."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from straiik.sdir import services
from straiik.sdir.models import Assignment
from tests.conftest import client_for
from tests.sdir.conftest import call_data, make_call, proposal_data, review_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(office: Any, buyer: Any, unit: Any, panel: list[Any], org: Any, member: Any, rival: Any, rival_member: Any,
          outsider: Any, later: Any) -> dict[str, Any]:
    draft = services.call_create(user=buyer, data=call_data(unit, title="A draft"))
    call = make_call(office, unit, panel, reviewers_per_proposal=1)
    mine = services.proposal_create(user=member, call=call, data=proposal_data(org), submit=True)
    theirs = services.proposal_create(user=rival_member, call=call, data=proposal_data(rival), submit=True)
    services.transition(user=office, call=call, action="start_review", now=later)
    assigned = Assignment.objects.get(proposal=mine)
    return {"draft": draft, "call": call, "mine": mine, "theirs": theirs, "assigned": assigned, "users": {
        "anonymous": None, "outsider": outsider, "member": member, "rival": rival_member, "buyer": buyer,
        "office": office, "reviewer": assigned.reviewer}}


def status_of(world: dict[str, Any], who: str, url: str) -> int:
    return client_for(world["users"][who]).get(url).status_code


def test_calls(world: dict[str, Any]) -> None:
    draft, call = world["draft"], world["call"]
    expected_draft = {"anonymous": 404, "outsider": 404, "member": 404, "rival": 404, "buyer": 200, "office": 200,
                      "reviewer": 404}
    for who, code in expected_draft.items():
        assert status_of(world, who, draft.get_absolute_url()) == code, who
        assert client_for(world["users"][who]).get(f"/api/v1/sdir/calls/{draft.pk}").status_code == code, who
    for who in world["users"]:
        assert status_of(world, who, call.get_absolute_url()) == 200, who
    listed = client_for(None).get("/api/v1/sdir/calls").json()
    assert [c["id"] for c in listed] == [call.pk]
    assert status_of(world, "anonymous", "/sdir/calls/new/") == 302
    assert status_of(world, "member", "/sdir/calls/new/") == 403
    assert status_of(world, "buyer", "/sdir/calls/new/") == 200
    assert status_of(world, "buyer", f"/sdir/calls/{draft.pk}/edit/") == 200
    assert status_of(world, "rival", f"/sdir/calls/{draft.pk}/edit/") == 404
    assert status_of(world, "buyer", f"/sdir/calls/{call.pk}/edit/") == 403  # published: the office only
    member_api = client_for(world["users"]["member"])
    refused = member_api.post("/api/v1/sdir/calls", {**_api_call(world), "title": "Mine"},
                              content_type="application/json")
    assert refused.status_code == 403 and refused.json()["message"]


def _api_call(world: dict[str, Any]) -> dict[str, Any]:
    data = call_data(world["call"].owning_unit)
    return {**{k: v for k, v in data.items() if k != "owning_unit"}, "owning_unit": data["owning_unit"].slug,
            "opens_at": data["opens_at"].isoformat(), "closes_at": data["closes_at"].isoformat()}


def test_workflow_actors(world: dict[str, Any]) -> None:
    users, draft, call = world["users"], world["draft"], world["call"]
    with pytest.raises(PermissionDenied):
        services.transition(user=users["buyer"], call=draft, action="publish")
    with pytest.raises(PermissionDenied):
        services.transition(user=users["member"], call=draft, action="withdraw", reason="no")
    services.transition(user=users["buyer"], call=draft, action="withdraw", reason="Not needed after all.")
    for who in ("buyer", "member", "reviewer"):
        with pytest.raises(PermissionDenied):
            services.transition(user=users[who], call=call, action="decide")
    with pytest.raises(PermissionDenied, match="dates"):
        services.transition(user=users["office"], call=call, action="close")


def test_proposals_and_content(world: dict[str, Any], later: Any) -> None:
    mine, theirs, a = world["mine"], world["theirs"], world["assigned"]
    expected = {"anonymous": 302, "outsider": 404, "member": 200, "rival": 404, "buyer": 200, "office": 200,
                "reviewer": 200}
    for who, code in expected.items():
        assert status_of(world, who, mine.get_absolute_url()) == code, who
    assert status_of(world, "member", theirs.get_absolute_url()) == 404
    # the owning unit's buyer reads proposals of its own call once it has closed; the reviewer after declaring
    assert mine.summary.encode() in client_for(world["users"]["buyer"]).get(mine.get_absolute_url()).content
    assert mine.summary.encode() not in client_for(a.reviewer).get(mine.get_absolute_url()).content
    for who, code in {"member": 403, "reviewer": 403, "buyer": 200, "office": 200}.items():
        assert status_of(world, who, f"/sdir/calls/{world['call'].pk}/moderation/") == code, who
    for who, code in {"member": 403, "buyer": 403, "office": 200}.items():
        assert status_of(world, who, f"/sdir/calls/{world['call'].pk}/decision/") == code, who
    assert status_of(world, "member", f"/sdir/proposals/{mine.pk}/letter.pdf") == 404  # no decision yet
    with pytest.raises(PermissionDenied):
        services.proposal_update(user=world["users"]["rival"], proposal=mine, data={"title": "hijack"}, now=later)
    with pytest.raises(PermissionDenied):
        services.proposal_withdraw(user=world["users"]["rival"], proposal=mine)


def test_letters_notifications_and_awards_after_the_decision(world: dict[str, Any], later: Any) -> None:
    users, call = world["users"], world["call"]
    review_all(call, {world["mine"].pk: (9, 9, 9), world["theirs"].pk: (2, 2, 2)}, later)
    services.consensus_from_means(user=users["office"], call=call, now=later)
    services.transition(user=users["office"], call=call, action="decide", now=later)
    letter = f"/sdir/proposals/{world['mine'].pk}/letter.pdf"
    for who, code in {"member": 200, "office": 200, "rival": 404, "reviewer": 404, "outsider": 404}.items():
        assert status_of(world, who, letter) == code, who
    pdf = client_for(users["member"]).get(letter)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    notes = client_for(users["rival"]).get("/api/v1/sdir/notifications").json()
    assert {n["kind"] for n in notes} >= {"receipt", "decision"}
    assert all("Velden" not in n["body"] for n in notes)  # nobody reads another applicant's news
    other = client_for(users["member"]).get("/sdir/notifications/").content.decode()
    assert "Noordzee" not in other
    services.transition(user=users["office"], call=call, action="award", now=later)
    award = world["mine"].award
    for who, code in {"anonymous": 200, "outsider": 200, "member": 200}.items():
        assert status_of(world, who, award.get_absolute_url()) == code, who
    assert b'id="milestones"' not in client_for(users["outsider"]).get(award.get_absolute_url()).content
    assert b'id="milestones"' in client_for(users["member"]).get(award.get_absolute_url()).content
    with pytest.raises(PermissionDenied):
        services.milestone_review(user=users["member"], milestone=award.milestones.first(), accept=True)
