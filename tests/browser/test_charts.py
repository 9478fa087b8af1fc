"""Every chart and picture in Dutch, English and Ukrainian: the geometry the browser draws is the geometry the
values imply. In Dutch and Ukrainian Django writes numbers with a decimal comma, which a browser drops from an
SVG attribute (`width="12,5"`): bars vanish, labels collapse, the network loses its edges.

One live server and one load of the demo data serve the three languages; the checks read the drawn geometry
(`getBBox`, `getTotalLength`) in the chart's own units, so they do not depend on the window's width."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from straiik.accounts.models import User
from straiik.agenda.models import Agenda
from straiik.bundling import selectors as bundling_selectors
from straiik.bundling.models import BundlingRun
from straiik.registry import selectors as registry_selectors
from straiik.sdir.models import Call
from straiik.supply.models import SupplyAnalysis, SupplyNetwork
from tests.browser.demo_data import LANGUAGES, load_demo, log_in_as, speak

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]

# Every numeric attribute of every element inside an <svg> must be one plain number (a full stop for the
# decimal point), a length or a percentage. Reports the offenders.
ATTRIBUTES_JS = r"""() => {
  const names = ["x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "width", "height", "fill-opacity",
                 "stroke-width", "font-size"];
  const plain = /^-?\d+(\.\d+)?(px|em|%)?$/;
  const bad = [];
  for (const el of document.querySelectorAll("svg, svg *")) {
    for (const name of names) {
      const value = el.getAttribute(name);
      if (value !== null && !plain.test(value)) bad.push(`${el.tagName} ${name}="${value}"`);
    }
    const box = el.getAttribute("viewBox");
    if (box !== null && !/^-?\d+(\.\d+)?( -?\d+(\.\d+)?){3}$/.test(box)) bad.push(`${el.tagName} viewBox="${box}"`);
    const points = el.getAttribute("points");
    const pair = /^(-?\d+(\.\d+)?,-?\d+(\.\d+)?( |$))+$/;
    if (points !== null && !pair.test(points)) bad.push(`points="${points.slice(0, 40)}"`);
  }
  return bad;
}"""

BOXES_JS = """(selector) => Array.from(document.querySelectorAll(selector)).map((el) => {
  const b = el.getBBox();
  return {x: b.x, y: b.y, w: b.width, h: b.height, text: el.textContent.trim(),
          title: (el.querySelector("title") || {textContent: ""}).textContent.trim()};
})"""


def boxes(page: Page, selector: str) -> list[dict[str, Any]]:
    return page.evaluate(BOXES_JS, selector)


def close(a: float, b: float, tolerance: float = 0.6) -> bool:
    return abs(a - b) <= tolerance


class Checker:
    """Collects every failure of every page in every language, so one run shows them all."""

    def __init__(self, page: Page) -> None:
        self.page, self.failures, self.console = page, [], []
        self.where = ""
        page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.console.append(str(e)))

    def open(self, language: str, url: str) -> None:
        self.where = f"[{language}] {url}"
        self.console.clear()
        response = self.page.goto(url)
        self.check(response is not None and response.status == 200, f"status {response and response.status}")
        self.check(self.page.locator("svg").count() > 0, "no chart on the page")
        bad = self.page.evaluate(ATTRIBUTES_JS)
        self.check(not bad, f"attributes that are not numbers: {bad[:5]}")

    def done_with_page(self) -> None:
        self.check(not self.console, f"console errors: {self.console[:3]}")

    def check(self, condition: bool, message: str) -> None:
        if not condition:
            self.failures.append(f"{self.where}: {message}")


def test_every_chart_has_its_geometry_in_every_language(page: Page, live_server: Any, screenshot: Any) -> None:
    demo = load_demo()
    office = User.objects.get(username="office")
    overview = registry_selectors.ecosystem_overview(user=office)
    counts = {(row["code"], area): n for row in overview["rows"] for (area, _l), n in zip(
        overview["areas"], row["cells"], strict=True)}
    kinds = {str(label): n for label, n, _v in overview["by_kind"]}
    run = BundlingRun.objects.filter(status="done").latest("pk")
    report = bundling_selectors.run_report(run)
    assert report is not None and report.buyers
    decided = Call.objects.filter(decision__isnull=False).first()
    assert decided is not None
    selection = decided.decision.selection
    network = SupplyNetwork.objects.get(pk=demo.network_id)
    shares = SupplyAnalysis.objects.get(pk=demo.overview_id).result["dependence"]["overall"]["shares"]
    scenario = SupplyAnalysis.objects.get(pk=demo.scenario_id)
    agenda_year = Agenda.objects.latest("year").year

    log_in_as(page, "office")
    c = Checker(page)
    for language in LANGUAGES:
        speak(page, language, live_server.url)

        # registry: the heatmap's cells show their counts, centred in their cells; bars as long as their counts
        c.open(language, "/registry/ecosystem/")
        cells = page.evaluate("""() => Array.from(document.querySelectorAll("#heatmap a")).map((a) => {
            const r = a.querySelector("rect").getBBox(), t = a.querySelector("text").getBBox();
            return {href: a.getAttribute("href"), n: a.querySelector("text").textContent.trim(),
                    rect: [r.x, r.width, r.height], centre: t.x + t.width / 2, rx: r.x + r.width / 2};
        })""")
        c.check(len(cells) == len(counts), f"{len(cells)} heatmap cells for {len(counts)} counts")
        for cell in cells:
            query = dict(part.split("=") for part in cell["href"].split("?", 1)[1].replace("&amp;", "&").split("&"))
            expected = counts[(query["province"], query["area"])]
            c.check(cell["n"] == str(expected), f"cell {query} shows {cell['n']}, holds {expected}")
            c.check(cell["rect"][1] > 100 and cell["rect"][2] > 20, f"cell {query} is {cell['rect']}")
            c.check(close(cell["centre"], cell["rx"], 2), f"count of {query} not centred: {cell}")
        for label in boxes(page, "#heatmap text.col-label"):
            c.check(label["w"] > 40, f"column label {label['text']!r} is {label['w']:.0f} wide")
        bars = boxes(page, "#kinds-chart rect")
        top = max(kinds.values())
        c.check(len(bars) == len(kinds), "a bar per kind")
        shown = sorted(int(bar["title"].rsplit(": ", 1)[1]) for bar in bars)
        c.check(shown == sorted(kinds.values()), f"kinds' counts {shown}, expected {sorted(kinds.values())}")
        for bar in bars:
            label, n = bar["title"].rsplit(": ", 1)
            c.check(close(bar["w"], (520 - 230 - 60) * int(n) / top), f"kind {label}: {bar['w']} wide for {n}")
        c.done_with_page()
        if language == "nl":
            screenshot("nl-ecosystem")

        # bundling: per nation the cost alone and in the joint contracts, on one scale
        c.open(language, run.get_absolute_url())
        bars = boxes(page, "#per-nation g.nation-bar rect")
        largest = max(b["solo_cost"] for b in report.buyers)
        c.check(len(bars) == 2 * len(report.buyers), f"{len(bars)} bars for {len(report.buyers)} nations")
        for i, buyer in enumerate(report.buyers[: len(bars) // 2]):
            solo, joint = bars[2 * i], bars[2 * i + 1]
            c.check(close(solo["w"], 380 * buyer["solo_cost"] / largest), f"{buyer['name']} alone {solo['w']}")
            c.check(close(joint["w"], 380 * buyer["cost"] / largest), f"{buyer['name']} joint {joint['w']}")
        c.done_with_page()
        if language == "nl":
            screenshot("nl-bundling-savings")

        # SDIR indicators: success rates as shares of the plot, days bars on one scale
        c.open(language, "/sdir/dashboard/?exercises=1")  # the demo's calls are exercises
        for bar in page.evaluate("""() => Array.from(document.querySelectorAll("#success g.rate-bar")).map((g) => ({
                w: g.querySelector("rect").getBBox().width, text: g.querySelector(".bar-n").textContent}))"""):
            selected, proposals = bar["text"].rsplit("(", 1)[1].rstrip(")").split("/")
            c.check(close(bar["w"], 430 * int(selected) / int(proposals)), f"success bar {bar}")
        scale = set()
        for bar in page.evaluate("""() => Array.from(document.querySelectorAll("#timeliness g.call-bar")).map((g) => ({
                rects: Array.from(g.querySelectorAll("rect")).map((r) => r.getBBox().width),
                days: Array.from(g.querySelectorAll(".bar-n")).map((t) => parseInt(t.textContent, 10))}))"""):
            for width, days in zip(bar["rects"], bar["days"], strict=True):
                if days:
                    scale.add(round(width / days, 2))
                else:
                    c.check(width == 0, f"a bar of {width} for 0 days")
        c.check(len(scale) <= 1 or max(scale) - min(scale) < 0.02, f"days bars on different scales: {scale}")
        transitions = boxes(page, "#transitions rect")
        c.check(transitions and max(t["w"] for t in transitions) > 100, f"transition bars {transitions}")
        c.done_with_page()
        if language == "nl":
            screenshot("nl-sdir-dashboard")

        c.open(language, f"/sdir/calls/{decided.pk}/decision/")
        spent = boxes(page, "#selection-summary svg rect.bar:not(.alt)")
        c.check(len(spent) == 1 and close(spent[0]["w"], 700 * selection["total_cost"] / selection["budget"]),
                f"budget bar {spent}")
        c.done_with_page()

        # supply: as many drawn edges as the network has, each with a length; country bars by share
        c.open(language, network.get_absolute_url())
        lengths = page.evaluate("""() => Array.from(document.querySelectorAll("#network-picture .links path"))
            .map((p) => p.getTotalLength())""")
        c.check(len(lengths) == network.edges.count(), f"{len(lengths)} edges drawn of {network.edges.count()}")
        c.check(all(length > 10 for length in lengths), f"edges without length: {lengths}")
        nodes = boxes(page, "#network-picture g.node rect")
        c.check(len(nodes) == network.nodes.count() and all(n["w"] > 50 for n in nodes), "every node a box")
        bars = boxes(page, "#dependence svg rect")
        most = max(shares.values())
        c.check(len(bars) == len(shares), f"{len(bars)} country bars for {len(shares)} countries")
        for bar, share in zip(bars, shares.values(), strict=False):
            c.check(close(bar["w"], 360 * share / most), f"country bar {bar['w']} for share {share}")
        c.done_with_page()
        if language == "nl":
            screenshot("nl-supply-network")

        c.open(language, scenario.get_absolute_url())
        weeks = len(scenario.result["products"][0]["output"])
        for chart in page.evaluate("""() => Array.from(document.querySelectorAll("section svg.chart")).map((s) => ({
                points: Array.from(s.querySelectorAll("polyline")).map((p) => p.points.numberOfItems),
                ticks: Array.from(s.querySelectorAll("text[text-anchor=middle]")).map((t) => t.getBBox().x),
                width: s.viewBox.baseVal.width}))"""):
            c.check(chart["points"] == [weeks, weeks], f"scenario lines with {chart['points']} points, {weeks} weeks")
            c.check(all(40 <= x <= chart["width"] for x in chart["ticks"]) and len(chart["ticks"]) > 2,
                    f"scenario axis ticks at {chart['ticks']}")
        c.done_with_page()

        # STRAIIK-D: the quality check, the indicators and the timeline (drawn in Python, one geometry for
        # pages, PDF and DOCX)
        for url in ("/agenda/", f"/agenda/{agenda_year}/", f"/agenda/{agenda_year}/indicators/",
                    f"/agenda/{agenda_year}/timeline/"):
            c.open(language, url)
            drawn = boxes(page, "svg rect, svg line, svg polyline")
            c.check(bool(drawn) and max(r["w"] for r in drawn) > 20, f"agenda chart shapes {drawn[:3]}")
            c.done_with_page()
            if language == "nl" and url.endswith("indicators/"):
                screenshot("nl-agenda-indicators")
    assert not c.failures, "\n".join(c.failures)
