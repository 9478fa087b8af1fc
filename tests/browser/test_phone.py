"""straiik on a phone (390 px wide, as an iPhone 12-15): no page scrolls sideways, the menu folds away behind
one button and opens with the keyboard, and the header stays small."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.demo_data import load_demo, log_in_as, main_pages, speak

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]

PHONE = {"width": 390, "height": 844}

# What sticks out past the window, for the failure message: the widest elements that end beyond it.
WIDE_JS = """(limit) => Array.from(document.querySelectorAll("body *"))
  .filter((el) => el.getBoundingClientRect().right > limit + 1)
  .map((el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}`
       + `${typeof el.className === "string" && el.className ? "." + el.className.split(" ").join(".") : ""}`
       + ` ${Math.round(el.getBoundingClientRect().right)}`)
  .slice(0, 6)"""


@pytest.fixture
def phone(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    context.set_default_timeout(10_000)
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    yield context.new_page()
    context.close()


def test_no_page_scrolls_sideways_on_a_phone(phone: Any, live_server: Any) -> None:
    demo = load_demo()
    page = phone
    speak(page, "nl", live_server.url)

    # the menu: folded behind one button, the header one line high; open, it shows every app
    page.goto("/")
    toggle = page.locator("#nav-toggle")
    expect(toggle).to_be_visible()
    expect(page.locator(".mainnav")).to_be_hidden()
    assert page.locator(".topbar").bounding_box()["height"] <= 64
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".mainnav").get_by_role("link", name="Register")).to_be_visible()
    page.screenshot(path=_shot("nl-390-menu-open"))
    page.keyboard.press("Enter")
    expect(page.locator(".mainnav")).to_be_hidden()
    log_in_as(page, "office")

    too_wide = []
    for url in main_pages(demo):
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append(f"{url}: {width} px wide; {page.evaluate(WIDE_JS, PHONE['width'])}")
        page.screenshot(path=_shot("nl-390" + url.replace("/", "_")))
    assert not too_wide, "\n".join(too_wide)


def _shot(name: str) -> str:
    from tests.browser.conftest import SCREENSHOTS, _safe

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(SCREENSHOTS / f"phone-{_safe(name)}.png")
