"""straiik backup PATH: the database and every uploaded file in one archive with a manifest (core/backup.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from straiik.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive (a new file)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="the archive to write, e.g. straiik-2026-12-04.tar")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        say = (lambda step: self.stderr.write(f"  {step}...")) if options["verbosity"] > 1 else None
        try:
            summary = backup(path, progress=say)
        except (BackupError, OSError) as error:
            raise CommandError(f"Backup failed: {error}") from error
        self.stdout.write(f"Backup written to {summary.path}: {summary.rows} rows in {summary.tables} tables, "
                          f"{summary.files} files ({summary.bytes / 1e6:.1f} MB).")
