"""The demo data `make run` loads, for browser tests that look at every app's pages (charts, a phone, axe):
a small fictional ecosystem, the demo accounts, a solved bundling round, Defport submissions, SDIR calls, the
STRAIIK-D agendas, and a supply chain (Willems chain 1) with an overview and a disruption scenario analysed."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.management import call_command
from playwright.sync_api import Page

from straiik.work.management.commands.demo import DEMO_PASSWORD

LANGUAGES = ("nl", "en", "uk")


@dataclass
class Demo:
    network_id: int
    overview_id: int
    scenario_id: int


def load_demo() -> Demo:
    from straiik.accounts.models import User
    from straiik.supply import services as supply
    from tests.conftest import enrol_if_required

    call_command("demo", orgs=120, seed=1, verbosity=0)
    for user in User.objects.all():
        enrol_if_required(user)  # the demo accounts' roles need a second factor (a TOTP the tests compute)
    office = User.objects.get(username="office")
    network = supply.network_from_willems(user=office, chain=1)
    overview = supply.analysis_request(user=office, network=network, kind="overview", enqueue=False)
    supply.analysis_execute(overview.pk)
    site = network.nodes.exclude(country="").order_by("key").first()
    scenario = supply.analysis_request(user=office, network=network, kind="scenario", enqueue=False,
                                       params={"target_kind": "site", "target": site.key, "weeks": 8})
    supply.analysis_execute(scenario.pk)
    return Demo(network_id=network.pk, overview_id=overview.pk, scenario_id=scenario.pk)


def log_in_as(page: Page, username: str) -> None:
    """Log in with the demo password whatever the page's language (with the TOTP code where the role needs one)."""
    from tests.browser.test_registry_flow import log_in

    log_in(page, username, DEMO_PASSWORD)


def speak(page: Page, language: str, base_url: str) -> None:
    """Choose the interface language as the language menu does (Django's language cookie)."""
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])


def main_pages(demo: Demo) -> list[str]:
    """The main page of every app and a detail page of each, as the programme office sees them."""
    from straiik.agenda.models import Action, Agenda
    from straiik.bundling.models import BundlingRound, BundlingRun
    from straiik.defport.models import Submission
    from straiik.registry.models import Organisation
    from straiik.sdir.models import Call

    year = Agenda.objects.latest("year").year
    return [
        "/", "/registry/", Organisation.objects.filter(is_demo=True).order_by("pk").first().get_absolute_url(),
        "/registry/ecosystem/", "/defport/", "/defport/dashboard/",
        Submission.objects.order_by("pk").first().get_absolute_url(),
        "/sdir/", Call.objects.filter(decision__isnull=False).first().get_absolute_url(), "/sdir/dashboard/",
        "/bundling/", BundlingRound.objects.order_by("pk").first().get_absolute_url(),
        BundlingRun.objects.filter(status="done").latest("pk").get_absolute_url(),
        "/supply/", f"/supply/{demo.network_id}/", f"/supply/analyses/{demo.scenario_id}/",
        "/agenda/", f"/agenda/{year}/", Action.objects.order_by("pk").first().get_absolute_url(),
        "/accounts/profile/",
    ]
