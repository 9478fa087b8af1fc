"""Deadlines are the server's, to the second (Europe/Amsterdam): a call is open from `opens_at` and closed from
`closes_at`, whether or not anyone touched it; proposals can be written, changed and given attachments only
while it is open."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from straiik.sdir import services
from straiik.sdir.models import Call, Proposal
from tests.conftest import client_for
from tests.sdir.conftest import make_call, proposal_data

pytestmark = pytest.mark.django_db
SECOND = dt.timedelta(seconds=1)


@pytest.fixture
def moments() -> dict[str, dt.datetime]:
    opens = timezone.now().replace(microsecond=0) + dt.timedelta(minutes=10)
    return {"opens": opens, "closes": opens + dt.timedelta(hours=1)}


@pytest.fixture
def call(office: Any, unit: Any, moments: dict[str, dt.datetime]) -> Call:
    return make_call(office, unit, opens_at=moments["opens"], closes_at=moments["closes"])


def test_the_state_follows_the_dates_to_the_second(call: Call, moments: dict[str, dt.datetime]) -> None:
    opens, closes = moments["opens"], moments["closes"]
    assert call.state == "published"
    assert call.current_state(opens - SECOND) == "published"
    assert call.current_state(opens) == "open"
    assert call.current_state(closes - dt.timedelta(microseconds=1)) == "open"
    assert call.current_state(closes) == "closed"
    assert not call.accepts_proposals(closes) and call.accepts_proposals(closes - SECOND)


def test_proposals_are_refused_before_the_opening_and_from_the_closing_second(
        call: Call, org: Any, member: Any, moments: dict[str, dt.datetime]) -> None:
    opens, closes = moments["opens"], moments["closes"]
    with pytest.raises(ValidationError, match="opens at"):
        services.proposal_create(user=member, call=call, data=proposal_data(org), now=opens - SECOND)
    proposal = services.proposal_create(user=member, call=call, data=proposal_data(org), submit=True, now=opens)
    assert proposal.state == "submitted" and proposal.submitted_at == opens
    last = closes - SECOND
    changed = services.proposal_update(user=member, proposal=proposal, data={"title": "Changed at the last second"},
                                       now=last)
    assert changed.title == "Changed at the last second" and changed.submitted_at == last
    assert changed.receipt != proposal.receipt  # a new receipt for the new content
    with pytest.raises(ValidationError, match="closed at") as refused:
        services.proposal_update(user=member, proposal=proposal, data={"title": "One second late"}, now=closes)
    # the message gives the closing time in Amsterdam time
    assert timezone.localtime(closes).strftime("%H:%M:%S") in str(refused.value)
    with pytest.raises(ValidationError, match="closed at"):
        services.attachment_add(user=member, proposal=proposal, name="a.pdf", stream=io.BytesIO(b"%PDF-1.4"),
                                now=closes)
    with pytest.raises(ValidationError, match="closed at"):
        services.proposal_create(user=member, call=call, data=proposal_data(org), now=closes)
    assert Proposal.objects.get().title == "Changed at the last second"


def test_the_date_transitions_are_recorded_when_they_fell_due(call: Call, org: Any, member: Any,
                                                              moments: dict[str, dt.datetime]) -> None:
    services.proposal_create(user=member, call=call, data=proposal_data(org), submit=True, now=moments["opens"])
    # nobody looked at the call for a day; the next write records both steps at their own times
    services.call_sync(call=call, now=moments["closes"] + dt.timedelta(days=1))
    events = list(Call.objects.get(pk=call.pk).events.values_list("action", "at"))
    assert events[-2:] == [("open", moments["opens"]), ("close", moments["closes"])]


def test_a_published_call_cannot_be_moved_into_the_past(office: Any, call: Call) -> None:
    with pytest.raises(ValidationError) as error:
        services.call_update(user=office, call=call, data={"closes_at": timezone.now() - SECOND,
                                                           "opens_at": timezone.now() - dt.timedelta(hours=2)})
    assert "closes_at" in error.value.error_dict


def test_the_page_shows_the_state_the_clock_gives(call: Call, office: Any, moments: dict[str, dt.datetime]) -> None:
    Call.objects.filter(pk=call.pk).update(opens_at=timezone.now() - dt.timedelta(hours=2),
                                           closes_at=timezone.now() - SECOND)
    page = client_for(None).get(call.get_absolute_url())
    assert b'id="call-state">Closed<' in page.content
    assert client_for(None).get(f"/api/v1/sdir/calls/{call.pk}").json()["state"] == "closed"
    assert Call.objects.get(pk=call.pk).state == "published"  # reading changes nothing; the next write syncs
    assert services.sync_due() == 1 and Call.objects.get(pk=call.pk).state == "closed"
