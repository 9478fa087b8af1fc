"""Importing needs, ideas and financing requests from CSV or XLSX (e.g. a unit's backlog), with a report naming
every bad row and column. The registry's policy: all or nothing by default, or only the valid rows when asked;
one transaction. Each row goes through the same service as the form (permissions, checks, duplicates).

Columns: kind, title, description (required); language, organisation (slug), areas (codes separated by ;),
cpv (codes separated by ;), region, constraints, environment, wanted_by (YYYY-MM-DD), sensitivity, trl, wants
(partner; finance; test-ground; first-customer), amount_eur, stage, classification (a code of the marking
scheme: refused above the instance's ceiling), releasability (a code such as NL+UA). Rows much like an existing
submission are imported and listed as warnings; the same text twice by the same person is an error.
"""

from __future__ import annotations

import datetime as dt
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from straiik.defport import services
from straiik.engines import tables
from straiik.registry.importing import ImportReport, RowIssue
from straiik.registry.models import Organisation
from straiik.registry.tabular import TableError, read_table
from straiik.registry.taxonomies import normalise_cpv

if TYPE_CHECKING:
    from straiik.accounts.types import User

COLUMNS = ["kind", "title", "description", "language", "organisation", "areas", "cpv", "region", "constraints",
           "environment", "wanted_by", "sensitivity", "trl", "wants", "amount_eur", "stage", "classification",
           "releasability"]
REQUIRED = ("kind", "title", "description")


def _list(value: str) -> list[str]:
    return tables.split_list(value, ";,")


def _row_data(record: dict[str, str]) -> tuple[dict[str, Any], list[str], list[str]]:
    data: dict[str, Any] = {name: record.get(name, "").strip() for name in
                            ("kind", "title", "description", "language", "region", "constraints", "environment",
                             "stage")}
    data["language"] = data["language"].lower()
    data["sensitivity"] = record.get("sensitivity", "").strip() or "open"
    for name in ("classification", "releasability"):
        if record.get(name, "").strip():
            data[name] = record[name].strip()
    slug = record.get("organisation", "").strip()
    if slug:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise ValidationError({"organisation": _("no organisation with the short name “%(s)s”") % {"s": slug}})
        data["organisation"] = organisation
    if record.get("wanted_by", "").strip():
        try:
            data["wanted_by"] = dt.date.fromisoformat(record["wanted_by"].strip())
        except ValueError:
            raise ValidationError({"wanted_by": _("a date as YYYY-MM-DD")}) from None
    for name in ("trl", "amount_eur"):
        raw = record.get(name, "").strip()
        if raw:
            try:
                data[name] = int(raw)
            except ValueError:
                raise ValidationError({name: _("“%(v)s” is not a whole number") % {"v": raw}}) from None
    if record.get("wants", "").strip():
        data["wants"] = _list(record["wants"])
    cpv = []
    for raw in _list(record.get("cpv", "")):
        code = normalise_cpv(raw)
        if code is None:
            raise ValidationError({"cpv": _("“%(v)s” is not a CPV code") % {"v": raw}})
        cpv.append(code)
    data = {k: v for k, v in data.items() if not (k in ("region", "stage", "constraints", "environment") and v == "")
            or k in ("constraints", "environment")}
    return data, _list(record.get("areas", "")), cpv


def import_table(*, user: User, handle: IO[bytes], filename: str, keep_valid_rows: bool = False) -> ImportReport:
    if not services.permissions.can_submit(user, "idea"):
        raise PermissionDenied(_("Sign in to import submissions."))
    report = ImportReport(kept_all_or_nothing=not keep_valid_rows)
    try:
        header, rows = read_table(handle, filename, max_bytes=settings.STRAIIK_IMPORT_MAX_BYTES,
                                  max_rows=min(settings.STRAIIK_IMPORT_MAX_ROWS, 2000))
    except TableError as error:
        report.file_error = str(error)
        return report
    header = [h.replace(" ", "_") for h in header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        report.file_error = _("Required columns are missing: %(c)s. Expected: %(all)s.") % {
            "c": ", ".join(missing), "all": ", ".join(COLUMNS)}
        return report
    report.unknown_columns = [h for h in header if h not in COLUMNS]
    report.total_rows = len(rows)
    from straiik.notifications.services import notify, office_users, silenced

    with transaction.atomic(), silenced("defport.submitted"):
        for number, row in enumerate(rows, start=2):
            record = dict(zip(header, row + [""] * (len(header) - len(row)), strict=False))
            try:
                with transaction.atomic():
                    data, areas, cpv = _row_data(record)
                    duplicates = services.find_duplicates(user=user, kind=data.get("kind", ""),
                                                          title=data.get("title", ""),
                                                          description=data.get("description", ""))
                    services.submission_create(user=user, data=data, areas=areas, cpv=cpv,
                                               confirmed_not_duplicate=True)
            except PermissionDenied as error:
                report.errors.append(RowIssue(number, "kind", str(error)))
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, messages in error.message_dict.items():
                        report.errors.append(RowIssue(number, field, " ".join(messages)))
                else:
                    report.errors.append(RowIssue(number, "", " ".join(error.messages)))
            else:
                report.valid_rows += 1
                for other, score in duplicates:
                    report.warnings.append(RowIssue(number, "title", _("much like %(s)s (%(p).0f%% of the words)")
                                                    % {"s": other, "p": score * 100}))
        if report.errors and not keep_valid_rows:
            transaction.set_rollback(True)
            report.imported = 0
        else:
            report.imported = report.valid_rows
    if report.imported:
        from django.urls import reverse

        with transaction.atomic():  # one notice for the whole import, after its rows are saved
            notify(office_users(), kind="defport.submitted", url=reverse("defport:dashboard"), exclude=user,
                   compose=lambda: (
                       ngettext("%(n)s submission imported by %(u)s", "%(n)s submissions imported by %(u)s",
                                report.imported) % {"n": report.imported, "u": user},
                       ngettext("%(n)s submission from %(f)s waits for triage on the dashboard.",
                                "%(n)s submissions from %(f)s wait for triage on the dashboard.",
                                report.imported) % {"n": report.imported, "f": filename}))
    return report
