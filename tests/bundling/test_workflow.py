"""Bundling's state machines (bundling.workflow): rounds and joint procurements, through the services and the
pages, which offer only the steps the declaration allows."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from straiik.bundling import services
from straiik.bundling.choices import ProcurementStatus, RoundStatus
from straiik.bundling.models import BundlingRound, Demand, JointProcurement
from straiik.bundling.workflow import PROCUREMENTS, ROUNDS
from straiik.core.models import ObjectChange
from straiik.core.workflow import TransitionConflict
from tests.bundling.test_services import solved
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db


def agreed(round: Any, office: Any) -> JointProcurement:
    run = solved(round, office)
    lot = run.solution["lots"][0]
    return services.procurement_accept(user=office, run=run, offer_code=lot["offer"], period=lot["period"])


def test_a_cancelled_procurement_releases_its_demand_and_stays_cancelled(bundling_round: Any, office: Any) -> None:
    procurement = agreed(bundling_round, office)
    assert Demand.objects.filter(joint_procurement=procurement).count() == 4
    procurement = services.procurement_set_status(user=office, procurement=procurement,
                                                  status=ProcurementStatus.CANCELLED)
    assert procurement.status == ProcurementStatus.CANCELLED
    assert not Demand.objects.filter(joint_procurement=procurement).exists()
    change = ObjectChange.objects.filter(changed_object_id=procurement.pk, action="update").latest("id")
    assert change.prechange_data["status"] == "agreed" and change.postchange_data["status"] == "cancelled"
    assert change.related_object_id == bundling_round.pk
    # Before the engine this was accepted: an "agreed" procurement with no demand attached.
    for status in (ProcurementStatus.AGREED, ProcurementStatus.CONTRACTED):
        with pytest.raises(TransitionConflict, match="cannot go from"):
            services.procurement_set_status(user=office, procurement=procurement, status=status)
    assert JointProcurement.objects.get(pk=procurement.pk).status == ProcurementStatus.CANCELLED
    assert PROCUREMENTS.available(procurement, office) == [] and PROCUREMENTS.terminal(ProcurementStatus.CANCELLED)


def test_a_procurement_is_signed_then_may_still_be_cancelled_by_the_office_only(bundling_round: Any, office: Any,
                                                                              buyer: Any) -> None:
    procurement = agreed(bundling_round, office)
    with pytest.raises(PermissionDenied):
        services.procurement_set_status(user=buyer, procurement=procurement, status=ProcurementStatus.CONTRACTED)
    assert [t.name for t in PROCUREMENTS.available(procurement, buyer)] == []
    assert [t.name for t in PROCUREMENTS.available(procurement, office)] == ["sign", "cancel"]
    procurement = services.procurement_set_status(user=office, procurement=procurement,
                                                  status=ProcurementStatus.CONTRACTED)
    assert Demand.objects.filter(joint_procurement=procurement).count() == 4  # signing keeps the demand
    assert [t.name for t in PROCUREMENTS.available(procurement, office)] == ["cancel"]
    with pytest.raises(ValidationError, match="Unknown status"):
        services.procurement_set_status(user=office, procurement=procurement, status="lost")


def test_the_procurement_page_offers_only_the_allowed_steps(bundling_round: Any, office: Any) -> None:
    procurement = agreed(bundling_round, office)
    client = client_for(office)
    page = client.get(procurement.get_absolute_url()).content.decode()
    assert 'value="contracted"' in page and 'value="cancelled"' in page and 'value="agreed"' not in page
    client.post(f"/bundling/procurements/{procurement.pk}/status/", {"status": "cancelled"})
    assert JointProcurement.objects.get(pk=procurement.pk).status == ProcurementStatus.CANCELLED
    page = client.get(procurement.get_absolute_url()).content.decode()
    assert 'name="status"' not in page
    refused = client.post(f"/bundling/procurements/{procurement.pk}/status/", {"status": "agreed"}, follow=True)
    assert "cannot go from" in refused.content.decode()
    assert JointProcurement.objects.get(pk=procurement.pk).status == ProcurementStatus.CANCELLED


def test_round_steps_follow_the_declaration(bundling_round: Any, office: Any, buyer: Any) -> None:
    assert [t.name for t in ROUNDS.available(bundling_round, office)] == ["close", "conclude", "withdraw"]
    assert ROUNDS.available(bundling_round, buyer) == []
    with pytest.raises(PermissionDenied):
        services.round_set_status(user=buyer, round=bundling_round, status=RoundStatus.CLOSED)
    with pytest.raises(TransitionConflict):
        services.round_set_status(user=office, round=bundling_round, status=RoundStatus.OPEN)  # open already
    round = services.round_set_status(user=office, round=bundling_round, status=RoundStatus.CONCLUDED)
    assert [t.name for t in ROUNDS.available(round, office)] == ["reopen"]
    page = client_for(office).get(round.get_absolute_url()).content.decode()
    assert 'name="status" value="open"' in page and 'value="closed"' not in page


def test_a_round_is_withdrawn_with_a_reason_by_its_owner_or_the_office_until_it_is_solved(
        bundling_round: Any, office: Any, buyer: Any) -> None:
    assert "withdraw" in [t.name for t in ROUNDS.available(bundling_round, office)]
    with pytest.raises(PermissionDenied):
        services.round_set_status(user=buyer, round=bundling_round, status=RoundStatus.WITHDRAWN, reason="no")
    with pytest.raises(ValidationError) as missing:
        services.round_set_status(user=office, round=bundling_round, status=RoundStatus.WITHDRAWN)
    assert "reason" in missing.value.message_dict
    # the round's owner, not (or no longer) in the programme office, may withdraw it too
    owner = make_user(username="roundowner")
    BundlingRound.objects.filter(pk=bundling_round.pk).update(created_by=owner)
    bundling_round.refresh_from_db()
    assert [t.name for t in ROUNDS.available(bundling_round, owner)] == ["withdraw"]
    page = client_for(office).get(bundling_round.get_absolute_url()).content.decode()
    assert 'id="do-withdraw"' in page and 'name="reason"' in page
    round = services.round_set_status(user=owner, round=bundling_round, status=RoundStatus.WITHDRAWN,
                                      reason="The nations buy nationally after all.")
    assert round.status == RoundStatus.WITHDRAWN and not round.accepts_inputs
    assert ROUNDS.terminal(RoundStatus.WITHDRAWN) and ROUNDS.available(round, office) == []


def test_a_solved_round_is_not_withdrawn(bundling_round: Any, office: Any) -> None:
    agreed(bundling_round, office)
    with pytest.raises(ValidationError, match="conclude it instead"):
        services.round_set_status(user=office, round=bundling_round, status=RoundStatus.WITHDRAWN, reason="r")
    bundling_round.refresh_from_db()
    assert bundling_round.status == RoundStatus.OPEN
