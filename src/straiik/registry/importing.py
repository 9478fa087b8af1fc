"""Importing organisations from CSV or XLSX, with a report that names every bad row and column.

Policy: every row is checked before anything is stored. By default the import is all or nothing: if
any row has an error, nothing is stored and the report lists every error, so the file can be fixed and
uploaded again. With `keep_valid_rows`, the valid rows are stored and the bad ones are listed.
Either way the whole import is one transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from straiik.core.db import refresh_statistics
from straiik.engines import tables
from straiik.registry import permissions
from straiik.registry.models import (
    CpvCode,
    Organisation,
    OrganisationKind,
    RegionalEcosystem,
    Visibility,
)
from straiik.registry.services import CapabilitySpec, OrganisationSpec, organisations_bulk_create
from straiik.registry.tabular import TableError, read_table
from straiik.registry.taxonomies import Area, country_lookup, normalise_cpv, province_lookup

if TYPE_CHECKING:
    from straiik.accounts.types import User

COLUMNS = [
    "name", "kind", "country", "province", "city", "region", "areas", "description", "website", "employees",
    "founded", "visibility", "capability", "capability_description", "trl", "cpv_codes", "contact_name",
    "contact_email",
]
REQUIRED = ("name", "kind")
ALIASES = {
    "naam": "name", "soort": "kind", "type": "kind", "land": "country", "provincie": "province",
    "plaats": "city", "regio": "region", "gebieden": "areas", "omschrijving": "description",
    "beschrijving": "description", "medewerkers": "employees", "opgericht": "founded",
    "zichtbaarheid": "visibility", "capaciteit": "capability", "cpv": "cpv_codes", "slug": "slug",
    "contactpersoon": "contact_name", "e-mail": "contact_email",
}
IGNORED = {"slug", "max_trl", "foreign_ownership_pct", "foreign_control_country", "clearance_status"}
_HTML = tables.HTML_TAG  # linear: see engines/tables.py
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPLIT_CODES = re.compile(r"[\s;|,]+")
MAX_LENGTHS = {"name": 200, "city": 100, "description": 20_000, "capability": 200,
               "capability_description": 10_000, "contact_name": 120}


@dataclass
class RowIssue:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class ImportReport:
    total_rows: int = 0
    valid_rows: int = 0
    imported: int = 0
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    file_error: str = ""
    unknown_columns: list[str] = field(default_factory=list)
    kept_all_or_nothing: bool = True

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors

    @property
    def bad_rows(self) -> list[int]:
        return sorted({issue.row for issue in self.errors})

    def as_dict(self) -> dict[str, Any]:
        return {
            "total_rows": self.total_rows,
            "valid_rows": self.valid_rows,
            "imported": self.imported,
            "bad_rows": self.bad_rows,
            "file_error": self.file_error,
            "unknown_columns": self.unknown_columns,
            "errors": [issue.__dict__ for issue in self.errors],
            "warnings": [issue.__dict__ for issue in self.warnings],
        }


class _Lookups:
    """Everything a row is checked against, read once per import."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self.kinds: dict[str, str] = {}
        self.areas: dict[str, str] = {}
        for language in ("en", "nl"):
            with translation.override(language):
                for value, label in OrganisationKind.choices:
                    self.kinds[str(label).casefold()] = value
                for value, label in Area.choices:
                    self.areas[str(label).casefold()] = value
        self.kinds.update({value: value for value in OrganisationKind.values})
        self.areas.update({value: value for value in Area.values})
        self.regions = {}
        for region in RegionalEcosystem.objects.all():
            self.regions[region.name.casefold()] = region.pk
            self.regions[region.slug] = region.pk
        wanted = {normalise_cpv(t) for r in rows for t in _SPLIT_CODES.split(r.get("cpv_codes", "")) if t}
        self.cpv = set(CpvCode.objects.filter(code__in=wanted - {None}).values_list("code", flat=True))
        names = {r.get("name", "").casefold() for r in rows}
        self.existing = {
            (name.casefold(), country): slug
            for name, country, slug in Organisation.objects.filter(name__in={r.get("name", "") for r in rows})
            .values_list("name", "country", "slug")
            if name.casefold() in names
        }


