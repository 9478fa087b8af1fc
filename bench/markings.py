"""Markings benchmark (issue 13): the registry list and the Defport match page with markings on.

    .venv/bin/python bench/markings.py                      # 50,000 organisations on SQLite
    .venv/bin/python bench/markings.py --orgs 5000 --repeats 10

It uses the registry benchmark's database (bench/registry_list.py: `straiik demo --orgs N --seed S`, built on the
first run and reused) and puts markings on it: every tenth organisation's sensitive fields marked Departementaal
Vertrouwelijk, releasable to NL; a reader who is *not* a custodian (a defence buyer with a clearance, member of
a demo organisation, in a need-to-know group), so every marking rule runs (clearance, nations, groups); and a
Defport need marked Departementaal Vertrouwelijk, releasable to NL+UA, need-to-know, submitted by that reader.

Measured: the registry list (HTML and API, the registry benchmark's cases) for anonymous, the office and the
reader, with p50/p95/max and the SQL queries for page sizes 25, 50 and 100 (they must be equal); the Defport
need's page with its matches (k=10) and the matches API for k = 5, 10 and 20 as the reader, p50/p95/max and
queries (equal for every k). The matching index is lexical here (STRAIIK_MATCHING_DENSE=0): embedding 50,000
profiles takes about 49 minutes on two cores (docs/matching.md), and markings do not touch the engine.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("registry_list", ROOT / "registry_list.py")
assert _spec and _spec.loader
rl = importlib.util.module_from_spec(_spec)
sys.modules["registry_list"] = rl
_spec.loader.exec_module(rl)

DV = "departementaal-vertrouwelijk"
READER = "bench-marked-reader"
MATCH_TARGET_P95_MS = 300.0
KS = (5, 10, 20)


def put_markings() -> tuple[Any, Any]:
    """Markings on the benchmark database (idempotent). Returns (the reader, the marked need)."""
    from django.db.models import F

    from straiik.accounts.models import User
    from straiik.accounts.roles import Role
    from straiik.accounts.services import user_create
    from straiik.core.models import Clearance, NeedToKnowGroup
    from straiik.defport.models import Submission
    from straiik.registry.models import Membership, Organisation

    marked = (Organisation.objects.annotate(tenth=F("id") % 10).filter(tenth=0)
              .update(classification=DV, releasability="NL"))
    reader = User.objects.filter(username=READER).first() or user_create(
        actor=None, username=READER, password="bench-reader-password", roles=[Role.DEFENCE_BUYER])
    home = Organisation.objects.order_by("id").first()
    Membership.objects.get_or_create(user=reader, organisation=home)
    Clearance.objects.update_or_create(user=reader, defaults={"level": DV})
    group, _created = NeedToKnowGroup.objects.get_or_create(name="bench: need to know")
    group.members.add(reader)
    group.organisations.add(home)
    need = Submission.objects.filter(submitted_by=reader, kind="need").first()
    if need is None:
        need = Submission.objects.create(
            kind="need", title="Draagbare radar tegen kleine drones", submitted_by=reader, state="submitted",
            description="Wij zoeken een draagbare radar die kleine drones rond een kampement detecteert, met "
                        "passieve RF-detectie en een bereik van twee kilometer.",
            classification=DV, releasability="NL+UA", need_to_know=group)
    print(f"Markings on: {marked:,} organisations' sensitive fields marked; reader {READER}; need #{need.pk}.")
    return reader, need


def timed(client: Any, url: str, repeats: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        rl.fetch(client, url)
    out = []
    for _ in range(repeats):
        started = time.perf_counter()
        rl.fetch(client, url)
        out.append((time.perf_counter() - started) * 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    args = rl.parse_args(argv)
    url = rl.configure(args)
    os.environ["STRAIIK_MATCHING_DENSE"] = "0"
    import django

    django.setup()
    from django.test import Client

    rl.prepare_database(args, url)
    office = rl.bench_user()
    reader, need = put_markings()
    from straiik.accounts.mfa import mfa_enabled, totp_enrol

    for person in (office, reader):  # their roles need a second factor before the API answers them
        if not mfa_enabled(person):
            totp_enrol(user=person, secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", recovery_codes=False)
    rl.planner_statistics(args)
    clients = {"anonymous": Client(), "office": Client(), "marked reader": Client()}
    clients["office"].force_login(office)
    clients["marked reader"].force_login(reader)
    print(f"Registry list: {len(rl.CASES) * len(rl.ENDPOINTS) * len(clients)} cases, {args.repeats} requests each...",
          file=sys.stderr)
    results = rl.measure(args, clients)
    headers = ["user", "case", "matches", "HTML p95", "API p95", "queries HTML 25/50/100", "queries API 25/50/100"]
    rows = []
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for r in results:
        pairs.setdefault((r.user, r.case), {})[r.endpoint] = r
    for (user, case), found in pairs.items():
        html, api = found["html"], found["api"]
        rows.append([user, case, f"{html.matches:,}", f"{html.p95_ms:.0f}", f"{api.p95_ms:.0f}",
                     "/".join(str(q) for q in html.queries.values()), "/".join(str(q) for q in api.queries.values())])
    print("\nRegistry list with markings on (ms)")
    print(rl.table(headers, rows, right={2, 3, 4}))
    registry_ok = not any(r.over_target or not r.queries_constant for r in results)

    client = clients["marked reader"]
    page = f"/defport/{need.pk}/"
    print(f"\nDefport match page {page} as the marked reader ({args.repeats} requests after {args.warmup} warm-up; "
          "the first builds the index)...", file=sys.stderr)
    started = time.perf_counter()
    rl.fetch(client, page)
    first = time.perf_counter() - started
    page_ms = timed(client, page, args.repeats, args.warmup)
    page_queries = [rl.count_queries(client, page)[0] for _ in range(2)]
    api_ms = {k: timed(client, f"/api/v1/defport/submissions/{need.pk}/matches?k={k}", args.repeats, 1) for k in KS}
    api_queries = {k: rl.count_queries(client, f"/api/v1/defport/submissions/{need.pk}/matches?k={k}")[0]
                   for k in KS}

    def figures(values: list[float]) -> str:
        return (f"p50 {statistics.median(values):.0f} ms, p95 {rl.percentile(values, 95):.0f} ms, "
                f"max {max(values):.0f} ms")

    print(f"\nDefport match page (k=10): {figures(page_ms)}; SQL queries {page_queries[0]} "
          f"(again: {page_queries[1]}); the first request (index build) took {first:.1f} s")
    for k in KS:
        print(f"Matches API k={k}: {figures(api_ms[k])}; SQL queries {api_queries[k]}")
    matches_ok = rl.percentile(page_ms, 95) <= MATCH_TARGET_P95_MS and len(set(api_queries.values())) == 1 \
        and len(set(page_queries)) == 1
    print(f"\nTargets: registry p95 <= {rl.TARGET_P95_MS:.0f} ms with constant queries: "
          f"{'met' if registry_ok else 'NOT met'}; match page p95 <= {MATCH_TARGET_P95_MS:.0f} ms with constant "
          f"queries: {'met' if matches_ok else 'NOT met'}. Load average before/after: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if registry_ok and matches_ok else 1


if __name__ == "__main__":
    sys.exit(main())
