"""Every input bounded (core/limits.py, engines/tables.py): hostile files and bodies made here are refused quickly
(under 2 s) with a message that names the limit, the process's memory grows less than 100 MB while refusing
(tracemalloc), and nothing is stored."""

from __future__ import annotations

import io
import time
import tracemalloc
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from straiik.core import limits
from straiik.core.models import ObjectChange
from straiik.engines import tables
from straiik.registry.models import Organisation
from tests.conftest import client_for, make_user
from tests.core import hostile

SECONDS = 2.0
MEMORY = 100 * 1024 * 1024

# name -> (maker, file name, the limit its refusal names)
FILES: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "zip bomb": (hostile.zip_bomb, "bomb.xlsx", "max_uncompressed_bytes"),
    "huge declared dimension": (hostile.huge_dimension, "dimension.xlsx", "max_columns"),
    "a million shared strings": (hostile.million_shared_strings, "strings.xlsx", "max_shared_strings"),
    "a 100,000-column row (xlsx)": (hostile.wide_row, "wide.xlsx", "max_columns"),
    "a 100,000-column row (csv)": (hostile.wide_csv, "wide.csv", "max_columns"),
    "1 MB of spaces in a cell": (hostile.spaces_csv, "spaces.csv", "max_cell_chars"),
}


class _Words:
    """What a refusal calls each limit, in the language active when asked (the tests run in English)."""

    def __getitem__(self, limit: str) -> str:
        return str(limits.LIMIT_NAMES[limit])


WORDS = _Words()


@cache
def content(name: str) -> bytes:
    return FILES[name][0]()


@pytest.fixture(autouse=True)
def warm() -> None:
    """Load the translation catalogues before measuring: the process's first message costs the catalogues' load
    (seconds under tracemalloc), a cost of starting, not of refusing a file."""
    limits.refusal(tables.LimitExceeded("max_rows", 2, 1))


