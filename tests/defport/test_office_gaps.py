"""Small office gaps: an SDIR call started from a need's page, a triage item assigned to a colleague on the page,
and a call form that refuses more reviewers per proposal than its panel holds."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from straiik.defport import services
from straiik.sdir import services as sdir
from tests.conftest import client_for, make_user
from tests.defport.conftest import need_data

pytestmark = pytest.mark.django_db


def test_a_call_is_started_from_the_needs_page(unit_buyer: Any, unit: Any, office: Any) -> None:
    need = services.submission_create(user=unit_buyer, data=need_data(unit))
    page = client_for(office).get(need.get_absolute_url()).content.decode()
    assert 'id="start-call"' not in page  # not before the office has triaged it
    for action in ("start_triage", "mark_matched"):
        need = services.transition(user=office, submission=need, action=action)
    page = client_for(office).get(need.get_absolute_url()).content.decode()
    assert f'id="start-call" href="/sdir/calls/new/?need={need.pk}"' in page
    form = client_for(office).get(f"/sdir/calls/new/?need={need.pk}").content.decode()
    assert f'<option value="{need.pk}" selected>' in form and need.title in form
    reviewer = make_user("reviewer")
    assert 'id="start-call"' not in client_for(reviewer).get(need.get_absolute_url()).content.decode()


def test_assigning_a_triage_item_to_a_colleague(unit_buyer: Any, unit: Any, office: Any) -> None:
    colleague = make_user("programme-office", username="colleague")
    outsider = make_user("reviewer", username="outsider")
    need = services.submission_create(user=unit_buyer, data=need_data(unit))
    page = client_for(office).get(need.get_absolute_url()).content.decode()
    assert 'id="assign-form"' in page and f'<option value="{colleague.pk}">colleague</option>' in page
    assert f'value="{outsider.pk}"' not in page  # only the programme office is offered
    assert 'id="assign-form"' not in client_for(unit_buyer).get(need.get_absolute_url()).content.decode()

    response = client_for(office).post(f"/defport/{need.pk}/assign/", {"assignee": colleague.pk}, follow=True)
    need.refresh_from_db()
    assert need.assigned_to == colleague and "Assigned to colleague." in response.content.decode()
    refused = client_for(office).post(f"/defport/{need.pk}/assign/", {"assignee": outsider.pk}, follow=True)
    need.refresh_from_db()
    assert need.assigned_to == colleague and "Choose someone in the programme office." in refused.content.decode()
    assert client_for(unit_buyer).post(f"/defport/{need.pk}/assign/", {"assignee": office.pk}).status_code == 403
    client_for(office).post(f"/defport/{need.pk}/assign/", {"assignee": ""})
    need.refresh_from_db()
    assert need.assigned_to is None


def test_no_more_reviewers_per_proposal_than_the_panel_holds(office: Any, unit: Any) -> None:
    from tests.sdir.conftest import call_data

    panel = [make_user("reviewer", username=f"r{i}") for i in range(2)]
    with pytest.raises(ValidationError) as error:
        sdir.call_create(user=office, data=call_data(unit, reviewers_per_proposal=3), reviewers=panel)
    assert error.value.message_dict["reviewers_per_proposal"] == [
        "The panel holds 2 reviewers: at most 2 per proposal."]
    call = sdir.call_create(user=office, data=call_data(unit, reviewers_per_proposal=2), reviewers=panel)
    with pytest.raises(ValidationError, match="at most 1 per proposal"):
        sdir.call_update(user=office, call=call, data={}, reviewers=panel[:1])
    # the form says it on the field
    form = {"title": "X", "problem": "Y", "area": "sensors", "owning_unit": unit.pk, "phase": 1,
            "budget_eur": 100, "max_award_eur": 50, "opens_at": "2030-01-01T10:00", "closes_at": "2030-02-01T10:00",
            "scheme": "dasa", "reviewers": [panel[0].pk], "reviewers_per_proposal": 3}
    page = client_for(office).post("/sdir/calls/new/", form).content.decode()
    assert "The panel holds 1 reviewer: at most 1 per proposal." in page
