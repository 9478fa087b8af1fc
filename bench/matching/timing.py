"""Timing of the matching engine: index build, query latency per method, incremental updates, compaction.

    .venv/bin/python bench/matching/timing.py                       # 1k, 10k, 50k, 100k profiles
    .venv/bin/python bench/matching/timing.py --sizes 1000 10000 --queries 40 --json
    .venv/bin/python bench/matching/timing.py --sizes 100000 --embed # really embed all profiles (hours)

Profiles are generated from the development set's hand-written phrases (devset_topics_*.py,
devset_common.py): two core sentences of a topic, a detail and company facts, in Dutch, English or
Ukrainian, with areas, CPV codes, TRL and region, like the development set but as many as asked.

What is timed, per size N:
- build: MatchIndex.add_many of all N profiles with a progress bar (analysis, BM25 delta, vectors), then
  compact() (building the BM25 main segment with bm25s), each timed. The embedding time is measured on
  --embed-sample generated profiles (profiles/s on this machine) and extrapolated to N, unless --embed is
  given, which embeds all N in add_many. Without --embed each profile gets the real vector of a
  development-set document of the same topic and language plus a little noise (normalised), so that the
  vectors are realistic in number and shape; search time does not depend on their values.
- query latency: the 63 development-set needs (Dutch, English, Ukrainian), the query vector computed on
  every call (the query cache is off), one warm-up round, then --queries timed searches (k=10, half of
  them restricted to one kind) per method, the methods interleaved query by query; p50 and p95 (nearest
  rank).
- incremental: adding a new profile (embedding it, appending it to the BM25 delta and the vectors), editing
  one, removing one; then a search with 2,000 rows pending in the delta against the same search after
  compaction; and the compaction itself.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from devset_common import CIVIL, CIVIL_FILLERS, FILLERS, PLACES  # noqa: E402
from devset_topics_a import TOPICS_A  # noqa: E402
from devset_topics_b import TOPICS_B  # noqa: E402
from devset_topics_c import TOPICS_C  # noqa: E402
from evaluate import DEVSET, cached_vectors  # noqa: E402

from straiik.engines.matching import Document, E5Embedder, MatchIndex, Query, passage_text  # noqa: E402
from straiik.engines.matching.evaluation import load_beir  # noqa: E402

OUT = HERE.parent / "out"
TOPICS = TOPICS_A + TOPICS_B + TOPICS_C
LANGS = ("nl", "en", "uk")


def generate(n: int, seed: int = 11) -> list[tuple[Document, str]]:
    """n profiles, each with the key 'topic/lang' of the vector pool it draws from ('civil/lang' for others)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        lang = rng.choice(LANGS)
        city, region = rng.choice(PLACES[lang])
        values = {"city": city, "n": rng.randint(5, 900), "year": rng.randint(1950, 2025)}
        if rng.random() < 0.2:
            text = " ".join([rng.choice(CIVIL[lang])] + [s.format(**values) for s in CIVIL_FILLERS[lang]])
            out.append((Document(id=f"p{i}", lang=lang, title=f"Bedrijf {i}", text=text, region=region),
                        f"civil/{lang}"))
            continue
        topic = rng.choice(TOPICS)
        phrases = topic[lang]
        sentences = rng.sample(phrases["core"], 2) + [rng.choice(phrases["detail"])]
        sentences += [s.format(**values) for s in rng.sample(FILLERS[lang], 2)]
        out.append((Document(id=f"p{i}", lang=lang, title=f"Profiel {i}", text=" ".join(sentences),
                             areas=topic["areas"], cpv=topic["cpv"][:1], trl=rng.randint(3, 9), region=region),
                    f"{topic['key']}/{lang}"))
    return out


def vector_pool() -> dict[str, np.ndarray]:
    """Real vectors of development-set documents, grouped by topic and language."""
    dev = load_beir(DEVSET)
    vectors = cached_vectors(dev, "devset")
    topics = {}
    for doc, vector in zip(dev.corpus, vectors, strict=True):
        for topic in TOPICS:
            if any(sentence[:40] in doc.text for sentence in topic[doc.lang]["core"]):
                topics.setdefault(f"{topic['key']}/{doc.lang}", []).append(vector)
                break
        else:
            topics.setdefault(f"civil/{doc.lang}", []).append(vector)
    return {key: np.stack(rows) for key, rows in topics.items()}


