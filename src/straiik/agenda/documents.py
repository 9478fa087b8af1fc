"""The progress report as files: PDF (reportlab, charts as vector graphics) and DOCX (python-docx, charts as PNG
drawn with Pillow), both from report.Report and the same chart geometry (engines/agenda/figures.py).

The same report gives the same bytes: the PDF is written with reportlab's invariant mode (fixed creation date and
document id), the DOCX's document properties carry the report date, and its zip entries a fixed timestamp."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any, Literal

from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.shapes import Circle as RLCircle
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.shapes import Group as RLGroup
from reportlab.graphics.shapes import Line as RLLine
from reportlab.graphics.shapes import PolyLine as RLPolyLine
from reportlab.graphics.shapes import Rect as RLRect
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from straiik.agenda.report import Report, ReportAction, ReportIndicator
from straiik.core.limits import document_safe, pdf_text
from straiik.core.pdf import FONT_DIR, docx_page, register_fonts
from straiik.core.pdf import document as pdf_document
from straiik.core.pdf import styles as pdf_styles
from straiik.engines.agenda import figures

PDF_CONTENT_TYPE = "application/pdf"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ACCENT = colors.HexColor("#1f4e79")
PALE = colors.HexColor("#eef2f7")
RED = colors.HexColor("#c8102e")


# --- charts -------------------------------------------------------------------------------------------------------


ANCHORS: dict[str, Literal["start", "middle", "end"]] = {"start": "start", "middle": "middle", "end": "end"}

def _colour(value: str) -> Any:
    return colors.HexColor(value) if value else None


def drawing(figure: figures.Figure, width: float) -> Drawing:
    """The figure as a reportlab drawing, scaled to a width in points (y flipped: reportlab's origin is below)."""
    regular, bold = register_fonts()
    scale = width / figure.width
    group = RLGroup()
    height = figure.height
    for item in figure.flat():
        if isinstance(item, figures.Rect):
            if item.w <= 0 or item.h <= 0:
                continue
            rect = RLRect(item.x, height - item.y - item.h, item.w, item.h, fillColor=_colour(item.fill),
                          strokeColor=_colour(item.stroke))
            rect.strokeWidth = 0.8 if item.stroke else 0
            if item.dash:
                rect.strokeDashArray = [4, 3]
            group.add(rect)
        elif isinstance(item, figures.Line):
            line = RLLine(item.x1, height - item.y1, item.x2, height - item.y2, strokeColor=_colour(item.stroke),
                          strokeWidth=item.width)
            if item.dash:
                line.strokeDashArray = [4, 3]
            group.add(line)
        elif isinstance(item, figures.Polyline):
            points = [coordinate for x, y in item.points for coordinate in (x, height - y)]
            group.add(RLPolyLine(points, strokeColor=_colour(item.stroke), strokeWidth=item.width))
        elif isinstance(item, figures.Circle):
            group.add(RLCircle(item.cx, height - item.cy, item.r, fillColor=_colour(item.fill), strokeWidth=0))
        elif isinstance(item, figures.Text):
            group.add(String(item.x, height - item.y, item.text, fontName=bold if item.bold else regular,
                             fontSize=item.size, fillColor=_colour(item.fill),
                             textAnchor=ANCHORS[item.anchor]))
    group.scale(scale, scale)
    result = Drawing(figure.width * scale, figure.height * scale)
    result.add(group)
    return result


def png(figure: figures.Figure, scale: float = 2.0) -> bytes:
    """The figure as a PNG drawn with Pillow, in DejaVu Sans (Latin and Cyrillic)."""
    image = Image.new("RGB", (round(figure.width * scale), round(figure.height * scale)), "white")
    draw = ImageDraw.Draw(image)
    fonts: dict[tuple[bool, float], ImageFont.FreeTypeFont] = {}

    def font(bold: bool, size: float) -> ImageFont.FreeTypeFont:
        key = (bold, size)
        if key not in fonts:
            name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
            fonts[key] = ImageFont.truetype(str(FONT_DIR / name), round(size * scale))
        return fonts[key]

    def dashed(x1: float, y1: float, x2: float, y2: float, fill: str, width: int) -> None:
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        if not length:
            return
        step, on = 7 * scale, 4 * scale
        position = 0.0
        while position < length:
            end = min(position + on, length)
            draw.line([(x1 + (x2 - x1) * position / length, y1 + (y2 - y1) * position / length),
                       (x1 + (x2 - x1) * end / length, y1 + (y2 - y1) * end / length)], fill=fill, width=width)
            position += step

    for item in figure.flat():
        if isinstance(item, figures.Rect):
            if item.w <= 0 or item.h <= 0:
                continue
            box = [item.x * scale, item.y * scale, (item.x + item.w) * scale, (item.y + item.h) * scale]
            if item.fill:
                draw.rectangle(box, fill=item.fill)
            if item.stroke:
                x0, y0, x1, y1 = box
                for a, b in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))):
                    if item.dash:
                        dashed(*a, *b, fill=item.stroke, width=max(1, round(scale)))
                    else:
                        draw.line([a, b], fill=item.stroke, width=max(1, round(scale)))
        elif isinstance(item, figures.Line):
            width = max(1, round(item.width * scale))
            if item.dash:
                dashed(item.x1 * scale, item.y1 * scale, item.x2 * scale, item.y2 * scale, item.stroke, width)
            else:
                draw.line([(item.x1 * scale, item.y1 * scale), (item.x2 * scale, item.y2 * scale)], fill=item.stroke,
                          width=width)
        elif isinstance(item, figures.Polyline):
            draw.line([(x * scale, y * scale) for x, y in item.points], fill=item.stroke,
                      width=max(1, round(item.width * scale)), joint="curve")
        elif isinstance(item, figures.Circle):
            r = item.r * scale
            draw.ellipse([item.cx * scale - r, item.cy * scale - r, item.cx * scale + r, item.cy * scale + r],
                         fill=item.fill)
        elif isinstance(item, figures.Text):
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[item.anchor]
            draw.text((item.x * scale, item.y * scale), item.text, fill=item.fill, font=font(item.bold, item.size),
                      anchor=anchor)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


