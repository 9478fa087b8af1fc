"""Reading and writing tables (CSV and XLSX) safely: size limits, encodings, delimiters, and cells that
a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from straiik.core.limits import refusal, table_limits
from straiik.engines import tables

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class TableError(Exception):
    """The file as a whole cannot be read; the message says why, for the person who uploaded it."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    # Undo the protection our own export adds, so an exported file imports as it was.
    if text.startswith("'") and text[1:2] in FORMULA_START:
        text = text[1:]
    return text.strip()


def read_table(handle: IO[bytes], filename: str, *, max_bytes: int | None = None, max_rows: int | None = None,
               limits: tables.Limits | None = None) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV or XLSX upload, as text, read within the limits of core.limits (file size, rows,
    columns, cells, cell length; for a workbook also its zip container, sheets, declared dimension and shared
    strings). Raises TableError with a clear message that names the limit."""
    changes = {k: v for k, v in (("max_bytes", max_bytes), ("max_rows", max_rows)) if v is not None}
    limits = (limits or table_limits()).replace(**changes)
    size = getattr(handle, "size", None)
    if size is None:
        handle.seek(0, io.SEEK_END)
        size = handle.tell()
    handle.seek(0)
    if size == 0:
        raise TableError(_("The file is empty."))
    if size > limits.max_bytes:
        raise TableError(
            _("The file is %(size).1f MB; the limit is %(limit).1f MB. Split it into smaller files.")
            % {"size": size / 1_048_576, "limit": limits.max_bytes / 1_048_576}
        )
    head = handle.read(4)
    handle.seek(0)
    is_zip = head == b"PK\x03\x04"
    lower = filename.lower()
    try:
        if lower.endswith((".xlsx", ".xlsm")) or is_zip:
            if not is_zip:
                raise TableError(_("The file is called .xlsx but is not an Excel workbook."))
            rows = _read_xlsx(handle, limits)
        elif lower.endswith((".csv", ".txt", ".tsv")) or not lower:
            rows = _read_csv(handle.read(limits.max_bytes + 1), limits)
        else:
            raise TableError(_("Upload a .csv or .xlsx file."))
    except (tables.LimitExceeded, tables.TableFormatError) as error:
        raise TableError(refusal(error)) from None
    rows = [row for row in rows if any(cell for cell in row)]
    if not rows:
        raise TableError(_("The file is empty."))
    header = [cell.strip().lower() for cell in rows[0]]
    data = rows[1:]
    if not data:
        raise TableError(_("The file has a header but no rows."))
    return header, data


def _read_xlsx(handle: IO[bytes], limits: tables.Limits) -> list[list[str]]:
    with tables.Workbook(handle, limits) as workbook:
        return [[_text(v) for v in values] for _number, values in workbook.rows()]


def _read_csv(raw: bytes, limits: tables.Limits) -> list[list[str]]:
    if b"\x00" in raw[:4096]:
        raise TableError(_("The file looks binary, not like a CSV text file."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise TableError(_("The file is not UTF-8 text."))
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[_text(v) for v in values] for _line, values in tables.csv_rows(text, limits, dialect)]


def safe_cell(value: Any) -> Any:
    """A cell that a spreadsheet shows as text, never runs as a formula (OWASP CSV injection)."""
    if isinstance(value, str):
        value = tables.xml_safe(value)  # a control character would make the workbook unwritable
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def write_csv(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"  # so that Excel opens the file as UTF-8
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_xlsx(header: list[str], rows: Iterable[list[Any]], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
