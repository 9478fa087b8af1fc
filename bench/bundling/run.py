"""Benchmark of the joint-procurement optimiser against the greedy heuristic and one undecomposed HiGHS model.

    .venv/bin/python bench/bundling/run.py                       # 50, 200, 1,000 and 10,000 demands
    .venv/bin/python bench/bundling/run.py --huge                # and 100,000 (about 20 minutes more)
    .venv/bin/python bench/bundling/run.py --sizes 200 1000 --seed 3 --time-limit 30 --json

For each size it generates a problem (generate.py, same seed), then runs, each from scratch:
- `optimiser`: `solve(problem, time_limit=T)`: decomposition into components, HiGHS per component;
- `greedy`: the greedy heuristic alone (no bound of its own; its gap is measured against the best bound
  found by the two HiGHS runs);
- `single model`: `solve(problem, time_limit=T, decompose=False)`: one HiGHS model of all lots, with the
  same pruning and the same time limit.
T is --time-limit (60 s) up to 10,000 demands and --huge-time-limit (600 s) for 100,000. Every solution is
checked with the checker; a failed check stops the run with status 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402 - the generator lives beside this script

from straiik.engines.bundling import check, greedy, parse_problem, solve  # noqa: E402

OUT = HERE.parent / "out"


def measure(name: str, problem: Any, run: Any) -> dict[str, Any]:
    began = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - began
    solution = getattr(result, "solution", result)
    violations = check(problem, solution)
    if violations:
        print(f"{name}: the solution breaks {len(violations)} rule(s), first: {violations[0]}", file=sys.stderr)
        sys.exit(1)
    stats = getattr(result, "stats", None)
    return {"method": name, "seconds": round(seconds, 2), "status": solution.status, "total": solution.total_cost,
            "bound": solution.bound, "baseline": solution.baseline_cost, "savings": solution.savings,
            "lots": len(solution.lots), "components": len(stats.components) if stats else None}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 1000, 10000])
    parser.add_argument("--huge", action="store_true", help="also 100,000 demands")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--huge-time-limit", type=float, default=600.0)
    parser.add_argument("--skip-single", action="store_true", help="leave out the undecomposed model")
    parser.add_argument("--json", action="store_true", help="also write bench/out/bundling.json")
    args = parser.parse_args(argv)
    sizes = args.sizes + ([100_000] if args.huge else [])

    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} CPU(s)")
    header = (f"{'demands':>8} {'method':<13} {'time s':>7} {'status':<9} {'total cost':>20} {'bound':>20} "
              f"{'gap':>8} {'savings':>8}")
    print(header)
    print("-" * len(header))
    rows = []
    for size in sizes:
        limit = args.huge_time_limit if size >= 100_000 else args.time_limit
        began = time.perf_counter()
        problem = parse_problem(generate(size, args.seed))
        read = time.perf_counter() - began
        runs = [measure("optimiser", problem, lambda p=problem, t=limit: solve(p, time_limit=t)),
                measure("greedy", problem, lambda p=problem: greedy(p))]
        if not args.skip_single:
            runs.append(measure("single model", problem,
                                lambda p=problem, t=limit: solve(p, time_limit=t, decompose=False)))
        best_bound = max(r["bound"] for r in runs if r["bound"] is not None)
        for r in runs:
            r.update(demands=size, seed=args.seed, time_limit=limit, generate_and_read_seconds=round(read, 2),
                     gap=(r["total"] - best_bound) / r["total"] if r["bound"] is None else
                     (r["total"] - r["bound"]) / r["total"])
            print(f"{size:>8} {r['method']:<13} {r['seconds']:>7.1f} {r['status']:<9} {r['total']:>20,.0f} "
                  f"{'' if r['bound'] is None else format(r['bound'], ',.0f'):>20} {r['gap']:>8.3%} "
                  f"{r['savings'] / r['baseline']:>8.2%}")
            rows.append(r)
        sys.stdout.flush()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("gap: (total - bound) / total; for the greedy, against the best bound of the two HiGHS runs. "
          "savings: against every demand bought alone.")
    if args.json:
        OUT.mkdir(exist_ok=True)
        (OUT / "bundling.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