# --- PDF ------------------------------------------------------------------------------------------------------------


@dataclass
class ChartBox:
    """Where a chart was drawn: the page (from 1) and its box in points from the page's lower left corner."""

    title: str
    page: int
    x: float
    y: float
    width: float
    height: float


class Chart(Flowable):
    """A drawing that notes where it lands, so a check can look at that part of the rendered page."""

    def __init__(self, figure: figures.Figure, width: float, boxes: list[ChartBox] | None) -> None:
        super().__init__()
        self.figure, self.drawing, self.boxes = figure, drawing(figure, width), boxes
        self.width, self.height = self.drawing.width, self.drawing.height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.drawing.drawOn(self.canv, 0, 0)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 - reportlab's API
        if self.boxes is not None:
            self.boxes.append(ChartBox(self.figure.title, canvas.getPageNumber(), x, y, self.width, self.height))
        super().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]  # reportlab's stubs omit _sW


def _unbroken(reference: str) -> str:
    """A document number kept together where it would read wrongly split: "36 592" and "nr. 12"."""
    return re.sub(r"(\d{2}) (\d{3})", "\\1\u00a0\\2", reference).replace("nr. ", "nr.\u00a0")


def _p(text: str, style: Any) -> Paragraph:
    return Paragraph(pdf_text(text), style)


def _table(rows: list[list[Any]], widths: list[float], *, header: bool = True, font_size: float = 8) -> Table:
    regular, bold = register_fonts()
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    style: list[Any] = [("FONTNAME", (0, 0), (-1, -1), regular), ("FONTSIZE", (0, 0), (-1, -1), font_size),
             ("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#c4cbd4")),
             ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), PALE), ("FONTNAME", (0, 0), (-1, 0), bold)]
    table.setStyle(TableStyle(style))
    return table


