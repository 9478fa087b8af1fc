"""The progress report, opened and looked at as a person would: the PDF's pages rendered to images (not blank, a
sensible number of pages, ink where the charts are), its text read back, the DOCX's text read back, in Dutch and in
English; the same inputs give the same bytes; bad requests get a clear message."""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from straiik.agenda import demo, documents, report
from straiik.agenda.models import Agenda

pytestmark = pytest.mark.django_db
OUT = Path(__file__).resolve().parents[2] / "bench" / "out" / "agenda"
AS_OF = dt.date(2026, 11, 28)


@pytest.fixture
def agenda(office: Any) -> Agenda:
    demo.load(1)
    return Agenda.objects.get(year=2026)


def pdf_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def ink(image: Any, box: tuple[int, int, int, int] | None = None) -> float:
    """The share of pixels that are not (nearly) white."""
    region = image.convert("L").crop(box) if box else image.convert("L")
    histogram = region.histogram()
    return 1 - sum(histogram[245:]) / max(sum(histogram), 1)


def test_the_dutch_pdf_looks_right(agenda: Agenda) -> None:
    import pypdfium2

    started = time.perf_counter()
    content = report.build(agenda, AS_OF, "nl")
    boxes: list[documents.ChartBox] = []
    data = documents.pdf(content, boxes=boxes)
    seconds = time.perf_counter() - started
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "straiik-d-2026-nl.pdf").write_bytes(data)
    document = pypdfium2.PdfDocument(data)
    pages = len(document)
    assert 6 <= pages <= 20, pages
    scale = 1.0  # 72 dpi: a point is a pixel
    for index in range(pages):
        image = document[index].render(scale=scale).to_pil()
        if index < 3:
            image.save(OUT / f"straiik-d-2026-nl-page{index + 1}.png")
        assert ink(image) > 0.01, f"page {index + 1} is blank"
    assert len(boxes) >= 5  # the quality chart and the indicators' charts
    for box in boxes:
        page = document[box.page - 1]
        height = page.get_height()
        image = page.render(scale=scale).to_pil()
        region = (int(box.x), int(height - box.y - box.height), int(box.x + box.width), int(height - box.y))
        # a chart of zeros is a few thin lines (about 0.5 % ink); an empty region has none
        assert ink(image, region) > 0.003, f"the chart “{box.title}” on page {box.page} has no ink"
    text = " ".join(" ".join(pdf_text(data)).split())
    for expected in ("STRAIIK-D 2026: voortgangsrapportage", "Samenvatting", "concreet en uitvoerbaar",
                     "Slimme materialen", "Maritieme maakindustrie", "Ambitie 2025", "Ambitie 2026",
                     "Gun 8 haalbaarheidsstudies", "over de deadline", "Behoeften binnen de termijn beantwoord",
                     "Moties en toezeggingen", "Kamerstuk 21 501-20, nr. 2164", "Motie Erkens", "nummer ontbreekt",
                     "Bijlage: kwaliteitstoets", "vaag: ‘verken’", "Voorbeeldinhoud", "pagina 2"):
        assert expected in text, expected
    assert "progress report" not in text.lower()
    print(f"\nreport 2026 (nl): {pages} pages, {len(data) / 1024:.0f} KiB, built in {seconds:.2f} s")


def test_the_same_inputs_give_the_same_bytes_and_the_english_docx_reads_right(agenda: Agenda) -> None:
    from docx import Document

    first = report.build(agenda, AS_OF, "en")
    second = report.build(agenda, AS_OF, "en")
    assert documents.pdf(first) == documents.pdf(second)
    one, two = documents.docx(first), documents.docx(second)
    assert one == two
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "straiik-d-2026-en.docx").write_bytes(one)
    document = Document(io.BytesIO(one))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "STRAIIK-D 2026: progress report" in paragraphs and "1. Summary" in paragraphs
    assert "concrete and executable" in paragraphs and "Example content" in paragraphs
    assert "Ambition 2025" in cells and "Smart materials" in paragraphs
    assert "Kamerstuk 36 600 X, nr. 57" in cells and "number missing" in cells
    assert "past the deadline" in cells and "vague: ‘verken’" in cells
    assert document.core_properties.created == dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
    assert len(document.inline_shapes) >= 5  # the charts, as pictures


def test_an_earlier_date_reports_that_date_and_bad_requests_are_explained(agenda: Agenda) -> None:
    early = report.build(agenda, dt.date(2026, 5, 31), "nl")
    late = report.build(agenda, AS_OF, "nl")
    assert early.stats["counts"]["done"] < late.stats["counts"]["done"]
    action = next(a for area in early.areas for a in area.actions if a.code == "2026-03")
    assert action.status.startswith("in uitvoering") and not action.overdue  # due 30 June: not yet late on 31 May
    action = next(a for area in late.areas for a in area.actions if a.code == "2026-03")
    assert action.status.startswith("vertraagd") and action.overdue
    for day, language, field, message in [
            (dt.date(2025, 12, 31), "nl", "date", "lies before the agenda year 2026"),
            (dt.date(2026, 12, 1), "nl", "date", "up to today"), (AS_OF, "de", "language", "Dutch (nl) or English")]:
        with pytest.raises(ValidationError) as caught:
            report.build(agenda, day, language)
        assert message in " ".join(caught.value.message_dict[field])
