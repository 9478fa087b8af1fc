"""straiik restore PATH: put a backup made by `straiik backup` into this (empty) platform (core/backup.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from straiik.core.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Restore a backup into this platform: checks the archive first, refuses a platform that has data "
            "unless --force. Stop the web server and workers first.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="an archive written by `straiik backup`")
        parser.add_argument("--force", action="store_true",
                            help="replace the database and the uploaded files of a platform that has data")

    def handle(self, *args: Any, path: str, force: bool, **options: Any) -> None:
        say = (lambda step: self.stderr.write(f"  {step}...")) if options["verbosity"] > 1 else None
        try:
            summary = restore(path, force=force, progress=say)
        except (BackupError, OSError) as error:
            raise CommandError(f"Restore failed: {error}") from error
        self.stdout.write(f"Restored {summary.path}: {summary.rows} rows in {summary.tables} tables, "
                          f"{summary.files} files ({summary.bytes / 1e6:.1f} MB). Run `straiik migrate` if this "
                          "version of straiik has migrations the backup lacks.")
