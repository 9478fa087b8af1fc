"""Supply-chain engine benchmark: single points of failure on random AND/OR networks of 1,000 to 100,000 nodes
(target: 100,000 in under 10 s), and TTS/TTR for every node of 200 to 2,000 nodes (target: 2,000 in under
30 s), on random networks and on the real Willems (2008) chains. Prints its figures; see
docs/supply-chain.md for the results and how to read them.

    .venv/bin/python bench/supply/run.py                      # everything, about 2 minutes
    .venv/bin/python bench/supply/run.py --only spof --spof-sizes 1000 10000 100000 --seed 2
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from generate import random_network  # noqa: E402

from straiik.engines.supply import Network, resilience, single_points_of_failure, willems_chain  # noqa: E402


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def bench_spof(sizes: list[int], seed: int) -> None:
    print(f"\nSingle points of failure (random AND/OR networks, seed {seed})")
    print(f"{'nodes':>8} {'edges':>8} {'products':>8} {'build s':>8} {'spof s':>7} {'ranking s':>9} "
          f"{'critical':>8} {'SPOF pairs':>10}")
    for n in sizes:
        net = random_network(n, seed=seed)
        t0 = time.perf_counter()
        rebuilt = Network(net.nodes, net.edges)  # validation, cycle check and index, as after an import
        _ = rebuilt.graph
        t1 = time.perf_counter()
        result = single_points_of_failure(rebuilt)
        t2 = time.perf_counter()
        ranking = result.ranking()
        t3 = time.perf_counter()
        pairs = sum(c for _, c in ranking)
        print(f"{n:>8} {len(net.edges):>8} {len(net.products):>8} {t1 - t0:>8.2f} {t2 - t1:>7.2f} {t3 - t2:>9.2f} "
              f"{len(ranking):>8} {pairs:>10}")


def bench_tts(label: str, net: Network) -> None:
    t0 = time.perf_counter()
    result = resilience(net)
    dt = time.perf_counter() - t0
    finite = sum(1 for r in result.nodes if not math.isinf(r.tts))
    at_risk = sum(1 for r in result.nodes if r.at_risk)
    print(f"{label:<24} {len(net.nodes):>6} {len(net.edges):>7} {dt:>7.2f} {result.solves:>7} {finite:>7} "
          f"{at_risk:>7}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", choices=("spof", "tts"))
    ap.add_argument("--spof-sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--tts-sizes", type=int, nargs="+", default=[200, 500, 1000, 2000])
    ap.add_argument("--chains", type=int, nargs="+", default=[20, 30, 34, 38])
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    print(f"load average before: {load()}")
    if args.only in (None, "spof"):
        bench_spof(args.spof_sizes, args.seed)
    if args.only in (None, "tts"):
        print("\nTTS and TTR for every node")
        print(f"{'network':<24} {'nodes':>6} {'edges':>7} {'s':>7} {'LPs':>7} {'TTS<inf':>7} {'at risk':>7}")
        for n in args.tts_sizes:
            bench_tts(f"random, seed {args.seed}", random_network(n, seed=args.seed))
        for c in args.chains:
            bench_tts(f"Willems chain {c:02d}", willems_chain(c))
    print(f"\nload average after: {load()}")


if __name__ == "__main__":
    main()
