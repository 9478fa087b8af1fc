"""Fixtures for protection: the two small list files (invented entries in the real formats) and helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from straiik.protection import services
from tests.bundling.conftest import agencies, bundling_round, nl_buyer, supplier, supplier_member  # noqa: F401
from tests.sdir.conftest import HOUR, later, panel, unit  # noqa: F401 - fixtures shared with SDIR and bundling

DATA = Path(__file__).parent / "data"
EU_FILE = DATA / "eu-sanctions-small.xml"
UN_FILE = DATA / "un-consolidated-small.xml"


def load(user: Any, source: str = "eu", data: bytes | None = None, capture: Any = None) -> Any:
    """Import a list; with `capture` (django_capture_on_commit_callbacks) the screening after commit runs too."""
    data = data if data is not None else (EU_FILE if source == "eu" else UN_FILE).read_bytes()
    if capture is None:
        return services.list_import(user=user, source=source, data=data, filename=f"{source}.xml")
    with capture(execute=True):
        return services.list_import(user=user, source=source, data=data, filename=f"{source}.xml")
