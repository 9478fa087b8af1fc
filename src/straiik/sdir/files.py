"""Proposal attachments: what is accepted, checked by extension, size and content (the first bytes, and for
office documents the zip's inventory), stored under a random name. Files are never served from a public URL:
the attachment view checks permission and streams them from storage."""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from straiik.core.limits import refusal, table_limits
from straiik.engines import tables

# extension -> (label, content type, magic prefixes, member a zip must hold)
KINDS: dict[str, tuple[str, str, tuple[bytes, ...], str | None]] = {
    "pdf": ("PDF", "application/pdf", (b"%PDF-",), None),
    "docx": ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",),
             "[Content_Types].xml"),
    "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",),
             "[Content_Types].xml"),
    "pptx": ("PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
             (b"PK\x03\x04",), "[Content_Types].xml"),
    "odt": ("OpenDocument text", "application/vnd.oasis.opendocument.text", (b"PK\x03\x04",), "mimetype"),
    "ods": ("OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",),
            "mimetype"),
    "png": ("PNG", "image/png", (b"\x89PNG\r\n\x1a\n",), None),
    "jpg": ("JPEG", "image/jpeg", (b"\xff\xd8\xff",), None),
    "jpeg": ("JPEG", "image/jpeg", (b"\xff\xd8\xff",), None),
}
MAX_FILES = 10


def max_bytes() -> int:
    return int(getattr(settings, "SDIR_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024))


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


@dataclass(frozen=True)
class Checked:
    name: str
    kind: str
    content: bytes
    sha256: str

    @property
    def content_type(self) -> str:
        return KINDS[self.kind][1]


def check(name: str, stream: IO[bytes] | Any, size: int | None = None) -> Checked:
    """Read and check an upload; raises ValidationError({"file": ...}) with a message a person understands."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in KINDS:
        raise ValidationError({"file": _("“%(name)s”: this type of file is not accepted. Upload PDF, Word (.docx), "
                                         "Excel (.xlsx), PowerPoint (.pptx), OpenDocument (.odt, .ods), PNG or "
                                         "JPEG.") % {"name": name or "?"}})
    limit = max_bytes()
    if size is not None and size > limit:
        raise ValidationError({"file": _("“%(name)s” is %(size)s; the limit is %(limit)s.") % {
            "name": name, "size": _mb(size), "limit": _mb(limit)}})
    content = stream.read(limit + 1)
    if len(content) > limit:
        raise ValidationError({"file": _("“%(name)s” is larger than %(limit)s, the limit.") % {
            "name": name, "limit": _mb(limit)}})
    if not content:
        raise ValidationError({"file": _("“%(name)s” is empty.") % {"name": name}})
    label, _type, magics, member = KINDS[extension]
    if member is not None and content.startswith(magics):
        try:  # an office document is a zip: refuse a zip bomb before anyone opens it (core/limits.py)
            tables.check_zip(io.BytesIO(content), table_limits(max_bytes=limit)).close()
        except tables.LimitExceeded as error:
            raise ValidationError({"file": f"“{name}”: {refusal(error)}"}, code="limit") from None
        except tables.TableFormatError:
            pass  # said below: the content does not match
    if not content.startswith(magics) or (member is not None and not _zip_has(content, member)):
        raise ValidationError({"file": _("“%(name)s” claims to be a %(label)s file but is not one: its content "
                                         "does not match. Upload the real file.") % {"name": name, "label": label}},
                              code="content_mismatch")
    return Checked(name=name, kind=extension, content=content, sha256=hashlib.sha256(content).hexdigest())


def _zip_has(content: bytes, member: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False


def store(checked: Checked) -> str:
    """Save under a random name (never the applicant's), outside any public URL; returns the stored name."""
    return default_storage.save(f"sdir/attachments/{uuid.uuid4().hex}.{checked.kind}", ContentFile(checked.content))


def open_stored(stored_name: str) -> IO[bytes]:
    return default_storage.open(stored_name, "rb")


def delete_stored(stored_name: str) -> None:
    if default_storage.exists(stored_name):
        default_storage.delete(stored_name)
