"""Screening on the platform: the EU list file read and imported, the registry screened through the ORM, and one
changed organisation screened again, on a fresh SQLite database in a temporary folder (never data/).

    .venv/bin/python bench/protection/on_platform.py                     # 10,000 entries, 50,000 organisations
    .venv/bin/python bench/protection/on_platform.py --entries 2000 --orgs 5000

Writes an EU-format XML file with `--entries` invented parties (bench/protection/screening.py's generator), loads
it with the service (parse, store, record), creates `--orgs` organisations with two contacts each in bulk, plants a
few listed names among them, then times `screen_all` (the work after an import) and `screen_organisations([id])`
(the work after one organisation changes), with the list's index already built and with it built from the
database (the first screening in a fresh process)."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import quoteattr

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def eu_xml(entries: list) -> bytes:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<export xmlns="http://eu.europa.ec/fpi/fsd/export" '
             'generationDate="2026-12-01T10:00:00.000+01:00" globalFileId="999999">']
    for n, entry in enumerate(entries, start=1):
        code = "person" if entry.kind == "person" else "enterprise"
        parts.append(f'<sanctionEntity euReferenceNumber="EU.B.{n}" logicalId="{n}">'
                     f'<subjectType code="{code}" classificationCode="{code[0].upper()}"/>')
        for i, name in enumerate(entry.names):
            parts.append(f'<nameAlias wholeName={quoteattr(name)} logicalId="{n * 10 + i}"/>')
        for date in entry.birth_dates:
            parts.append(f'<birthdate birthdate="{date}" year="{date[:4]}" logicalId="{n * 10 + 9}"/>')
        parts.append("</sanctionEntity>")
    parts.append("</export>")
    return "\n".join(parts).encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--orgs", type=int, default=50_000)
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="straiik-protection-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "straiik.config.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["STRAIIK_DATA_DIR"] = str(directory)
    os.environ["STRAIIK_DEBUG"] = "0"
    os.environ.setdefault("STRAIIK_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import screening as generator

    from straiik.accounts.services import user_create
    from straiik.protection import screening, services
    from straiik.registry.models import Contact, Organisation

    office = user_create(actor=None, username="office", password="bench-only-pass-1", roles=["programme-office"])
    rng = random.Random(14)
    entries = generator.make_list(rng, args.entries)
    data = eu_xml(entries)
    start = time.perf_counter()
    loaded = services.list_import(user=office, source="eu", data=data, filename="eu-bench.xml", screen=False)
    print(f"EU file of {len(data) / 1e6:.1f} MB with {loaded.entry_count:,} entries read and stored in "
          f"{time.perf_counter() - start:.2f} s")

    start = time.perf_counter()
    orgs = [Organisation(name=generator.company(rng), slug=f"org-{i}", kind="sme", country="NL")
            for i in range(args.orgs)]
    for k in range(50):  # plant listed company names
        entity = next(e for e in entries[k * 37:] if e.kind == "entity")
        orgs[k * 997 % args.orgs].name = entity.names[0]
    Organisation.objects.bulk_create(orgs, batch_size=2000)
    ids = list(Organisation.objects.values_list("pk", flat=True))
    Contact.objects.bulk_create([Contact(organisation_id=pk, name=generator.person(rng)) for pk in ids for _ in (0, 1)],
                                batch_size=5000)
    print(f"{len(ids):,} organisations with {2 * len(ids):,} contacts created in {time.perf_counter() - start:.1f} s")

    screening.forget_index()
    start = time.perf_counter()
    screening.current_screener()
    print(f"index built from the database in {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    totals = screening.screen_all()
    full = time.perf_counter() - start
    print(f"screen_all: {full:.1f} s for {totals['organisations']:,} organisations ({3 * len(ids):,} names), "
          f"{totals['new']:,} possible matches queued")

    sample = rng.sample(ids, min(200, len(ids)))
    timings = []
    for pk in sample:
        t0 = time.perf_counter()
        screening.screen_organisations([pk])
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    print(f"one changed organisation (name + 2 contacts, queries and reconciliation included): median "
          f"{statistics.median(timings):.1f} ms, 95th percentile {timings[int(len(timings) * 0.95) - 1]:.1f} ms, "
          f"max {timings[-1]:.1f} ms over {len(timings)}")
    print("shared machine: other agents were running")


if __name__ == "__main__":
    main()