def measured(work: Callable[[], Any]) -> tuple[Any, float, int]:
    """(result or the exception raised, seconds, peak memory growth in bytes) of `work`."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result: Any = work()
    except Exception as exc:  # the refusal is the result here
        result = exc
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, seconds, peak


def test_the_hostile_files_are_small() -> None:
    sizes = {name: len(content(name)) for name in FILES}
    assert sizes["huge declared dimension"] < 2_000  # the 1,479-byte workbook, give or take its parts
    assert sizes["zip bomb"] < 1_000_000  # inflates to 120 MB
    assert all(size < limits.table_limits().max_bytes for name, size in sizes.items() if "spaces" not in name)


# -- the reader itself (no database) ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(FILES))
def test_the_reader_refuses_each_hostile_file_quickly_and_small(name: str) -> None:
    data, filename, limit = content(name), FILES[name][1], FILES[name][2]

    def read() -> list[Any]:
        if filename.endswith(".xlsx"):
            with tables.Workbook(io.BytesIO(data), tables.Limits()) as book:
                return list(book.rows())
        return list(tables.csv_rows(data.decode(), tables.Limits()))

    result, seconds, peak = measured(read)
    assert isinstance(result, tables.LimitExceeded), result
    assert result.limit == limit and result.value > result.maximum
    assert seconds < SECONDS, f"{name}: {seconds:.2f} s"
    assert peak < MEMORY, f"{name}: {peak / 2**20:.0f} MB"


def test_limits_before_reading_use_the_zip_directory_only() -> None:
    strict = tables.Limits(max_zip_members=3)
    with pytest.raises(tables.LimitExceeded) as members:
        tables.Workbook(io.BytesIO(hostile.xlsx(hostile.sheet(hostile.HEADER_AND_ROW))), strict)
    assert members.value.limit == "max_zip_members" and members.value.value == 6
    ratio = tables.Limits(max_uncompressed_bytes=10**9)  # the bomb passes the size limit and meets the ratio
    with pytest.raises(tables.LimitExceeded) as bomb:
        tables.Workbook(io.BytesIO(content("zip bomb")), ratio)
    assert bomb.value.limit == "max_compression_ratio" and bomb.value.where == "xl/media/padding.bin"
    with pytest.raises(tables.LimitExceeded) as sheets:
        tables.Workbook(io.BytesIO(hostile.xlsx(hostile.sheet(hostile.HEADER_AND_ROW))), tables.Limits(max_sheets=0))
    assert sheets.value.limit == "max_sheets"


def test_rows_and_cells_are_counted_in_the_sheet_before_openpyxl_parses_it() -> None:
    rows = "".join(f'<row r="{r}">{hostile.inline(f"A{r}", "x")}{hostile.inline(f"B{r}", "y")}</row>'
                   for r in range(1, 13))
    book = hostile.xlsx(hostile.sheet(rows))
    with pytest.raises(tables.LimitExceeded) as many:
        tables.Workbook(io.BytesIO(book), tables.Limits(max_rows=1))  # 12 row elements > 10 x 1 + 1
    assert many.value.limit == "max_rows" and many.value.where == "sheet1.xml"
    with pytest.raises(tables.LimitExceeded) as cells:
        tables.Workbook(io.BytesIO(book), tables.Limits(max_cells=9))
    assert cells.value.limit == "max_cells"
    # within the limits the rows come back as the file has them, each as long as its last cell
    with tables.Workbook(io.BytesIO(book), tables.Limits()) as workbook:
        read = list(workbook.rows())
    assert read[0] == (1, ["x", "y"]) and len(read) == 12
    with tables.Workbook(io.BytesIO(book), tables.Limits(max_rows=5)) as workbook, \
            pytest.raises(tables.LimitExceeded) as data_rows:
        list(workbook.rows())  # 12 rows pass the count of row elements (up to 51), not the rows with data
    assert data_rows.value.limit == "max_rows" and data_rows.value.value == 6


def test_limits_while_reading_columns_and_cell_length() -> None:
    far = hostile.xlsx(hostile.sheet(f'<row r="1">{hostile.inline("A1", "x")}{hostile.inline("GZ1", "y")}</row>'))
    with tables.Workbook(io.BytesIO(far), tables.Limits()) as workbook, pytest.raises(tables.LimitExceeded) as wide:
        list(workbook.rows())  # two cells, but the row reaches column 208: refused before it is padded
    assert wide.value.limit == "max_columns" and wide.value.value == 208
    long = hostile.xlsx(hostile.sheet(f'<row r="1">{hostile.inline("A1", "z" * 40_000)}</row>'))
    with tables.Workbook(io.BytesIO(long), tables.Limits()) as workbook, pytest.raises(tables.LimitExceeded) as cell:
        list(workbook.rows())
    assert cell.value.limit == "max_cell_chars" and cell.value.value == 40_000


def test_cell_text_is_split_and_scanned_in_linear_time() -> None:
    text = "space" + " " * 1_000_000 + "sensors"
    started = time.perf_counter()
    assert tables.split_list(text) == [text.strip()]
    assert tables.split_list("space ; " + " " * 1_000_000 + ",sensors") == ["space", "sensors"]
    assert tables.HTML_TAG.search("<" + " " * 1_000_000) is None
    assert tables.HTML_TAG.search("<a" * 500_000) is None
    assert tables.HTML_TAG.search("x <b >bold</b>") is not None
    assert time.perf_counter() - started < 1.0
    assert tables.split_list("a;b|c,d\ne", ";|,\n") == ["a", "b", "c", "d", "e"]


def test_markup_in_user_text_is_escaped_for_pdf_and_made_xml_safe() -> None:
    name = '<a href="https://evil.example">Acme</a> <img src="/etc/passwd"/> <font size="40">big</font>\x01'
    assert limits.pdf_text(name) == ('&lt;a href="https://evil.example"&gt;Acme&lt;/a&gt; '
                                     '&lt;img src="/etc/passwd"/&gt; &lt;font size="40"&gt;big&lt;/font&gt;')
    assert limits.pdf_text("one\ntwo") == "one<br/>two"
    assert limits.docx_text("a\x00b\x0bc\td") == "abc\td"


# -- every import refuses them, stores nothing ------------------------------------------------------------------------

def _stored() -> tuple[int, int]:
    return Organisation.objects.count(), ObjectChange.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(FILES))
def test_the_registry_import_refuses_each_file(name: str, office: Any) -> None:
    from straiik.registry.importing import import_organisations

    data, filename, limit = content(name), FILES[name][1], FILES[name][2]
    before = _stored()
    report, seconds, peak = measured(lambda: import_organisations(
        user=office, handle=SimpleUploadedFile(filename, data), filename=filename))
    assert report.file_error.startswith("The file is refused: the limit on " + WORDS[limit]), report.file_error
    assert seconds < SECONDS and peak < MEMORY, (seconds, peak)
    assert _stored() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["huge declared dimension", "zip bomb", "1 MB of spaces in a cell"])
def test_the_bundling_import_refuses_them(name: str, office: Any) -> None:
    """The issue's 1,479-byte workbook cost 36 s and 2.9 GB here (a supplier's upload)."""
    from straiik.bundling import importing, services
    from straiik.bundling.models import Demand

    round = services.round_create(user=office, data={"name": "R", "periods": ["P1"]})
    data, filename, limit = content(name), FILES[name][1], FILES[name][2]
    report, seconds, peak = measured(lambda: importing.import_table(
        user=office, round=round, kind="demand", handle=SimpleUploadedFile(filename, data), filename=filename))
    assert WORDS[limit] in report.file_error and seconds < SECONDS and peak < MEMORY, (report.file_error, seconds)
    assert not Demand.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["a 100,000-column row (xlsx)", "a million shared strings",
                                  "a 100,000-column row (csv)"])
def test_the_defport_import_refuses_them(name: str) -> None:
    """Any signed-in user reaches the Defport import (the issue's 57 KB workbook cost 14 s and 380 MB)."""
    from straiik.defport import importing
    from straiik.defport.models import Submission

    user = make_user()
    data, filename, limit = content(name), FILES[name][1], FILES[name][2]
    report, seconds, peak = measured(lambda: importing.import_table(
        user=user, handle=SimpleUploadedFile(filename, data), filename=filename))
    assert WORDS[limit] in report.file_error and seconds < SECONDS and peak < MEMORY, (report.file_error, seconds)
    assert not Submission.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["zip bomb", "huge declared dimension", "a million shared strings"])
