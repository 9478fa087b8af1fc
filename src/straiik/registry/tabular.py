"""Reading and writing tables (CSV and XLSX) safely: size limits, encodings, delimiters, and cells that
a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

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


def read_table(handle: IO[bytes], filename: str, *, max_bytes: int, max_rows: int) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV or XLSX upload, as text. Raises TableError with a clear message."""
    size = getattr(handle, "size", None)
    if size is None:
        handle.seek(0, io.SEEK_END)
        size = handle.tell()
    handle.seek(0)
    if size == 0:
        raise TableError(_("The file is empty."))
    if size > max_bytes:
        raise TableError(
            _("The file is %(size).1f MB; the limit is %(limit).1f MB. Split it into smaller files.")
            % {"size": size / 1_048_576, "limit": max_bytes / 1_048_576}
        )
    head = handle.read(4)
    handle.seek(0)
    is_zip = head == b"PK\x03\x04"
    lower = filename.lower()
    if lower.endswith((".xlsx", ".xlsm")) or is_zip:
        if not is_zip:
            raise TableError(_("The file is called .xlsx but is not an Excel workbook."))
        rows = _read_xlsx(handle, max_rows)
    elif lower.endswith((".csv", ".txt", ".tsv")) or not lower:
        rows = _read_csv(handle.read(), max_rows)
    else:
        raise TableError(_("Upload a .csv or .xlsx file."))
    rows = [row for row in rows if any(cell for cell in row)]
    if not rows:
        raise TableError(_("The file is empty."))
    header = [cell.strip().lower() for cell in rows[0]]
    data = rows[1:]
    if not data:
        raise TableError(_("The file has a header but no rows."))
    if len(data) > max_rows:
        raise TableError(
            _("The file has %(rows)d rows; the limit is %(limit)d.") % {"rows": len(data), "limit": max_rows}
        )
    return header, data


def _read_xlsx(handle: IO[bytes], max_rows: int) -> list[list[str]]:
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise TableError(_("The workbook cannot be read: %(error)s") % {"error": error}) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_text(v) for v in row])
            if len(rows) > max_rows + 1:
                break
        return rows
    finally:
        workbook.close()


def _read_csv(raw: bytes, max_rows: int) -> list[list[str]]:
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
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows = []
    try:
        for row in reader:
            rows.append([_text(v) for v in row])
            if len(rows) > max_rows + 1:
                break
    except csv.Error as error:
        raise TableError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from error
    return rows


def safe_cell(value: Any) -> Any:
    """A cell that a spreadsheet shows as text, never runs as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
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
