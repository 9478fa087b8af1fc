"""Text that overlaps other text in a PDF, found on the rendered glyph boxes (pypdfium2, PDFium's own layout)."""

from __future__ import annotations

from collections import defaultdict

import pypdfium2 as pdfium

Box = tuple[float, float, float, float]  # left, bottom, right, top, in points


def _intersection(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _area(a: Box) -> float:
    return max(a[2] - a[0], 0) * max(a[3] - a[1], 0)


def overlapping_text(data: bytes, share: float = 0.25) -> list[str]:
    """Pairs of glyphs that cover each other by more than `share` of the smaller one, except a glyph and the next
    one of the same run (kerning): e.g. a table header running into the next column, or two lines drawn over each
    other. Each finding names the page and the two pieces of text around the glyphs."""
    found: list[str] = []
    pdf = pdfium.PdfDocument(data)
    try:
        for number in range(len(pdf)):
            page = pdf[number]
            text = page.get_textpage()
            count = text.count_chars()
            chars: list[tuple[int, Box]] = []
            for i in range(count):
                ch = text.get_text_range(i, 1)
                if not ch.strip():
                    continue
                box = text.get_charbox(i, loose=False)
                if _area(box) > 0:
                    chars.append((i, box))
            bands: dict[int, list[tuple[int, Box]]] = defaultdict(list)
            for i, box in chars:
                for band in range(int(box[1] // 10), int(box[3] // 10) + 1):
                    bands[band].append((i, box))
            reported: set[tuple[int, int]] = set()
            for members in bands.values():
                members.sort(key=lambda item: item[1][0])
                for a in range(len(members)):
                    i, box_i = members[a]
                    for b in range(a + 1, len(members)):
                        j, box_j = members[b]
                        if box_j[0] >= box_i[2]:
                            break
                        lo, hi = min(i, j), max(i, j)
                        if (lo, hi) in reported:
                            continue
                        first, second = (box_i, box_j) if i < j else (box_j, box_i)
                        if hi == lo + 1 and second[0] >= first[0]:
                            continue  # the next glyph of the same run
                        if _intersection(box_i, box_j) > share * min(_area(box_i), _area(box_j)):
                            reported.add((lo, hi))
                            found.append(f"page {number + 1}: “{text.get_text_range(max(lo - 12, 0), 24)}” over "
                                         f"“{text.get_text_range(max(hi - 12, 0), 24)}”")
            text.close()
            page.close()
    finally:
        pdf.close()
    return found