def test_the_supply_import_refuses_them(name: str) -> None:
    from django.core.exceptions import ValidationError

    from straiik.supply import services
    from straiik.supply.models import SupplyNetwork

    data = content(name)
    if name == "huge declared dimension":  # the supply reader looks for a sheet "nodes" first
        data = hostile.xlsx(hostile.sheet(hostile.HEADER_AND_ROW, "A1:XFD1048576"), sheet_name="nodes")
    result, seconds, peak = measured(lambda: services.read_upload(document=data, filename="net.xlsx"))
    assert isinstance(result, ValidationError) and WORDS[FILES[name][2]] in " ".join(result.messages), result
    assert seconds < SECONDS and peak < MEMORY
    assert not SupplyNetwork.objects.exists()


@pytest.mark.django_db
def test_an_sdir_attachment_that_is_a_zip_bomb_is_refused() -> None:
    from django.core.exceptions import ValidationError

    from straiik.sdir import files

    bomb = content("zip bomb")
    with override_settings(SDIR_MAX_ATTACHMENT_BYTES=10 * 1024 * 1024), pytest.raises(ValidationError) as refused:
        files.check("plan.docx", io.BytesIO(bomb), len(bomb))
    assert "uncompressed size" in " ".join(refused.value.messages)


@pytest.mark.django_db
def test_long_runs_of_spaces_within_the_cell_limit_import_quickly(office: Any) -> None:
    """Before: `\\s*[;|,]\\s*` on the areas cell was quadratic (a 40 KB CSV took 9 s)."""
    from straiik.registry.importing import import_organisations

    cell = "space;" + " " * 30_000 + "sensors"
    data = f'name,kind,areas\nAcme Spaces B.V.,sme,"{cell}"\n'.encode()
    started = time.perf_counter()
    report = import_organisations(user=office, handle=SimpleUploadedFile("s.csv", data), filename="s.csv")
    assert time.perf_counter() - started < SECONDS
    assert report.ok and report.imported == 1
    assert sorted(Organisation.objects.get(name="Acme Spaces B.V.").areas.values_list("code", flat=True)) == [
        "sensors", "space"]


# -- request bodies ----------------------------------------------------------------------------------------------

