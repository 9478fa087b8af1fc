"""Every input bounded, in one place: the limits of uploaded tables (read by `engines.tables`), of request bodies
(`BodyLimitMiddleware`), and the escaping of user text put into PDF or DOCX documents.

- Tables: `table_limits()` gives the limits from the settings; `refusal(exc)` says a refusal in the reader's
  language, naming the limit and the value found.
- Request bodies: a multipart body (uploads) may be at most STRAIIK_MAX_UPLOAD_BYTES, any other body (JSON, forms)
  at most DATA_UPLOAD_MAX_MEMORY_SIZE. The middleware answers 413 before anything reads the body when the declared
  length is too large, and stops a body that turns out longer than declared while it is read.
- Documents: ReportLab's Paragraph takes markup (<a href>, <img src>, <font>), so user text goes through
  `pdf_text()`; python-docx escapes by itself but refuses characters XML cannot hold, so text goes through
  `docx_text()`.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from straiik.engines import tables
from straiik.engines.tables import LimitExceeded, Limits, TableFormatError

__all__ = ["LimitExceeded", "Limits", "TableFormatError", "table_limits", "refusal", "pdf_text", "docx_text",
           "document_safe", "RequestLimitsMiddleware", "body_limit", "has_nul"]

# What each limit is called when a refusal names it.
LIMIT_NAMES = {
    "max_bytes": gettext_lazy("file size (bytes)"),
    "max_rows": gettext_lazy("rows"),
    "max_columns": gettext_lazy("columns"),
    "max_cells": gettext_lazy("cells"),
    "max_cell_chars": gettext_lazy("characters in one cell"),
    "max_sheets": gettext_lazy("sheets"),
    "max_zip_members": gettext_lazy("files inside the workbook"),
    "max_uncompressed_bytes": gettext_lazy("uncompressed size (bytes)"),
    "max_compression_ratio": gettext_lazy("compression ratio"),
    "max_shared_strings": gettext_lazy("shared strings"),
}


def table_limits(**changes: Any) -> Limits:
    """The limits for an uploaded table, from the settings (STRAIIK_IMPORT_*), with `changes` for one importer."""
    values = {
        "max_bytes": settings.STRAIIK_IMPORT_MAX_BYTES,
        "max_rows": settings.STRAIIK_IMPORT_MAX_ROWS,
        "max_columns": getattr(settings, "STRAIIK_IMPORT_MAX_COLUMNS", Limits.max_columns),
        "max_cells": getattr(settings, "STRAIIK_IMPORT_MAX_CELLS", Limits.max_cells),
        "max_cell_chars": getattr(settings, "STRAIIK_IMPORT_MAX_CELL_CHARS", Limits.max_cell_chars),
        "max_uncompressed_bytes": getattr(settings, "STRAIIK_IMPORT_MAX_UNCOMPRESSED_BYTES",
                                          Limits.max_uncompressed_bytes),
    }
    values.update(changes)
    return Limits().replace(**values)


def refusal(exc: LimitExceeded | TableFormatError) -> str:
    """The refusal for the person who uploaded the file: which limit, what was found, what is allowed."""
    if isinstance(exc, TableFormatError):
        return _("The file cannot be read: %(error)s") % {"error": exc}
    name = LIMIT_NAMES.get(exc.limit, exc.limit)
    if exc.where:
        return _("The file is refused: the limit on %(name)s is %(maximum)s and it has at least %(value)s "
                 "(%(where)s). Split it or make it smaller.") % {
                     "name": name, "maximum": f"{exc.maximum:,}", "value": f"{exc.value:,}", "where": exc.where}
    return _("The file is refused: the limit on %(name)s is %(maximum)s and it has at least %(value)s. Split it or "
             "make it smaller.") % {"name": name, "maximum": f"{exc.maximum:,}", "value": f"{exc.value:,}"}


# -- text into documents --------------------------------------------------------------------------------------------

def pdf_text(value: Any) -> str:
    """User text for a ReportLab Paragraph: shown literally (markup escaped), without characters XML cannot hold,
    line breaks kept."""
    return escape(tables.xml_safe("" if value is None else str(value))).replace("\n", "<br/>")


def docx_text(value: Any) -> str:
    """User text for python-docx (which escapes markup itself): without the characters XML cannot hold."""
    return tables.xml_safe("" if value is None else str(value))


def document_safe(content: Any) -> Any:
    """A copy of a document's content (dataclasses, lists, tuples, dicts, strings) with every string made safe for
    XML (docx_text): for documents that put many fields into many places, cleaned once at the door."""
    if isinstance(content, str):
        return tables.xml_safe(content)
    if dataclasses.is_dataclass(content) and not isinstance(content, type):
        changes = {f.name: document_safe(getattr(content, f.name)) for f in dataclasses.fields(content) if f.init}
        return dataclasses.replace(content, **changes)
    if isinstance(content, list):
        return [document_safe(item) for item in content]
    if type(content) is tuple:
        return tuple(document_safe(item) for item in content)
    if isinstance(content, dict):
        return {key: document_safe(value) for key, value in content.items()}
    return content


# -- request bodies -------------------------------------------------------------------------------------------------

def _is_multipart(request: HttpRequest) -> bool:
    return str(request.META.get("CONTENT_TYPE", "")).lower().startswith("multipart/")


def body_limit(request: HttpRequest) -> int:
    if _is_multipart(request):
        return int(getattr(settings, "STRAIIK_MAX_UPLOAD_BYTES", 25 * 1024 * 1024))
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) or 2**62


def body_too_large_message(request: HttpRequest) -> str:
    limit = body_limit(request)
    if _is_multipart(request):
        return _("The upload is too large: the limit on a request with files is %(mb).1f MB.") % {
            "mb": limit / 1_048_576}
    return _("The request body is too large: the limit is %(mb).1f MB.") % {"mb": limit / 1_048_576}


def bad_request_message(exc: Exception) -> str:
    return _("The request cannot be read (%(error)s). Send well-formed JSON, or multipart/form-data with its "
             "boundary.") % {"error": str(exc) or exc.__class__.__name__}


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def too_large_response(request: HttpRequest) -> HttpResponse:
    message = body_too_large_message(request)
    if _wants_json(request):
        return JsonResponse({"message": message, "errors": {"limit": body_limit(request)}}, status=413)
    return render(request, "core/error.html", {"status": 413, "message": message}, status=413)


class _CountingStream:
    """The request's body stream, refusing to give more than `limit` bytes (a body longer than declared, or one
    without a declared length)."""

    def __init__(self, stream: Any, limit: int, request: HttpRequest) -> None:
        self._stream, self._limit, self._request, self._read = stream, limit, request, 0

    def _count(self, data: bytes) -> bytes:
        self._read += len(data)
        if self._read > self._limit:
            self._request._body_too_large = True  # type: ignore[attr-defined]
            raise RequestDataTooBig(body_too_large_message(self._request))
        return data

    def read(self, *args: Any, **kwargs: Any) -> bytes:
        return self._count(self._stream.read(*args, **kwargs))

    def readline(self, *args: Any, **kwargs: Any) -> bytes:
        return self._count(self._stream.readline(*args, **kwargs))

    def __iter__(self) -> Any:
        for chunk in self._stream:
            yield self._count(chunk)

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


def has_nul(value: Any) -> bool:
    """Whether a parsed JSON value or a string holds a NUL character anywhere (PostgreSQL cannot store one)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return False


