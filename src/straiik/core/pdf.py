"""Fonts for generated PDFs. The PDF standard fonts have no Cyrillic, so Ukrainian names would print as
boxes; DejaVu Sans (vendored in core/fonts with its licence, from the matplotlib wheel) covers Latin,
Cyrillic and Greek."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

if TYPE_CHECKING:
    from reportlab.platypus import SimpleDocTemplate

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"


@cache
def register_fonts() -> tuple[str, str]:
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD


def styles() -> dict[str, Any]:
    """reportlab's sample styles, in DejaVu Sans."""
    from reportlab.lib.styles import getSampleStyleSheet

    regular, bold = register_fonts()
    sheet = getSampleStyleSheet()
    result = {}
    for name in ("Title", "Heading1", "Heading2", "Heading3", "Normal", "BodyText"):
        style = sheet[name].clone(name)
        style.fontName = bold if name.startswith(("Title", "Heading")) else regular
        result[name] = style
    return result


# --- one page size, one document template --------------------------------------------------------------------

PAGE_SIZES_MM = {"A4": (210, 297), "A3": (297, 420), "A5": (148, 210), "LETTER": (215.9, 279.4),
                 "LEGAL": (215.9, 355.6)}


def page_size_mm(landscape: bool = False) -> tuple[float, float]:
    """The page size of every generated document (PDF and DOCX), width and height in millimetres, from the
    setting STRAIIK_PAGE_SIZE (A4 unless set: A3, A4, A5, Letter, Legal)."""
    from django.conf import settings

    name = str(getattr(settings, "STRAIIK_PAGE_SIZE", "A4") or "A4").upper()
    if name not in PAGE_SIZES_MM:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"STRAIIK_PAGE_SIZE must be one of {', '.join(PAGE_SIZES_MM)}, not {name!r}")
    width, height = PAGE_SIZES_MM[name]
    return (height, width) if landscape else (width, height)


def page_size(landscape: bool = False) -> tuple[float, float]:
    """The page size in points, for reportlab."""
    from reportlab.lib.units import mm

    width, height = page_size_mm(landscape)
    return width * mm, height * mm


def docx_page(section: object, landscape: bool = False) -> None:
    """Give a python-docx section the platform's page size (python-docx starts from US Letter)."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    width, height = page_size_mm(landscape)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT  # type: ignore[attr-defined]
    section.page_width, section.page_height = Mm(width), Mm(height)  # type: ignore[attr-defined]
    from straiik.core.markings import export_marking

    marking = export_marking()
    if marking is not None:  # an export of marked records (core.markings.exporting): its header and footer
        header, footer = marking
        if header:
            section.header.paragraphs[0].text = header  # type: ignore[attr-defined]
        section.footer.paragraphs[0].text = footer  # type: ignore[attr-defined]


def document(buffer: object, *, landscape: bool = False, **options: object) -> SimpleDocTemplate:
    """A reportlab document in the platform's page size that carries what reportlab can say about structure: the
    document's language (/Lang), title and author shown as the window title, and an outline (bookmarks) of its
    headings. reportlab 5 cannot write a tagged PDF (no structure tree, no marked content), so screen readers get
    the text in reading order, the language and the outline, not tags."""
    from django.utils.translation import get_language
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    class Outlined(SimpleDocTemplate):
        _outline_level: int
        _marking: tuple[str, str] | None

        def afterFlowable(self, flowable: object) -> None:  # noqa: N802 - reportlab's hook name
            if not isinstance(flowable, Paragraph):
                return
            style = flowable.style.name.lower()
            levels = {"title": 0, "heading1": 0, "h1": 0, "heading2": 1, "h2": 1, "heading3": 2, "h3": 2}
            level = next((v for k, v in levels.items() if style == k or style.startswith(k + "-")), None)
            if level is None:
                return
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText()[:120], key, level=min(level, self._outline_level + 1))
            self._outline_level = level

        def afterPage(self) -> None:  # noqa: N802 - reportlab's hook name
            # An export of marked records (core.markings.exporting): the marking on top, marking, reader and time
            # at the bottom of every page.
            if self._marking is None:
                return
            header, footer = self._marking
            regular, _bold = register_fonts()
            width, height = self.pagesize
            self.canv.saveState()
            self.canv.setFont(regular, 8)
            if header:
                self.canv.drawCentredString(width / 2, height - 16, header)
            self.canv.drawCentredString(width / 2, 10, footer)
            self.canv.restoreState()

    from straiik.core.markings import export_marking

    options.setdefault("lang", get_language() or "nl")
    options.setdefault("displayDocTitle", 1)
    doc = Outlined(buffer, pagesize=page_size(landscape), **options)  # type: ignore[arg-type]
    doc._outline_level = -1
    doc._marking = export_marking()
    return doc


def cells(rows: Sequence[Sequence[object]], style: Any, header: Any = None,
          right: frozenset[int] | set[int] = frozenset()) -> list[list[Any]]:
    """Table rows with every text as a Paragraph, so that a long label (Dutch, Ukrainian) wraps inside its
    column instead of running into the next one; `right` names the columns of figures, aligned right."""
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.platypus import Flowable, Paragraph

    from straiik.core.limits import pdf_text

    right_style = style.clone(f"{style.name}-right", alignment=TA_RIGHT)
    head_right = header.clone(f"{header.name}-right", alignment=TA_RIGHT) if header is not None else None
    out: list[list[Any]] = []
    for r, row in enumerate(rows):
        line: list[Any] = []
        for c, value in enumerate(row):
            if isinstance(value, Flowable):
                line.append(value)
                continue
            use = header if r == 0 and header is not None else style
            if c in right:
                use = head_right if r == 0 and header is not None else right_style
            line.append(Paragraph(pdf_text(value), use))  # user text shown literally, never as markup
        out.append(line)
    return out
