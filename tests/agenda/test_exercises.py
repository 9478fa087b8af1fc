"""Exercises apart from reality: records marked as exercises (and everything the demo loads) are left out of every
official indicator, the dashboards' totals and the report to Parliament, and counted when an office user asks;
only the office marks them; they carry a badge."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from straiik.agenda import report, services
from straiik.core import exercises
from straiik.core import indicators as registry
from straiik.defport import selectors as defport_selectors
from straiik.defport import services as defport
from tests.agenda.test_indicators import needs  # noqa: F401 - the five needs of 2026
from tests.conftest import client_for, make_org

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 11, 28)


def value(code: str) -> float:
    return registry.compute(code, 2026, AS_OF).value


def both(code: str) -> tuple[float | None, float | None]:
    """(official value, value with exercises); None where it cannot be computed."""
    def one() -> float | None:
        try:
            return value(code)
        except registry.NotComputable:
            return None

    official = one()
    with exercises.including():
        with_exercises = one()
    return official, with_exercises


def test_exercises_are_left_out_of_every_indicator_and_counted_on_request(
        needs: list[Any], office: Any, bundling_round: Any) -> None:  # noqa: F811 - the fixture
    from straiik.bundling import services as bundling
    from straiik.supply import services as supply
    from tests.supply.test_platform import EDGES, NODES

    # Defport: one of the five needs of 2026 was an exercise
    exercises.exercise_set(user=office, instance=needs[0], is_exercise=True)
    assert both("defport.needs") == (4.0, 5.0)
    assert both("defport.needs_on_time") == (pytest.approx(100 / 3), 50.0)
    assert both("defport.days_to_answer") == (29.0, 19.0)  # 9 and 49 days; with the exercise 19, 9, 49
    # bundling: a walkthrough's acceptance is not reported savings
    exercises.exercise_set(user=office, instance=bundling_round, is_exercise=True)
    run = bundling.run_execute(bundling.run_request(user=office, round=bundling_round, enqueue=False).pk)
    lot = run.solution["lots"][0]
    bundling.procurement_accept(user=office, run=run, offer_code=lot["offer"], period=lot["period"])
    assert both("bundling.savings") == (0, pytest.approx(5_260))
    assert both("bundling.joint_procurements") == (0, 1)
    # supply: a research network's single points of failure are not the country's
    network = supply.network_create(user=office, name="Research set", is_exercise=True,
                                    parsed=supply.read_upload(nodes=NODES.encode(), edges=EDGES.encode()))
    supply.analysis_execute(supply.analysis_request(user=office, network=network, kind="overview", enqueue=False).pk)
    assert both("supply.open_spofs") == (None, 2)
    # the history stored for the year is the official one, whoever asks
    with exercises.including():
        services.indicators_refresh(user=office, year=2026)
    from straiik.agenda.models import IndicatorSnapshot

    assert IndicatorSnapshot.objects.get(code="defport.needs", as_of=AS_OF).value == 4.0
    # the triage dashboard's totals
    assert defport_selectors.dashboard(user=office)["counts"][1][2] + 1 == sum(
        1 for s in needs if s.state == "submitted")
    with exercises.including():
        assert defport_selectors.dashboard(user=office)["counts"][1][2] == sum(
            1 for s in needs if s.state == "submitted")


def test_sdir_demo_calls_are_exercises_until_the_office_counts_them(office: Any) -> None:
    from django.utils import timezone

    from straiik.registry.models import Organisation
    from straiik.sdir import demo as sdir_demo
    from straiik.sdir import selectors as sdir
    from straiik.sdir.models import Award, Call
    from tests.conftest import make_user

    for name, roles in (("buyer", ["defence-buyer"]), ("reviewer", ["reviewer"]), ("member", [])):
        make_user(*roles, username=name)
    for name, kind in (("Demo-eenheid", "defence-unit"), ("Demo-bedrijf", "sme"), ("Demo-bedrijf 2", "startup"),
                       ("Demo-bedrijf 3", "sme")):
        Organisation.objects.filter(pk=make_org(by=office, name=name, kind=kind).pk).update(is_demo=True)
    sdir_demo.load(seed=1)
    assert all(c.is_exercise for c in Call.objects.all())
    signed = timezone.localtime(Award.objects.first().signed_at).date()
    day = signed + dt.timedelta(days=1)
    assert registry.compute("sdir.awards", signed.year, day).value == 0
    assert sdir.dashboard()["awards"] == 0
    client = client_for(office)
    page = client.get("/sdir/dashboard/").content.decode()
    assert 'id="exercise-note"' in page and "2 exercise records" in page and "?exercises=1" in page
    included = client.get("/sdir/dashboard/?exercises=1").content.decode()
    assert "These figures include 2 exercise records" in included
    # the API too (an office session or token)
    assert client.get("/api/v1/sdir/indicators").json()["awards"] == 0
    assert client.get("/api/v1/sdir/indicators?exercises=1").json()["awards"] >= 1
    # the query parameter is the office's: others see the official figures whatever they ask
    assert "These figures include" not in client_for(make_user(username="curious")).get(
        "/sdir/dashboard/?exercises=1").content.decode()
    for call in Call.objects.all():
        exercises.exercise_set(user=office, instance=call, is_exercise=False)
    assert registry.compute("sdir.awards", signed.year, day).value == Award.objects.filter(
        signed_at__year=signed.year).count()
    assert sdir.dashboard()["awards"] == Award.objects.count()


def test_the_report_to_parliament_leaves_exercises_out_unless_asked(needs: list[Any],  # noqa: F811
                                                                   office: Any, agenda: Any) -> None:
    exercises.exercise_set(user=office, instance=needs[0], is_exercise=True)

    def needs_value(content: Any) -> str:
        return next(i.value for i in content.platform_indicators if i.code == "defport.needs")

    official = report.build(agenda, AS_OF, "en")
    assert needs_value(official) == "4 needs"
    assert not any("exercises" in p for p in official.summary)
    with exercises.including():
        with_exercises = report.build(agenda, AS_OF, "en")
    assert needs_value(with_exercises) == "5 needs"
    assert "include exercises, demonstrations and tests (1 records)" in with_exercises.summary[0]
    # the report form's option, for the office
    client = client_for(office)
    assert "include_exercises" in client.get("/agenda/2026/report/").content.decode()
    response = client.get("/agenda/2026/report/", {"date": "2026-11-28", "language": "en", "format": "docx",
                                                   "include_exercises": "on"})
    assert response.status_code == 200


def test_only_the_office_marks_exercises_and_they_carry_a_badge(office: Any) -> None:
    from straiik.registry.models import Membership
    from tests.conftest import make_user
    from tests.defport.conftest import need_data

    unit = make_org(by=office, name="Innovatiecel Sensoren", kind="defence-unit", areas=("sensors",))
    unit_buyer = make_user("defence-buyer", username="unitbuyer")
    Membership.objects.create(user=unit_buyer, organisation=unit)

    with pytest.raises(PermissionDenied):
        defport.submission_create(user=unit_buyer, data=need_data(unit), is_exercise=True)
    need = defport.submission_create(user=unit_buyer, data=need_data(unit))
    with pytest.raises(PermissionDenied):
        exercises.exercise_set(user=unit_buyer, instance=need, is_exercise=True)
    buyer_client = client_for(unit_buyer)
    assert buyer_client.post(f"/exercise/defport.submission/{need.pk}/", {"is_exercise": "1"}).status_code == 403
    assert 'name="is_exercise"' not in buyer_client.get("/defport/new/need/").content.decode()
    office_client = client_for(office)
    assert 'name="is_exercise"' in office_client.get("/defport/new/need/").content.decode()
    assert office_client.post(f"/exercise/defport.submission/{need.pk}/", {"is_exercise": "1"}).status_code == 302
    need.refresh_from_db()
    assert need.is_exercise
    assert 'class="badge exercise"' in buyer_client.get(need.get_absolute_url()).content.decode()
    assert 'class="badge exercise"' in office_client.get("/defport/dashboard/?exercises=1").content.decode()
    from straiik.core.models import ObjectChange

    change = ObjectChange.objects.filter(changed_object_id=need.pk, postchange_data={"is_exercise": True}).first()
    assert change is not None and change.user == office
    assert office_client.post("/exercise/registry.organisation/1/", {"is_exercise": "1"}).status_code == 404


def test_the_office_ticks_exercise_when_creating_a_round_a_network_or_a_submission(office: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from straiik.bundling.models import BundlingRound
    from straiik.defport.models import Submission
    from straiik.supply.models import SupplyNetwork
    from tests.supply.test_platform import EDGES, NODES

    client = client_for(office)
    assert 'name="is_exercise"' in client.get("/bundling/new/").content.decode()
    made = client.post("/bundling/new/", {
        "name": "Walkthrough", "periods_text": "2028-H1; 2028-H2", "currency": "eur", "min_buyers": 3,
        "min_eu_buyers": 2, "funding_min_eu_content": "0.65", "funding_share": "0.15",
        "funding_share_with_ukraine": "0.2", "ukraine_country": "ua", "time_limit": 60, "is_exercise": "on"})
    assert made.status_code == 302 and BundlingRound.objects.get(name="Walkthrough").is_exercise
    assert 'class="badge exercise"' in client.get("/bundling/").content.decode()

    made = client.post("/supply/", {"import-name": "Research set", "import-is_exercise": "on",
                                    "import-nodes": SimpleUploadedFile("n.csv", NODES.encode()),
                                    "import-edges": SimpleUploadedFile("e.csv", EDGES.encode())})
    assert made.status_code == 302 and SupplyNetwork.objects.get(name="Research set").is_exercise
    assert client.post("/supply/willems/", {"willems-chain": 3, "willems-is_exercise": "on"}).status_code == 302
    assert SupplyNetwork.objects.get(source="Willems 2008").is_exercise
    assert client.get("/supply/").content.decode().count('class="badge exercise"') == 2

    unit = make_org(by=office, name="Oefencel", kind="defence-unit", areas=("sensors",))
    made = client.post("/defport/new/need/", {"title": "Oefenbehoefte", "description": "Voor de training.",
                                              "organisation": unit.pk, "sensitivity": "open", "is_exercise": "on"})
    assert made.status_code == 302 and Submission.objects.get(title="Oefenbehoefte").is_exercise
