"""Markings in SDIR (issue 13): a proposal is never marked below its call; a marked call is not seen outside its
marking (404, not in the list)."""

from __future__ import annotations

from typing import Any

from straiik.accounts.models import User
from straiik.core.models import Clearance
from straiik.registry.models import Organisation
from straiik.sdir import services
from tests.conftest import client_for
from tests.sdir.conftest import make_call, proposal_data

DV = "departementaal-vertrouwelijk"


def test_a_proposal_inherits_its_call_marking_and_follows_it_up(office: User, unit: Organisation,
                                                                 rival: Organisation, rival_member: User) -> None:
    call = make_call(office, unit)
    proposal = services.proposal_create(user=rival_member, call=call, data=proposal_data(rival))
    assert proposal.classification == "ongerubriceerd"
    call.refresh_from_db()
    call.releasability = "NL"
    call.save()
    proposal.refresh_from_db()
    assert proposal.releasability == "NL"
    call.classification = DV
    call.save()
    proposal.refresh_from_db()
    assert proposal.classification == DV


def test_a_marked_call_is_hidden_outside_its_marking(office: User, unit: Organisation, rival_member: User,
                                                      outsider: User) -> None:
    call = make_call(office, unit, title="Vertrouwelijke oproep")
    call.refresh_from_db()
    call.classification = DV
    call.save()
    for user in (None, outsider, rival_member):
        client = client_for(user)
        assert client.get(call.get_absolute_url()).status_code == 404
        assert "Vertrouwelijke oproep" not in client.get("/sdir/").content.decode()
    Clearance.objects.create(user=rival_member, level=DV)
    assert client_for(rival_member).get(call.get_absolute_url()).status_code == 200


def test_a_new_proposal_on_a_marked_call_carries_its_marking(office: User, unit: Organisation,
                                                             rival: Organisation, rival_member: User) -> None:
    Clearance.objects.create(user=rival_member, level=DV)
    call = make_call(office, unit)
    call.refresh_from_db()
    call.classification = DV
    call.save()
    proposal = services.proposal_create(user=rival_member, call=call, data=proposal_data(rival))
    assert proposal.classification == DV
    page: Any = client_for(rival_member).get(proposal.get_absolute_url())
    assert page.status_code == 200 and "DEPARTEMENTAAL VERTROUWELIJK" in page.content.decode()


def test_the_api_refuses_a_call_above_the_ceiling_and_shows_the_marking(office: User, unit: Organisation) -> None:
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    body = {"title": "Geheime oproep", "problem": "Iets geheims.", "area": "sensors", "owning_unit": unit.slug,
            "budget_eur": 900_000, "max_award_eur": 500_000, "opens_at": (now - dt.timedelta(hours=1)).isoformat(),
            "closes_at": (now + dt.timedelta(hours=1)).isoformat(), "scheme": "dasa",
            "classification": "stg-geheim"}
    api = client_for(office)
    refused = api.post("/api/v1/sdir/calls", body, content_type="application/json")
    assert refused.status_code == 422 and "ceiling" in refused.json()["message"]
    created = api.post("/api/v1/sdir/calls", {**body, "classification": DV, "releasability": "NL"},
                       content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["marking"]["classification"] == DV
    assert created.json()["marking"]["text"].startswith("DEPARTEMENTAAL VERTROUWELIJK")
