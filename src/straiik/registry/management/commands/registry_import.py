"""straiik registry_import FILE [--keep-valid-rows] [--user NAME]: import organisations from CSV or XLSX."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from straiik.accounts.models import User
from straiik.registry import permissions
from straiik.registry.importing import import_organisations


class Command(BaseCommand):
    help = "Import organisations from a CSV or XLSX file (the format in docs/registry.md)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--keep-valid-rows", action="store_true",
                            help="store the valid rows even when some rows are bad (default: all or nothing)")
        parser.add_argument("--user", required=True,
                            help="the programme-office account the import is recorded under")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, file: Path, keep_valid_rows: bool, user: str, **options: Any) -> None:
        account = User.objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(f"there is no active user {user!r}")
        if not permissions.can_import(account):
            raise CommandError(f"{user} may not import: the programme-office or platform-admin role is needed")
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        with file.open("rb") as handle:
            report = import_organisations(user=account, handle=handle, filename=file.name,
                                          keep_valid_rows=keep_valid_rows)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            if report.file_error:
                self.stderr.write(report.file_error)
            for issue in report.errors:
                self.stderr.write(f"row {issue.row}, {issue.column}: {issue.message}")
            for issue in report.warnings:
                self.stdout.write(f"warning: row {issue.row}, {issue.column}: {issue.message}")
            self.stdout.write(f"{report.total_rows} rows read, {report.valid_rows} valid, {report.imported} imported.")
            if report.errors and not report.imported:
                self.stdout.write("Nothing was imported. Fix the rows above, or use --keep-valid-rows.")
        if not report.ok:
            raise CommandError("the import had errors", returncode=1)
