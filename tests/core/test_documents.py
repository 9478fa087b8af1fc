"""Generated documents: no text runs over other text (checked on PDFium's glyph boxes), one page size for PDF
and DOCX (A4 unless STRAIIK_PAGE_SIZE says otherwise), and the document language and an outline of the
headings in every PDF (reportlab cannot write tags; see core/pdf.py)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from pypdf import PdfReader

from straiik.agenda import documents
from straiik.agenda import report as agenda_report
from straiik.agenda.models import Agenda
from straiik.bundling import exporting
from straiik.bundling import selectors as bundling_selectors
from straiik.bundling.models import BundlingRun
from straiik.sdir.letters import letter_pdf
from straiik.sdir.models import Proposal
from tests.pdf_layout import overlapping_text

pytestmark = pytest.mark.django_db

A4 = (595.3, 841.9)
LETTER = (612.0, 792.0)


@pytest.fixture
def demo() -> dict[str, Any]:
    call_command("demo", orgs=40, seed=1, verbosity=0)
    agenda = Agenda.objects.latest("year")
    return {"letter": Proposal.objects.exclude(outcome="").order_by("pk").first(),
            "run": BundlingRun.objects.filter(status="done").latest("pk"), "agenda": agenda}


def _documents(demo: dict[str, Any], language: str) -> dict[str, bytes]:
    with translation.override(language):
        out = {"letter": letter_pdf(demo["letter"]),
               "bundling": exporting.pdf(bundling_selectors.run_report(demo["run"]))}
    if language in agenda_report.LANGUAGES:
        built = agenda_report.build(demo["agenda"], dt.date(demo["agenda"].year, 10, 1), language)
        out["agenda"] = documents.pdf(built)
    return out


def _size(data: bytes) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    return round(float(box.width), 1), round(float(box.height), 1)


def test_no_text_overlaps_other_text(demo: dict[str, Any]) -> None:
    for language in ("nl", "uk", "en"):
        for name, data in _documents(demo, language).items():
            assert overlapping_text(data) == [], (language, name)


def test_the_overlap_check_finds_overlapping_text() -> None:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(100, 700, "Gemiddelde beoordelaars")
    page.drawString(150, 700, "Drempelwaarde")  # drawn over the end of the first
    page.save()
    assert overlapping_text(buffer.getvalue())
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(100, 700, "Gemiddelde beoordelaars")
    page.drawString(300, 700, "Drempelwaarde")
    page.drawString(100, 688, "the next line, close below")
    page.save()
    assert overlapping_text(buffer.getvalue()) == []


def test_one_page_size_for_pdf_and_docx(demo: dict[str, Any]) -> None:
    from docx import Document

    docs = _documents(demo, "nl")
    assert _size(docs["letter"]) == A4 and _size(docs["agenda"]) == A4
    assert _size(docs["bundling"]) == (A4[1], A4[0])  # the bundling tables are landscape
    built = agenda_report.build(demo["agenda"], dt.date(demo["agenda"].year, 10, 1), "nl")
    section = Document(io.BytesIO(documents.docx(built))).sections[0]
    # python-docx starts from US Letter; Word stores twentieths of a point, so compare in millimetres
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)

    with override_settings(STRAIIK_PAGE_SIZE="Letter"):
        docs = _documents(demo, "nl")
        assert _size(docs["letter"]) == LETTER and _size(docs["agenda"]) == LETTER
        section = Document(io.BytesIO(documents.docx(built))).sections[0]
        assert round(section.page_width.mm, 1) == 215.9 and round(section.page_height.mm, 1) == 279.4


def test_pdfs_say_their_language_and_carry_an_outline(demo: dict[str, Any]) -> None:
    for language, name, data in [(lang, n, d) for lang in ("nl", "uk") for n, d in _documents(demo, lang).items()]:
        reader = PdfReader(io.BytesIO(data))
        root = reader.trailer["/Root"]
        assert str(root["/Lang"]).startswith(language), name
        assert root["/ViewerPreferences"]["/DisplayDocTitle"], name
        assert reader.metadata.title, name
        assert len(reader.outline) >= 2, name  # the headings as bookmarks
