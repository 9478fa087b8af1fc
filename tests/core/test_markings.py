"""Markings (issue 13): the ceiling in forms, imports and the API; releasability by the nations of a person's
verified organisations; need-to-know groups; clearances; children never below their parent; the office's
downgrade in the audit trail; exports that carry the marking and the reader; the access log; and outsiders who
get 404 and see nothing in lists, counts or search."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from straiik.accounts.models import User
from straiik.core import markings
from straiik.core.models import AccessLogEntry, Clearance, NeedToKnowGroup, ObjectChange
from straiik.defport import services
from straiik.defport.matching import reset_index
from straiik.defport.models import Submission
from straiik.registry.models import Membership, Organisation
from tests.conftest import client_for, make_org, make_user

DV = "departementaal-vertrouwelijk"
SC = "stg-confidentieel"
SG = "stg-geheim"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_index() -> Any:
    reset_index()
    yield
    reset_index()


@pytest.fixture
def unit(office: User) -> Organisation:
    return make_org(by=office, name="Innovatiecel Sensoren", kind="defence-unit", areas=("sensors",))


@pytest.fixture
def unit_buyer(unit: Organisation) -> User:
    user = make_user("defence-buyer", username="unitbuyer")
    Membership.objects.create(user=user, organisation=unit)
    Clearance.objects.create(user=user, level=DV)
    return user


@pytest.fixture
def ukrainian() -> User:
    """A member of a verified Ukrainian company."""
    person = make_user(username="oksana")
    make_org(by=person, name="Kyiv Drones TOV", country="UA", province="", city="Kyiv")
    return person


@pytest.fixture
def dutch() -> User:
    person = make_user(username="daan")
    make_org(by=person, name="Delftse Sensoren B.V.")
    return person


def need(unit_buyer: User, unit: Organisation, title: str = "Detectie van kleine drones", **marking: Any
         ) -> Submission:
    data = {"kind": "need", "title": title, "organisation": unit,
            "description": f"{title}: wij zoeken een draagbare radar voor kampementen.", **marking}
    return services.submission_create(user=unit_buyer, data=data, confirmed_not_duplicate=True)


def titles(response: Any) -> str:
    return response.content.decode()


# --- the ceiling ------------------------------------------------------------------------------------------------


def test_the_ceiling_is_refused_in_the_form_with_a_message(unit_buyer: User, unit: Organisation) -> None:
    Clearance.objects.filter(user=unit_buyer).update(level=SG)
    response = client_for(unit_buyer).post("/defport/new/need/", {
        "title": "Geheim", "description": "Iets geheims", "organisation": unit.pk, "sensitivity": "open",
        "classification": SG})
    assert response.status_code == 200
    page = response.content.decode()
    assert "above this instance&#x27;s ceiling" in page or "above this instance's ceiling" in page
    assert not Submission.objects.exists()
    # at the ceiling it is stored, and the page says so at its top and bottom
    response = client_for(unit_buyer).post("/defport/new/need/", {
        "title": "Vertrouwelijk", "description": "Iets vertrouwelijks", "organisation": unit.pk,
        "sensitivity": "open", "classification": DV})
    assert response.status_code == 302
    page = client_for(unit_buyer).get(response["Location"]).content.decode()
    assert 'id="marking-top"' in page and 'id="marking-bottom"' in page
    assert "DEPARTEMENTAAL VERTROUWELIJK" in page


def test_the_ceiling_is_refused_by_the_api_with_422(unit_buyer: User, unit: Organisation) -> None:
    body = {"kind": "need", "title": "Geheim", "description": "Iets geheims", "organisation": unit.slug,
            "classification": SC}
    response = client_for(unit_buyer).post("/api/v1/defport/submissions", body, content_type="application/json")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert "ceiling" in response.json()["message"]
    assert not Submission.objects.exists()
    ok = client_for(unit_buyer).post("/api/v1/defport/submissions", {**body, "classification": DV,
                                                                      "releasability": "NL+UA"},
                                     content_type="application/json")
    assert ok.status_code == 201, ok.content
    assert ok.json()["marking"]["classification"] == DV
    assert ok.json()["marking"]["releasability"] == "NL+UA"


def test_the_ceiling_is_refused_in_the_import(unit_buyer: User, unit: Organisation) -> None:
    from straiik.defport.importing import import_table

    text = ("kind,title,description,organisation,classification\n"
            f"need,Radar,Draagbare radar,{unit.slug},{SG}\n"
            f"need,Sonar,Draagbare sonar,{unit.slug},{DV}\n")
    report = import_table(user=unit_buyer, handle=io.BytesIO(text.encode()), filename="n.csv")
    assert {(i.row, i.column) for i in report.errors} == {(2, "classification")}
    assert "ceiling" in " ".join(i.message for i in report.errors)
    assert not Submission.objects.exists()


def test_nothing_above_the_ceiling_is_saved_any_other_way(unit_buyer: User, unit: Organisation) -> None:
    record = need(unit_buyer, unit)
    record.classification = SG
    with pytest.raises(ValidationError, match="ceiling"):
        record.save()


def test_no_one_marks_above_their_own_clearance(dutch: User) -> None:
    with pytest.raises(ValidationError, match="own clearance"):
        services.submission_create(user=dutch, data={"kind": "idea", "title": "Idee", "description": "Een idee",
                                                     "classification": DV})


# --- releasability ----------------------------------------------------------------------------------------------


def test_a_ukrainian_member_sees_nl_ua_records_but_not_nl_only(unit_buyer: User, unit: Organisation,
                                                                 ukrainian: User, dutch: User) -> None:
    both = need(unit_buyer, unit, "Voor NL en UA", releasability="NL+UA")
    nl = need(unit_buyer, unit, "Alleen NL", releasability="NL")
    assert markings.nations_of(ukrainian) == {"UA"}
    client = client_for(ukrainian)
    listing = client.get("/defport/").content.decode()
    assert "Voor NL en UA" in listing and "Alleen NL" not in listing
    assert client.get(both.get_absolute_url()).status_code == 200
    assert client.get(nl.get_absolute_url()).status_code == 404
    api = [s["id"] for s in client.get("/api/v1/defport/submissions").json()]
    assert both.pk in api and nl.pk not in api
    assert client.get(f"/api/v1/defport/submissions/{nl.pk}").status_code == 404
    # a Dutch member reads both
    dutch_client = client_for(dutch)
    assert dutch_client.get(nl.get_absolute_url()).status_code == 200
    assert dutch_client.get(both.get_absolute_url()).status_code == 200


def test_only_verified_organisations_give_a_nation(unit_buyer: User, unit: Organisation) -> None:
    person = make_user(username="unverified")
    make_org(by=person, name="Nog niet geverifieerd", country="UA", province="", city="Lviv", verified=False)
    record = need(unit_buyer, unit, "Voor NL en UA", releasability="NL+UA")
    assert markings.nations_of(person) == frozenset()
    assert client_for(person).get(record.get_absolute_url()).status_code == 404


# --- need-to-know groups ----------------------------------------------------------------------------------------


def test_need_to_know_group_added_and_removed(unit_buyer: User, unit: Organisation, dutch: User) -> None:
    owner = client_for(unit_buyer)
    response = owner.post("/markings/groups/", {"name": "Project Nachtuil", "description": "Dronedetectie"})
    group = NeedToKnowGroup.objects.get(name="Project Nachtuil")
    assert response.status_code == 302 and group.managed_by == unit_buyer
    record = need(unit_buyer, unit, "Nachtuil", need_to_know=group)
    reader = client_for(dutch)
    assert reader.get(record.get_absolute_url()).status_code == 404
    assert "Nachtuil" not in reader.get("/defport/").content.decode()

    owner.post(f"/markings/groups/{group.pk}/", {"username": dutch.username})
    assert group.members.filter(pk=dutch.pk).exists()
    reader = client_for(dutch)
    assert reader.get(record.get_absolute_url()).status_code == 200
    assert "Nachtuil" in reader.get("/defport/").content.decode()

    owner.post(f"/markings/groups/{group.pk}/", {"remove_user": dutch.username})
    reader = client_for(dutch)
    assert reader.get(record.get_absolute_url()).status_code == 404
    # the trail keeps who changed the group
    changes = ObjectChange.objects.filter(changed_object_id=group.pk, object_repr="Project Nachtuil")
    assert changes.count() == 3


def test_need_to_know_through_an_organisation(unit_buyer: User, unit: Organisation, dutch: User) -> None:
    group = NeedToKnowGroup.objects.create(name="Partners", managed_by=unit_buyer)
    group.members.add(unit_buyer)
    record = need(unit_buyer, unit, "Voor partners", need_to_know=group)
    assert client_for(dutch).get(record.get_absolute_url()).status_code == 404
    group.organisations.add(Organisation.objects.get(name="Delftse Sensoren B.V."))
    assert client_for(dutch).get(record.get_absolute_url()).status_code == 200


def test_only_a_manager_changes_a_group(unit_buyer: User, dutch: User) -> None:
    group = NeedToKnowGroup.objects.create(name="Besloten", managed_by=unit_buyer)
    group.members.add(unit_buyer, dutch)
    assert client_for(dutch).post(f"/markings/groups/{group.pk}/", {"username": "office"}).status_code == 403
    assert client_for(make_user(username="vreemde")).get(f"/markings/groups/{group.pk}/").status_code == 404


def test_a_group_one_may_not_use_is_refused(unit_buyer: User, unit: Organisation, dutch: User) -> None:
    group = NeedToKnowGroup.objects.create(name="Van een ander", managed_by=dutch)
    with pytest.raises(ValidationError, match="need-to-know group"):
        need(unit_buyer, unit, "Niet mijn groep", need_to_know=group)


# --- clearances -------------------------------------------------------------------------------------------------


def test_a_clearance_set_by_the_office_opens_a_classified_record(unit_buyer: User, unit: Organisation,
                                                                   dutch: User, office: User) -> None:
    record = need(unit_buyer, unit, "Vertrouwelijk", classification=DV)
    assert client_for(dutch).get(record.get_absolute_url()).status_code == 404
    assert client_for(dutch).get("/markings/clearances/").status_code == 403
    response = client_for(office).post("/markings/clearances/", {"username": dutch.username, "level": DV})
    assert response.status_code == 302
    assert Clearance.objects.get(user=dutch).set_by == office
    assert client_for(dutch).get(record.get_absolute_url()).status_code == 200


# --- inheritance and the downgrade ------------------------------------------------------------------------------


@pytest.fixture
def network(buyer: User) -> Any:
    from straiik.supply.models import SupplyNetwork

    return SupplyNetwork.objects.create(name="Munitieketen", created_by=buyer)


def test_children_are_never_marked_below_their_parent(network: Any, buyer: User) -> None:
    from straiik.supply.models import SupplyAnalysis

    network.classification = DV
    network.releasability = "NL"
    network.save()
    analysis = SupplyAnalysis.objects.create(network=network, kind="overview", requested_by=buyer,
                                              network_updated_at=network.updated_at)
    assert (analysis.classification, analysis.releasability) == (DV, "NL")
    # asked lower, it still gets its parent's marking
    lower = SupplyAnalysis.objects.create(network=network, kind="overview", requested_by=buyer,
                                          network_updated_at=network.updated_at, classification="ongerubriceerd")
    assert lower.classification == DV
    # raising the parent raises the children
    group = NeedToKnowGroup.objects.create(name="Munitie")
    network.need_to_know = group
    network.save()
    analysis.refresh_from_db()
    assert analysis.need_to_know == group


def test_the_office_downgrade_is_logged_with_its_reason(network: Any, buyer: User, office: User) -> None:
    from straiik.supply.models import SupplyAnalysis

    network.classification = DV
    network.save()
    analysis = SupplyAnalysis.objects.create(network=network, kind="overview", requested_by=buyer,
                                              network_updated_at=network.updated_at)
    url = f"/markings/supply.supplyanalysis/{analysis.pk}/downgrade/"
    assert client_for(buyer).get(url).status_code == 404
    response = client_for(office).post(url, {"classification": "ongerubriceerd", "releasability": "",
                                             "reason": "Alleen publieke bronnen"})
    assert response.status_code == 302
    analysis.refresh_from_db()
    assert analysis.classification == "ongerubriceerd" and analysis.marking_downgraded
    change = ObjectChange.objects.filter(changed_object_id=analysis.pk, action="update").latest("time")
    assert change.user == office
    assert change.prechange_data["classification"] == DV
    assert change.postchange_data["downgrade_reason"] == "Alleen publieke bronnen"
    # the downgrade holds when the parent is saved again
    network.description = "bijgewerkt"
    network.save()
    analysis.refresh_from_db()
    assert analysis.classification == "ongerubriceerd"
    from straiik.core.errors import Refused

    with pytest.raises(Refused, match="Only the programme office"):
        markings.marking_downgrade(record=analysis, user=buyer, classification="ongerubriceerd", reason="x")


# --- exports, the access log ------------------------------------------------------------------------------------


def test_exports_carry_the_marking_and_the_reader(network: Any, buyer: User) -> None:
    Clearance.objects.create(user=buyer, level=DV)
    network.classification = DV
    network.releasability = "NL+UA"
    network.save()
    response = client_for(buyer).get(f"/supply/{network.pk}/export/")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["marking"]["classification"] == DV and data["marking"]["releasability"] == "NL+UA"
    assert "Exported by buyer" in data["marking"]["exported"]
    assert AccessLogEntry.objects.filter(object_id=network.pk, action="download", user=buyer).exists()


def test_pdf_docx_and_xlsx_exports_carry_header_and_footer(network: Any, buyer: User, rf: Any) -> None:
    from docx import Document
    from openpyxl import Workbook, load_workbook
    from pypdf import PdfReader
    from reportlab.platypus import Paragraph

    from straiik.core.pdf import document, docx_page, styles

    network.classification = DV
    network.save()
    request = rf.get("/")
    request.user = buyer
    with markings.exporting(request, [network]) as stamp:
        out = io.BytesIO()
        doc = document(out)
        doc.build([Paragraph("Inhoud", styles()["BodyText"])])
        word = Document()
        docx_page(word.sections[0])
        book = Workbook()
        book.active.append(["a", "b"])
        raw = io.BytesIO()
        book.save(raw)
        xlsx = stamp.xlsx(raw.getvalue())
    text = PdfReader(io.BytesIO(out.getvalue())).pages[0].extract_text()
    assert "DEPARTEMENTAAL VERTROUWELIJK" in text and "Exported by buyer" in text
    assert word.sections[0].header.paragraphs[0].text.startswith("DEPARTEMENTAAL VERTROUWELIJK")
    assert "Exported by buyer" in word.sections[0].footer.paragraphs[0].text
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet.cell(row=1, column=1).value.startswith("DEPARTEMENTAAL VERTROUWELIJK")
    assert "Exported by buyer" in sheet.cell(row=1, column=2).value
    assert sheet.cell(row=2, column=1).value == "a"


def test_the_access_log_records_views_and_the_owner_sees_it(unit_buyer: User, unit: Organisation,
                                                               office: User) -> None:
    reader = make_user("defence-buyer", username="lezer")
    Clearance.objects.create(user=reader, level=DV)
    plain = need(unit_buyer, unit, "Gewoon")
    marked = need(unit_buyer, unit, "Vertrouwelijk", classification=DV)
    client_for(reader).get(plain.get_absolute_url(), REMOTE_ADDR="192.0.2.7")
    client_for(reader).get(marked.get_absolute_url(), REMOTE_ADDR="192.0.2.7")
    client_for(reader).get(f"/api/v1/defport/submissions/{marked.pk}")
    entries = AccessLogEntry.objects.filter(user=reader)
    assert {(e.object_id, e.action) for e in entries} == {(marked.pk, "view"), (marked.pk, "api")}
    view = entries.get(action="view")
    assert view.ip == "192.0.2.7" and view.path == marked.get_absolute_url() and view.classification == DV
    url = f"/markings/defport.submission/{marked.pk}/access/"
    page = client_for(unit_buyer).get(url)
    assert page.status_code == 200 and "lezer" in page.content.decode()
    assert client_for(office).get(url).status_code == 200
    assert client_for(reader).get(url).status_code == 404


# --- outsiders --------------------------------------------------------------------------------------------------


def test_outsiders_get_404_and_see_nothing_in_lists_counts_or_search(unit_buyer: User, unit: Organisation,
                                                                       outsider: User) -> None:
    record = need(unit_buyer, unit, "Zeldzame aardmetalen", classification=DV)
    client = client_for(outsider)
    assert client.get(record.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/defport/submissions/{record.pk}").status_code == 404
    assert "Zeldzame" not in client.get("/defport/").content.decode()
    from straiik.defport import selectors

    assert selectors.submission_list(user=outsider).count() == 0
    assert selectors.submission_list(user=unit_buyer).count() == 1
    assert client.get(f"/markings/defport.submission/{record.pk}/access/").status_code == 404
    # the duplicate check (a search of every submission) does not name it to a buyer outside the marking
    other_buyer = make_user("defence-buyer", username="anderebuyer")
    other_unit = make_org(by=make_user("programme-office"), name="Andere eenheid", kind="defence-unit")
    Membership.objects.create(user=other_buyer, organisation=other_unit)
    same_text = {"kind": "need", "title": record.title, "description": record.description,
                 "organisation": other_unit}
    services.submission_create(user=other_buyer, data=same_text, submit=True)  # no PossibleDuplicates
    cleared = make_user("defence-buyer", username="gemachtigd")
    Membership.objects.create(user=cleared, organisation=other_unit)
    Clearance.objects.create(user=cleared, level=DV)
    with pytest.raises(services.PossibleDuplicates) as warning:
        services.submission_create(user=cleared, data={**same_text, "title": record.title + " bis"})
    assert record in [found for found, _score in warning.value.candidates]


def test_the_registry_sensitive_fields_follow_the_organisation_marking(dutch: User) -> None:
    from straiik.registry.permissions import can_view_sensitive

    company = Organisation.objects.get(name="Delftse Sensoren B.V.")
    company.classification = DV
    company.save()
    buyer = make_user("defence-buyer", username="screener")
    assert not markings.is_marked(Organisation)  # the organisation itself stays listed
    assert not can_view_sensitive(buyer, company)
    assert can_view_sensitive(dutch, company)  # its own member
    Clearance.objects.create(user=buyer, level=DV)
    markings.forget_reader(buyer)
    assert can_view_sensitive(buyer, company)


def test_every_sensitive_model_carries_a_marking() -> None:
    from django.apps import apps

    expected = {"defport.submission", "sdir.call", "sdir.proposal", "sdir.attachment", "sdir.assignment",
                "bundling.bundlinground", "bundling.demand", "bundling.offer", "bundling.bundlingrun",
                "supply.supplynetwork", "supply.supplyanalysis", "agenda.action"}
    marked = {m._meta.label_lower for m in apps.get_models() if markings.is_marked(m)}
    assert marked == expected


def test_the_registry_search_still_finds_organisations_after_the_markings_migration(dutch: User) -> None:
    """On SQLite the migration that adds the marking rebuilds the organisation table; the full-text index's
    triggers must be rebuilt with it (on PostgreSQL the index survives)."""
    found = client_for(None).get("/api/v1/registry/organisations?q=Delftse").json()
    assert found["count"] == 1
