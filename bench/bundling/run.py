"""Benchmark of the joint-procurement optimiser: the solver of issue 16 with 1 and 2 processes against the first
optimiser (legacy), on the same generated problems, in one run.

    .venv/bin/python bench/bundling/run.py                        # 1,000 (10 s) and 10,000 (10 s, 30 s) demands
    .venv/bin/python bench/bundling/run.py --huge                 # and 100,000 demands (120 s)
    .venv/bin/python bench/bundling/run.py --sizes 1000 --limits 10 --workers 2 --json
    .venv/bin/python bench/bundling/run.py --kind classic --sizes 50 200 --limits 60 --greedy --single

For each size it generates a problem (generate.py, `--kind hard` by default: like the unseen problems of issue
16), then for each time limit runs, each from scratch on the parsed problem:
- `passes xN`: `solve(problem, time_limit=T, workers=N)` for every N of --workers (default 1 2);
- `legacy`: `solve(problem, time_limit=T, strategy="legacy")`, the first optimiser (one visit per component);
- with --greedy, the greedy heuristic alone; with --single, one undecomposed HiGHS model.
Every solution is checked with the checker; a failed check stops the run with status 1. The load average
is printed before and after every row: the machine may be shared, and timings depend on it.
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

from generate import GENERATORS  # noqa: E402 - the generator lives beside this script

from straiik.engines.bundling import check, greedy, parse_problem, solve  # noqa: E402

OUT = HERE.parent / "out"
DEFAULT_LIMITS = {1000: [10.0], 10_000: [10.0, 30.0], 100_000: [120.0]}


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def measure(name: str, problem: Any, run: Any) -> dict[str, Any]:
    before = load()
    at = time.strftime("%H:%M:%S", time.gmtime())
    began = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - began
    solution = getattr(result, "solution", result)
    violations = check(problem, solution)
    if violations:
        print(f"{name}: the solution breaks {len(violations)} rule(s), first: {violations[0]}", file=sys.stderr)
        sys.exit(1)
    stats = getattr(result, "stats", None)
    parts = stats.components if stats else []
    return {"method": name, "seconds": round(seconds, 2), "status": solution.status, "total": solution.total_cost,
            "bound": solution.bound, "baseline": solution.baseline_cost, "savings": solution.savings,
            "lots": len(solution.lots), "components": len(parts),
            "optimal_components": sum(1 for c in parts if c.optimal), "load_before": before, "load_after": load(),
            "utc": at}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--huge", action="store_true", help="also 100,000 demands")
    parser.add_argument("--limits", type=float, nargs="+", help="time limits for every size (default: per size)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--kind", choices=sorted(GENERATORS), default="hard")
    parser.add_argument("--seed", type=int, nargs="+", default=[1], help="generator seeds (one problem each)")
    parser.add_argument("--no-legacy", action="store_true", help="leave out the first optimiser")
    parser.add_argument("--greedy", action="store_true", help="also the greedy heuristic alone")
    parser.add_argument("--single", action="store_true", help="also one undecomposed model")
    parser.add_argument("--json", action="store_true", help="also write bench/out/bundling.json")
    args = parser.parse_args(argv)
    sizes = args.sizes + ([100_000] if args.huge else [])

    print(f"{os.cpu_count()} CPU(s), {len(os.sched_getaffinity(0))} available; generator {args.kind}, "
          f"seed(s) {' '.join(map(str, args.seed))}")
    header = (f"{'seed':>4} {'demands':>8} {'limit':>6} {'method':<10} {'time s':>7} {'status':<9} {'total cost':>18} "
              f"{'bound':>18} {'gap':>8} {'optimal parts':>14}  load before / after  start (UTC)")
    print(header)
    print("-" * len(header))
    rows = []
    for seed, size in ((seed, size) for size in sizes for seed in args.seed):
        problem = parse_problem(GENERATORS[args.kind](size, seed))
        for limit in args.limits or DEFAULT_LIMITS.get(size, [60.0]):
            runs = [measure(f"passes x{n}", problem, lambda p=problem, t=limit, n=n: solve(p, time_limit=t, workers=n))
                    for n in args.workers]
            if not args.no_legacy:
                runs.append(measure("legacy", problem,
                                    lambda p=problem, t=limit: solve(p, time_limit=t, strategy="legacy")))
            if args.greedy:
                runs.append(measure("greedy", problem, lambda p=problem: greedy(p)))
            if args.single:
                runs.append(measure("single", problem,
                                    lambda p=problem, t=limit: solve(p, time_limit=t, decompose=False)))
            best_bound = max(r["bound"] for r in runs if r["bound"] is not None)
            for r in runs:
                r.update(demands=size, seed=seed, kind=args.kind, time_limit=limit,
                         gap=(r["total"] - (best_bound if r["bound"] is None else r["bound"])) / r["total"],
                         above_best_bound=(r["total"] - best_bound) / r["total"])
                print(f"{seed:>4} {size:>8} {limit:>6.0f} {r['method']:<10} {r['seconds']:>7.1f} {r['status']:<9} "
                      f"{r['total']:>18,.0f} {'' if r['bound'] is None else format(r['bound'], ',.0f'):>18} "
                      f"{r['gap']:>8.4%} {r['optimal_components']:>6}/{r['components']:<7}  "
                      f"{r['load_before']} / {r['load_after']}  {r['utc']}")
                rows.append(r)
            sys.stdout.flush()
    print("gap: (total - own bound) / total (the greedy: against the best bound of the others).")
    if args.json:
        OUT.mkdir(exist_ok=True)
        (OUT / "bundling.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