def _json_with_nul(request: HttpRequest) -> bool:
    """A JSON body (bounded by now) with a NUL character in a string: PostgreSQL could not store it."""
    if "json" not in request.META.get("CONTENT_TYPE", "").lower():
        return False
    try:
        body = request.body
    except RequestDataTooBig:
        return False  # answered 413 by the view's handler
    if b"\\u0000" not in body and b"\x00" not in body:
        return False
    try:
        return has_nul(json.loads(body))
    except ValueError:
        return False  # not JSON at all: the API says so (400)


def nul_message() -> str:
    return _("The request contains a NUL character (\\u0000), which no text may contain.")


class RequestLimitsMiddleware:
    """413 for a request body above its limit (see the module's docstring), before the body is read; 400 for a NUL
    character in the path or the query (a database cannot compare text with it). First in the middleware list, so
    no upload is parsed or stored."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request)
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            return too_large_response(request)
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path_info or "%00" in query or "\x00" in query:
            if _wants_json(request):
                return JsonResponse({"message": nul_message()}, status=400)
            return render(request, "core/error.html", {"status": 400, "message": nul_message()}, status=400)
        if request.method in ("POST", "PUT", "PATCH", "DELETE") and hasattr(request, "_stream"):
            request._stream = _CountingStream(request._stream, limit, request)  # type: ignore[assignment]
            if _json_with_nul(request):
                return JsonResponse({"message": nul_message(), "errors": [{"field": "", "message": nul_message()}]},
                                    status=422)
        response: HttpResponse = self.get_response(request)
        if getattr(request, "_body_too_large", False) and response.status_code != 413:
            # the body was cut off while a view or a middleware read it: whatever they answered, it is too large
            return too_large_response(request)
        return response
