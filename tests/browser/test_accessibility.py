"""axe-core (vendored, offline) on the main page of every app, in Dutch: no serious or critical violation of the
WCAG 2.1 A/AA rules axe checks. The skip link is the first thing the keyboard reaches."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.demo_data import load_demo, log_in_as, main_pages, speak

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                                         "best-practice"]},
                                          resultTypes: ["violations"]});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}));
}"""


AXE_SOURCE = AXE.read_text(encoding="utf-8") + "\n;window.axe = axe;"


def test_no_serious_accessibility_violation_on_the_main_pages(page: Page, live_server: Any) -> None:
    demo = load_demo()
    speak(page, "nl", live_server.url)
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    found: dict[str, list[dict[str, Any]]] = {}
    anonymous = ["/", "/accounts/login/"]  # the rest as the programme office, who sees the most
    for url in anonymous:
        found[f"(anonymous) {url}"] = _axe(page, url)
    log_in_as(page, "office")
    for url in main_pages(demo):
        found[url] = _axe(page, url)
    serious = {url: [v for v in violations if v["impact"] in ("serious", "critical")]
               for url, violations in found.items()}
    report = "\n".join(f"{url}: {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}"
                       for url, violations in serious.items() for v in violations)
    assert not report, report


def _axe(page: Page, url: str) -> list[dict[str, Any]]:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    # Evaluated through the DevTools protocol: a <script> tag would be refused by the Content-Security-Policy,
    # which allows no inline script (and axe is never served by the platform).
    page.evaluate(AXE_SOURCE)
    return page.evaluate(RUN_AXE)
