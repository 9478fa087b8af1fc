"""Sign-in benchmark: what the lockout (counted from the authentication log) costs per attempt as the log grows.

    .venv/bin/python bench/auth_signin.py                    # 200,000 log rows on SQLite
    .venv/bin/python bench/auth_signin.py --events 20000 --repeats 50

The benchmark builds its own SQLite database (bench/out/auth-bench.sqlite3, git-ignored), never the developer's
data. It uses the test settings' cheap password hasher so that the figures show the lockout and log, not
PBKDF2 (whose 1,000,000 iterations cost far more than everything measured here, by design). Requests go
through django.test.Client with the real middleware, views and database.

Reported: p50/p95 of a failed sign-in (log row + lockout check + count), a successful sign-in, and of
`lockout.lock_of` alone, with the SQL queries each makes."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / "auth-bench.sqlite3"
    db.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "straiik.config.settings.test")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    from straiik.accounts import lockout
    from straiik.accounts.models import AuthEvent
    from straiik.accounts.services import user_create

    setup_test_environment()
    call_command("migrate", verbosity=0)
    user_create(actor=None, username="bench", password="bench-password-2026")
    rng = random.Random(1)
    now = timezone.now()
    kinds = [AuthEvent.Kind.LOGIN, AuthEvent.Kind.LOGIN_FAILED, AuthEvent.Kind.LOGOUT, AuthEvent.Kind.TOKEN_USED]
    rows = [AuthEvent(at=now - timezone.timedelta(seconds=rng.randint(0, 90 * 86400)), kind=rng.choice(kinds),
                      success=rng.random() > 0.3, username=f"user{rng.randint(1, 5000)}",
                      ip=f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}")
            for _ in range(args.events)]
    started = time.perf_counter()
    AuthEvent.objects.bulk_create(rows, batch_size=5000)
    print(f"authentication log: {AuthEvent.objects.count():,} rows ({time.perf_counter() - started:.1f} s to load)")

    def measure(label: str, action) -> None:  # type: ignore[no-untyped-def]
        times, queries = [], 0
        for i in range(args.repeats):
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                t = time.perf_counter()
                action(i)
                times.append((time.perf_counter() - t) * 1000)
            queries = len(captured.captured_queries)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        print(f"{label:<34} p50 {statistics.median(times):7.2f} ms   p95 {p95:7.2f} ms   {queries} queries")

    def failed(i: int) -> None:
        Client(REMOTE_ADDR=f"192.0.2.{i % 250 + 1}").post("/accounts/login/",
                                                           {"login": f"nobody{i}", "password": "wrong-password"})

    def succeeded(i: int) -> None:
        Client(REMOTE_ADDR="198.51.100.7").post("/accounts/login/",
                                                 {"login": "bench", "password": "bench-password-2026"})

    measure("failed sign-in (page)", failed)
    measure("successful sign-in (page)", succeeded)
    factory = RequestFactory()
    measure("lockout.lock_of (name and address)",
            lambda i: lockout.lock_of(factory.post("/", REMOTE_ADDR=f"10.0.{i % 250}.1"), f"user{i}"))
    print("(shared machine: other agents were running; SQLite, test settings' MD5 hasher)")


if __name__ == "__main__":
    main()
