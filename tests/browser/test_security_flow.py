"""The Content-Security-Policy in a real browser: the main page of every app, the API docs and the admin
raise no policy violation, and what moved out of inline handlers still works (language menu, CPV
suggestions, sizes set from data attributes)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from straiik.accounts.roles import Role
from straiik.accounts.services import user_create
from straiik.registry import demo, services
from tests.browser.test_registry_flow import log_in
from tests.conftest import enrol_if_required

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]
PASSWORD = "correct-horse-battery-staple"
WATCH = """document.addEventListener('securitypolicyviolation', function (e) {
  (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' '
    + (e.sourceFile || '') + ':' + (e.lineNumber || ''));
});"""


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__csp || []")


def test_main_pages_raise_no_policy_violation(page: Page) -> None:
    office = user_create(actor=None, username="cspoffice", password=PASSWORD, roles=[Role.PROGRAMME_OFFICE],
                         is_staff=True, is_superuser=True)
    enrol_if_required(office)
    orgs = services.organisations_bulk_create(user=None, specs=list(demo.generate(12, seed=5)), is_demo=True)
    page.add_init_script(WATCH)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(page, office.username, PASSWORD)
    seen = {}
    for url in ("/", "/registry/", orgs[0].get_absolute_url(), "/registry/ecosystem/", "/defport/", "/sdir/",
                "/bundling/", "/supply/", "/agenda/", "/accounts/profile/", "/api/v1/docs", "/admin/",
                "/admin/registry/organisation/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        seen[url] = violations(page)
    # the live search (htmx) swaps results in without a violation
    page.goto("/registry/")
    page.locator("input[name=q]").first.fill(orgs[1].name.split()[0])
    page.wait_for_load_state("networkidle")
    seen["/registry/ (live search)"] = violations(page)
    assert all(not found for found in seen.values()), seen
    assert not console, console


def test_moved_handlers_still_work(page: Page) -> None:
    user = user_create(actor=None, username="handlers", password=PASSWORD)
    org = services.organisation_create(user=user, data={"name": "Handler B.V.", "kind": "sme"}, areas=["sensors"])
    page.add_init_script(WATCH)
    log_in(page, "handlers", PASSWORD)
    # the language menu submits itself on change (data-autosubmit)
    page.wait_for_load_state("load")  # behaviour.js is deferred: a person cannot be faster than it
    page.locator("#language-select").select_option("nl")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.wait_for_load_state("load")
    page.locator("#language-select").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # a CPV suggestion appends its code to the field (data-append-code)
    page.goto(f"/registry/{org.slug}/capability/add/")
    page.wait_for_load_state("load")
    page.locator("#cpv-q").fill("radar")
    page.locator("#cpv-results button").first.click()
    expect(page.locator("#id_cpv")).to_have_value(page.locator("#cpv-results button").first.get_attribute(
        "data-append-code"))
    # the heatmap's width comes from its data attribute
    page.goto("/registry/ecosystem/")
    heatmap = page.locator("#heatmap")
    assert heatmap.evaluate("el => el.style.maxWidth") == heatmap.get_attribute("data-max-width-px") + "px"
    assert violations(page) == []
