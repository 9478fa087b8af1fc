"""straiik agenda: the action agenda's batch work for operators.

    straiik agenda indicators [--year 2026] [--as-of 2026-11-28] [--backfill]
        compute the indicators and store the values (a daily cron job keeps the history; --backfill fills the
        month ends of the year where nothing is stored yet)
    straiik agenda report 2026 [--as-of 2026-11-28] [--language nl|en] [--format pdf|docx] -o FILE
        write the progress report to a file
    straiik agenda demo [--seed 1]
        load the demo agendas (example content; needs the demo accounts of `straiik demo`)
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from straiik.agenda import demo, documents, report, services
from straiik.agenda.models import Agenda
from straiik.core import indicators


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date like 2026-11-28") from None


class Command(BaseCommand):
    help = "STRAIIK-D: compute and store the indicators, write the progress report, load the demo agendas."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        values = sub.add_parser("indicators", help="compute the indicators and store the values")
        values.add_argument("--year", type=int, default=None, help="the agenda year (default: this year)")
        values.add_argument("--as-of", type=_date, default=None, help="the date (default: today)")
        values.add_argument("--backfill", action="store_true", help="also every month's end of the year")
        made = sub.add_parser("report", help="write the progress report")
        made.add_argument("year", type=int)
        made.add_argument("--as-of", type=_date, default=None)
        made.add_argument("--language", choices=report.LANGUAGES, default="nl")
        made.add_argument("--format", choices=("pdf", "docx"), default="pdf")
        made.add_argument("-o", "--output", required=True)
        loading = sub.add_parser("demo", help="load the demo agendas")
        loading.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, what: str, **options: Any) -> None:
        getattr(self, f"_{what}")(**options)

    def _indicators(self, *, year: int | None, as_of: dt.date | None, backfill: bool, **options: Any) -> None:
        today = timezone.localdate()
        year, as_of = year or today.year, as_of or today
        if as_of > today:
            raise CommandError("Indicators are computed up to today.")
        days = services.month_ends(year, as_of) if backfill else [as_of]
        stored, skipped = 0, {}
        for day in tqdm(days, unit="date", disable=options["verbosity"] == 0 or len(days) == 1):
            with transaction.atomic():
                count, missing = services.indicators_record(year=year, as_of=day, overwrite=day == as_of)
            stored, skipped = stored + count, missing
        self.stdout.write(f"{stored} values stored for {year} ({len(indicators.REGISTRY)} indicators, "
                          f"{len(days)} date(s)).")
        by_reason: dict[str, list[str]] = {}
        for code, reason in sorted(skipped.items()):
            by_reason.setdefault(reason, []).append(code)
        for reason, codes in by_reason.items():
            more = ", ..." if len(codes) > 3 else ""
            self.stdout.write(f"  not computable ({len(codes)}: {', '.join(codes[:3])}{more}): {reason}")

    def _report(self, *, year: int, as_of: dt.date | None, language: str, format: str, output: str,
                **options: Any) -> None:
        agenda = Agenda.objects.filter(year=year).first()
        if agenda is None:
            raise CommandError(f"There is no agenda for {year}.")
        started = time.perf_counter()
        try:
            content = report.build(agenda, as_of or min(timezone.localdate(), agenda.last_day), language)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        data = documents.pdf(content) if format == "pdf" else documents.docx(content)
        Path(output).write_bytes(data)
        self.stdout.write(f"{output}: {len(data) / 1024:.0f} KiB in {time.perf_counter() - started:.2f} s.")

    def _demo(self, *, seed: int, **options: Any) -> None:
        created = demo.load(seed)
        self.stdout.write(f"Demo agendas: {created} actions created." if created else
                          "Demo agendas present already, or no 'office' account (run `straiik demo` first).")
