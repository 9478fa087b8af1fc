"""Bounded reading of uploaded tables (XLSX workbooks and CSV text), for every import of the platform.

A hostile or broken file must cost little: the limits are checked *before* reading (file size; for a workbook the
zip's member count, its total uncompressed size and each member's compression ratio, the number of sheets, the
declared dimension, the number of shared strings) and *while* reading (rows, columns, cells, the length of a cell),
so a refusal comes after a bounded amount of work and memory. Python's zipfile never inflates a member beyond the
size its directory declares, so the declared sizes are a safe bound.

A workbook is read with openpyxl's read-only loader, but its rows come from openpyxl's worksheet parser directly:
the read-only worksheet pads every row to the declared dimension and yields every missing row up to it, which is how
a 1.5 KB file declaring A1:XFD1048576 costs gigabytes. Here a row holds the cells the file has, and the column of
every cell is checked before the row is padded.

Every refusal is a `LimitExceeded` naming the limit (`limit`), the value found and the maximum, so the platform can
say it in the reader's language; `TableFormatError` is a file that is not what it claims. Pure Python: no Django.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * MB  # the uploaded file
    max_rows: int = 20_000  # rows with data, the header not counted
    max_columns: int = 200
    max_cells: int = 500_000  # cells of all rows read, each row counted to its last cell
    max_cell_chars: int = 32_767  # Excel's own limit for a cell
    max_sheets: int = 50
    max_zip_members: int = 1_000
    max_uncompressed_bytes: int = 100 * MB  # all members of a workbook together
    max_compression_ratio: int = 100  # uncompressed / compressed, for members above 1 MB uncompressed
    max_shared_strings: int = 500_000

    def replace(self, **changes: Any) -> Limits:
        return Limits(**{**self.__dict__, **changes})


class LimitExceeded(Exception):
    """A file or a part of it is larger than a limit allows. `limit` is the name of the Limits field (or of the
    part: "dimension"); `where` says where, e.g. a sheet name or a row number."""

    def __init__(self, limit: str, value: int | float, maximum: int | float, where: str = "") -> None:
        self.limit, self.value, self.maximum, self.where = limit, value, maximum, where
        super().__init__(f"{limit}: {value:,} exceeds the limit of {maximum:,}" + (f" ({where})" if where else ""))


class TableFormatError(Exception):
    """The file cannot be read as what it claims to be."""


# -- zip containers (XLSX, DOCX, ...) -----------------------------------------------------------------------------

RATIO_FLOOR = 1 * MB  # small members compress well for honest reasons; only large ones count for the ratio


def check_zip(handle: IO[bytes], limits: Limits) -> zipfile.ZipFile:
    """Open a zip container after checking its directory: member count, total uncompressed size, compression
    ratios. Raises LimitExceeded or TableFormatError; the caller closes the returned archive."""
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise TableFormatError(f"not a readable zip archive: {exc}") from None
    try:
        members = archive.infolist()
        if len(members) > limits.max_zip_members:
            raise LimitExceeded("max_zip_members", len(members), limits.max_zip_members)
        total = sum(m.file_size for m in members)
        if total > limits.max_uncompressed_bytes:
            raise LimitExceeded("max_uncompressed_bytes", total, limits.max_uncompressed_bytes)
        for member in members:
            if member.file_size > RATIO_FLOOR:
                ratio = member.file_size / max(member.compress_size, 1)
                if ratio > limits.max_compression_ratio:
                    raise LimitExceeded("max_compression_ratio", round(ratio), limits.max_compression_ratio,
                                        member.filename)
    except BaseException:
        archive.close()
        raise
    return archive


# -- XLSX ----------------------------------------------------------------------------------------------------------

def _count_tags(archive: zipfile.ZipFile, name: str, tag: bytes, stop_above: int) -> int:
    """Start tags `<tag>`, `<tag ...>` or `<prefix:tag ...>` in a member, streamed in chunks: linear, bounded
    memory, no objects per match (bytes.count); stops once past `stop_above`."""
    plain = (b"<" + tag + b">", b"<" + tag + b" ", b"<" + tag + b"/", b"<" + tag + b"\n", b"<" + tag + b"\t")
    prefixed = re.compile(rb"<[A-Za-z_][\w.-]*:" + re.escape(tag) + rb"[\s/>]")
    keep = 64  # bytes carried to the next chunk: a tag cut in two is counted there (no whole tag fits in them)
    count, tail = 0, b""
    with archive.open(name) as stream:
        while chunk := stream.read(1024 * 1024):
            data = tail + chunk
            count += sum(data.count(p) for p in plain)
            if b":" + tag in data:
                count += sum(1 for m in prefixed.finditer(data) if m.start() < len(data) - keep)
            count -= sum(tail.count(p) for p in plain)  # counted with the previous chunk already
            tail = data[-keep:]
            if count > stop_above:
                return count
    if b":" + tag in tail:
        count += sum(1 for m in prefixed.finditer(tail))
    return count


def _member(archive: zipfile.ZipFile, *names: str) -> str | None:
    present = {n.lower(): n for n in archive.namelist()}
    for name in names:
        if name.lower() in present:
            return present[name.lower()]
    return None


def _precheck_workbook(archive: zipfile.ZipFile, limits: Limits) -> None:
    workbook = _member(archive, "xl/workbook.xml")
    if workbook is None:
        raise TableFormatError("the file is not an Excel workbook (no xl/workbook.xml)")
    sheets = _count_tags(archive, workbook, b"sheet", limits.max_sheets)
    if sheets > limits.max_sheets:
        raise LimitExceeded("max_sheets", sheets, limits.max_sheets)
    # every sheet before openpyxl opens the workbook: without a declared dimension its loader parses a whole sheet
    # to find out that there is none
    for name in archive.namelist():
        if _SHEET_PART.fullmatch(name):
            _precheck_sheet(archive, name, limits, name.rsplit("/", 1)[-1])
    strings = _member(archive, "xl/sharedStrings.xml")
    if strings is not None:
        found = _count_tags(archive, strings, b"si", limits.max_shared_strings)
        if found > limits.max_shared_strings:
            raise LimitExceeded("max_shared_strings", found, limits.max_shared_strings)


_ROW = re.compile(rb"<row[\s>/]")
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)


def _count_cells(piece: bytes) -> int:
    return piece.count(b"<c ") + piece.count(b"<c>")


def _precheck_sheet(archive: zipfile.ZipFile, member: str, limits: Limits, title: str) -> None:
    """Rows, cells per row and cells of a sheet counted in its XML before openpyxl parses it (which builds every cell
    of a row before the row can be checked): a streamed byte scan, linear, with no object per cell."""
    rows = cells = in_row = 0
    tail = b""

    def count(segment: bytes) -> None:
        nonlocal cells, in_row
        found = _count_cells(segment)
        cells, in_row = cells + found, in_row + found
        if in_row > limits.max_columns:
            raise LimitExceeded("max_columns", in_row, limits.max_columns, f"{title}, row {rows}")
        if cells > limits.max_cells:
            raise LimitExceeded("max_cells", cells, limits.max_cells, title)

    with archive.open(member) as stream:
        while True:
            chunk = stream.read(1024 * 1024)
            data = tail + chunk
            # no tag is cut in two: a piece ends just before a "<" (a tag never holds a raw "<")
            end = data.rfind(b"<") if chunk else len(data)
            end = len(data) if end <= 0 else end
            piece, tail = data[:end], data[end:]
            start = 0
            for match in _ROW.finditer(piece):
                count(piece[start:match.start()])
                rows, in_row, start = rows + 1, 0, match.start()
                if rows > limits.max_rows * 10 + 1:
                    raise LimitExceeded("max_rows", rows, limits.max_rows, title)
            count(piece[start:])
            if not chunk:
                break


def _check_dimension(sheet: Any, limits: Limits) -> None:
    """The dimension the sheet declares (openpyxl reads it from the sheet's start)."""
    rows = (sheet.max_row or 0) - (sheet.min_row or 1) + 1
    columns = (sheet.max_column or 0) - (sheet.min_column or 1) + 1
    where = f"{sheet.title}: {sheet.calculate_dimension()}" if sheet.max_row and sheet.max_column else sheet.title
    if columns > limits.max_columns:
        raise LimitExceeded("max_columns", columns, limits.max_columns, where)
    # the declared rows may include the header and empty rows a spreadsheet keeps formatted: allow for them
    if rows > limits.max_rows * 10 + 1:
        raise LimitExceeded("max_rows", rows, limits.max_rows, where)
    if rows * columns > limits.max_cells * 10:
        raise LimitExceeded("max_cells", rows * columns, limits.max_cells, where)


class Workbook:
    """A workbook opened within limits: `sheet_names`, and `rows(name)` yielding (row number, values)."""

    def __init__(self, handle: IO[bytes], limits: Limits) -> None:
        from openpyxl import load_workbook

        self.limits = limits
        handle.seek(0, io.SEEK_END)
        size = handle.tell()
        handle.seek(0)
        if size > limits.max_bytes:
            raise LimitExceeded("max_bytes", size, limits.max_bytes)
        archive = check_zip(handle, limits)
        try:
            _precheck_workbook(archive, limits)
        finally:
            archive.close()
        handle.seek(0)
        try:
            self._book = load_workbook(handle, read_only=True, data_only=True)
        except LimitExceeded:
            raise
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            raise TableFormatError(f"the workbook cannot be read: {exc}") from None
        self._cells = 0

    @property
    def sheet_names(self) -> list[str]:
        return list(self._book.sheetnames)

    def close(self) -> None:
        self._book.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def rows(self, name: str | None = None) -> Iterator[tuple[int, list[Any]]]:
        """(row number as the sheet numbers it, values up to the row's last cell) for rows with any cell, within
        the limits on rows, columns, cells and cell length."""
        from openpyxl.worksheet._reader import WorkSheetParser  # see the module's docstring for why

        # openpyxl's private reader parts (see the docstring): typed as Any, they are not in its stubs.
        sheet: Any = self._book[name] if name is not None else self._book.worksheets[0]
        _check_dimension(sheet, self.limits)
        book = sheet.parent
        limits = self.limits
        data_rows = elements = 0
        with sheet._get_source() as source:
            parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                     date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
            for number, cells in parser.parse():
                elements += 1
                if elements > limits.max_rows * 10 + 1:
                    raise LimitExceeded("max_rows", elements, limits.max_rows, sheet.title)
                if not cells:
                    continue
                width = max(cell["column"] for cell in cells)
                if width > limits.max_columns:
                    raise LimitExceeded("max_columns", width, limits.max_columns, f"{sheet.title}, row {number}")
                self._cells += width
                if self._cells > limits.max_cells:
                    raise LimitExceeded("max_cells", self._cells, limits.max_cells, sheet.title)
                values: list[Any] = [None] * width
                for cell in cells:
                    value = cell["value"]
                    if isinstance(value, str) and len(value) > limits.max_cell_chars:
                        raise LimitExceeded("max_cell_chars", len(value), limits.max_cell_chars,
                                            f"{sheet.title}, row {number}")
                    values[cell["column"] - 1] = value
                data_rows += 1
                if data_rows > limits.max_rows + 1:  # + the header
                    raise LimitExceeded("max_rows", data_rows - 1, limits.max_rows, sheet.title)
                yield number, values


# -- CSV -----------------------------------------------------------------------------------------------------------

def csv_rows(text: str, limits: Limits, dialect: Any = csv.excel, **fmtparams: Any) -> Iterator[tuple[int, list[str]]]:
    """(line number where the row ends, values) of CSV text's non-empty rows, within the limits on rows, columns,
    cells and cell length. Python's csv reader is linear; its own field limit (128 KB) stops a runaway quoted field
    early."""
    if len(text) > limits.max_bytes:
        raise LimitExceeded("max_bytes", len(text), limits.max_bytes)
    reader = csv.reader(io.StringIO(text, newline=""), dialect, **fmtparams)
    data_rows = cells = 0
    line = 1
    try:
        for values in reader:
            start = line = reader.line_num
            if len(values) > limits.max_columns:
                raise LimitExceeded("max_columns", len(values), limits.max_columns, f"line {start}")
            for value in values:
                if len(value) > limits.max_cell_chars:
                    raise LimitExceeded("max_cell_chars", len(value), limits.max_cell_chars, f"line {start}")
            if not any(values):
                continue
            cells += len(values)
            if cells > limits.max_cells:
                raise LimitExceeded("max_cells", cells, limits.max_cells)
            data_rows += 1
            if data_rows > limits.max_rows + 1:
                raise LimitExceeded("max_rows", data_rows - 1, limits.max_rows)
            yield start, values
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise LimitExceeded("max_cell_chars", csv.field_size_limit(), limits.max_cell_chars,
                                f"line {line + 1}") from None
        raise TableFormatError(f"the CSV text cannot be read: {exc}") from None


# -- text in cells -------------------------------------------------------------------------------------------------

_SEPARATORS: dict[str, re.Pattern[str]] = {}


def split_list(text: str, separators: str = ";|,") -> list[str]:
    """'a ; b,c' -> ['a', 'b', 'c']: split on any of the separator characters, strip each item, drop empty ones.
    Linear in the length of the text (a pattern like `\\s*[;,]\\s*` backtracks quadratically over a run of spaces
    that no separator ends)."""
    pattern = _SEPARATORS.get(separators)
    if pattern is None:
        pattern = _SEPARATORS[separators] = re.compile("[" + re.escape(separators) + "]")
    return [item for item in (part.strip() for part in pattern.split(text or "")) if item]


# An HTML tag: `<`, optional `/`, a letter, then anything but `<` or `>` up to `>`. Possessive quantifiers and the
# character class without `<` keep it linear: no start position is scanned past the next `<`.
HTML_TAG = re.compile(r"<\s*+/?\s*+[a-zA-Z][^<>]*+>")
# Characters XML 1.0 cannot hold (and so neither DOCX nor a PDF paragraph), besides tab, newline and return.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """`text` without the characters an XML document cannot contain."""
    return XML_INVALID.sub("", text)
