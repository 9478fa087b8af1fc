"""straiik protection_screen: screen the whole registry against the lists in force (after a bulk import or the
demo, which do not send the per-change signals)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from straiik.protection import screening


class Command(BaseCommand):
    help = "Screen every organisation, its contacts and disclosed owners against the sanctions lists in force."

    def handle(self, *args: Any, **options: Any) -> None:
        from tqdm import tqdm

        bar = tqdm(total=None, unit="organisations", disable=options.get("verbosity", 1) == 0)

        def progress(done: int, total: int) -> None:
            bar.total, bar.n = total, done
            bar.refresh()

        totals = screening.screen_all(progress=progress)
        bar.close()
        self.stdout.write(f"{totals['organisations']} organisations screened: {totals['new']} new possible matches, "
                          f"{totals['seen_again']} seen again, {totals['lapsed']} no longer match.")
