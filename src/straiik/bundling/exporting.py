"""Exports of a run's results: the solution JSON (the interchange format), an XLSX workbook and a PDF summary."""

from __future__ import annotations

import io
import json
from typing import Any
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from straiik.bundling.selectors import RunReport
from straiik.core.limits import pdf_text
from straiik.core.pdf import cells, register_fonts
from straiik.core.pdf import document as pdf_document
from straiik.core.pdf import styles as pdf_styles
from straiik.registry.tabular import safe_cell


def solution_json(report: RunReport) -> str:
    return json.dumps(report.run.solution, indent=2, ensure_ascii=False) + "\n"


def _share(value: float, digits: int = 1) -> str:
    """A share as a percentage in the reader's format: 0.249 -> "24,9 %" (nl)."""
    return formats.number_format(round(value * 100, digits), digits) + " %"


def _money(value: float) -> str:
    return formats.number_format(round(value), 0, force_grouping=True)


def workbook(report: RunReport) -> bytes:
    book = Workbook()
    summary = book.active
    assert summary is not None  # a new workbook has one sheet
    summary.title = _("Summary")[:31]
    bold = Font(bold=True)
    rows: list[tuple[str, Any]] = [
        (_("Round"), report.run.round.name), (_("Run"), report.run.label),
        (_("What-if changes"), "; ".join(report.variation) or _("none")),
        (_("Currency"), report.currency), (_("Total cost"), round(report.total, 2)),
        (_("Cost if every demand is bought alone"), round(report.baseline, 2)),
        (_("Savings"), round(report.savings, 2)), (_("Savings share"), round(report.savings_share, 6)),
        (_("EU funding"), round(report.funding, 2)),
        (_("Proven lower bound"), round(report.bound, 2) if report.bound is not None else ""),
        (_("Gap to the bound"), round(report.gap, 8) if report.gap is not None else ""),
        (_("Status"), report.status), (_("Exported"), timezone.localtime().isoformat(timespec="seconds")),
    ]
    for label, value in rows:
        summary.append([label, safe_cell(value)])
        summary.cell(row=summary.max_row, column=1).font = bold
    summary.column_dimensions["A"].width = 40
    summary.column_dimensions["B"].width = 40

    contracts = book.create_sheet(_("Joint contracts")[:31])
    contracts.append([_("Offer"), _("Supplier"), _("Item"), _("Period"), _("Lead nation"), _("Nations"),
                      _("Demands"), _("Quantity"), _("Price tier"), _("Unit price"), _("Value"), _("Contract cost"),
                      _("EU funding"), _("Net cost"), _("Cost if bought alone"), _("Savings")])
    for lot in report.lots:
        contracts.append([safe_cell(v) for v in [
            lot.offer, lot.supplier, f"{lot.item} {lot.item_label}", lot.period, lot.lead_nation,
            ", ".join(f"{n['nation']} ({n['quantity']})" for n in lot.nations), ", ".join(lot.demands), lot.quantity,
            f"{lot.tier}/{lot.tiers}", lot.unit_price, round(lot.value, 2), round(lot.contract_cost, 2),
            round(lot.funding, 2), round(lot.net_cost, 2), round(lot.solo_cost, 2), round(lot.savings, 2)]])
    buyers = book.create_sheet(_("Per nation")[:31])
    buyers.append([_("Nation"), _("Cost alone"), _("Cost"), _("Savings"), _("Savings share")])
    for row in report.buyers:
        buyers.append([row["name"], round(row["solo_cost"], 2), round(row["cost"], 2), round(row["savings"], 2),
                       round(row["share"], 6)])
    solo = book.create_sheet(_("Bought alone")[:31])
    solo.append([_("Demand"), _("Nation"), _("Item"), _("Quantity"), _("Cost")])
    for row in report.solo:
        solo.append([row["id"], row["nation"], row["item"], row["quantity"], round(row["cost"], 2)])
    for sheet in (contracts, buyers, solo):
        for cell in sheet[1]:
            cell.font = bold
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _savings_chart(report: RunReport, width: float) -> Drawing:
    rows = report.buyers[:20]
    height = 30 + 18 * max(len(rows), 1)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 120, 15
    chart.width, chart.height = width - 170, height - 30  # type: ignore[assignment]  # reportlab's stubs: int
    chart.data = [[max(row["savings"], 0) / 1e6 for row in rows] or [0]]
    chart.categoryAxis.categoryNames = [row["name"][:22] for row in rows] or [""]
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.fontName = register_fonts()[0]
    chart.valueAxis.labels.fontName = register_fonts()[0]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 8
    chart.bars[0].fillColor = colors.HexColor("#1f5f8b")
    drawing.add(chart)
    drawing.add(String(120, height - 10, _("Savings per nation (million %(c)s)") % {"c": report.currency},
                       fontSize=9, fontName=register_fonts()[0]))
    return drawing


def _para(text: str, style: Any) -> Paragraph:
    """A paragraph of text shown literally: names and labels come from users (core.limits.pdf_text)."""
    return Paragraph(pdf_text(text), style)


