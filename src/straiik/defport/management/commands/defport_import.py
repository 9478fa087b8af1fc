"""straiik defport_import FILE --user USERNAME [--keep-valid-rows]: needs, ideas and financing requests from
CSV or XLSX (columns: docs/defport.md). Exit status 1 when rows were refused, 2 when the file cannot be read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from straiik.accounts.models import User
from straiik.defport.importing import import_table


class Command(BaseCommand):
    help = "Import Defport submissions from CSV or XLSX, with a row-by-row report."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="who posts them (their permissions apply)")
        parser.add_argument("--keep-valid-rows", action="store_true", help="import the valid rows even if some fail")

    def handle(self, *args: Any, file: Path, user: str, keep_valid_rows: bool, **options: Any) -> None:
        poster = User.objects.filter(username=user).first()
        if poster is None:
            raise CommandError(f"no user {user!r}", returncode=2)
        if not file.is_file():
            raise CommandError(f"{file}: no such file", returncode=2)
        with file.open("rb") as handle:
            report = import_table(user=poster, handle=handle, filename=file.name, keep_valid_rows=keep_valid_rows)
        if report.file_error:
            raise CommandError(f"{file}: {report.file_error}", returncode=2)
        for issue in report.errors:
            self.stderr.write(f"{file}: row {issue.row}, {issue.column or '-'}: {issue.message}")
        for issue in report.warnings:
            self.stdout.write(f"{file}: row {issue.row}: warning: {issue.message}")
        self.stdout.write(f"{report.total_rows} rows read, {report.valid_rows} valid, {report.imported} imported.")
        if report.errors:
            raise CommandError("some rows were refused" + ("" if report.imported else "; nothing was imported"),
                               returncode=1)