def _charts_in_pairs(indicators: list[ReportIndicator], width: float, boxes: list[ChartBox] | None) -> list[Any]:
    charts = [Chart(i.figure, width / 2 - 4, boxes) for i in indicators if i.figure is not None]
    rows = [charts[i:i + 2] + ([""] if len(charts[i:i + 2]) == 1 else []) for i in range(0, len(charts), 2)]
    if not rows:
        return []
    table = Table(rows, colWidths=[width / 2, width / 2], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return [table]


def pdf(report: Report, boxes: list[ChartBox] | None = None) -> bytes:
    """The report as a PDF (in STRAIIK_PAGE_SIZE, A4 by default). Pass a list as ``boxes`` to learn where each
    chart was drawn."""
    report = document_safe(report)
    out = io.BytesIO()
    regular, bold = register_fonts()
    base = pdf_styles()
    body = base["BodyText"].clone("body", fontSize=9.5, leading=13)
    small = base["BodyText"].clone("small", fontSize=8, leading=10)
    smallbold = small.clone("smallbold", fontName=bold)
    h1 = base["Heading1"].clone("h1", fontSize=15, leading=19, spaceBefore=10, textColor=ACCENT)
    h2 = base["Heading2"].clone("h2", fontSize=12.5, leading=16, spaceBefore=8)
    h3 = base["Heading3"].clone("h3", fontSize=10.5, leading=13, spaceBefore=6)
    notice = body.clone("notice", textColor=RED)
    day = report.subtitle
    document = pdf_document(
        out, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm, bottomMargin=18 * mm,
        title=report.title, author="straiik", subject=day, creator="straiik", producer="straiik",
        lang=report.language, invariant=1)
    page_width, page_height = document.pagesize
    width = document.width
    footer_date = report.as_of.isoformat()

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(colors.HexColor("#5b6675"))
        canvas.drawString(18 * mm, 10 * mm, report.footer.format(year=report.year, date=footer_date,
                                                                  page=canvas.getPageNumber()))
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(1.2)
        canvas.line(18 * mm, page_height - 12 * mm, page_width - 18 * mm, page_height - 12 * mm)
        canvas.restoreState()

    t = report.t
    story: list[Any] = [_p(report.title, base["Title"]), _p(report.subtitle, body)]
    if report.is_demo:
        story.append(_p(t("demo"), notice))
    story += [Spacer(1, 4 * mm), _p(t("summary"), h1)]
    story += [_p(text, body) for text in report.summary]
    story += [Spacer(1, 2 * mm), _p(t("key_figures"), h3),
              _table([[_p(label, smallbold), _p(value, small)] for label, value in report.key_figures],
                     [70 * mm, 60 * mm], header=False),
              Spacer(1, 4 * mm), _p(t("quality_chart"), h3), Chart(report.quality_figure, width * 0.92, boxes)]
    story.append(_p(t("areas"), h1))
    for area in report.areas:
        block: list[Any] = [_p(area.label, h2)]
        if area.code:
            block.append(_table(
                [[_p(t("ambition_previous", year=report.year - 1), smallbold),
                  _p(t("ambition_current", year=report.year), smallbold)],
                 [_p(area.previous_ambition or t("no_ambition"), small), _p(area.ambition or t("no_ambition"), small)]],
                [width / 2, width / 2]))
            if area.change_note:
                block.append(_p(t("change_note", note=area.change_note), small))
        story.append(KeepTogether(block))
        if area.objectives:
            story.append(_p(t("objectives"), h3))
            story += [_p("• " + objective, body) for objective in area.objectives]
        story.append(_p(f"{t('actions')} · {t('figure_concrete').lower()}: {area.share}", h3))
        if area.actions:
            story.append(_actions_table(report, area.actions, width, small, smallbold))
        else:
            story.append(_p(t("no_actions"), small))
        if area.indicators:
            story.append(_p(t("indicators"), h3))
            story.append(_indicator_table(report, area.indicators, width, small, smallbold))
            story += _charts_in_pairs(area.indicators, width, boxes)
    story += [_p(t("platform_indicators"), h1), _p(t("platform_intro"), body), Spacer(1, 2 * mm),
              _indicator_table(report, report.platform_indicators, width, small, smallbold), Spacer(1, 3 * mm)]
    story += _charts_in_pairs(report.platform_indicators, width, boxes)
    story += [_p(t("parliament"), h1), _p(t("parliament_intro"), body), Spacer(1, 2 * mm)]
    if report.items:
        rows = [[_p(t(k), smallbold) for k in ("col_reference", "col_title", "col_kind", "col_status",
                                                "col_answered_by")]]
        for item in report.items:
            reference = _unbroken(item.reference) + ("" if item.complete else f" ({t('incomplete_reference')})")
            title = item.title + (f"\n{item.note}" if item.note else "")
            rows.append([_p(reference, small), _p(title, small), _p(item.kind, small), _p(item.status, small),
                         _p(", ".join(item.actions), small)])
        story.append(_table(rows, [46 * mm, width - 46 * mm - 20 * mm - 25 * mm - 22 * mm, 20 * mm, 25 * mm,
                                   22 * mm]))
    else:
        story.append(_p(t("no_items"), body))
    story += [_p(t("annex"), h1), _p(t("annex_intro"), body), Spacer(1, 2 * mm)]
    if report.annex:
        rows = [[_p(t("col_code"), smallbold), _p(t("col_action"), smallbold), _p(t("col_problems"), smallbold)]]
        rows += [[_p(code, small), _p(title, small), _p(problems, small)] for code, title, problems in report.annex]
        story.append(_table(rows, [16 * mm, width * 0.5, width * 0.5 - 16 * mm]))
    else:
        story.append(_p(t("annex_none"), body))
    document.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return out.getvalue()


def _actions_table(report: Report, actions: list[ReportAction], width: float, small: Any, smallbold: Any) -> Table:
    t = report.t
    header = [_p(t(k), smallbold) for k in ("col_code", "col_action", "col_owner", "col_deadline", "col_status",
                                            "col_indicator", "col_current")]
    rows = [header]
    marks = []
    for i, action in enumerate(actions, start=1):
        title = pdf_text(action.title)
        if action.problems:  # the quality check's findings, in red under the action
            title += f'<br/><font color="#c8102e">{pdf_text("; ".join(action.problems))}</font>'
        status = action.status + (f"\n{t('overdue')}" if action.overdue else "")
        rows.append([_p(action.code, small), Paragraph(title, small), _p(action.owner, small),
                     _p(action.deadline, small), _p(status, small), _p(action.indicator, small),
                     _p(action.current, small)])
        if action.overdue:
            marks.append(("TEXTCOLOR", (4, i), (4, i), RED))
    fixed = [14 * mm, 19 * mm, 21 * mm]  # number, deadline, status
    rest = width - sum(fixed)
    widths = [fixed[0], rest * 0.35, rest * 0.24, fixed[1], fixed[2], rest * 0.27, rest * 0.14]
    table = _table(rows, widths)
    if marks:
        table.setStyle(TableStyle(marks))
    return table


def _indicator_table(report: Report, indicators: list[ReportIndicator], width: float, small: Any,
                     smallbold: Any) -> Table:
    t = report.t
    rows = [[_p(t("col_indicator_name"), smallbold), _p(t("col_source"), smallbold),
             _p(t("indicator_value", date=report.as_of.isoformat()), smallbold)]]
    for indicator in indicators:
        rows.append([_p(indicator.label, small), _p(indicator.source, small),
                     _p(indicator.error or indicator.value, small)])
    return _table(rows, [width * 0.45, width * 0.15, width * 0.40])


# --- DOCX -----------------------------------------------------------------------------------------------------------


def _fixed_zip(data: bytes, when: dt.date) -> bytes:
    """Rewrite the package with one fixed timestamp on every entry (python-docx stamps the time of writing)."""
    stamp = (max(when.year, 1980), when.month, when.day, 12, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def docx(report: Report) -> bytes:
    report = document_safe(report)  # python-docx refuses characters XML cannot hold
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt, RGBColor
    from docx.table import _Cell

    document = Document()
    stamp = dt.datetime.combine(report.as_of, dt.time(12, 0))
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = report.title, "straiik", "straiik"
    properties.subject, properties.language = report.subtitle, {"nl": "nl-NL", "en": "en-GB"}[report.language]
    properties.created = properties.modified = properties.last_printed = stamp
    properties.revision = 1
    properties.keywords = "STRAIIK-D"
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "DejaVu Sans", Pt(9.5)
    section = document.sections[0]
    docx_page(section)  # the platform's page size (A4 unless set), as the PDF; python-docx starts from Letter
    section.left_margin = section.right_margin = Cm(1.8)
    _footer(section.footer.paragraphs[0], report)
    t = report.t

    def table(rows: list[list[str]], header: bool = True, widths: list[float] | None = None) -> None:
        grid = document.add_table(rows=len(rows), cols=len(rows[0]))
        grid.style = "Table Grid"
        # Cells straight from the XML rows: python-docx's cell(r, c) walks the whole table each time (quadratic).
        for r, (tr, row) in enumerate(zip(grid._tbl.tr_lst, rows, strict=True)):
            for c, (tc, text) in enumerate(zip(tr.tc_lst, row, strict=True)):
                cell = _Cell(tc, grid)
                cell.text = text
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(8)
                        run.font.bold = header and r == 0
                if widths:
                    cell.width = Cm(widths[c])
        document.add_paragraph()

    def picture(figure: figures.Figure, width_cm: float) -> None:
        document.add_picture(io.BytesIO(png(figure)), width=Cm(width_cm))

    document.add_heading(report.title, level=0)
    document.add_paragraph(report.subtitle)
    if report.is_demo:
        run = document.add_paragraph().add_run(t("demo"))
        run.font.color.rgb = RGBColor(0xC8, 0x10, 0x2E)
    document.add_heading(t("summary"), level=1)
    for text in report.summary:
        document.add_paragraph(text)
    document.add_heading(t("key_figures"), level=3)
    table([[label, value] for label, value in report.key_figures], header=False, widths=[7, 6])
    document.add_heading(t("quality_chart"), level=3)
    picture(report.quality_figure, 16)
    document.add_heading(t("areas"), level=1)
    for area in report.areas:
        document.add_heading(area.label, level=2)
        if area.code:
            table([[t("ambition_previous", year=report.year - 1), t("ambition_current", year=report.year)],
                   [area.previous_ambition or t("no_ambition"), area.ambition or t("no_ambition")]])
            if area.change_note:
                document.add_paragraph(t("change_note", note=area.change_note))
        if area.objectives:
            document.add_heading(t("objectives"), level=3)
            for objective in area.objectives:
                document.add_paragraph(objective, style="List Bullet")
        document.add_heading(f"{t('actions')} · {t('figure_concrete').lower()}: {area.share}", level=3)
        if area.actions:
            rows = [[t(k) for k in ("col_code", "col_action", "col_owner", "col_deadline", "col_status",
                                    "col_indicator", "col_current")]]
            for action in area.actions:
                rows.append([action.code, action.title + ("\n" + "; ".join(action.problems) if action.problems
                                                          else ""), action.owner, action.deadline,
                             action.status + (f"\n{t('overdue')}" if action.overdue else ""), action.indicator,
                             action.current])
            table(rows)
        else:
            document.add_paragraph(t("no_actions"))
        if area.indicators:
            document.add_heading(t("indicators"), level=3)
            _docx_indicators(document, report, area.indicators, table, picture)
    document.add_heading(t("platform_indicators"), level=1)
    document.add_paragraph(t("platform_intro"))
    _docx_indicators(document, report, report.platform_indicators, table, picture)
    document.add_heading(t("parliament"), level=1)
    document.add_paragraph(t("parliament_intro"))
    if report.items:
        rows = [[t(k) for k in ("col_reference", "col_title", "col_kind", "col_status", "col_answered_by")]]
        for item in report.items:
            rows.append([item.reference + ("" if item.complete else f" ({t('incomplete_reference')})"),
                         item.title + (f"\n{item.note}" if item.note else ""), item.kind, item.status,
                         ", ".join(item.actions)])
        table(rows)
    else:
        document.add_paragraph(t("no_items"))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(t("annex"), level=1)
    document.add_paragraph(t("annex_intro"))
    if report.annex:
        table([[t("col_code"), t("col_action"), t("col_problems")], *[list(row) for row in report.annex]])
    else:
        document.add_paragraph(t("annex_none"))
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip(out.getvalue(), report.as_of)


def _footer(paragraph: Any, report: Report) -> None:
    """The footer's text with the page number as a Word field (PAGE), as the PDF's footer reads."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    before, _, after = report.footer.partition("{page}")
    paragraph.add_run(before.format(year=report.year, date=report.as_of.isoformat()))
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    if after:
        paragraph.add_run(after)


def _docx_indicators(document: Any, report: Report, indicators: list[ReportIndicator], table: Any,
                     picture: Any) -> None:
    t = report.t
    table([[t("col_indicator_name"), t("col_source"), t("indicator_value", date=report.as_of.isoformat())],
           *[[i.label, i.source, i.error or i.value] for i in indicators]])
    for indicator in indicators:
        if indicator.figure is not None:
            picture(indicator.figure, 13)


def filename(report: Report, extension: str) -> str:
    return f"straiik-d-{report.year}-voortgang-{report.as_of.isoformat()}-{report.language}.{extension}"
