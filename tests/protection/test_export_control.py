"""Export-control tags: the categories shipped, tags on records, matching and introductions withheld or flagged with
the reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from straiik.defport import matching
from straiik.defport import services as defport
from straiik.defport.matching import reset_index
from straiik.protection import export_control, services
from tests.conftest import add_capability, client_for, make_org
from tests.defport.conftest import need_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_index() -> Any:
    reset_index()
    yield
    reset_index()


def test_the_lists_ship_in_two_languages() -> None:
    assert len([c for c in export_control.CATEGORIES if c.startswith("ML")]) == 22
    assert len([c for c in export_control.CATEGORIES if c.startswith("DU")]) == 10
    ml4 = export_control.CATEGORIES["ML4"]
    with translation.override("nl"):
        assert ml4.title.startswith("Bommen, torpedo's")
    with translation.override("en"):
        assert ml4.title.startswith("Bombs, torpedoes")
        assert export_control.tag_label("DU6", "6A008") == "6A008 — Radar systems, equipment and assemblies"
    assert export_control.parse_entry("ml10.c") == ("ML10", "ML10.c")
    assert export_control.parse_entry("9A012") == ("DU9", "9A012")
    assert export_control.parse_entry("ML23") is None


def test_tags_are_validated_shown_and_audited(office: Any, member: Any, org: Any) -> None:
    capability = add_capability(org, by=member, title="Loitering munition seeker", trl=5)
    with pytest.raises(ValidationError, match="ML99"):
        services.tags_set(user=member, item=capability, entries=["ML4", "ML99"], organisation=org)
    tags = services.tags_set(user=member, item=capability, entries=["ML4.a", "6A003"], organisation=org)
    assert sorted((t.code, t.control_entry) for t in tags) == [("DU6", "6A003"), ("ML4", "ML4.a")]
    page = client_for(member).get(org.get_absolute_url()).content.decode()
    assert "ML4.a — Bombs, torpedoes" in page and "6A003 — Cameras" in page


def test_matching_withholds_an_ml_need_from_an_organisation_controlled_from_outside(office: Any, buyer: Any) -> None:
    unit = make_org(by=office, name="Innovatiecel Sensoren", kind="defence-unit", areas=("sensors",))
    from straiik.registry.models import Membership

    Membership.objects.create(user=buyer, organisation=unit)
    dutch = make_org(by=office, name="Velden Radar B.V.", description="Draagbare radar voor het detecteren van "
                                                                      "kleine drones.")
    foreign = make_org(by=office, name="Eastern Radar B.V.", description="Draagbare radar voor het detecteren van "
                                                                         "kleine drones.", foreign_control_country="CN")
    need = defport.submission_create(user=buyer, data=need_data(unit), areas=["sensors"])
    services.tags_set(user=office, item=need, entries=["ML5"], organisation=unit)
    rows = {r["record"]: r for r in matching.matches_for(need, user=office)}
    assert rows[dutch]["withheld"] == ""
    explanation = rows[foreign]["withheld"]
    assert explanation.startswith("withheld: ML5 item, Eastern Radar B.V. is controlled from outside the EU and "
                                  "NATO (CN, per the registry)")
    assert explanation in rows[foreign]["reasons"]
    with pytest.raises(ValidationError, match="withheld: ML5 item"):
        defport.introduction_propose(user=office, submission=need, organisation=foreign)
    defport.introduction_propose(user=office, submission=need, organisation=dutch)
    page = client_for(office).get(need.get_absolute_url()).content.decode()
    assert "withheld: ML5 item" in page
    # a disclosure showing control from the EU clears it
    services.disclosure_declare(user=office, organisation=foreign, data={
        "controlling_party": {"name": "Eastern Holding GmbH", "kind": "entity", "country": "DE"}})
    assert services.releasability(need, foreign) == []


def test_dual_use_is_flagged_not_withheld(office: Any) -> None:
    owner = make_org(by=office, name="Innovatiecel Sensoren", kind="defence-unit")
    norway = make_org(by=office, name="Fjord Optics AS", country="NO", province="")
    need = defport.submission_create(user=office, data={"kind": "idea", "title": "Thermal cameras",
                                                        "description": "Cooled thermal cameras for masts."})
    services.tags_set(user=office, item=need, entries=["6A003"], organisation=owner)
    [(decision, text)] = services.releasability(need, norway)
    assert decision == "flagged" and "dual-use 6A003" in text and "export licence" in text
    assert services.clearance_problems(need, norway) == []


def test_an_ml_need_is_withheld_from_the_lists_of_users_outside_its_releasability(office: Any, buyer: Any) -> None:
    from straiik.defport import selectors
    from straiik.registry.models import Membership
    from tests.conftest import make_user

    unit = make_org(by=office, name="Innovatiecel Sensoren", kind="defence-unit", areas=("sensors",))
    Membership.objects.create(user=buyer, organisation=unit)
    need = defport.submission_create(user=buyer, data=need_data(unit), areas=["sensors"])
    other = defport.submission_create(user=buyer, data=need_data(unit, title="Drijvende sensoren voor havens"),
                                      areas=["sensors"])
    services.tags_set(user=office, item=need, entries=["ML5"], organisation=unit)
    outsider = make_user(username="outsider")
    make_org(by=outsider, name="Eastern Radar B.V.", foreign_control_country="CN")
    insider = make_user(username="insider")
    make_org(by=insider, name="Velden Radar B.V.")
    assert set(selectors.submission_list(user=insider)) == {need, other}
    assert set(selectors.submission_list(user=outsider)) == {other}
    assert set(selectors.submission_list(user=buyer)) == {need, other}  # its own
    page = client_for(outsider).get("/defport/").content.decode()
    assert "withheld: items on the EU Common Military List; Eastern Radar B.V. is controlled from outside the EU " \
           "and NATO (CN, per the registry)." in page
    assert client_for(outsider).get(need.get_absolute_url()).status_code == 404


def test_an_ml_call_is_withheld_from_lists_search_api_and_page_outside_its_releasability(office: Any,
                                                                                        buyer: Any) -> None:
    """Search results too: a published call tagged ML4 is not listed, found, served by the API or shown to a
    visitor without an account or to a member of an organisation controlled from outside the EU and NATO; its
    owner, the office and a member of an organisation within them see it."""
    from django.contrib.auth.models import AnonymousUser

    from straiik.registry.models import Membership
    from straiik.sdir import selectors as sdir_selectors
    from tests.conftest import make_user
    from tests.sdir.conftest import make_call

    unit = make_org(by=office, name="Innovatiecel Munitie", kind="defence-unit", areas=("sensors",))
    Membership.objects.create(user=buyer, organisation=unit)
    tagged = make_call(office, unit, title="Loitering munition guidance")
    plain = make_call(office, unit, title="Camp perimeter sensors")
    services.tags_set(user=office, item=tagged, entries=["ML4"], organisation=unit)
    outsider = make_user(username="outsider")
    make_org(by=outsider, name="Eastern Radar B.V.", foreign_control_country="CN")
    insider = make_user(username="insider")
    make_org(by=insider, name="Velden Radar B.V.")

    def listed(user: Any) -> set[str]:
        return set(sdir_selectors.call_list(user=user).values_list("title", flat=True))

    both = {"Loitering munition guidance", "Camp perimeter sensors"}
    assert listed(office) == listed(insider) == listed(buyer) == both
    assert listed(outsider) == listed(AnonymousUser()) == {"Camp perimeter sensors"}
    for user in (None, outsider):
        client = client_for(user)
        assert client.get(tagged.get_absolute_url()).status_code == 404
        assert client.get(plain.get_absolute_url()).status_code == 200
        api = client.get("/api/v1/sdir/calls").json()
        titles = {c["title"] for c in (api["items"] if isinstance(api, dict) else api)}
        assert "Loitering munition guidance" not in titles and "Camp perimeter sensors" in titles
        assert client.get(f"/api/v1/sdir/calls/{tagged.pk}").status_code == 404
    found = client_for(outsider).get("/search/?q=guidance").content.decode()
    assert "Loitering munition guidance" not in found
    assert "Loitering munition guidance" in client_for(insider).get("/search/?q=guidance").content.decode()
    assert client_for(insider).get(tagged.get_absolute_url()).status_code == 200


def test_an_ml_capability_is_withheld_on_the_organisation_page_and_in_the_api(office: Any) -> None:
    from tests.conftest import make_user

    maker = make_user(username="maker")
    company = make_org(by=maker, name="Velden Munitie B.V.")
    secret = add_capability(company, by=maker, title="Guided mortar fuze")
    add_capability(company, by=maker, title="Radar calibration service")
    services.tags_set(user=office, item=secret, entries=["ML4"], organisation=company)
    outsider = make_user(username="outsider")
    make_org(by=outsider, name="Eastern Radar B.V.", foreign_control_country="CN")
    insider = make_user(username="insider")
    make_org(by=insider, name="Polder Optics B.V.")
    for user, sees in ((None, False), (outsider, False), (insider, True), (maker, True), (office, True)):
        page = client_for(user).get(company.get_absolute_url()).content.decode()
        api = client_for(user).get(f"/api/v1/registry/organisations/{company.slug}").json()
        titles = {c["title"] for c in api["capabilities"]}
        assert ("Guided mortar fuze" in page) is sees and ("Guided mortar fuze" in titles) is sees, user
        assert "Radar calibration service" in page and "Radar calibration service" in titles
        assert ('id="capabilities-withheld"' in page) is not sees
    assert "Eastern Radar B.V. is controlled from outside the EU and NATO" in client_for(outsider).get(
        company.get_absolute_url()).content.decode()
