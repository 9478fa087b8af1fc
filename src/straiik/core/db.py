"""Database housekeeping shared by the apps."""

from __future__ import annotations

from django.db import connection


def refresh_statistics() -> None:
    """Let the query planner see the data after a bulk load (ANALYZE on SQLite and PostgreSQL).

    Without it, PostgreSQL with autovacuum off and SQLite without sqlite_stat1 pick poor plans: the
    benchmark saw a text search take 9 s instead of 0.1 s on PostgreSQL (docs/benchmarks.md)."""
    if connection.vendor in ("sqlite", "postgresql"):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
