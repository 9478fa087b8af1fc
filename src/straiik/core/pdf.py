"""Fonts for generated PDFs. The PDF standard fonts have no Cyrillic, so Ukrainian names would print as
boxes; DejaVu Sans (vendored in core/fonts with its licence, from the matplotlib wheel) covers Latin,
Cyrillic and Greek."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

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


def styles() -> dict:
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
