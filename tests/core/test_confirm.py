"""Irreversible steps ask first: the step's form posts once, a page says what will happen and to whom, and only a
second post with `confirmed=yes` acts. Someone who may not take the step is not asked; they are refused."""

from __future__ import annotations

from typing import Any

import pytest

from straiik.defport import services as defport
from straiik.sdir import services as sdir
from straiik.sdir.models import Call
from tests.conftest import client_for, make_org, make_user
from tests.defport.conftest import need_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(office: Any) -> Any:
    return make_org(by=office, name="Innovatiecel Sensoren", kind="defence-unit", areas=("sensors",))


def test_cancelling_a_call_asks_first_and_names_the_applicants(office: Any, unit: Any) -> None:
    from tests.sdir.conftest import make_call, proposal_data

    member = make_user(username="applicant")
    company = make_org(by=office, name="Velden Radar B.V.", kind="sme")
    company.memberships.create(user=member)
    call = make_call(office, unit)
    sdir.proposal_create(user=member, call=call, data=proposal_data(company, title="Passive RF"), submit=True)
    client = client_for(office)
    url = f"/sdir/calls/{call.pk}/transition/"

    asked = client.post(url, {"action": "cancel", "reason": "The need went away."})
    page = asked.content.decode()
    assert asked.status_code == 200 and Call.objects.get(pk=call.pk).state == "open"
    assert "Velden Radar B.V. — “Passive RF”" in page and "The need went away." in page
    assert "This cannot be undone." in page and 'name="reason" value="The need went away."' in page
    assert "confirm(" not in page  # no JavaScript dialog

    missing = client.post(url, {"action": "cancel"}, follow=True)  # no reason: told so, not asked
    assert "Give a reason" in missing.content.decode() and Call.objects.get(pk=call.pk).state == "open"

    done = client.post(url, {"action": "cancel", "reason": "The need went away.", "confirmed": "yes"})
    assert done.status_code == 302 and Call.objects.get(pk=call.pk).state == "cancelled"


def test_someone_who_may_not_take_the_step_is_refused_not_asked(office: Any, unit: Any) -> None:
    from tests.sdir.conftest import make_call

    call = make_call(office, unit)
    outsider = make_user(username="outsider")
    response = client_for(outsider).post(f"/sdir/calls/{call.pk}/transition/", {"action": "cancel", "reason": "x"},
                                         follow=True)
    assert 'id="confirm"' not in response.content.decode()
    assert Call.objects.get(pk=call.pk).state == "open"


def test_closing_a_submission_asks_first(office: Any, unit: Any) -> None:
    buyer = make_user("defence-buyer", username="unitbuyer")
    unit.memberships.create(user=buyer)
    need = defport.submission_create(user=buyer, data=need_data(unit))
    client = client_for(office)
    asked = client.post(f"/defport/{need.pk}/transition/", {"action": "close", "reason": "Out of scope"})
    page = asked.content.decode()
    need.refresh_from_db()
    assert asked.status_code == 200 and need.state == "submitted"
    assert "unitbuyer (submitter)" in page and "Innovatiecel Sensoren (the submitter&#x27;s organisation)" in page
    assert "can reopen it later" in page and "This cannot be undone." not in page
    client.post(f"/defport/{need.pk}/transition/", {"action": "close", "reason": "Out of scope", "confirmed": "yes"})
    need.refresh_from_db()
    assert need.state == "closed"
