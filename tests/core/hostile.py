# ruff: noqa: E501 - the package parts are XML written out whole, as a workbook holds them
"""Hostile files made in the tests: minimal XLSX workbooks written part by part (so they can declare what no
spreadsheet program would write), zip bombs, huge CSV cells."""

from __future__ import annotations

import io
import zipfile

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet(rows: str, dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {NS}>{dim}<sheetData>{rows}</sheetData></worksheet>'


HEADER_AND_ROW = (f'<row r="1">{inline("A1", "name")}{inline("B1", "kind")}</row>'
                  f'<row r="2">{inline("A2", "Acme")}{inline("B2", "sme")}</row>')


def xlsx(sheet_xml: str | bytes, *, shared_strings: bytes | None = None, extra: dict[str, bytes] | None = None,
         compression: int = zipfile.ZIP_DEFLATED, sheet_name: str = "Sheet1") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK.replace('name="Sheet1"', f'name="{sheet_name}"'))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        archive.writestr("xl/sharedStrings.xml", shared_strings if shared_strings is not None else
                         f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="0" uniqueCount="0"></sst>')
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def huge_dimension() -> bytes:
    """The 1.5 KB workbook that declares A1:XFD1048576: openpyxl's read-only sheet pads every row to 16,384
    columns and yields a million rows."""
    return xlsx(sheet(HEADER_AND_ROW, "A1:XFD1048576"))


def zip_bomb(uncompressed_mb: int = 120) -> bytes:
    """A workbook with a member of zeros that inflates to `uncompressed_mb` MB (about 1,000 : 1), written in chunks
    so the test does not hold it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
                           ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
                           ("xl/worksheets/sheet1.xml", sheet(HEADER_AND_ROW))):
            archive.writestr(name, data)
        chunk = b"\0" * (1024 * 1024)
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as member:
            for _ in range(uncompressed_mb):
                member.write(chunk)
    return out.getvalue()


def million_shared_strings(n: int = 1_000_000) -> bytes:
    items = "".join(f"<si><t>s{i}</t></si>" for i in range(n))
    strings = f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="{n}" uniqueCount="{n}">{items}</sst>'
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    return xlsx(sheet(rows), shared_strings=strings.encode())


def wide_row(columns: int = 100_000) -> bytes:
    """A row of `columns` cells without references (each cell is the next column) and no dimension."""
    cells = "".join(f"<c><v>{i}</v></c>" for i in range(columns))
    return xlsx(sheet(f'<row r="1">{cells}</row>'))


def wide_csv(columns: int = 100_000) -> bytes:
    return ("name,kind," + ",".join(f"c{i}" for i in range(columns)) + "\nAcme,sme\n").encode()


def spaces_csv(spaces: int = 1024 * 1024, column: str = "areas") -> bytes:
    """A cell of `spaces` spaces between two words: the old list pattern `\\s*[;|,]\\s*` backtracked over it."""
    return (f"name,kind,{column}\nAcme,sme,\"space{' ' * spaces}sensors\"\n").encode()
