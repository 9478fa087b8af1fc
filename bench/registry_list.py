"""Registry list benchmark: latency and SQL queries of the registry list page and the API list.

    .venv/bin/python bench/registry_list.py                 # 50,000 organisations on SQLite
    .venv/bin/python bench/registry_list.py --orgs 5000 --repeats 20 --json
    .venv/bin/python bench/registry_list.py --database-url postgres://postgres:postgres@127.0.0.1:5432/straiik_bench

The benchmark builds its own database (bench/out/, git-ignored; or the PostgreSQL database given), never
the developer's data/straiik.sqlite3, fills it with `straiik demo --orgs N --seed S --no-users` and reuses
it on the next run. Requests go through django.test.Client: in-process, but with the real middleware,
templates and database, and debug off. After each request the database connection is handled as the
server would at the end of a request (`close_old_connections`), and that is part of the time measured.

For every case it reports p50, p95 and max latency, and the number of SQL queries for page sizes 25, 50
and 100, which must be the same (the queries per page must not grow with the page size).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import math
import os
import platform
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
TARGET_P95_MS = 150.0
PAGE_SIZES = (25, 50, 100)
DEEP_PAGE = 500
BENCH_USER = "bench-office"

# (name, query parameters); the same parameters are sent to the HTML page and the API.
CASES: list[tuple[str, dict[str, str]]] = [
    ("first page", {}),
    ("filtered", {"kind": "sme", "area": "sensors", "province": "NL-NB"}),
    ("search 'radar'", {"q": "radar"}),
    ("search 'composiet pantser'", {"q": "composiet pantser"}),
    ("CPV 35700000", {"cpv": "35700000"}),
    (f"page {DEEP_PAGE}", {"page": str(DEEP_PAGE)}),
]
ENDPOINTS = {"html": "/registry/", "api": "/api/v1/registry/organisations"}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=50_000, help="demo organisations (default 50000)")
    parser.add_argument("--seed", type=int, default=7, help="demo seed (default 7)")
    parser.add_argument("--repeats", type=int, default=30, help="timed requests per case (default 30)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per case first (default 2)")
    parser.add_argument("--json", action="store_true", help=f"also write {OUT.relative_to(ROOT)}/registry_list.json")
    parser.add_argument(
        "--database-url", default="",
        help="run against this database instead of bench/out/registry-<orgs>-seed<seed>.sqlite3, e.g. "
             "postgres://postgres:postgres@127.0.0.1:5432/straiik_bench (created if missing; use a database "
             "of its own: the demo organisations are added to it)",
    )
    parser.add_argument(
        "--analyze", action=argparse.BooleanOptionalAction, default=None,
        help="refresh the planner statistics before measuring. Default: yes on PostgreSQL (VACUUM ANALYZE, "
             "what autovacuum does after a bulk load on a default server), no on SQLite, where the statistics "
             "that `straiik demo` leaves (it runs ANALYZE) are removed to measure the worst case: a database "
             "grown by many small edits since its last ANALYZE",
    )
    parser.add_argument("--rebuild", action="store_true",
                        help="generate the benchmark database again (a PostgreSQL database is dropped first)")
    args = parser.parse_args(argv)
    if args.orgs < 1 or args.repeats < 1 or args.warmup < 0:
        parser.error("--orgs and --repeats must be at least 1, --warmup at least 0")
    return args


def sqlite_path(args: argparse.Namespace) -> Path:
    return OUT / f"registry-{args.orgs}-seed{args.seed}.sqlite3"


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def sqlite_file(url: str) -> Path:
    return Path(urlsplit(url).path[1:] if url.startswith("sqlite:////") else urlsplit(url).path.lstrip("/"))


def meta_path(args: argparse.Namespace, url: str) -> Path:
    """Where we note how a benchmark database was generated."""
    if not is_postgres(url):
        return sqlite_file(url).with_suffix(".meta.json")
    parts = urlsplit(url)
    return OUT / f"postgres-{parts.hostname}-{parts.port or 5432}-{parts.path.lstrip('/')}.meta.json"


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def generator_fingerprint() -> str:
    """A hash of the code that decides what the demo data look like; other data means other timings."""
    digest = hashlib.sha256()
    for module in ("straiik.registry.demo", "straiik.registry.services"):
        spec = importlib.util.find_spec(module)
        digest.update(Path(spec.origin).read_bytes() if spec and spec.origin else module.encode())
    return digest.hexdigest()[:16]


def read_meta(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def configure(args: argparse.Namespace) -> str:
    """Environment for Django before setup: our own database and data dir, debug off. Returns the URL."""
    url = args.database_url or f"sqlite:///{sqlite_path(args)}"
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "straiik.config.settings.dev"
    os.environ["DATABASE_URL"] = url  # never whatever DATABASE_URL the shell happens to have
    os.environ["STRAIIK_DATA_DIR"] = str(OUT / "data")
    os.environ["STRAIIK_DEBUG"] = "0"
    os.environ["STRAIIK_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("STRAIIK_LOG_LEVEL", "WARNING")
    meta = meta_path(args, url)
    if is_postgres(url):
        ensure_postgres_database(url, rebuild=args.rebuild)
    else:
        db = sqlite_file(url)
        expected = {"orgs": args.orgs, "seed": args.seed, "generator": generator_fingerprint()}
        found = read_meta(meta)
        # Our own file under bench/out/ is rebuilt when it no longer matches; one given by URL only on --rebuild.
        stale = not args.database_url and any(found.get(k) != v for k, v in expected.items())
        if db.exists() and (args.rebuild or stale):
            why = "--rebuild" if args.rebuild else "generated by other demo generator code, or not recorded"
            print(f"Deleting {shown(db)} ({why}); generating it again.")
            for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), meta):
                path.unlink(missing_ok=True)
    return url


def ensure_postgres_database(url: str, *, rebuild: bool) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        sys.exit("--database-url must name a database, e.g. postgres://...@127.0.0.1:5432/straiik_bench")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        if exists and rebuild:
            conn.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
            print(f"Dropped PostgreSQL database {name} (--rebuild).")
            exists = False
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created PostgreSQL database {name}.")


def redact(url: str) -> str:
    password = urlsplit(url).password
    return url.replace(f":{password}@", ":***@", 1) if password else url


# --- machine ------------------------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, Any]:
    import django

    return {
        "cpu": cpu_model(), "cores": os.cpu_count(), "python": platform.python_version(),
        "django": django.get_version(),
        "platform": platform.platform(),
    }


# --- database -----------------------------------------------------------------------------------------


def prepare_database(args: argparse.Namespace, url: str) -> dict[str, Any]:
    """Migrate and load the demo organisations, or reuse a database that already has them."""
    from django.core.management import call_command

    from straiik.registry.models import Organisation

    meta = meta_path(args, url)
    expected = {"orgs": args.orgs, "seed": args.seed, "generator": generator_fingerprint()}
    call_command("migrate", verbosity=0, interactive=False)
    if Organisation.objects.filter(is_demo=False).exists():
        sys.exit("This database holds organisations that are not demo data; the benchmark needs one of its own.")
    present = Organisation.objects.filter(is_demo=True).count()
    found = read_meta(meta)
    if present and any(found.get(k) != v for k, v in expected.items()):
        sys.exit(f"The database holds {present:,} demo organisations from another --orgs, --seed or demo "
                 f"generator (see {shown(meta)}); run again with --rebuild.")
    info: dict[str, Any] = {"reused": present == args.orgs}
    if present == args.orgs:
        print(f"Reusing the database: it already holds {present:,} demo organisations (seed {args.seed}).")
        info["generation"] = found.get("generation")
    else:
        print(f"Generating {args.orgs - present:,} demo organisations (seed {args.seed})...")
        started = time.perf_counter()
        call_command("demo", orgs=args.orgs, seed=args.seed, no_users=True, verbosity=1)
        seconds = time.perf_counter() - started
        created = args.orgs - present
        info["generation"] = {"orgs": created, "seconds": round(seconds, 1),
                              "orgs_per_second": round(created / seconds) if seconds else None}
        meta.write_text(json.dumps({**expected, "generation": info["generation"]}, indent=2) + "\n")
    return info


def database_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    return f"SQLite {connection.Database.sqlite_version}"


def database_size() -> int:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return int(cursor.fetchone()[0])
    name = Path(connection.settings_dict["NAME"])
    return sum(p.stat().st_size for p in (name, Path(f"{name}-wal")) if p.exists())


def planner_statistics(args: argparse.Namespace) -> str:
    """Bring the planner statistics into the state asked for; describe it for the report."""
    from django.db import connection

    wanted = args.analyze if args.analyze is not None else connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW autovacuum")
            autovacuum = cursor.fetchone()[0]
            if not wanted:
                return f"not refreshed (autovacuum {autovacuum})"
            started = time.perf_counter()
            cursor.execute("VACUUM ANALYZE")
            return f"VACUUM ANALYZE before measuring ({time.perf_counter() - started:.1f} s; autovacuum {autovacuum})"
        if wanted:
            started = time.perf_counter()
            cursor.execute("ANALYZE")
            description = f"ANALYZE before measuring ({time.perf_counter() - started:.1f} s)"
        else:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone():
                cursor.execute("DELETE FROM sqlite_stat1")
            description = "none (removed: the worst case; straiik runs ANALYZE after bulk loads)"
    connection.close()  # the next connection loads the statistics as they now are
    return description


def bench_user() -> Any:
    from straiik.accounts.mfa import totp_enrol
    from straiik.accounts.models import User
    from straiik.accounts.roles import Role
    from straiik.accounts.services import user_create

    user = User.objects.filter(username=BENCH_USER).first()
    if user is None:
        user = user_create(actor=None, username=BENCH_USER, password="bench-office-password",
                           roles=[Role.PROGRAMME_OFFICE])
    # The office must have a second factor (accounts.mfa.mfa_required); without one every page is refused.
    totp_enrol(user=user, secret="BENCHBENCHBENCHBENCHBENCHBENCH23", recovery_codes=False)  # noqa: S106 - bench only
    return user


# --- measuring ----------------------------------------------------------------------------------------


@dataclass
class Result:
    user: str
    endpoint: str
    case: str
    params: dict[str, str]
    matches: int
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    max_ms: float = 0.0
    queries: dict[int, int] = field(default_factory=dict)
    slowest_sql_ms: float = 0.0

    @property
    def over_target(self) -> bool:
        return self.p95_ms > TARGET_P95_MS

    @property
    def queries_constant(self) -> bool:
        return len(set(self.queries.values())) == 1


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def url_for(endpoint: str, params: dict[str, str]) -> str:
    return ENDPOINTS[endpoint] + ("?" + urlencode(params) if params else "")


def fetch(client: Any, url: str) -> Any:
    from django.db import close_old_connections

    response = client.get(url)
    close_old_connections()  # what the server does when a request finishes
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")
    return response


def visible_count(client: Any, params: dict[str, str]) -> int:
    query = {k: v for k, v in params.items() if k != "page"}
    return fetch(client, url_for("api", {**query, "page_size": "1"})).json()["count"]


def case_params(params: dict[str, str], count: int, page_size: int) -> dict[str, str]:
    """The deep page, clamped to the last page there is (the API answers 404 beyond it)."""
    if "page" not in params:
        return {**params, "page_size": str(page_size)}
    last = max(1, math.ceil(count / page_size))
    return {**params, "page": str(min(int(params["page"]), last)), "page_size": str(page_size)}


def count_queries(client: Any, url: str) -> tuple[int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fetch(client, url)
    slowest = max((float(q.get("time") or 0) for q in captured.captured_queries), default=0.0)
    return len(captured.captured_queries), slowest * 1000


def measure(args: argparse.Namespace, clients: dict[str, Any]) -> list[Result]:
    results = []
    for user, client in clients.items():
        for case, params in CASES:
            count = visible_count(client, params)
            if "page" in params:
                page = case_params(params, count, PAGE_SIZES[0])["page"]
                case = f"page {page}" + (" (last)" if page != params["page"] else "")
            for endpoint in ENDPOINTS:
                result = Result(user=user, endpoint=endpoint, case=case, params=params, matches=count)
                for size in PAGE_SIZES:
                    n, slowest = count_queries(client, url_for(endpoint, case_params(params, count, size)))
                    result.queries[size] = n
                    if size == PAGE_SIZES[0]:  # the page size that is timed
                        result.slowest_sql_ms = slowest
                url = url_for(endpoint, case_params(params, count, PAGE_SIZES[0]))
                for _ in range(args.warmup):
                    fetch(client, url)
                timings = []
                for _ in range(args.repeats):
                    started = time.perf_counter()
                    fetch(client, url)
                    timings.append((time.perf_counter() - started) * 1000)
                result.p50_ms = statistics.median(timings)
                result.p95_ms = percentile(timings, 95)
                result.max_ms = max(timings)
                results.append(result)
                print(f"  {user:<9} {endpoint:<4} {case:<28} p95 {result.p95_ms:7.1f} ms", file=sys.stderr)
    return results


# --- reporting ----------------------------------------------------------------------------------------


def table(headers: list[str], rows: list[list[str]], right: set[int]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths,
                                                                                                   strict=True)))
    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def report(results: list[Result], context: dict[str, Any]) -> str:
    lines = [
        f"Registry list benchmark: {context['orgs']:,} organisations (seed {context['seed']}) on "
        f"{context['vendor']}, {context['repeats']} timed requests per case, page size {PAGE_SIZES[0]}",
        f"Machine: {context['machine']['cpu']}, {context['machine']['cores']} cores; Python "
        f"{context['machine']['python']}, Django {context['machine']['django']}; load average before "
        f"{context['load_before']}, after {context['load_after']}",
        f"Database: {context['database']} ({context['database_version']}, {context['db_size_mb']:.1f} MB); "
        f"planner statistics: "
        f"{context['statistics']}",
    ]
    generation = context.get("generation")
    if generation:
        reused = " (reused; generated by an earlier run)" if context["reused"] else ""
        lines.append(f"Demo generation: {generation['orgs']:,} organisations in {generation['seconds']} s, "
                     f"{generation['orgs_per_second']:,} orgs/s{reused}")
    elif context["reused"]:
        lines.append("Demo generation: database reused, generation time not recorded")
    lines.append("")
    sizes = "/".join(str(s) for s in PAGE_SIZES)
    headers = ["user", "endpoint", "case", "matches", "p50 ms", "p95 ms", "max ms", f"queries {sizes}",
               "slowest SQL ms", ""]
    rows = []
    for r in results:
        flags = []
        if r.over_target:
            flags.append(f"p95 > {TARGET_P95_MS:.0f} ms")
        if not r.queries_constant:
            flags.append("queries grow with page size")
        rows.append([r.user, r.endpoint, r.case, f"{r.matches:,}", f"{r.p50_ms:.1f}", f"{r.p95_ms:.1f}",
                     f"{r.max_ms:.1f}", "/".join(str(r.queries[s]) for s in PAGE_SIZES), f"{r.slowest_sql_ms:.0f}",
                     "  ".join(flags)])
    lines.append(table(headers, rows, right={3, 4, 5, 6, 8}))
    lines.append("")
    over = [r for r in results if r.over_target]
    growing = [r for r in results if not r.queries_constant]
    lines.append(f"p95 target {TARGET_P95_MS:.0f} ms: " + (
        "met by every case." if not over else f"MISSED by {len(over)} of {len(results)} cases."))
    lines.append("SQL queries per page: " + (
        f"the same for page sizes {sizes} in every case." if not growing else
        f"GROW with the page size in {len(growing)} cases."))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url = configure(args)
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    info = prepare_database(args, url)
    user = bench_user()
    statistics_state = planner_statistics(args)
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(user)
    print(f"Measuring {len(CASES) * len(ENDPOINTS) * 2} cases, {args.repeats} requests each...", file=sys.stderr)
    results = measure(args, {"anonymous": anonymous, "office": signed_in})
    context = {
        "orgs": args.orgs, "seed": args.seed, "repeats": args.repeats, "warmup": args.warmup,
        "vendor": connection.vendor, "database": redact(url), "db_size_mb": database_size() / 2**20,
        "database_version": database_version(), "statistics": statistics_state,
        "machine": machine(), "load_before": load_before,
        "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "reused": info["reused"], "generation": info.get("generation"),
        "target_p95_ms": TARGET_P95_MS, "page_sizes": list(PAGE_SIZES),
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    print(report(results, context))
    if args.json:
        path = OUT / "registry_list.json"
        payload = {**context, "results": [
            {**asdict(r), "over_target": r.over_target, "queries_constant": r.queries_constant} for r in results
        ]}
        path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        print(f"\nWrote {path.relative_to(ROOT)}")
    return 1 if any(r.over_target or not r.queries_constant for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
