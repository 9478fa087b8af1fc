"""Fixtures for the browser tests: one headless Chromium per session, a fresh English page per test,
the live server, and the reference data the registry needs.

Playwright's sync API runs an asyncio event loop in the test thread, so Django would refuse ORM calls
made from that thread (SynchronousOnlyOperation). The tests only touch the ORM between browser
actions, never while a request is in flight, so allowing it here is safe."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "bench" / "out" / "screenshots"
DEFAULT_TIMEOUT_MS = 10_000


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[pytest.TestReport]:
    # Keep each phase's report on the item so the page fixture can take a screenshot of a failure.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def playwright_instance():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need headless Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=DEFAULT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):  # type: ignore[no-untyped-def]
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser, live_server, request):  # type: ignore[no-untyped-def]
    """A page in a fresh browser context (no cookies), speaking British English to the live server."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    # The live server shares the test's in-memory SQLite connection; the browser's own background request
    # for /favicon.ico would render the 404 page (a session lookup) while a test may be using the ORM.
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{_safe(request.node.name)}-FAILED.png", full_page=True)
    context.close()


@pytest.fixture
def screenshot(page, request) -> Callable[[str], Path]:  # type: ignore[no-untyped-def]
    """`screenshot("step")` saves the whole page to bench/out/screenshots/<test>-<n>-<step>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def take(step: str) -> Path:
        path = SCREENSHOTS / f"{_safe(request.node.name)}-{next(counter):02d}-{_safe(step)}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")


@pytest.fixture
def reference_data(transactional_db):  # type: ignore[no-untyped-def]
    """Priority areas, CPV codes and regional ecosystems, as migration registry/0002 loads them.

    A transactional test (which live_server implies) flushes every table afterwards, so only the first
    such test in a session still finds the migration's rows; load them again when they are missing."""
    from django.apps import apps

    from straiik.registry.models import PriorityArea

    if not PriorityArea.objects.exists():
        import_module("straiik.registry.migrations.0002_reference_data").load(apps, None)