def synthetic_vectors(keys: list[str], pool: dict[str, np.ndarray], seed: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.empty((len(keys), 384), dtype=np.float32)
    for i, key in enumerate(keys):
        topic, _, lang = key.partition("/")
        # A topic without development-set documents in this language borrows another language's vectors.
        rows = pool.get(key)
        if rows is None:
            rows = next(v for k, v in sorted(pool.items()) if k.startswith(topic + "/"))
        out[i] = rows[rng.integers(len(rows))] + rng.normal(0, 0.01, 384)
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def ms(values: list[float]) -> dict[str, float]:
    return {"p50_ms": round(1000 * statistics.median(values), 1), "p95_ms": round(1000 * percentile(values, 95), 1),
            "max_ms": round(1000 * max(values), 1), "n": len(values)}


def measure(size: int, args: argparse.Namespace, embedder: E5Embedder, pool: dict[str, np.ndarray],
            needs: list[Query]) -> dict[str, Any]:
    print(f"\n== {size:,} profiles ==")
    generated = generate(size)
    documents = [doc for doc, _ in generated]
    result: dict[str, Any] = {"profiles": size}
    index = MatchIndex(embedder=embedder, compact_min=10**9)  # compacted once, explicitly, to time it
    vectors = None if args.embed else synthetic_vectors([key for _, key in generated], pool)
    began = time.perf_counter()
    with tqdm(total=size, desc="embed + analyse" if args.embed else "analyse", unit="profile") as bar:
        def progress(done: int, total: int) -> None:
            bar.update(done - bar.n)
        index.add_many(documents, vectors=vectors, progress=progress, batch_size=64 if args.embed else 1000)
    added = time.perf_counter()
    index.compact()
    done = time.perf_counter()
    index.compact_min = 2000
    result["add_many_seconds"] = round(added - began, 1)
    result["bm25_build_seconds"] = round(done - added, 2)
    if args.embed:
        result["build_seconds"] = round(done - began, 1)
    else:
        result["embed_seconds_estimated"] = round(size / args.docs_per_second)
        result["build_seconds_estimated"] = round(done - began + result["embed_seconds_estimated"])
    stats = index.stats()
    result["vocabulary"] = stats.vocabulary
    print(f"  build: {result}")

    rng = random.Random(3)
    methods = ("bm25", "dense", "hybrid")
    for query in needs:  # warm-up round
        for method in methods:
            index.search(query, k=10, method=method)
    timings: dict[str, list[float]] = {method: [] for method in methods}
    for i in range(args.queries):  # methods interleaved, so that a busy moment hits them alike
        query = needs[i % len(needs)]
        kinds = None if rng.random() < 0.5 else ["organisation"]
        for method in methods:
            began = time.perf_counter()
            index.search(query, k=10, method=method, kinds=kinds)
            timings[method].append(time.perf_counter() - began)
    latency = {method: ms(values) for method, values in timings.items()}
    for method in methods:
        print(f"  {method:<7} p50 {latency[method]['p50_ms']:7.1f} ms   p95 {latency[method]['p95_ms']:7.1f} ms")
    result["latency"] = latency

    add, edit, remove = [], [], []
    extra = generate(size + 30, seed=99)[size:]
    for i, (document, _) in enumerate(extra[:10]):
        began = time.perf_counter()
        index.add(Document(id=f"new{i}", lang=document.lang, title=document.title, text=document.text))
        add.append(time.perf_counter() - began)
        began = time.perf_counter()
        index.update(Document(id=f"p{i}", lang=document.lang, title="edited", text=document.text + " Edited."))
        edit.append(time.perf_counter() - began)
        began = time.perf_counter()
        index.remove(f"p{size - 1 - i}")
        remove.append(time.perf_counter() - began)
    result["incremental"] = {"add": ms(add), "edit": ms(edit), "remove": ms(remove)}
    print(f"  add p50 {ms(add)['p50_ms']} ms, edit p50 {ms(edit)['p50_ms']} ms, remove p50 {ms(remove)['p50_ms']} ms"
          " (add and edit include embedding the profile)")

    pending = generate(2000, seed=123)
    index.compact_min = 10**9  # keep them pending
    pending_vectors = synthetic_vectors([key for _, key in pending], pool)
    index.add_many([Document(id=f"d{i}", lang=d.lang, title=d.title, text=d.text) for i, (d, _) in enumerate(pending)],
                   vectors=pending_vectors)
    hybrid_pending = []
    for i in range(args.queries):
        began = time.perf_counter()
        index.search(needs[i % len(needs)], k=10, method="hybrid")
        hybrid_pending.append(time.perf_counter() - began)
    began = time.perf_counter()
    index.compact()
    compaction = time.perf_counter() - began
    hybrid_compacted = []
    for i in range(args.queries):
        began = time.perf_counter()
        index.search(needs[i % len(needs)], k=10, method="hybrid")
        hybrid_compacted.append(time.perf_counter() - began)
    result["delta"] = {"hybrid_with_2000_pending": ms(hybrid_pending), "compaction_seconds": round(compaction, 2),
                       "hybrid_after_compaction": ms(hybrid_compacted)}
    print(f"  hybrid with 2,000 pending: p95 {ms(hybrid_pending)['p95_ms']} ms; compaction {compaction:.2f} s; "
          f"after: p95 {ms(hybrid_compacted)['p95_ms']} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 50_000, 100_000])
    parser.add_argument("--queries", type=int, default=100, help="timed searches per method")
    parser.add_argument("--embed", action="store_true", help="embed every profile (about 12 per second)")
    parser.add_argument("--embed-sample", type=int, default=300, help="profiles embedded to measure docs/s")
    parser.add_argument("--json", action="store_true", help="also write bench/out/matching-timing.json")
    args = parser.parse_args()
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f}")
    embedder = E5Embedder(query_cache_size=0).load()
    sample = [passage_text(d.title, d.text) for d, _ in generate(args.embed_sample, seed=77)]
    began = time.perf_counter()
    embedder.embed_passages(sample)
    args.docs_per_second = len(sample) / (time.perf_counter() - began)
    print(f"embedding: {args.docs_per_second:.1f} profiles/s ({len(sample)} generated profiles, batches of "
          f"{embedder.batch_size})")
    pool = vector_pool()
    needs = [q.query for q in load_beir(DEVSET).queries]
    report = {"embedding_profiles_per_second": round(args.docs_per_second, 1), "sizes": []}
    for size in args.sizes:
        report["sizes"].append(measure(size, args, embedder, pool, needs))
    report["load_average_after"] = round(os.getloadavg()[0], 2)
    print(f"\nload average after: {report['load_average_after']}")
    if args.json:
        OUT.mkdir(exist_ok=True)
        path = OUT / "matching-timing.json"
        path.write_text(json.dumps(report, indent=1), encoding="utf-8")
        print(f"written: {path}")


if __name__ == "__main__":
    main()