def pdf(report: RunReport) -> bytes:
    out = io.BytesIO()
    document = pdf_document(out, landscape=True, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"straiik — {report.run.round.name}", author="straiik",
                            invariant=1)
    regular, bold = register_fonts()
    styles = pdf_styles()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    small_bold = small.clone("small-bold", fontName=bold)
    figure = styles["BodyText"].clone("figure", fontSize=9, leading=11)
    figure_bold = figure.clone("figure-bold", fontName=bold)
    story: list[Any] = [
        _para(_("Joint procurement proposal: %(round)s") % {"round": report.run.round.name}, styles["Title"]),
        _para(report.run.label + (" — " + _("what-if: ") + "; ".join(report.variation) if report.variation else ""),
                  styles["Normal"]),
        Spacer(1, 4 * mm),
    ]
    c = report.currency
    figures = [
        [_("Total cost"), f"{_money(report.total)} {c}"],
        [_("Cost if every demand is bought alone"), f"{_money(report.baseline)} {c}"],
        [_("Savings"), f"{_money(report.savings)} {c} ({_share(report.savings_share)})"],
        [_("EU funding"), f"{_money(report.funding)} {c}"],
        [_("Proven lower bound"), f"{_money(report.bound)} {c}" if report.bound is not None else "—"],
        [_("Gap to the bound"), _share(report.gap, 3) if report.gap is not None else "—"],
        [_("Status"), _("optimal") if report.status == "optimal" else _("feasible (within the gap)")],
        [_("Joint contracts"), str(len(report.lots))], [_("Demands bought alone"), str(len(report.solo))],
    ]
    # The labels wrap in their column (Dutch and Ukrainian labels are longer than the English).
    table = Table([[Paragraph(escape(label), figure_bold), Paragraph(escape(value), figure)]
                   for label, value in figures], colWidths=[90 * mm, 80 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [table, Spacer(1, 4 * mm), _savings_chart(report, 250 * mm), Spacer(1, 4 * mm)]
    if report.ukraine:
        u = report.ukraine
        story.append(_para(_("What Ukraine's participation changes"), styles["Heading2"]))
        story.append(_para(
            _("Ukraine saves %(own)s %(c)s. The partners save %(with)s %(c)s with Ukraine and %(without)s %(c)s "
              "without (%(change)s). EU funding is %(fw)s %(c)s with Ukraine and %(fwo)s %(c)s without; the higher "
              "share for contracts with Ukraine brings %(extra)s %(c)s in %(lots)s of %(all)s joint contracts.") % {
                "own": _money(u["own_savings"]), "c": c, "with": _money(u["partners_with"]),
                "without": _money(u["partners_without"]),
                "change": ("+" if u["partners_change"] >= 0 else "") + _money(u["partners_change"]),
                "fw": _money(u["funding_with"]), "fwo": _money(u["funding_without"]),
                "extra": _money(u["extra_funding_rule"]), "lots": u["lots_with_ukraine"], "all": u["lots"]},
            styles["Normal"]))
    story.append(_para(_("Proposed joint contracts"), styles["Heading2"]))
    rows = [[_("Supplier"), _("Item"), _("Period"), _("Lead"), _("Nations"), _("Quantity"), _("Unit price"),
             _("EU funding"), _("Net cost"), _("Savings")]]
    for lot in report.lots:
        taking_part = ", ".join(f"{n['nation']} {_money(n['quantity'])}" for n in lot.nations)
        rows.append([lot.supplier, f"{lot.item} {lot.item_label}", lot.period, lot.lead_nation, taking_part,
                     _money(lot.quantity), _money(lot.unit_price), _money(lot.funding), _money(lot.net_cost),
                     _money(lot.savings)])
    lots = Table(cells(rows, small, small_bold, right={5, 6, 7, 8, 9}), repeatRows=1,
                 colWidths=[45 * mm, 46 * mm, 18 * mm, 14 * mm, 43 * mm, 21 * mm, 21 * mm, 25 * mm, 25 * mm, 25 * mm])
    lots.setStyle(TableStyle([
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f0f4f8")]),
    ]))
    story.append(lots)
    story.append(_para(_("Per nation"), styles["Heading2"]))
    nations = [[_("Nation"), _("Cost alone"), _("Cost"), _("Savings"), _("Share")]]
    nations += [[row["name"], _money(row["solo_cost"]), _money(row["cost"]), _money(row["savings"]),
                 _share(row["share"])] for row in report.buyers]
    table = Table(cells(nations, small, small_bold, right={1, 2, 3, 4}), repeatRows=1, hAlign="LEFT",
                  colWidths=[50 * mm, 32 * mm, 32 * mm, 32 * mm, 20 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(table)
    story.append(Spacer(1, 4 * mm))
    story.append(_para(_("Computed by the straiik optimiser (HiGHS); every figure was checked against the rules "
                             "of the round. Solution file format: straiik.bundling/1-solution."), small))
    document.build(story)
    return out.getvalue()
