"""What a hostile upload costs now (engines/tables.py), and what the quadratic cell patterns cost before.

    .venv/bin/python bench/limits.py

Prints, per hostile file of tests/core/hostile.py: its size, the limit that refuses it, the seconds to the refusal
(best of 3) and the peak memory growth while refusing (tracemalloc, a separate run); then the old list-splitting
pattern against the linear one on a cell with a run of spaces. No database needed.
"""

from __future__ import annotations

import io
import re
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tests.core import hostile  # noqa: E402

from straiik.engines import tables  # noqa: E402

FILES = [
    ("zip bomb (120 MB inflated)", hostile.zip_bomb, "xlsx"),
    ("declared dimension A1:XFD1048576", hostile.huge_dimension, "xlsx"),
    ("a million shared strings", hostile.million_shared_strings, "xlsx"),
    ("a 100,000-column row", hostile.wide_row, "xlsx"),
    ("a 100,000-column row", hostile.wide_csv, "csv"),
    ("1 MB of spaces in a cell", hostile.spaces_csv, "csv"),
]


def refuse(data: bytes, kind: str) -> str:
    try:
        if kind == "xlsx":
            with tables.Workbook(io.BytesIO(data), tables.Limits()) as book:
                list(book.rows())
        else:
            list(tables.csv_rows(data.decode(), tables.Limits()))
    except tables.LimitExceeded as exc:
        return exc.limit
    return "(not refused)"


def main() -> None:
    print(f"{'file':38} {'kind':5} {'size':>10} {'refused by':24} {'seconds':>8} {'peak MB':>8}")
    for name, make, kind in FILES:
        data = make()
        seconds = []
        for _ in range(3):
            started = time.perf_counter()
            limit = refuse(data, kind)
            seconds.append(time.perf_counter() - started)
        tracemalloc.start()
        refuse(data, kind)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{name:38} {kind:5} {len(data):>10,} {limit:24} {min(seconds):>8.3f} {peak / 2**20:>8.1f}")

    print("\nSplitting a cell 'space<N spaces>sensors' into a list:")
    old = re.compile(r"\s*[;|,]\s*")
    for spaces in (10_000, 40_000):
        cell = "space" + " " * spaces + "sensors"
        started = time.perf_counter()
        old.split(cell)
        before = time.perf_counter() - started
        started = time.perf_counter()
        tables.split_list(cell)
        after = time.perf_counter() - started
        print(f"  {spaces:>7,} spaces: old pattern \\s*[;|,]\\s* {before:8.3f} s, split_list {after:8.5f} s")
    cell = "space" + " " * 1_000_000 + "sensors"
    started = time.perf_counter()
    tables.split_list(cell)
    print(f"  1,000,000 spaces: split_list {time.perf_counter() - started:.4f} s (old pattern: quadratic, not run)")


if __name__ == "__main__":
    main()
