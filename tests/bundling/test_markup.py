"""An organisation's name is the supplier's own text: it prints literally in the official bundling PDF and cannot
add links, pictures or fonts, or break the export (core.limits.pdf_text)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from straiik.bundling import services
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
HOSTILE = '<a href="https://evil.example">Acme</a> <img src="/etc/passwd"/> <font size="40">Big</font> & Co'


def test_markup_in_a_suppliers_name_prints_literally(bundling_round: Any, office: Any, supplier: Any) -> None:
    supplier.name = HOSTILE
    supplier.save()
    bundling_round.name = "Round <b>bold</b>\x01"
    bundling_round.save()
    run = services.run_execute(services.run_request(user=office, round=bundling_round, enqueue=False).pk)
    response = client_for(office).get(f"/bundling/runs/{run.pk}/export/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    squeezed = "".join(text.split())
    assert "".join(HOSTILE.split()) in squeezed  # every character of the name, tags and all, as text
    assert "Round<b>bold</b>" in squeezed
    for page in reader.pages:
        assert "/Annots" not in page  # no link
        resources = page["/Resources"]
        assert "/XObject" not in resources or not any(
            resources["/XObject"][name]["/Subtype"] == "/Image" for name in resources["/XObject"])  # no picture
    book = client_for(office).get(f"/bundling/runs/{run.pk}/export/xlsx/")
    assert book.status_code == 200
