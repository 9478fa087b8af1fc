"""User text in the annual report: markup prints literally in the PDF, characters XML cannot hold are dropped so
the DOCX (and the PDF) are still made (core.limits.pdf_text, document_safe)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from straiik.agenda import documents, report, services
from tests.agenda.conftest import action_data

pytestmark = pytest.mark.django_db


def test_markup_and_control_characters_in_an_action(agenda: Any, office: Any, owner_org: Any) -> None:
    from docx import Document
    from pypdf import PdfReader

    title = 'Studies <a href="https://evil.example">link</a> <img src="/etc/passwd"/>\x01\x0b done'
    services.action_create(user=office, agenda=agenda, data=action_data(owner_org, title=title,
                                                                         owner_person="<font size='40'>X</font>"))
    content = report.build(agenda, dt.date(2026, 11, 28), "en")
    pdf = documents.pdf(content)
    text = "".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert 'Studies<ahref="https://evil.example">link</a><imgsrc="/etc/passwd"/>done' in text
    assert "<fontsize='40'>X</font>" in text
    docx = Document(io.BytesIO(documents.docx(content)))
    cells = " ".join(cell.text for table in docx.tables for row in table.rows for cell in row.cells)
    assert 'Studies <a href="https://evil.example">link</a> <img src="/etc/passwd"/> done' in cells
