"""Matches and introductions on the platform: ranked with reasons, fresh after every change, cross-lingual with
the multilingual model, introductions proposed, answered and recorded on both records."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from straiik.defport import matching, services
from straiik.registry import services as registry_services
from straiik.registry.models import Membership
from tests.conftest import add_capability, client_for, make_org, make_user
from tests.defport.conftest import need_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def companies(office: Any) -> dict[str, Any]:
    radar = make_org(by=office, name="Velden Radar B.V.", description="Draagbare radar voor het detecteren van "
                                                                      "kleine drones en vogels.")
    add_capability(radar, by=office, title="Drone-detectieradar", cpv=["35722000"], trl=7)
    coating = make_org(by=office, name="Coatings Delft B.V.", description="Zelfherstellende coatings voor schepen.",
                       areas=("smart-materials",))
    return {"radar": radar, "coating": coating}


def test_matches_are_ranked_and_explained(unit_buyer: Any, unit: Any, companies: dict) -> None:
    need = services.submission_create(user=unit_buyer, data=need_data(unit), areas=["sensors"], cpv=["35722000"])
    rows = matching.matches_for(need, user=unit_buyer)
    assert rows[0]["record"] == companies["radar"]
    reasons = " | ".join(rows[0]["reasons"])
    assert "shared terms:" in reasons and "radar" in reasons and "drones" in reasons
    assert "same priority area: Sensors" in reasons and "CPV 35722000 ~ 35722000 (same code)" in reasons
    assert all(r["record"] != unit for r in rows)  # never the need's own organisation


def test_new_and_edited_profiles_are_found_by_the_next_search(unit_buyer: Any, unit: Any, office: Any,
                                                               companies: dict) -> None:
    need = services.submission_create(user=unit_buyer, data=need_data(unit), areas=["sensors"])
    assert companies["coating"] not in [r["record"] for r in matching.matches_for(need, user=office)]
    registry_services.organisation_update(user=office, organisation=companies["coating"], data={
        "description": "Nu ook: radar-absorberende coatings en detectie van drones met radar."})
    assert companies["coating"] in [r["record"] for r in matching.matches_for(need, user=office)]
    newcomer = make_org(by=office, name="Nieuwkomer Drones", description="Dronedetectie met akoestische sensoren.")
    assert newcomer in [r["record"] for r in matching.matches_for(need, user=office)]
    registry_services.organisation_delete(user=office, organisation=newcomer)
    names = [getattr(r["record"], "name", "") for r in matching.matches_for(need, user=office)]
    assert "Nieuwkomer Drones" not in names


def test_an_idea_finds_financiers_within_their_mandate(office: Any, member: Any, org: Any) -> None:
    fund = make_org(by=office, name="Defensiefonds Oost", kind="financial",
                    description="Investeert in defensie-start-ups met radar en sensoren.")
    services.mandate_set(user=office, organisation=fund, data={
        "stages": ["seed"], "trl_min": 3, "trl_max": 7, "ticket_min_eur": 100_000, "ticket_max_eur": 1_000_000})
    ask = services.submission_create(user=member, data={
        "kind": "financing", "title": "Seed voor radar", "description": "Seedfinanciering voor onze radar en sensoren.",
        "organisation": org, "amount_eur": 500_000, "stage": "seed", "trl": 5})
    rows = matching.matches_for(ask, user=office)
    top = rows[0]
    assert top["record"] == fund and "fits the financier's mandate" in top["reasons"]
    # a changed mandate is seen by the next search: the ticket no longer fits
    services.mandate_set(user=office, organisation=fund, data={"ticket_max_eur": 200_000})
    row = next(r for r in matching.matches_for(ask, user=office) if r["record"] == fund)
    assert "fits the financier's mandate" not in row["reasons"]
    with pytest.raises(PermissionDenied):
        services.mandate_set(user=member, organisation=fund, data={"stages": ["growth"]})


def test_introductions(unit_buyer: Any, unit: Any, office: Any, companies: dict) -> None:
    need = services.submission_create(user=unit_buyer, data=need_data(unit))
    services.transition(user=office, submission=need, action="start_triage")
    services.transition(user=office, submission=need, action="mark_matched")
    stranger = make_user()
    with pytest.raises(PermissionDenied):
        services.introduction_propose(user=stranger, submission=need, organisation=companies["radar"])
    introduction = services.introduction_propose(user=unit_buyer, submission=need, organisation=companies["radar"],
                                                 note="Kunnen jullie in maart testen?", reasons=["shared terms: radar"])
    with pytest.raises(ValidationError, match="already been proposed"):
        services.introduction_propose(user=office, submission=need, organisation=companies["radar"])
    with pytest.raises(PermissionDenied):
        services.introduction_respond(user=unit_buyer, introduction=introduction, accept=True)
    radar_member = make_user()
    Membership.objects.create(user=radar_member, organisation=companies["radar"])
    # the organisation introduced now sees the need (even if it were restricted) and can answer on its page
    assert client_for(radar_member).get(need.get_absolute_url()).status_code == 200
    home = client_for(radar_member).get("/defport/").content.decode()
    assert "Kunnen jullie in maart testen?" in home
    response = client_for(radar_member).post(f"/defport/introductions/{introduction.pk}/respond/",
                                             {"answer": "accept", "response": "Graag"})
    assert response.status_code == 302
    introduction.refresh_from_db()
    need.refresh_from_db()
    assert introduction.state == "accepted" and introduction.response == "Graag" and need.state == "introduced"
    # recorded on both records: the need's history and the organisation's history
    from straiik.core.audit import history_for

    assert history_for(need).filter(object_repr__contains="Velden Radar").exists()
    assert history_for(companies["radar"]).filter(object_repr__contains=f"#{need.pk}").count() == 2
    with pytest.raises(ValidationError, match="already answered"):
        services.introduction_respond(user=radar_member, introduction=introduction, accept=False)


def test_matches_page_and_proposing_from_it(unit_buyer: Any, unit: Any, companies: dict) -> None:
    need = services.submission_create(user=unit_buyer, data=need_data(unit), areas=["sensors"])
    page = client_for(unit_buyer).get(need.get_absolute_url()).content.decode()
    assert "Velden Radar B.V." in page and "shared terms:" in page and "Propose an introduction" in page
    response = client_for(unit_buyer).post(f"/defport/{need.pk}/introduce/", {
        "organisation": companies["radar"].slug, "note": "Graag kennismaken", "reason": ["shared terms: radar"]})
    assert response.status_code == 302
    assert need.introductions.get().reasons == ["shared terms: radar"]
    assert "introduction proposed" in client_for(unit_buyer).get(need.get_absolute_url()).content.decode()
    assert client_for(make_user()).get(need.get_absolute_url()).content.decode().count("Propose an introduction") == 0


@override_settings(STRAIIK_MATCHING_DENSE=True)
def test_cross_lingual_with_the_multilingual_model(unit_buyer: Any, unit: Any, office: Any) -> None:
    """A Dutch need finds a Ukrainian and an English profile that share no words with it."""
    ukrainian = make_org(by=office, name="ТОВ Небесний Щит", country="UA", province="",
                         description="Виробляємо портативні радари для виявлення малих безпілотників.")
    english = make_org(by=office, name="Skyguard Ltd", country="GB", province="",
                       description="Portable radar systems that detect small unmanned aircraft near field camps.")
    make_org(by=office, name="Bakkerij Jansen", description="Brood en banket voor de kantine.")
    make_org(by=office, name="Scheepswerf Noord", description="Onderhoud van marineschepen en hun motoren.",
             areas=("maritime",))
    need = services.submission_create(user=unit_buyer, data=need_data(
        unit, title="Bescherming tegen vijandelijke quadcopters",
        description="Eenheden moeten vijandelijke quadcopters op afstand kunnen waarnemen."))
    index = matching.platform_index()
    rows = matching.matches_for(need, user=office)
    assert index.semantic
    top = [r["record"] for r in rows[:3]]
    assert ukrainian in top and english in top
    by_record = {r["record"]: r for r in rows}
    assert by_record[ukrainian]["language"] == "uk" and by_record[ukrainian]["similarity"] is not None


def test_an_idea_never_shows_a_need_its_author_may_not_see(unit_buyer: Any, unit: Any, office: Any) -> None:
    secret = services.submission_create(user=unit_buyer, data=need_data(
        unit, title="Radar tegen drones (vertrouwelijk)", sensitivity="restricted"), areas=["sensors"])
    public = services.submission_create(user=unit_buyer, data=need_data(
        unit, title="Radar tegen drones bij oefeningen", description="Open behoefte aan drone-radar."),
        areas=["sensors"], confirmed_not_duplicate=True)
    founder = make_user()
    idea = services.submission_create(user=founder, data={
        "kind": "idea", "title": "Radar voor drones", "description": "Onze radar detecteert kleine drones."},
        areas=["sensors"])
    seen = [r["record"] for r in matching.matches_for(idea, user=founder)]
    assert public in seen and secret not in seen
    assert secret in [r["record"] for r in matching.matches_for(idea, user=office)]
