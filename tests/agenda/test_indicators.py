"""The live indicators, computed from records created through the other apps' services: Defport answers within
the deadline, joint procurements and their savings, open single points of failure; what cannot be computed says
why; values are stored as history, also by the background worker."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from straiik.agenda import services
from straiik.agenda.models import IndicatorSnapshot
from straiik.core import exercises
from straiik.core import indicators as registry
from straiik.defport import services as defport
from straiik.defport.models import Submission
from tests.conftest import make_org

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=10, tzinfo=AMS)


@pytest.fixture
def needs(office: Any) -> list[Submission]:
    """Five needs of 2026: two answered in time, one late, one overdue and unanswered, one not yet due; one sensors
    need of 2025. Timestamps are set directly: the services stamp 'now'."""
    unit = make_org(by=office, name="Innovatiecel", kind="defence-unit", areas=("sensors",))
    rows = [  # submitted, due, answered, areas
        ("2026-02-01", "2026-03-03", "2026-02-20", ["sensors"]),
        ("2026-03-01", "2026-03-31", "2026-03-10", ["space"]),
        ("2026-04-01", "2026-05-01", "2026-05-20", ["sensors"]),
        ("2026-06-01", "2026-07-01", None, ["sensors"]),
        ("2026-11-20", "2026-12-20", None, ["space"]),
        ("2025-05-01", "2025-05-31", "2025-05-10", ["sensors"]),
    ]
    created = []
    for i, (submitted, due, answered, areas) in enumerate(rows):
        need = defport.submission_create(user=office, data={
            "kind": "need", "title": f"Behoefte {i}", "organisation": unit,
            "description": f"Een operationele behoefte nummer {i} aan iets heel anders."}, areas=areas,
            confirmed_not_duplicate=True)
        Submission.objects.filter(pk=need.pk).update(submitted_at=at(submitted), due_at=at(due),
                                                     answered_at=at(answered) if answered else None)
        created.append(need)
    return created


def value(code: str, year: int = 2026, as_of: dt.date = dt.date(2026, 11, 28)) -> float:
    return registry.compute(code, year, as_of).value


def test_needs_answered_within_the_deadline(needs: Any) -> None:
    # judged: the four due or answered by 28-11; on time: two of them (the not-yet-due one is not judged)
    assert value("defport.needs_on_time") == 50.0
    assert registry.compute("defport.needs_on_time", 2026, dt.date(2026, 11, 28)).detail == {"on_time": 2,
                                                                                           "judged": 4}
    assert value("defport.needs_on_time.sensors") == pytest.approx(100 / 3)
    assert value("defport.needs_on_time.space") == 100.0
    # as of 15 March only the first need was judged (answered in time); the second one was not yet due
    assert value("defport.needs_on_time", as_of=dt.date(2026, 3, 15)) == 100.0
    assert value("defport.needs_on_time", year=2025) == 100.0
    assert value("defport.needs") == 5 and value("defport.needs.sensors") == 3
    # answered after 19, 9 and 49 days: the median is 19
    assert value("defport.days_to_answer") == 19.0


def test_what_cannot_be_computed_says_why(needs: Any) -> None:
    cases = [
        ("defport.needs_on_time.quantum", 2026, dt.date(2026, 11, 28), "No Defport need submitted in 2026"),
        ("defport.needs_on_time", 2019, dt.date(2026, 11, 28), "The strategy starts in 2025"),
        ("defport.needs_on_time", 2027, dt.date(2026, 11, 28), "2027 had not begun"),
        ("sdir.unknown", 2026, dt.date(2026, 11, 28), "There is no indicator “sdir.unknown”"),
        ("supply.open_spofs", 2026, dt.date(2026, 11, 28), "No supply-chain analysis had finished"),
    ]
    for code, year, as_of, message in cases:
        with pytest.raises(registry.NotComputable) as caught:
            registry.compute(code, year, as_of)
        assert message in caught.value.message


def test_joint_procurements_and_their_savings(office: Any, bundling_round: Any) -> None:
    from straiik.bundling import services as bundling
    from straiik.bundling.models import JointProcurement

    run = bundling.run_execute(bundling.run_request(user=office, round=bundling_round, enqueue=False).pk)
    lot = run.solution["lots"][0]
    procurement = bundling.procurement_accept(user=office, run=run, offer_code=lot["offer"], period=lot["period"])
    assert value("bundling.joint_procurements") == 1
    assert value("bundling.savings") == pytest.approx(5_260)  # the hand-worked optimum of tests/bundling
    assert value("bundling.joint_procurements", year=2025, as_of=dt.date(2025, 12, 31)) == 0
    JointProcurement.objects.filter(pk=procurement.pk).update(status="cancelled")
    assert value("bundling.joint_procurements") == 0 and value("bundling.savings") == 0


def test_open_single_points_of_failure_in_the_latest_analyses(office: Any) -> None:
    from straiik.supply import services as supply
    from tests.supply.test_platform import EDGES, NODES


    network = supply.network_create(user=office, name="Shells", parsed=supply.read_upload(
        nodes=NODES.encode(), edges=EDGES.encode()))
    analysis = supply.analysis_execute(supply.analysis_request(user=office, network=network, kind="overview",
                                                               enqueue=False).pk)
    assert analysis.status == "done"
    measurement = registry.compute("supply.open_spofs", 2026, dt.date(2026, 11, 28))
    assert measurement.value == 2 and measurement.detail["networks"] == 1  # the body and the fuze


def test_the_agendas_own_share_of_concrete_actions(action: Any, agenda: Any, office: Any, owner_org: Any) -> None:
    from tests.agenda.conftest import action_data

    services.action_create(user=office, agenda=agenda, data=action_data(owner_org, title="Verkennen van radar"))
    assert value("agenda.concrete_actions") == 50.0


def test_values_are_stored_as_history_and_backfilled(needs: Any, office: Any) -> None:
    stored, skipped = services.indicators_refresh(user=office, year=2026)
    assert stored and "supply.open_spofs" in skipped
    today = IndicatorSnapshot.objects.get(code="defport.needs_on_time", year=2026, as_of=dt.date(2026, 11, 28))
    assert today.value == 50.0 and today.detail == {"on_time": 2, "judged": 4}
    added = services.indicators_backfill(user=office, year=2026)
    history = list(IndicatorSnapshot.objects.filter(code="defport.needs", year=2026).values_list("as_of", "value"))
    assert added > 0 and history[0] == (dt.date(2026, 1, 31), 0.0) and history[-1] == (dt.date(2026, 11, 28), 5.0)
    assert [v for d, v in history if d == dt.date(2026, 4, 30)] == [3.0]
    # stored values are kept: a correction in Defport does not rewrite what was reported
    Submission.objects.filter(title="Behoefte 0").delete()
    services.indicators_backfill(user=office, year=2026)
    assert IndicatorSnapshot.objects.get(code="defport.needs", year=2026, as_of=dt.date(2026, 4, 30)).value == 3.0


def test_a_viewed_agenda_asks_the_worker_for_todays_values(needs: Any, agenda: Any,
                                                           django_capture_on_commit_callbacks: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.indicators_request_refresh(year=2026)
    assert not services.indicators_request_refresh(year=2026)  # asked once a day
    assert not IndicatorSnapshot.objects.exists()
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert IndicatorSnapshot.objects.get(code="defport.needs", year=2026, as_of=dt.date(2026, 11, 28)).value == 5


def test_sdir_indicators_are_computed_from_the_calls_and_awards(office: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from straiik.core import indicators as registry
    from straiik.sdir import demo as sdir_demo
    from straiik.sdir.models import Award, Call

    year = timezone.localdate().year
    with pytest.raises(registry.NotComputable, match="notified its applicants"):
        registry.compute("sdir.days_to_notification", year, timezone.localdate())
    assert registry.compute("sdir.awards", year, timezone.localdate()).value == 0
    from tests.conftest import make_user

    for name, roles in (("buyer", ["defence-buyer"]), ("reviewer", ["reviewer"]), ("member", [])):
        make_user(*roles, username=name)
    from straiik.registry.models import Organisation
    from tests.conftest import make_org

    for name, kind in (("Demo-eenheid", "defence-unit"), ("Demo-bedrijf", "sme"), ("Demo-bedrijf 2", "startup"),
                       ("Demo-bedrijf 3", "sme")):
        Organisation.objects.filter(pk=make_org(by=office, name=name, kind=kind).pk).update(is_demo=True)
    sdir_demo.load(seed=1)
    awards = Award.objects.all()
    assert awards.exists()
    signed = timezone.localtime(awards.first().signed_at).date()
    # the demo's calls are exercises: left out of the official value, counted when asked
    assert registry.compute("sdir.awards", signed.year, signed + dt.timedelta(days=1)).value == 0
    with exercises.including():
        value = registry.compute("sdir.awards", signed.year, signed + dt.timedelta(days=1))
        assert value.value == Award.objects.filter(signed_at__year=signed.year).count()
        area = awards.first().call.area
        assert registry.compute(f"sdir.awards.{area}", signed.year, signed + dt.timedelta(days=1)).value >= 1
        notified = Call.objects.exclude(notified_at=None).first()
        if notified is not None:
            day = timezone.localtime(notified.notified_at).date()
            measured = registry.compute("sdir.days_to_notification", day.year, day + dt.timedelta(days=1))
            expected = (notified.notified_at - notified.closes_at).total_seconds() / 86_400
            assert measured.value == pytest.approx(expected, abs=0.1)