def _clean_text(value: str, column: str, row: int, report: ImportReport) -> str:
    if _CONTROL.search(value):
        value = _CONTROL.sub("", value)
        report.warnings.append(RowIssue(row, column, _("control characters were removed")))
    if _HTML.search(value):
        report.warnings.append(
            RowIssue(row, column, _("contains HTML markup; it is stored as plain text and shown escaped"))
        )
    return value


def _int(value: str, low: int, high: int) -> int:
    try:
        number = int(value.strip())
    except ValueError as error:
        raise ValueError(_("“%(value)s” is not a whole number") % {"value": value}) from error
    if not low <= number <= high:
        raise ValueError(_("%(value)d is outside %(low)d–%(high)d") % {"value": number, "low": low, "high": high})
    return number


def _row_spec(values: dict[str, str], row: int, look: _Lookups, report: ImportReport) -> OrganisationSpec | None:
    errors: list[RowIssue] = []

    def fail(column: str, message: str) -> None:
        errors.append(RowIssue(row, column, message))

    v = {k: _clean_text(val, k, row, report) for k, val in values.items()}
    for column in REQUIRED:
        if not v.get(column):
            fail(column, _("is required"))
    for column, limit in MAX_LENGTHS.items():
        if len(v.get(column, "")) > limit:
            fail(column, _("is longer than %(limit)d characters") % {"limit": limit})
    fields: dict[str, Any] = {"name": v.get("name", ""), "city": v.get("city", ""),
                              "description": v.get("description", "")}
    kind = v.get("kind", "")
    if kind:
        if kind.casefold() in look.kinds:
            fields["kind"] = look.kinds[kind.casefold()]
        else:
            fail("kind", _("unknown kind “%(value)s”; use one of: %(known)s")
                 % {"value": kind, "known": ", ".join(OrganisationKind.values)})
    country = country_lookup(v.get("country", "")) if v.get("country") else "NL"
    if country is None:
        fail("country", _("unknown country “%(value)s”; use an ISO 3166 code such as NL") % {"value": v["country"]})
    else:
        fields["country"] = country
    if v.get("province"):
        province = province_lookup(v["province"])
        if province is None:
            fail("province", _("unknown Dutch province “%(value)s”") % {"value": v["province"]})
        elif country and country != "NL":
            fail("province", _("a Dutch province is given for a country other than NL"))
        else:
            fields["province"] = province
    if v.get("region"):
        region = look.regions.get(v["region"].casefold())
        if region is None:
            fail("region", _("unknown regional ecosystem “%(value)s”") % {"value": v["region"]})
        else:
            fields["region_id"] = region
    areas: list[str] = []
    for token in tables.split_list(v.get("areas", "")):
        code = look.areas.get(token.casefold())
        if code is None:
            fail("areas", _("unknown area “%(value)s”; use one of: %(known)s")
                 % {"value": token, "known": ", ".join(Area.values)})
        elif code not in areas:
            areas.append(code)
    if v.get("website"):
        website = v["website"] if "://" in v["website"] else f"https://{v['website']}"
        try:
            URLValidator(schemes=["http", "https"])(website)
            fields["website"] = website
        except ValidationError:
            fail("website", _("“%(value)s” is not a web address") % {"value": v["website"]})
    for column, low, high in (("employees", 0, 10_000_000), ("founded", 1600, 2100)):
        if v.get(column):
            try:
                fields[column] = _int(v[column], low, high)
            except ValueError as error:
                fail(column, str(error))
    if v.get("visibility"):
        if v["visibility"].casefold() in Visibility.values:
            fields["visibility"] = v["visibility"].casefold()
        else:
            fail("visibility", _("use “public” or “registered”"))
    trl = None
    if v.get("trl"):
        try:
            trl = _int(v["trl"], 1, 9)
        except ValueError as error:
            fail("trl", str(error))
    cpv_codes: list[str] = []
    for token in filter(None, _SPLIT_CODES.split(v.get("cpv_codes", ""))):
        code = normalise_cpv(token)
        if code is None or code not in look.cpv:
            fail("cpv_codes", _("unknown CPV code “%(value)s”") % {"value": token})
        elif code not in cpv_codes:
            cpv_codes.append(code)
    if (trl or cpv_codes or v.get("capability_description")) and not v.get("capability"):
        fail("capability", _("is required when TRL, CPV codes or a capability description are given"))
    contacts = []
    if v.get("contact_email"):
        try:
            validate_email(v["contact_email"])
            contacts.append({"name": v.get("contact_name") or v["contact_email"], "email": v["contact_email"]})
        except ValidationError:
            fail("contact_email", _("“%(value)s” is not an e-mail address") % {"value": v["contact_email"]})
    elif v.get("contact_name"):
        contacts.append({"name": v["contact_name"]})
    if errors:
        report.errors.extend(errors)
        return None
    capabilities = []
    if v.get("capability"):
        capabilities.append(CapabilitySpec(title=v["capability"], description=v.get("capability_description", ""),
                                           trl=trl, areas=areas, cpv_codes=cpv_codes))
    return OrganisationSpec(fields=fields, areas=areas, capabilities=capabilities, contacts=contacts)


