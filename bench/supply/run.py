"""Supply-chain engine benchmark: single points of failure on random AND/OR networks of 1,000 to 100,000 nodes
(target: 100,000 in under 10 s), and TTS/TTR for every node of 200 to 2,000 nodes (target: 2,000 in under
30 s), on random networks and on the real Willems (2008) chains. Each TTS/TTR case runs `--reps` times; the
median wall-clock and CPU times are printed (the machine is shared: CPU time shows the work, wall-clock what a
user waits). Prints its figures; see docs/supply-chain.md for the results and how to read them.

    .venv/bin/python bench/supply/run.py                      # everything, under a minute
    .venv/bin/python bench/supply/run.py --only spof --spof-sizes 1000 10000 100000 --seed 2
    .venv/bin/python bench/supply/run.py --only tts --tts-sizes 2000 --chains 38 --reps 5
    .venv/bin/python bench/supply/run.py --only tts --tts-sizes 500 --chains 34 --reps 1 --check
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from generate import random_network  # noqa: E402

from straiik.engines.supply import (  # noqa: E402
    Network,
    NodeRisk,
    ResilienceResult,
    allocate,
    resilience,
    single_points_of_failure,
    willems_chain,
)
from straiik.engines.supply.resilience import _exposure_key, _tts, _TtsModel  # noqa: E402


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


def bench_tts(label: str, net: Network, reps: int, lose_inventory: bool, check: bool) -> None:
    walls, cpus = [], []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        result = resilience(net, lose_inventory=lose_inventory)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    finite = sum(1 for r in result.nodes if not math.isinf(r.tts))
    at_risk = sum(1 for r in result.nodes if r.at_risk)
    spread = f"{min(walls):.2f}-{max(walls):.2f}" if reps > 1 else ""
    print(f"{label:<24} {len(net.nodes):>6} {len(net.edges):>7} {statistics.median(walls):>7.2f} {spread:>11} "
          f"{statistics.median(cpus):>7.2f} {result.solves:>7} {finite:>7} {at_risk:>7}", flush=True)
    if check:
        check_against_plain(net, result, lose_inventory)


def check_against_plain(net: Network, result: ResilienceResult, lose_inventory: bool) -> None:
    """Every node's TTS and weeks of demand lost against the plain LPs on the whole network (no shortcut, no
    Newton iteration), and the ranking those give."""
    g = net.graph
    alloc = allocate(net)
    tts_model = _TtsModel(net, alloc, with_loss=False)
    loss_model = _TtsModel(net, alloc, with_loss=True)
    got = result.by_node()
    worst_tts = worst_lost = 0.0
    plain = []
    t0 = time.perf_counter()
    for k, node in enumerate(g.nodes):
        st, lam, _ = tts_model.solve(k, lose_inventory)
        tts = _tts(st, lam)
        lost_weeks = 0.0
        ttr = node.recovery_weeks
        if ttr and tts < ttr * (1 - 1e-9) and g.products:
            loss_model.h.changeColBounds(loss_model.lam, 1 / ttr, 1 / ttr)
            _, per_week, _ = loss_model.solve(k, lose_inventory)
            lost_weeks = ttr * per_week
        r = got[node.id]
        if math.isinf(tts) or math.isinf(r.tts):
            worst_tts = max(worst_tts, 0.0 if tts == r.tts else math.inf)
        else:
            worst_tts = max(worst_tts, abs(tts - r.tts) / max(1.0, tts))
        worst_lost = max(worst_lost, abs(lost_weeks - r.lost_weeks) / max(1.0, lost_weeks))
        plain.append(NodeRisk(node.id, tts, ttr, lost_weeks, r.lost))
    same = [r.node for r in sorted(plain, key=_exposure_key)] == [r.node for r in result.nodes]
    print(f"{'':<24} plain LPs {time.perf_counter() - t0:.1f} s: largest relative difference TTS {worst_tts:.1e}, "
          f"weeks lost {worst_lost:.1e}; same ranking: {same}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", choices=("spof", "tts"))
    ap.add_argument("--spof-sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--tts-sizes", type=int, nargs="*", default=[200, 500, 1000, 2000])
    ap.add_argument("--chains", type=int, nargs="*", default=[20, 30, 34, 38])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reps", type=int, default=3, help="runs per TTS/TTR case (median reported)")
    ap.add_argument("--lose-inventory", action="store_true", help="the disrupted node's stock is lost too")
    ap.add_argument("--check", action="store_true", help="compare every node with the plain LPs (slow)")
    args = ap.parse_args()
    print(f"load average before: {load()}")
    if args.only in (None, "spof"):
        bench_spof(args.spof_sizes, args.seed)
    if args.only in (None, "tts"):
        print(f"\nTTS and TTR for every node (lose_inventory={args.lose_inventory}; median of {args.reps})")
        print(f"{'network':<24} {'nodes':>6} {'edges':>7} {'wall s':>7} {'range':>11} {'CPU s':>7} {'LPs':>7} "
              f"{'TTS<inf':>7} {'at risk':>7}")
        for n in args.tts_sizes:
            bench_tts(f"random, seed {args.seed}", random_network(n, seed=args.seed), args.reps, args.lose_inventory,
                      args.check)
        for c in args.chains:
            bench_tts(f"Willems chain {c:02d}", willems_chain(c), args.reps, args.lose_inventory, args.check)
    print(f"\nload average after: {load()}")


if __name__ == "__main__":
    main()
