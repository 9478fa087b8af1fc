"""straiik registry_export FILE.csv|FILE.xlsx [filters]: export organisations as the public sees them,
or as --user sees them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from straiik.accounts.models import User
from straiik.registry.exporting import export_columns, export_rows
from straiik.registry.forms import FilterForm
from straiik.registry.selectors import organisation_list
from straiik.registry.tabular import write_csv, write_xlsx


class Command(BaseCommand):
    help = "Export organisations to CSV or XLSX, with the same filters as the list page."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="export what this account may see (default: the public view)")
        for name in ("q", "kind", "area", "province", "region", "trl_min", "cpv"):
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, default="")

    def handle(self, *args: Any, file: Path, user: str | None, **options: Any) -> None:
        account = None
        if user:
            account = User.objects.filter(username=user, is_active=True).first()
            if account is None:
                raise CommandError(f"there is no active user {user!r}")
        form = FilterForm({k: options[k] for k in ("q", "kind", "area", "province", "region", "trl_min", "cpv")})
        if not form.is_valid():
            raise CommandError("; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in form.errors.items()))
        suffix = file.suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise CommandError("the file name must end in .csv or .xlsx")
        rows = list(export_rows(account, organisation_list(user=account, filters=form.filters())))
        header = export_columns(account)
        if suffix == ".csv":
            file.write_text("".join(write_csv(header, rows)), encoding="utf-8")
        else:
            file.write_bytes(write_xlsx(header, rows, title="organisations"))
        self.stdout.write(f"{len(rows)} organisations written to {file}")