def import_organisations(
    *, user: User, handle: IO[bytes], filename: str, keep_valid_rows: bool = False
) -> ImportReport:
    report = ImportReport(kept_all_or_nothing=not keep_valid_rows)
    if not permissions.can_import(user):
        raise PermissionDenied("Only the programme office may import organisations")
    try:
        header, rows = read_table(handle, filename, max_bytes=settings.STRAIIK_IMPORT_MAX_BYTES,
                                  max_rows=settings.STRAIIK_IMPORT_MAX_ROWS)
    except TableError as error:
        report.file_error = str(error)
        return report
    columns = [ALIASES.get(h, h) for h in header]
    report.unknown_columns = [h for h, c in zip(header, columns, strict=True) if c not in COLUMNS and c not in IGNORED]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        report.file_error = _("Missing required column(s): %(columns)s. Expected columns: %(expected)s") % {
            "columns": ", ".join(missing), "expected": ", ".join(COLUMNS)}
        return report
    duplicated = sorted({c for c in columns if columns.count(c) > 1 and c in COLUMNS})
    if duplicated:
        report.file_error = _("Column(s) appear twice: %(columns)s") % {"columns": ", ".join(duplicated)}
        return report
    records = [
        {c: (row[i] if i < len(row) else "") for i, c in enumerate(columns) if c in COLUMNS} for row in rows
    ]
    report.total_rows = len(records)
    look = _Lookups(records)
    seen: dict[tuple[str, str], int] = {}
    specs: list[OrganisationSpec] = []
    for index, record in enumerate(records):
        row = index + 2
        spec = _row_spec(record, row, look, report)
        if spec is None:
            continue
        key = (spec.fields["name"].casefold(), spec.fields.get("country", "NL"))
        if key in look.existing:
            message = _("already registered (%(slug)s)") % {"slug": look.existing[key]}
            report.errors.append(RowIssue(row, "name", message))
            continue
        if key in seen:
            report.errors.append(RowIssue(row, "name", _("duplicate of row %(row)d") % {"row": seen[key]}))
            continue
        seen[key] = row
        specs.append(spec)
    report.valid_rows = len(specs)
    if report.errors and not keep_valid_rows:
        return report
    if specs:
        report.imported = len(organisations_bulk_create(user=user, specs=specs))
        if report.imported >= 1000:
            refresh_statistics()
    return report
