"""Supply chains in the browser: import a network, analyse it in the background, see the single points of
failure highlighted on the picture and explore a node."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from straiik.accounts.roles import Role
from straiik.supply.models import SupplyAnalysis
from tests.browser.test_registry_flow import log_in, make_user
from tests.supply.test_platform import EDGES, NODES

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]


def test_import_analyse_and_see_the_single_points_of_failure(page: Page, screenshot: Any, tmp_path: Path) -> None:
    make_user("buyer", [Role.DEFENCE_BUYER])
    (tmp_path / "nodes.csv").write_text(NODES)
    (tmp_path / "edges.csv").write_text(EDGES)
    bad = NODES.replace("fuze,Fuze,CH,100", "fuze,Fuze,CH,-100")
    (tmp_path / "bad.csv").write_text(bad)

    log_in(page, "buyer")
    page.goto("/supply/")
    page.locator("#id_import-name").fill("155 mm shells")
    page.locator("#id_import-nodes").set_input_files(tmp_path / "bad.csv")
    page.locator("#id_import-edges").set_input_files(tmp_path / "edges.csv")
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator("#import-form .errors")).to_contain_text("row 4")
    page.locator("#id_import-nodes").set_input_files(tmp_path / "nodes.csv")
    page.locator("#id_import-edges").set_input_files(tmp_path / "edges.csv")
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator("h1")).to_have_text("155 mm shells")
    expect(page.locator("#network-picture g.node")).to_have_count(5)
    expect(page.locator("#network-picture g.node.spof")).to_have_count(0)

    page.locator("#run-overview").click()
    expect(page.locator("#analysis-status")).to_have_text("Queued")
    page.goto("about:blank")  # leave while the worker runs (see the bundling flow)
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--interval", "0", verbosity=0)
    analysis = SupplyAnalysis.objects.get()
    assert analysis.status == "done", analysis.error
    page.goto(analysis.get_absolute_url())
    page.locator("#to-network").click()

    spofs = page.locator("#network-picture g.node.spof")
    expect(spofs).to_have_count(2)
    expect(page.locator('#network-picture g.node.spof[data-key="fuze"]')).to_have_count(1)
    expect(page.locator('#network-picture g.node.spof[data-key="body"]')).to_have_count(1)
    expect(page.locator("#spof-table")).to_contain_text("fuze")
    page.locator('#network-picture g.node[data-key="fuze"]').click()
    expect(page.locator("#node-stops")).to_contain_text("shell")
    screenshot("spofs-highlighted")
