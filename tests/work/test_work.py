"""One page for one person's work, and the header's search: each shows only what its reader may see (every list
comes from its app's own permission filter), grouped by kind, with deadlines and overdue marks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from straiik.agenda import services as agenda
from straiik.bundling import services as bundling
from straiik.defport import services as defport
from straiik.registry.models import Membership
from straiik.sdir import services as sdir
from straiik.supply import services as supply
from straiik.work import selectors
from tests.conftest import client_for, make_org, make_user
from tests.sdir.conftest import HOUR, call_data, proposal_data

pytestmark = pytest.mark.django_db


def kinds(groups: list[Any]) -> dict[str, list[str]]:
    return {g.key: [i.title for i in g.items] for g in groups}


@pytest.fixture
def world(office: Any, buyer: Any, outsider: Any) -> dict[str, Any]:
    from tests.supply.test_platform import EDGES, NODES

    unit = make_org(by=office, name="Kwantumcel Landmacht", kind="defence-unit", areas=("quantum",))
    Membership.objects.create(user=buyer, organisation=unit)
    hidden_org = make_org(by=office, name="Kwantum Besloten B.V.", visibility="registered")
    secret = defport.submission_create(user=buyer, data={
        "kind": "need", "title": "Kwantumsensor voor onderzeeboten", "organisation": unit, "sensitivity": "restricted",
        "description": "Geheime behoefte aan een kwantumsensor."})
    draft = defport.submission_create(user=buyer, submit=False, data={
        "kind": "need", "title": "Kwantumkompas concept", "organisation": unit,
        "description": "Nog niet ingediend: een kwantumkompas."})
    open_need = defport.submission_create(user=buyer, data={
        "kind": "need", "title": "Kwantumklok voor navigatie", "organisation": unit,
        "description": "Een open behoefte aan tijd zonder GPS."})
    draft_call = sdir.call_create(user=office, data=call_data(unit, title="Kwantumnavigatie (concept)"))
    public_call = sdir.transition(user=office, call=sdir.call_create(user=office, data=call_data(
        unit, title="Kwantumnavigatie fase 1")), action="publish")
    round_ = bundling.round_create(user=office, data={"name": "Kwantumsensoren 2027", "periods": ["2027-Q1"]})
    network = supply.network_create(user=buyer, name="Kwantumketen", parsed=supply.read_upload(
        nodes=NODES.encode(), edges=EDGES.encode()))
    draft_agenda = agenda.agenda_create(user=office, year=2026, summary="Concept")
    action = agenda.action_create(user=office, agenda=draft_agenda, data={
        "title": "Kwantumroutekaart opstellen", "area": "quantum", "owner_organisation": unit,
        "deadline": timezone.localdate() - dt.timedelta(days=3)})
    return {"unit": unit, "hidden_org": hidden_org, "secret": secret, "draft": draft, "open_need": open_need,
            "draft_call": draft_call, "public_call": public_call, "round": round_, "network": network,
            "action": action}


def test_search_finds_only_what_each_reader_may_see(world: dict[str, Any], office: Any, buyer: Any,
                                                   outsider: Any) -> None:
    everything = kinds(selectors.search(user=office, q="kwantum"))
    assert set(everything) == {"registry", "defport", "sdir", "bundling", "supply", "agenda"}
    assert {"Kwantumcel Landmacht", "Kwantum Besloten B.V."} <= set(everything["registry"])
    assert len(everything["defport"]) == 3 and len(everything["sdir"]) == 2  # the office sees drafts too

    theirs = kinds(selectors.search(user=outsider, q="kwantum"))
    assert theirs["defport"] == [str(world["open_need"])]  # not the restricted need, nor the draft
    assert theirs["sdir"] == [f"{world['public_call'].reference} Kwantumnavigatie fase 1"]
    assert "supply" not in theirs  # another person's supply network
    assert theirs["bundling"] == ["Kwantumsensoren 2027"] and "agenda" in theirs

    public = kinds(selectors.search(user=None, q="kwantum"))
    assert set(public) == {"registry", "sdir"}  # the public registry and published calls, nothing else
    assert "Kwantum Besloten B.V." not in public["registry"]

    buyers = kinds(selectors.search(user=buyer, q="kwantum"))
    assert len(buyers["defport"]) == 3 and buyers["supply"] == ["Kwantumketen"]

    # every word counts; the page groups by kind and escapes what it shows
    assert kinds(selectors.search(user=office, q="kwantum onderzeeboten")) == {
        "defport": [str(world["secret"])]}
    page = client_for(outsider).get("/search/", {"q": "kwantum"}).content.decode()
    assert 'id="results-defport"' in page and "Kwantumsensor voor onderzeeboten" not in page
    assert 'id="results-supply"' not in page
    assert client_for(None).get("/search/", {"q": "<script>"}).status_code == 200


def test_search_groups_say_how_many_there_are(office: Any) -> None:
    for i in range(12):
        make_org(by=office, name=f"Radarbedrijf {i:02d}")
    (registry,) = selectors.search(user=office, q="radarbedrijf")
    assert registry.key == "registry" and registry.total == 12 and len(registry.items) == selectors.PER_GROUP
    page = client_for(office).get("/search/", {"q": "radarbedrijf"}).content.decode()
    assert "The first 10 of 12." in page and "12 results" in page


def test_my_work_gathers_what_waits_with_deadlines_and_overdue_marks(world: dict[str, Any], office: Any,
                                                                    buyer: Any) -> None:
    owner = make_user(username="owner")
    Membership.objects.create(user=owner, organisation=world["unit"])
    colleague = make_user("programme-office", username="colleague")
    defport.assign(user=office, submission=world["secret"], assignee=colleague)
    company_member = make_user(username="founder")
    company = make_org(by=company_member, name="Kwantum Start B.V.")
    defport.transition(user=office, submission=world["open_need"], action="start_triage")
    defport.transition(user=office, submission=world["open_need"], action="mark_matched")
    defport.introduction_propose(user=buyer, submission=world["open_need"], organisation=company)

    mine = kinds(selectors.my_work(user=owner))
    assert mine["actions"] == [f"2026-{world['action'].number} Kwantumroutekaart opstellen"]
    page = client_for(owner).get("/my-work/").content.decode()
    assert 'id="work-actions"' in page and "overdue since" in page

    waiting = defport.submission_create(user=buyer, data={
        "kind": "need", "title": "Kwantumradar", "organisation": world["unit"],
        "description": "Een radar met verstrengelde fotonen."}, confirmed_not_duplicate=True)
    # the office's queue: what is assigned to it or to nobody, not a colleague's
    assert kinds(selectors.my_work(user=office))["triage"] == [str(waiting)]
    assert kinds(selectors.my_work(user=colleague))["triage"] == [str(world["secret"]), str(waiting)]

    founder_work = kinds(selectors.my_work(user=company_member))
    assert founder_work == {"introductions": ["Kwantumklok voor navigatie"]}
    defport.introduction_respond(user=company_member, introduction=world["open_need"].introductions.get(),
                                 accept=True)
    assert "introductions" not in kinds(selectors.my_work(user=company_member))
    assert "Nothing waits for you." in client_for(make_user(username="idle")).get("/my-work/").content.decode()
    assert client_for(None).get("/my-work/").status_code == 302


def test_my_reviews_and_milestones(office: Any, buyer: Any) -> None:
    unit = make_org(by=office, name="DMO", kind="defence-unit")
    Membership.objects.create(user=buyer, organisation=unit)
    reviewer = make_user("reviewer", username="rev")
    member = make_user(username="applicant")
    company = make_org(by=member, name="Sensor Start B.V.")
    now = timezone.now()
    draft = sdir.call_create(user=office, data=call_data(unit, reviewers_per_proposal=1), reviewers=[reviewer])
    call = sdir.transition(user=office, call=draft, action="publish")
    sdir.proposal_create(user=member, call=call, submit=True, data=proposal_data(company))
    later = now + 2 * HOUR
    sdir.transition(user=office, call=call, action="start_review", now=later)
    reviews = [g for g in selectors.my_work(user=reviewer) if g.key == "reviews"]
    assert len(reviews) == 1 and reviews[0].items[0].due == timezone.localtime(call.decision_due_at).date()
    assert "reviews" not in kinds(selectors.my_work(user=member))  # an applicant reviews nothing

    from straiik.sdir.models import Assignment
    from tests.sdir.conftest import review_all

    review_all(call, {a.proposal_id: (9, 9, 9) for a in Assignment.objects.filter(proposal__call=call)}, later)
    sdir.consensus_from_means(user=office, call=call, now=later)
    sdir.transition(user=office, call=call, action="decide", now=later)
    sdir.transition(user=office, call=call, action="award", now=later)
    milestones = kinds(selectors.my_work(user=member))["milestones"]
    award = call.awards.get()
    assert len(milestones) == award.milestones.count() and all(m.startswith(award.reference) for m in milestones)
    assert "milestones" not in kinds(selectors.my_work(user=reviewer))
