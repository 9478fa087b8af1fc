"""Load test: 50 concurrent users (locust, headless) against the production server (gunicorn) on PostgreSQL
with 50,000 organisations and the demo's other data, for 1, 2 and 4 web processes in turn.

    .venv/bin/python bench/load/run.py --database-url postgres://postgres:postgres@127.0.0.1:5432/straiik_load
    .venv/bin/python bench/load/run.py --workers 1,2,4 --users 50 --minutes 5 --port 8116

It fills the database when it has fewer organisations than --orgs (`straiik demo --orgs N --seed 7`, which
also loads the demo accounts, bundling round, Defport submissions, SDIR calls and the agenda), starts one
background worker (`straiik worker`) and, for each number of web processes, `straiik serve --production
--workers N`; waits for /readyz, warms every process up (the matching index is built per process), runs
locust for --minutes, and prints throughput, p50/p95/p99 per page and the failures. Figures also go to
bench/out/load.json and bench/out/load-<N>-workers_stats.csv. Exits 1 if any request failed."""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres:postgres@127.0.0.1:5432/straiik_load")
    parser.add_argument("--orgs", type=int, default=50_000)
    parser.add_argument("--workers", default="1,2,4", help="web processes per run, comma-separated")
    parser.add_argument("--threads", type=int, default=4, help="threads per web process (STRAIIK_WEB_THREADS)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--warmup", type=float, default=None,
                        help="seconds of untimed load before each run (default 60 + 30 per web process): every web "
                             "process builds its matching index (about 35 s of CPU for 50,000 organisations) on its "
                             "first Defport request")
    parser.add_argument("--port", type=int, default=8116)
    parser.add_argument("--data-dir", default=str(OUT / "load-data"))
    parser.add_argument("--tag", default="", help="added to the names of the output files, e.g. --tag=-norecycle")
    parser.add_argument("--dense", action="store_true",
                        help="matching with multilingual embeddings (STRAIIK_MATCHING_DENSE): every organisation "
                             "must be embedded first, hours of CPU for 50,000 on 2 shared cores; off by default")
    return parser.parse_args()


def environment(args: argparse.Namespace) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "load_settings",
           "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT / "src")]), "STRAIIK_DATA_DIR": args.data_dir,
           "STRAIIK_SECRET_KEY": secrets.token_urlsafe(64), "STRAIIK_LOG_LEVEL": "WARNING",
           "STRAIIK_WEB_THREADS": str(args.threads), "STRAIIK_WEB_TIMEOUT": "120",
           "STRAIIK_MATCHING_DENSE": "1" if args.dense else "0",
           "STRAIIK_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return env


def straiik(env: dict[str, str], *command: str, **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([str(BIN / "python"), "-m", "straiik.cli", *command], env=env, cwd=ROOT,  # noqa: S603
                            **kwargs)


def wait_ready(port: int, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=10) as response:  # noqa: S310
                return json.load(response)
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def organisations(env: dict[str, str]) -> int:
    code = "from straiik.registry.models import Organisation; print(Organisation.objects.count())"
    result = subprocess.run([str(BIN / "python"), "-m", "straiik.cli", "shell", "-c", code], env=env, cwd=ROOT,  # noqa: S603
                            capture_output=True, text=True, check=True)
    return int(result.stdout.strip().splitlines()[-1])


def locust(args: argparse.Namespace, env: dict[str, str], data: Path, seconds: float, prefix: str | None) -> None:
    command = [str(BIN / "locust"), "-f", str(HERE / "locustfile.py"), "--headless", "-u", str(args.users),
               "-r", str(args.spawn_rate), "-t", f"{int(seconds)}s", "--host", f"http://127.0.0.1:{args.port}",
               "--only-summary", "--stop-timeout", "30", "--loglevel", "WARNING"]
    if prefix:
        command += ["--csv", prefix]
    subprocess.run(command, env={**env, "STRAIIK_LOAD_DATA": str(data)}, cwd=ROOT, check=False,  # noqa: S603
                   stdout=subprocess.DEVNULL if prefix is None else None)


def read_stats(prefix: str) -> list[dict]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def main() -> int:
    args = parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    env = environment(args)
    subprocess.run([str(BIN / "python"), "-m", "straiik.cli", "migrate", "--noinput", "-v", "0"], env=env,  # noqa: S603
                   cwd=ROOT, check=True)
    have = organisations(env)
    if have < args.orgs:
        started = time.perf_counter()
        subprocess.run([str(BIN / "python"), "-m", "straiik.cli", "demo", "--orgs", str(args.orgs), "--seed", "7"],  # noqa: S603
                       env=env, cwd=ROOT, check=True)
        print(f"demo data loaded in {time.perf_counter() - started:.0f} s")
    subprocess.run([str(BIN / "python"), "-m", "straiik.cli", "collectstatic", "--noinput", "-v", "0"], env=env,  # noqa: S603
                   cwd=ROOT, check=True)
    data = OUT / "load-data.json"
    subprocess.run([str(BIN / "python"), str(HERE / "prepare.py"), str(data)], env=env, cwd=ROOT, check=True)  # noqa: S603
    worker_log = (OUT / "load-worker.log").open("w")
    worker = straiik(env, "worker", "--queue-name", "*", "--no-reload", stdout=worker_log, stderr=subprocess.STDOUT)
    results = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                           "load_before": os.getloadavg()}, "users": args.users, "minutes": args.minutes,
               "threads": args.threads, "dense_matching": args.dense, "organisations": organisations(env),
               "runs": []}
    failed = 0
    try:
        for workers in [int(w) for w in args.workers.split(",")]:
            server_log = (OUT / f"load{args.tag}-{workers}-workers-server.log").open("w")
            server = straiik(env, "serve", "--production", f"127.0.0.1:{args.port}", "--workers", str(workers),
                             "--no-worker", stdout=server_log, stderr=subprocess.STDOUT)
            try:
                ready = wait_ready(args.port)
                warmup = args.warmup if args.warmup is not None else 60 + 30 * workers
                print(f"\n=== {workers} web process(es) x {args.threads} threads: ready {ready['status']}; "
                      f"warming up {warmup:.0f} s", flush=True)
                locust(args, env, data, warmup, None)
                prefix = str(OUT / f"load{args.tag}-{workers}-workers")
                load_before = os.getloadavg()
                started = time.time()
                locust(args, env, data, args.minutes * 60, prefix)
                rows = read_stats(prefix)
                total = next(r for r in rows if r["Name"] == "Aggregated")
                failed += int(total["Failure Count"])
                results["runs"].append({"web_processes": workers, "started": time.strftime(
                    "%Y-%m-%d %H:%M:%S UTC", time.gmtime(started)), "load_average_before": load_before,
                    "load_average_after": os.getloadavg(), "pages": rows})
            finally:
                server.terminate()
                server.wait(timeout=60)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    results["max_requests"] = env.get("STRAIIK_WEB_MAX_REQUESTS", "settings default")
    (OUT / f"load{args.tag}.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print_table(results)
    return 1 if failed else 0


def print_table(results: dict) -> None:
    for run in results["runs"]:
        print(f"\n{run['web_processes']} web process(es), {results['users']} users, {results['minutes']:g} min, "
              f"started {run['started']}, load average before {run['load_average_before'][0]:.1f}")
        print(f"{'page':<36} {'requests':>8} {'fail':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
        for row in run["pages"]:
            print(f"{row['Name'][:36]:<36} {row['Request Count']:>8} {row['Failure Count']:>5} "
                  f"{float(row['Requests/s']):>7.2f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}")


if __name__ == "__main__":
    sys.exit(main())
