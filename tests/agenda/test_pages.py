"""The agenda's pages and API: who sees and does what, forms and JSON with bad input, the dashboards, the timeline
and the downloads."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from straiik.agenda import demo, services
from straiik.agenda.models import Action, Agenda, ParliamentaryItem
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db

API = "/api/v1/agenda"


def form_data(owner: str = "", **changes: Any) -> dict[str, Any]:
    data = {"title": "Lever 2 radardemonstrators", "area": "sensors", "theme": "sdir", "owner": owner,
            "owner_person": "projectleider radar", "start": "2026-03-01", "deadline": "2026-10-31",
            "indicator_code": "", "indicator_name": "demonstrators", "baseline": "0", "target": "2",
            "unit": "demonstrators", "budget_eur": "", "status": "planned", "description": "", "objective": ""}
    data.update(changes)
    return data


def test_a_draft_is_for_signed_in_readers_a_published_agenda_for_everyone(agenda: Agenda, action: Action,
                                                                          office: Any) -> None:
    anonymous, reader = client_for(None), client_for(make_user())
    assert anonymous.get("/agenda/2026/").status_code == 404
    assert b"STRAIIK-D 2026" not in anonymous.get("/agenda/").content
    assert [a["year"] for a in anonymous.get(f"{API}/agendas").json()] == []
    page = reader.get("/agenda/2026/")
    assert page.status_code == 200 and b"Gun 8 haalbaarheidsstudies" in page.content
    assert b'id="add-action"' not in page.content  # readers do not edit
    services.agenda_transition(user=office, agenda=agenda, action="publish")
    page = anonymous.get("/agenda/2026/")
    assert page.status_code == 200 and b"Gun 8 haalbaarheidsstudies" in page.content
    assert b'id="history"' not in page.content  # the history is for those signed in
    assert anonymous.get(action.get_absolute_url()).status_code == 200
    assert anonymous.get("/agenda/2026/actions/new/").status_code == 302  # to the login page
    assert reader.get("/agenda/2026/actions/new/").status_code == 403
    assert reader.post("/agenda/2026/actions/new/", form_data()).status_code == 403
    assert anonymous.post(f"{API}/agendas/2026/actions", {"title": "x"}, content_type="application/json"
                          ).status_code == 401


def test_the_office_adds_an_action_and_bad_input_is_explained(agenda: Agenda, office: Any, owner_org: Any) -> None:
    client = client_for(office)
    bad = client.post("/agenda/2026/actions/new/", form_data(owner_org.slug, deadline="2025-12-31", unit=""))
    assert bad.status_code == 400
    assert "lies before the agenda year 2026" in bad.content.decode()
    assert "A target needs a unit" in bad.content.decode()
    unknown = client.post("/agenda/2026/actions/new/", form_data("no-such-organisation"))
    assert "There is no organisation “no-such-organisation”" in unknown.content.decode()
    response = client.post("/agenda/2026/actions/new/", form_data(owner_org.slug))
    action = Action.objects.get()
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    assert action.owner_organisation == owner_org and action.code == "2026-01"
    page = client.get(action.get_absolute_url()).content.decode()
    assert "concrete and executable" in page and "Report progress" in page


def test_owners_report_progress_with_evidence(action: Action, owner_member: Any, buyer: Any) -> None:
    url = f"/agenda/actions/{action.pk}/progress/"
    report = {"reported_on": "2026-11-20", "status": "in_progress", "progress": "40", "value": "3",
              "text": "Drie studies gegund.", "evidence_url": ""}
    assert client_for(buyer).post(url, report).status_code == 403
    client = client_for(owner_member)
    assert b"Report progress" in client.get(action.get_absolute_url()).content
    response = client.post(url, report | {"evidence_file": SimpleUploadedFile("brief.pdf", b"%PDF-1.4 x")})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress) == ("in_progress", 40)
    update = action.updates.get()
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Drie studies gegund." in page and f"/agenda/evidence/{update.pk}/" in page
    assert client.get(f"/agenda/evidence/{update.pk}/").getvalue() == b"%PDF-1.4 x"
    assert client_for(None).get(f"/agenda/evidence/{update.pk}/").status_code == 302
    # through htmx: an error comes back as the form, a success as a redirect to the reloaded page
    partial = client.post(url, report | {"reported_on": "2027-01-01"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and b"Progress is reported up to today" in partial.content
    assert b"<html" not in partial.content
    done = client.post(url, report | {"status": "done"}, HTTP_HX_REQUEST="true")
    assert done.status_code == 204 and done["HX-Redirect"] == action.get_absolute_url()


def test_the_dashboards_timeline_and_indicators_show_the_demo(office: Any) -> None:
    demo.load(1)
    client = client_for(office)
    overview = client.get("/agenda/2026/").content.decode()
    assert "Voorbeeldinhoud" in overview and 'id="overdue-table"' in overview
    assert overview.count('class="share-bar') == 8  # six areas, the actions across them, and all actions
    area = client.get("/agenda/2026/areas/sensors/").content.decode()
    assert "Gun 8 haalbaarheidsstudies" in area and "overdue" in area
    assert "Ambition 2025" in area and "<ins>" in area  # this year's changes against last year's
    assert 'data-code="defport.needs_on_time.sensors"' in area and "Cannot be computed" in area
    timeline = client.get("/agenda/2026/timeline/").content.decode()
    assert timeline.count('class="action-bar') == 13 and 'class="action-bar overdue' in timeline
    indicators = client.get("/agenda/2026/indicators/").content.decode()
    assert 'data-code="bundling.joint_procurements"' in indicators and "polyline" in indicators
    assert client.get("/agenda/").status_code == 200 and client.get("/agenda/parliament/").status_code == 200
    item = ParliamentaryItem.objects.get(title="Motie Heise c.s.")
    assert "the number within the dossier is missing" in client.get(item.get_absolute_url()).content.decode()


def test_the_report_downloads_and_bad_dates_are_explained(action: Action, office: Any) -> None:
    client = client_for(office)
    pdf = client.get("/agenda/2026/report/", {"date": "2026-11-28", "language": "nl", "format": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    assert "straiik-d-2026-voortgang-2026-11-28-nl.pdf" in pdf["Content-Disposition"]
    docx = client.get("/agenda/2026/report/", {"date": "2026-11-28", "language": "en", "format": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    bad = client.get("/agenda/2026/report/", {"date": "2025-06-01", "language": "nl", "format": "pdf"})
    assert bad.status_code == 400 and "lies before the agenda year 2026" in bad.content.decode()
    api = client.get(f"{API}/agendas/2026/report", {"date": "2026-12-24"})
    assert api.status_code == 422 and "up to today" in api.json()["message"]


def test_the_api_creates_checks_and_reports(agenda: Agenda, office: Any, owner_org: Any, owner_member: Any) -> None:
    client = client_for(office)
    body = {"title": "Gun 8 haalbaarheidsstudies", "area": "sensors", "owner_organisation": owner_org.slug,
            "owner_person": "hoofd inkoop", "deadline": "2026-06-30", "baseline": 0, "target": 8, "unit": "studies"}
    created = client.post(f"{API}/agendas/2026/actions", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["concrete"] is True and created.json()["overdue"] is True
    action_id = created.json()["id"]
    bad = client.post(f"{API}/agendas/2026/actions", body | {"deadline": "2025-01-01", "unit": ""},
                      content_type="application/json")
    assert bad.status_code == 422
    errors = bad.json()["errors"]
    assert "lies before the agenda year 2026" in errors["deadline"][0] and "needs a unit" in errors["unit"][0]
    vague = client.post(f"{API}/agendas/2026/actions", {"title": "Explore quantum radar"},
                        content_type="application/json").json()
    assert vague["concrete"] is False and {p["rule"] for p in vague["problems"]} == {
        "no-owner", "no-deadline", "no-indicator", "vague"}
    quality = client.get(f"{API}/agendas/2026/quality").json()
    assert quality["overall"] == {"total": 2, "concrete": 1, "share": 0.5}
    assert quality["by_area"]["sensors"]["share"] == 1.0
    assert quality["not_concrete"][0]["action"] == "2026-02" and len(quality["not_concrete"][0]["problems"]) == 4
    progress = client_for(owner_member).post(f"{API}/actions/{action_id}/progress", {
        "status": "in_progress", "progress": 25, "text": "Twee gegund.", "value": 2}, content_type="application/json")
    assert progress.status_code == 201 and progress.json()["value"] == 2.0
    forbidden = client_for(owner_member).patch(f"{API}/actions/{action_id}", {"target": 9},
                                               content_type="application/json")
    assert forbidden.status_code == 403 and "programme office" in forbidden.json()["message"]
    item = client.post(f"{API}/parliament", {"kind": "motion", "reference": "Kamerstuk 34225-58",
                                             "title": "Motie Erkens", "actions": ["2026-01"]},
                       content_type="application/json")
    assert item.status_code == 201 and item.json()["reference"] == "Kamerstuk 34 225, nr. 58"
    bad_item = client.post(f"{API}/parliament", {"kind": "motion", "reference": "nr. 58", "title": "M"},
                           content_type="application/json")
    assert bad_item.status_code == 422 and "reference" in bad_item.json()["errors"]


def test_indicators_over_the_api_say_why_they_cannot_be_computed(db: Any) -> None:
    client = client_for(None)
    codes = [i["code"] for i in client.get(f"{API}/indicators").json()]
    assert "defport.needs_on_time" in codes and "bundling.savings" in codes and "supply.open_spofs" in codes
    value = client.get(f"{API}/indicators/bundling.joint_procurements", {"year": 2026}).json()
    assert value == {"code": "bundling.joint_procurements", "year": 2026, "as_of": "2026-11-28", "value": 0.0,
                     "unit": "procurements", "detail": {"contracted": 0}}
    early = client.get(f"{API}/indicators/defport.needs_on_time", {"year": 2019})
    assert early.status_code == 422 and "The strategy starts in 2025" in early.json()["message"]
    unknown = client.get(f"{API}/indicators/sdir.unknown", {"year": 2026})
    assert unknown.status_code == 422 and json.dumps(unknown.json()["errors"]).count("There is no indicator") == 1


def test_the_office_forms(agenda: Agenda, action: Action, office: Any, unit_need: Any) -> None:
    client = client_for(office)
    for url in ("/agenda/new/", "/agenda/2026/edit/", "/agenda/2026/ambitions/sensors/", "/agenda/2026/objectives/new/",
                f"/agenda/actions/{action.pk}/edit/", "/agenda/parliament/new/", "/agenda/2026/report/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/agenda/2026/ambitions/cooking/").status_code == 404
    early = client.post("/agenda/new/", {"year": "2024", "title": "", "summary": ""})
    assert "greater than or equal to 2025" in early.content.decode()
    assert client.post("/agenda/new/", {"year": "2027", "copy_previous": "on"}).status_code == 302
    response = client.post("/agenda/2026/ambitions/sensors/", {"text": "Sterk in radar.", "change_note": "Nieuw."})
    assert response.status_code == 302 and agenda.ambitions.get(area="sensors").change_note == "Nieuw."
    assert client.post("/agenda/2026/objectives/new/", {"title": "Defport als voordeur", "area": "", "theme": "hub",
                                                        "description": "", "position": "1"}).status_code == 302
    bad = client.post("/agenda/parliament/new/", {"kind": "motion", "reference": "Kamerstuk 3659, nr. 1",
                                                  "title": "Motie X", "status": "open"})
    assert bad.status_code == 400 and "a dossier number has five digits" in bad.content.decode()
    good = client.post("/agenda/parliament/new/", {"kind": "commitment", "reference": "Kamerstuk 36 592, nr. 12",
                                                   "title": "Kabinetsreactie AWTI", "status": "in_progress",
                                                   "actions": [action.pk]})
    assert good.status_code == 302 and ParliamentaryItem.objects.get().actions.get() == action
    client.post(f"/agenda/actions/{action.pk}/links/", {"kind": "defport-need", "target_id": unit_need.pk, "url": ""})
    page = client.get(action.get_absolute_url()).content.decode()
    assert unit_need.title in page and "Kabinetsreactie AWTI" in page
    link = action.links.get()
    assert client.post(f"/agenda/links/{link.pk}/delete/").status_code == 302 and not action.links.exists()
    assert client.post("/agenda/2026/status/", {"action": "publish"}).status_code == 302
    agenda.refresh_from_db()
    assert agenda.is_published
    assert client.post("/agenda/2026/indicators/refresh/", {}).status_code == 302
