"""straiik protection_load_list FILE --source eu|un --user USERNAME: load a new version of the EU consolidated
financial sanctions list or the UN Security Council consolidated list from its XML file, then screen the registry.
Exit status 2 when the file is refused (the list in force is kept)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from straiik.accounts.models import User
from straiik.protection import screening, services


class Command(BaseCommand):
    help = "Load a sanctions list (EU or UN XML) and screen the registry against it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, choices=["eu", "un"])
        parser.add_argument("--user", required=True, help="who loads it (the programme office)")

    def handle(self, *args: Any, file: Path, source: str, user: str, **options: Any) -> None:
        loader = User.objects.filter(username=user).first()
        if loader is None:
            raise CommandError(f"no user {user!r}", returncode=2)
        if not file.is_file():
            raise CommandError(f"{file}: no such file", returncode=2)
        try:
            # screened below, with a progress bar
            loaded = services.list_import(user=loader, source=source, data=file.read_bytes(), filename=file.name,
                                          screen=False)
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(f"{file}: {' '.join(getattr(error, 'messages', [str(error)]))}", returncode=2) from None
        self.stdout.write(f"{loaded} loaded: {loaded.entry_count} entries.")
        from tqdm import tqdm

        bar = tqdm(total=None, unit="organisations", disable=options.get("verbosity", 1) == 0)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        screening.forget_index()
        totals = screening.screen_all(progress=progress)
        bar.close()
        self.stdout.write(f"{totals['organisations']} organisations screened: {totals['new']} new possible matches, "
                          f"{totals['lapsed']} no longer match.")

