"""Bundling on the platform: what a round of N demands costs end to end, outside the solver itself.

    .venv/bin/python bench/bundling/on_platform.py                  # 200, 1,000 and 5,000 demands
    .venv/bin/python bench/bundling/on_platform.py --demands 2000 --time-limit 30

For each size it builds a fresh SQLite database in bench/out/ (never data/straiik.sqlite3), loads a
generated problem (bench/bundling/generate.py, seed 1) as a round (one agency per nation, one supplier
organisation per offer's supplier), and times:
- snapshot: `run_request` (checks the what-if, builds the straiik.bundling/1 problem from the database);
- solve: `run_execute` (the background task's body: solve, solve again without Ukraine, check, store);
- pages: the round page (first page of demand and offers), the results page, the progress box;
- exports: solution JSON, XLSX, PDF.
Requests go through django.test.Client (real middleware, templates and database; debug off).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "bundling"))


def configure(directory: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "straiik.config.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["STRAIIK_DATA_DIR"] = str(directory)
    os.environ["STRAIIK_DEBUG"] = "0"
    os.environ["STRAIIK_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("STRAIIK_LOG_LEVEL", "WARNING")


def load_round(problem: dict[str, Any], office: Any) -> Any:
    from django.db import transaction

    from straiik.bundling import services
    from straiik.bundling.models import Demand, Offer
    from straiik.registry.models import CpvCode, Organisation

    with transaction.atomic():
        missing = {d["item"] for d in problem["demands"]} | {o["item"] for o in problem["offers"]}
        known = set(CpvCode.objects.filter(code__in=missing).values_list("code", flat=True))
        assert missing <= known, f"CPV codes not in CPV 2008: {missing - known}"
        agencies = {b["id"]: Organisation.objects.create(name=f"Agency {b['id']}", slug=f"agency-{b['id'].lower()}",
                                                         kind="government", country=b["country"])
                    for b in problem["buyers"]}
        suppliers = {}
        for offer in problem["offers"]:
            if offer["supplier"] not in suppliers:
                suppliers[offer["supplier"]] = Organisation.objects.create(
                    name=f"Supplier {offer['supplier']}", slug=f"supplier-{offer['supplier'].lower()}", kind="prime",
                    country=offer["country"])
        rules = problem["rules"]
        funding = rules.get("funding") or {}
        round = services.round_create(user=office, data={
            "name": f"Bench {len(problem['demands'])}", "periods": problem["periods"],
            "min_buyers": rules["min_buyers"], "min_eu_buyers": rules["min_eu_buyers"],
            "individual_rationality": rules["individual_rationality"], "funding_enabled": bool(funding),
            "funding_min_eu_content": funding.get("min_eu_content", 0.65), "funding_share": funding.get("share", 0.15),
            "funding_share_with_ukraine": funding.get("share_with_ukraine", 0.2), "time_limit": 60})
        Demand.objects.bulk_create([
            Demand(round=round, buyer=agencies[d["buyer"]], item_id=d["item"], standard=d["standard"],
                   quantity=d["quantity"], periods=d["periods"], solo_unit_price=round_money(d["solo_unit_price"]),
                   created_by=office, reference=d["id"]) for d in problem["demands"]], batch_size=2000)
        Offer.objects.bulk_create([
            Offer(round=round, supplier=suppliers[o["supplier"]], item_id=o["item"], standards=o["standards"],
                  eu_content=round_share(o["eu_content"]), contract_cost=round_money(o["contract_cost"]),
                  tiers=o["tiers"], capacity=o["capacity"], created_by=office, reference=o["id"])
            for o in problem["offers"]], batch_size=2000)
    return round


def round_money(value: float) -> Any:
    from decimal import Decimal

    return Decimal(str(round(value, 2)))


def round_share(value: float) -> Any:
    from decimal import Decimal

    return Decimal(str(round(value, 3)))


def timed(call: Any, repeats: int = 1) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeats):
        began = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def measure(demands: int, time_limit: float, repeats: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.test import Client
    from generate import generate  # bench/bundling/generate.py

    from straiik.accounts.roles import Role
    from straiik.accounts.services import user_create
    from straiik.bundling import services

    call_command("migrate", verbosity=0, interactive=False)
    office = user_create(actor=None, username=f"bench-{demands}", password="bench-password-1",
                         roles=[Role.PROGRAMME_OFFICE])
    problem = generate(demands, seed=1)
    load_seconds, round = timed(lambda: load_round(problem, office))
    snapshot, run = timed(lambda: services.run_request(user=office, round=round, enqueue=False, time_limit=time_limit))
    solve_seconds, run = timed(lambda: services.run_execute(run.pk))
    assert run.status == "done", run.error
    from straiik.accounts.mfa import totp_enrol

    totp_enrol(user=office, secret="BENCHBENCHBENCHBENCHBENCHBENCH23", recovery_codes=False)  # noqa: S106 - bench only
    client = Client()
    client.force_login(office)
    figures = {"demands": demands, "offers": len(problem["offers"]), "nations": len(problem["buyers"]),
               "load_s": load_seconds, "snapshot_s": snapshot, "solve_task_s": solve_seconds,
               "solver_s": run.stats["seconds"], "gap": run.progress.get("gap"), "lots": len(run.solution["lots"])}
    for name, url in (("round_page", round.get_absolute_url()), ("results_page", run.get_absolute_url()),
                      ("progress", f"/bundling/runs/{run.pk}/progress/"),
                      ("export_json", f"/bundling/runs/{run.pk}/export/json/"),
                      ("export_xlsx", f"/bundling/runs/{run.pk}/export/xlsx/"),
                      ("export_pdf", f"/bundling/runs/{run.pk}/export/pdf/")):
        client.get(url)  # warm up
        seconds, response = timed(lambda url=url: client.get(url), repeats)
        assert response.status_code == 200, (url, response.status_code)
        figures[name + "_ms"] = seconds * 1000
        figures[name + "_kb"] = len(response.content) / 1024
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--demands", type=int, nargs="+", default=[200, 1000, 5000])
    parser.add_argument("--time-limit", type=float, default=20.0, help="solver time limit per run (default 20 s)")
    parser.add_argument("--repeats", type=int, default=5, help="timed requests per page (median reported)")
    args = parser.parse_args(argv)
    demands, rest = args.demands[0], args.demands[1:]
    with tempfile.TemporaryDirectory(dir=ROOT / "bench") as directory:
        configure(Path(directory))
        import django

        django.setup()
        from django.db import connections

        row = measure(demands, args.time_limit, args.repeats)
        connections.close_all()
    print(f"{demands:>6} demands, {row['offers']} offers, {row['nations']} nations: load {row['load_s']:.2f} s, "
          f"snapshot {row['snapshot_s']:.2f} s, task {row['solve_task_s']:.1f} s (solver {row['solver_s']:.1f} s, "
          f"gap {row['gap'] or 0:.3%}, {row['lots']} lots); round page {row['round_page_ms']:.0f} ms, "
          f"results {row['results_page_ms']:.0f} ms ({row['results_page_kb']:.0f} kB), progress "
          f"{row['progress_ms']:.0f} ms, JSON {row['export_json_ms']:.0f} ms, XLSX {row['export_xlsx_ms']:.0f} ms, "
          f"PDF {row['export_pdf_ms']:.0f} ms", flush=True)
    if rest:  # settings are read once per process: the next size gets a new process and a new database
        import subprocess

        subprocess.run([sys.executable, __file__, "--time-limit", str(args.time_limit), "--repeats",  # noqa: S603
                        str(args.repeats), "--demands", *map(str, rest)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
