"""Markings on agenda actions (issue 13): a marked action is not on the public agenda page nor in the public
report to Parliament; a cleared reader sees it, and its page logs the reading."""

from __future__ import annotations

from typing import Any

from straiik.accounts.models import User
from straiik.agenda import report, services
from straiik.agenda.models import Action, Agenda
from straiik.core.models import AccessLogEntry, Clearance
from tests.agenda.conftest import action_data
from tests.conftest import client_for, make_user

DV = "departementaal-vertrouwelijk"


def test_a_marked_action_is_kept_from_the_public_and_the_report(agenda: Agenda, office: User) -> None:
    services.action_create(user=office, agenda=agenda, data=action_data(None, title="Openbare actie"))
    hidden = services.action_create(user=office, agenda=agenda, data=action_data(
        None, title="Vertrouwelijke munitieactie", classification=DV))
    assert Action.objects.get(pk=hidden.pk).classification == DV
    reader = make_user(username="burger")
    page = client_for(reader).get(f"/agenda/{agenda.year}/").content.decode()
    assert "Openbare actie" in page and "Vertrouwelijke munitieactie" not in page
    assert client_for(reader).get(hidden.get_absolute_url()).status_code == 404
    built: Any = report.build(agenda, agenda_date(), "en")
    assert "Vertrouwelijke munitieactie" not in repr(built)
    assert "Openbare actie" in repr(built)
    Clearance.objects.create(user=reader, level=DV)
    cleared = client_for(reader)
    assert "Vertrouwelijke munitieactie" in cleared.get(f"/agenda/{agenda.year}/").content.decode()
    assert cleared.get(hidden.get_absolute_url()).status_code == 200
    assert AccessLogEntry.objects.filter(user=reader, object_id=hidden.pk, action="view").count() == 1
    # the office sees it on its own page
    assert "Vertrouwelijke munitieactie" in client_for(office).get(f"/agenda/{agenda.year}/").content.decode()


def agenda_date() -> Any:
    from straiik.agenda import selectors

    return selectors.today()