class Body:
    """A request body of `size` bytes made while it is read, counting what was read."""

    def __init__(self, size: int, prefix: bytes = b"") -> None:
        self.size, self.prefix, self.read_bytes = size, prefix, 0

    def read(self, n: int = -1) -> bytes:
        left = self.size - self.read_bytes
        n = left if n is None or n < 0 else min(n, left)
        self.read_bytes += n
        return b"x" * n

    def readline(self, n: int = -1) -> bytes:
        return self.read(n)


def _post_lazily(user: Any, path: str, size: int, content_type: str) -> tuple[Any, Body]:
    body = Body(size)
    client = client_for(user)
    response = client.generic("POST", path, b"", content_type=content_type,
                              **{"CONTENT_LENGTH": str(size), "CONTENT_TYPE": content_type, "wsgi.input": body})
    return response, body


@pytest.mark.django_db
def test_a_30_mb_multipart_upload_is_refused_before_it_is_read(office: Any) -> None:
    multipart = "multipart/form-data; boundary=BoUnDaRy"
    before = _stored()
    client_for(office).get("/registry/import/")  # the first page of the process compiles the templates
    (page, body), seconds, peak = measured(lambda: _post_lazily(office, "/registry/import/", 30 * 2**20, multipart))
    assert page.status_code == 413 and body.read_bytes == 0
    assert b"The upload is too large: the limit on a request with files is 25.0 MB." in page.content
    assert seconds < SECONDS and peak < MEMORY
    api, body = _post_lazily(office, "/api/v1/sdir/proposals/1/attachments", 30 * 2**20, multipart)
    assert api.status_code == 413 and body.read_bytes == 0
    assert api.json() == {"message": "The upload is too large: the limit on a request with files is 25.0 MB.",
                          "errors": {"limit": 25 * 2**20}}
    assert _stored() == before


@pytest.mark.django_db
def test_a_13_mb_json_body_is_refused_before_it_is_read(office: Any) -> None:
    client_for(office).get("/api/v1/supply/networks")
    (response, body), seconds, peak = measured(
        lambda: _post_lazily(office, "/api/v1/supply/networks", 13 * 2**20, "application/json"))
    assert response.status_code == 413 and body.read_bytes == 0
    assert response.json()["message"] == "The request body is too large: the limit is 12.0 MB."
    assert seconds < SECONDS and peak < MEMORY
    # the same through the ordinary client (the body really sent): refused, nothing stored
    from straiik.supply.models import SupplyNetwork

    big = b'{"name": "x", "network": {"nodes": [' + b'{"id": "n"},' * (13 * 2**20 // 12) + b'{"id": "m"}]}}'
    sent = client_for(office).post("/api/v1/supply/networks", big, content_type="application/json")
    assert sent.status_code == 413 and not SupplyNetwork.objects.exists()


def test_a_body_longer_than_declared_is_cut_off_while_it_is_read(rf: Any) -> None:
    """Under ASGI a body may arrive without a declared length: the stream itself stops at the limit."""
    from django.core.handlers.exception import convert_exception_to_response
    from django.http import HttpResponse

    request = rf.post("/api/v1/supply/networks", b"{}", content_type="application/json")
    request.META.pop("CONTENT_LENGTH")
    request._stream = io.BytesIO(b"[" + b"1," * (2 * 2**20) + b"1]")
    request.META["CONTENT_LENGTH"] = ""  # HttpRequest.body reads the whole stream when none is declared

    def view(req: Any) -> HttpResponse:
        req._stream.read()  # what a parser does
        return HttpResponse("read")

    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2**20):
        response = limits.RequestLimitsMiddleware(convert_exception_to_response(view))(request)
    assert response.status_code == 413


@pytest.mark.django_db
@override_settings(STRAIIK_MAX_UPLOAD_BYTES=1024 * 1024)
def test_the_page_says_the_limit(office: Any) -> None:
    data = b"name,kind\n" + b"Acme,sme\n" * 200_000  # 1.8 MB
    page = client_for(office).post("/registry/import/", {"file": SimpleUploadedFile("big.csv", data)})
    assert page.status_code == 413 and b"the limit on a request with files is 1.0 MB" in page.content
    assert not Organisation.objects.filter(name="Acme").exists()
