"""STRAIIK-D on the platform: what the progress report and the agenda's pages cost as the agenda grows.

    .venv/bin/python bench/agenda/report.py                 # the demo agenda, then 200 and 1,000 actions
    .venv/bin/python bench/agenda/report.py --actions 500

A fresh SQLite database in a temporary folder (never data/straiik.sqlite3): migrations, the `office` account, the
demo agendas (straiik.agenda.demo), then generated actions added to 2026 (a seeded mix of concrete and vague ones
across the areas, some with progress). For each size it times the report's content (report.build), the PDF and the
DOCX, counts the PDF's pages, and times the agenda page, an area dashboard and the timeline through
django.test.Client (real middleware and templates, debug off).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
AREAS = ["smart-materials", "space", "quantum", "intelligent-systems", "sensors", "maritime", ""]
VERBS = ["Lever", "Gun", "Contracteer", "Verken", "Onderzoek", "Open", "Kwalificeer", "Explore", "Deliver"]


def configure(directory: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "straiik.config.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["STRAIIK_DATA_DIR"] = str(directory)
    os.environ["STRAIIK_DEBUG"] = "0"
    os.environ["STRAIIK_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("STRAIIK_LOG_LEVEL", "WARNING")


def add_actions(count: int, office: object, seed: int = 1) -> None:
    from django.db import transaction

    from straiik.agenda import services
    from straiik.agenda.models import Agenda
    from straiik.registry.models import Organisation

    rng = random.Random(seed)
    agenda = Agenda.objects.get(year=2026)
    owners = list(Organisation.objects.filter(name__endswith="(demo)").order_by("id")[:5])
    with transaction.atomic():
        for i in range(count):
            concrete = rng.random() < 0.6
            deadline = dt.date(2026, rng.randint(2, 12), rng.randint(1, 28))
            action = services.action_create(user=office, agenda=agenda, data={
                "title": f"{rng.choice(VERBS)} onderdeel {i} van het programma", "area": rng.choice(AREAS),
                "owner_organisation": rng.choice(owners), "owner_person": "projectleider" if concrete else "",
                "start": dt.date(2026, 1, rng.randint(1, 28)), "deadline": deadline if rng.random() < 0.9 else None,
                "indicator_name": "mijlpalen", "baseline": 0 if concrete else None, "target": rng.randint(1, 10),
                "unit": "mijlpalen", "budget_eur": rng.randint(1, 50) * 100_000})
            if rng.random() < 0.5:
                services.progress_post(user=office, action=action, data={
                    "reported_on": min(deadline, dt.date(2026, 11, 1)), "status": rng.choice(["in_progress", "done"]),
                    "progress": rng.randint(10, 90), "value": rng.randint(0, 5), "text": "Voortgang."})


def ok(response: Any) -> Any:
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    return response


def timed(label: str, call: object, rows: list[str]) -> object:
    started = time.perf_counter()
    result = call()  # type: ignore[operator]
    rows.append(f"  {label:<28} {time.perf_counter() - started:6.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actions", type=int, nargs="*", default=[0, 200, 1000],
                        help="generated actions added to the demo's 13 (cumulative sizes)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="straiik-agenda-bench-") as folder:
        configure(Path(folder))
        sys.path.insert(0, str(ROOT / "src"))
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client
        from django.utils import timezone

        from straiik.accounts.services import user_create
        from straiik.agenda import demo, documents, report
        from straiik.agenda.models import Agenda

        call_command("migrate", verbosity=0)
        office = user_create(actor=None, username="office", password="bench-only-pass", roles=["programme-office"])
        from straiik.accounts.mfa import totp_enrol

        # the office must have a second factor (accounts.mfa): without one every page answers a redirect
        totp_enrol(user=office, secret="BENCHBENCHBENCHBENCHBENCHBENCH23", recovery_codes=False)  # noqa: S106
        demo.load(1)
        client = Client()
        client.force_login(office)
        as_of = min(timezone.localdate(), dt.date(2026, 12, 31))
        added = 0
        for target in sorted(args.actions):
            add_actions(target - added, office, seed=target)
            added = target
            agenda = Agenda.objects.get(year=2026)
            rows: list[str] = []
            content = timed("report content (nl)", lambda: report.build(agenda, as_of, "nl"), rows)  # noqa: B023
            pdf = timed("PDF", lambda: documents.pdf(content), rows)  # noqa: B023 - called at once, in this iteration
            docx = timed("DOCX", lambda: documents.docx(content), rows)  # noqa: B023
            timed("agenda page", lambda: ok(client.get("/agenda/2026/")), rows)
            timed("area dashboard (sensors)", lambda: ok(client.get("/agenda/2026/areas/sensors/")), rows)
            timed("timeline", lambda: ok(client.get("/agenda/2026/timeline/")), rows)
            from pypdf import PdfReader

            pages = len(PdfReader(io.BytesIO(pdf)).pages)  # type: ignore[arg-type]
            print(f"{agenda.actions.count()} actions: PDF {pages} pages, {len(pdf) / 1024:.0f} KiB; "  # type: ignore
                  f"DOCX {len(docx) / 1024:.0f} KiB")  # type: ignore[arg-type]
            print("\n".join(rows))


if __name__ == "__main__":
    main()
