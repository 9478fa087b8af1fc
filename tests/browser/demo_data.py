"""The demo data `make run` loads, for browser tests that look at every app's pages (charts, a phone, axe):
a small fictional ecosystem, the demo accounts, a solved bundling round, Defport submissions, SDIR calls, the
STRAIIK-D agendas, and a supply chain (Willems chain 1) with an overview and a disruption scenario analysed."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.management import call_command
from playwright.sync_api import Page, expect

from straiik.registry.management.commands.demo import DEMO_PASSWORD

LANGUAGES = ("nl", "en", "uk")


@dataclass
class Demo:
    network_id: int
    overview_id: int
    scenario_id: int


def load_demo() -> Demo:
    from straiik.accounts.models import User
    from straiik.supply import services as supply

    call_command("demo", orgs=120, seed=1, verbosity=0)
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
    """Log in with the demo password whatever the page's language (the form's fields have fixed ids)."""
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page.locator("#current-user")).to_have_text(username)


def speak(page: Page, language: str, base_url: str) -> None:
    """Choose the interface language as the language menu does (Django's language cookie)."""
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
