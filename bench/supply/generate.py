"""Random multi-tier AND/OR supply networks for the benchmarks (seeded: the same arguments give the same
network on every machine).

Shape: `tiers` tiers, tier 0 the products and the last tier raw-material sources, each tier about 1.6 times
wider than the one above. Every node above the last tier needs 1 to `max_parts` parts (AND); a part has one
source, or with probability `alt_prob` 2 to `max_alts` alternative sources (OR), drawn from the next tier
(one time in five from the tier after it), so suppliers are shared between customers. Quantities 1-3;
demand 10-100 per week at products; capacity = the planned throughput (equal split over alternatives)
times 1.1-2.0; inventory 0-4 weeks; time to recover 1-26 weeks; countries from a weighted list; one raw
source in five supplies a critical raw material.

    .venv/bin/python bench/supply/generate.py --nodes 2000 --seed 1 -o /tmp/net.json
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from straiik.engines.supply import Edge, Network, Node, allocate, dump_json  # noqa: E402

COUNTRIES = (("NL", 12), ("DE", 14), ("FR", 8), ("BE", 4), ("PL", 5), ("IT", 5), ("ES", 4), ("SE", 3), ("CZ", 3),
             ("GB", 6), ("US", 12), ("NO", 2), ("TR", 3), ("CA", 2), ("CN", 9), ("JP", 3), ("KR", 2), ("TW", 2),
             ("IN", 3), ("CH", 2))
MATERIALS = ("rare_earths", "tungsten", "cobalt")


def tier_sizes(n_nodes: int, tiers: int) -> list[int]:
    weights = [1.6**t for t in range(tiers)]
    sizes = [max(1, int(n_nodes * w / sum(weights))) for w in weights]
    sizes[-1] += n_nodes - sum(sizes)
    return sizes


def random_network(n_nodes: int, *, seed: int = 1, tiers: int = 6, alt_prob: float = 0.4, max_parts: int = 3,
                   max_alts: int = 3) -> Network:
    rng = random.Random(seed)
    tiers = max(2, min(tiers, n_nodes))
    sizes = tier_sizes(n_nodes, tiers)
    ids: list[list[str]] = []
    for t, size in enumerate(sizes):
        ids.append([f"t{t}-{i}" for i in range(size)])
    codes = [c for c, _ in COUNTRIES]
    weights = [w for _, w in COUNTRIES]
    edges: list[Edge] = []
    for t in range(tiers - 1):
        for node in ids[t]:
            for part in range(rng.randint(1, max_parts)):
                below = t + 2 if t + 2 < tiers and rng.random() < 0.2 else t + 1
                pool = ids[below]
                k = rng.randint(2, max_alts) if rng.random() < alt_prob else 1
                q = float(rng.randint(1, 3))
                for source in rng.sample(pool, min(k, len(pool))):
                    edges.append(Edge(node=node, source=source, part=f"p{part}", quantity=q))
    nodes = []
    for t, tier in enumerate(ids):
        for node in tier:
            material = rng.choice(MATERIALS) if t == tiers - 1 and rng.random() < 0.2 else ""
            nodes.append(Node(
                id=node, kind="product" if t == 0 else ("raw" if t == tiers - 1 else "part"),
                country=rng.choices(codes, weights)[0], demand=float(rng.randint(10, 100)) if t == 0 else 0.0,
                inventory_weeks=rng.choice((0.0, 0.5, 1.0, 2.0, 4.0)), recovery_weeks=float(rng.randint(1, 26)),
                unit_value=float(rng.randint(1, 100)), material=material))
    plain = Network(tuple(nodes), tuple(edges))
    need = allocate(plain).throughput
    sized = tuple(Node(**{**n.__dict__, "capacity": need[n.id] * rng.uniform(1.1, 2.0)}) for n in plain.nodes)
    return Network(sized, plain.edges, f"random {n_nodes} nodes, seed {seed}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tiers", type=int, default=6)
    ap.add_argument("--alt-prob", type=float, default=0.4)
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args()
    net = random_network(args.nodes, seed=args.seed, tiers=args.tiers, alt_prob=args.alt_prob)
    args.output.write_text(dump_json(net), encoding="utf-8")
    print(f"{len(net.nodes)} nodes, {len(net.edges)} edges, {len(net.products)} products -> {args.output}")


if __name__ == "__main__":
    main()
