"""Quality of the matching engine on the development set and the shared sample, and the comparisons behind
its settings (Ukrainian analyser, language centring, fusion, structured boosts, language detection).

    .venv/bin/python bench/matching/evaluate.py            # about 2 minutes the first time, less after
    .venv/bin/python bench/matching/evaluate.py --json     # also bench/out/matching-evaluate.json

The development set (bench/matching/devset, made by make_devset.py) has three queries per topic, the same
need in Dutch, English and Ukrainian. Settings are chosen on the 'tune' half of the topics (even positions
in topic order) and reported on the 'held-out' half (odd positions) and on the sample in
shared/specs/examples/matching-sample, which took no part in any choice. Splitting by topic, not by query,
keeps the translations of a held-out need out of the tuning.

Document vectors are computed once per corpus and kept in bench/out/ (keyed by a hash of the corpus and
the model name), so later runs only embed the queries.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from straiik.engines.matching import (
    UKRAINIAN_STEMMERS,
    Analyzer,
    FusionConfig,
    MatchIndex,
    default_embedder,
    detect_language,
)
from straiik.engines.matching.evaluation import BeirDataset, load_beir, run_queries, score_run

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "out"
DEVSET = HERE / "devset"
SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "specs" / "examples" / "matching-sample"


def cached_vectors(dataset: BeirDataset, name: str) -> np.ndarray:
    embedder = default_embedder()
    digest = hashlib.sha256(embedder.name.encode())
    for doc in dataset.corpus:
        digest.update(f"{doc.id}\x00{doc.title}\x00{doc.text}\x01".encode())
    path = OUT / f"matching-vectors-{name}-{digest.hexdigest()[:16]}.npy"
    if path.exists():
        return np.load(path)
    from straiik.engines.matching import passage_text

    began = time.perf_counter()
    vectors = embedder.embed_passages([passage_text(d.title, d.text) for d in dataset.corpus])
    print(f"  embedded {len(vectors)} documents of {name} in {time.perf_counter() - began:.1f} s")
    OUT.mkdir(exist_ok=True)
    np.save(path, vectors)
    return vectors


def make_index(dataset: BeirDataset, vectors: np.ndarray | None, **options: Any) -> MatchIndex:
    index = MatchIndex(embedder=default_embedder() if vectors is not None else None, **options)
    index.add_many(dataset.corpus, vectors=vectors)
    index.compact()
    return index


def subset(result: dict[str, Any], query_ids: set[str]) -> dict[str, float]:
    values = [v for q, v in result["per_query"].items() if q in query_ids]
    return {m: round(float(np.mean([v[m] for v in values])), 4) for m in ("ndcg@10", "recall@20")} | {
        "queries": len(values)}


def evaluate(index: MatchIndex, dataset: BeirDataset, method: str, **search: Any) -> dict[str, Any]:
    return score_run(run_queries(index, dataset, method, **search), dataset, index)


def split(dataset_dir: Path) -> tuple[set[str], set[str]]:
    topics = json.loads((dataset_dir / "topics.json").read_text(encoding="utf-8"))
    order = list(dict.fromkeys(t["topic"] for t in topics.values()))
    tune = {q for q, t in topics.items() if order.index(t["topic"]) % 2 == 0}
    return tune, set(topics) - tune


def cross(result: dict[str, Any], query_ids: set[str], pairing: str, dataset: BeirDataset,
          index: MatchIndex) -> dict[str, float]:
    from straiik.engines.matching.evaluation import pairing as pairing_of

    doc_langs = {d.id: index.language(d.id) for d in dataset.corpus}
    keep = {q.id for q in dataset.queries if q.id in query_ids and q.id in dataset.qrels
            and pairing_of(index.query_language(q.query), dataset.qrels[q.id], doc_langs) == pairing}
    return subset(result, keep)


def row(label: str, values: dict[str, float], width: int = 44) -> str:
    return (f"  {label:<{width}} nDCG@10 {values['ndcg@10']:.3f}  R@20 {values['recall@20']:.3f}"
            f"  (n={values['queries']})")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="also write bench/out/matching-evaluate.json")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {}
    dev, sample = load_beir(DEVSET), load_beir(SAMPLE)
    tune, held_out = split(DEVSET)
    all_dev = tune | held_out
    all_sample = {q.id for q in sample.queries}
    print(f"development set: {len(dev.corpus)} documents, {len(dev.queries)} queries "
          f"({len(tune)} tune, {len(held_out)} held out); sample: {len(sample.corpus)} documents, "
          f"{len(sample.queries)} queries")
    dev_vectors, sample_vectors = cached_vectors(dev, "devset"), cached_vectors(sample, "sample")

    # 1. Language detection
    print("\n1. Language detection (documents: title + text; queries: text)")
    detection = {}
    for name, data in (("devset", dev), ("sample", sample)):
        items = [(d.lang, f"{d.title}\n{d.text}") for d in data.corpus] + [(q.query.lang, q.query.text)
                                                                           for q in data.queries]
        wrong = [(lang, detect_language(text), text[:60]) for lang, text in items if detect_language(text) != lang]
        detection[name] = {"texts": len(items), "wrong": len(wrong), "examples": wrong[:5]}
        print(f"  {name}: {len(items) - len(wrong)}/{len(items)} right" + (f"; wrong: {wrong[:3]}" if wrong else ""))
    report["language_detection"] = detection

    # 2. Ukrainian analysers, BM25 alone
    print("\n2. Ukrainian analyser, BM25 alone: Ukrainian queries (all dev queries; the sample)")
    analysers = {}
    for name in UKRAINIAN_STEMMERS:
        values = {}
        for label, data in (("devset", dev), ("sample", sample)):
            index = make_index(data, None, analyzer=Analyzer(ukrainian=name))
            result = evaluate(index, data, "bm25")
            values[label] = {"uk": result["per_language"].get("uk"), "all": subset(result, set(result["per_query"]))}
        analysers[name] = values
        print(row(f"{name}: devset uk", values["devset"]["uk"], 24) + "   " +
              row("sample uk", values["sample"]["uk"], 10).strip())
    report["ukrainian_analyser"] = analysers

    # 3. Dense: language centring
    print("\n3. Dense alone: language centring (no structured boosts). The reference means come from the "
          "development set's phrases, so the devset figures of the last two rows flatter them; the sample is "
          "independent of them")
    plain = FusionConfig().without_boosts()
    centring = {}
    variants = {"raw (no centring)": {"center_languages": False},
                "corpus means only": {"language_prior_rows": 0.0},
                "shrunk to reference, 20 rows (default)": {"language_prior_rows": 20.0},
                "reference means only": {"language_prior_rows": 1e12}}
    for key, options in variants.items():
        dev_index = make_index(dev, dev_vectors, **options)
        sample_index = make_index(sample, sample_vectors, **options)
        d = evaluate(dev_index, dev, "dense", fusion=plain)
        s = evaluate(sample_index, sample, "dense", fusion=plain)
        centring[key] = {"devset": subset(d, all_dev), "devset_cross": cross(d, all_dev, "cross-lingual", dev,
                                                                              dev_index),
                         "sample": subset(s, all_sample)}
        print(row(f"{key}: devset", centring[key]["devset"], 46) + "   "
              + row("cross-lingual", centring[key]["devset_cross"], 14).strip() + "   "
              + row("sample", centring[key]["sample"], 7).strip())
    report["language_centring"] = centring

    # 4. Fusion, chosen on the tune half
    dev_index = make_index(dev, dev_vectors)
    sample_index = make_index(sample, sample_vectors)
    print("\n4. Fusion (no structured boosts), tune half of the development set; the sample for comparison")
    references = {"bm25 alone": "bm25", "dense alone": "dense"}
    for label, method in references.items():
        result = evaluate(dev_index, dev, method, fusion=FusionConfig().without_boosts())
        print(row(label, subset(result, tune), 34) + "   "
              + row("cross-lingual", cross(result, tune, "cross-lingual", dev, dev_index), 14).strip())
    candidates = [FusionConfig(strategy="rrf", rrf_k=k, dense_weight=w).without_boosts()
                  for k in (10, 60) for w in (0.5, 0.7, 0.8, 0.9)]
    candidates += [FusionConfig(strategy="weighted", dense_weight=w, balance_languages=b).without_boosts()
                   for b in (False, True) for w in (0.5, 0.6, 0.7, 0.8, 0.9)]
    fusion_rows = []
    for config in candidates:
        result = evaluate(dev_index, dev, "hybrid", fusion=config)
        if config.strategy == "rrf":
            label = f"rrf k={config.rrf_k} w={config.dense_weight}"
        else:
            label = f"weighted{' balanced' if config.balance_languages else ''} w={config.dense_weight}"
        values = subset(result, tune)
        sample_values = subset(evaluate(sample_index, sample, "hybrid", fusion=config), all_sample)
        fusion_rows.append({"fusion": label, "tune": values, "tune_cross": cross(result, tune, "cross-lingual", dev,
                                                                                 dev_index),
                            "sample": sample_values, "config": config})
        print(row(label, values, 34) + "   " + row("cross-lingual", fusion_rows[-1]["tune_cross"], 14).strip()
              + "   " + row("sample", sample_values, 7).strip())
    best = max(fusion_rows, key=lambda r: (r["tune"]["ndcg@10"], r["tune"]["recall@20"]))
    print(f"  best on the tune half: {best['fusion']}")
    report["fusion_tune"] = [{k: v for k, v in r.items() if k != "config"} for r in fusion_rows]
    report["fusion_chosen"] = best["fusion"]

    # 5. Structured boosts on the chosen fusion
    print("\n5. Structured boosts (area, CPV, TRL, region) on the chosen fusion, tune half")
    chosen: FusionConfig = best["config"]
    boost_rows = []
    for area, cpv in ((0, 0), (0.05, 0.05), (0.1, 0.1), (0.2, 0.1), (0.2, 0.2)):
        config = replace(chosen, area_boost=area, cpv_boost=cpv, trl_boost=0.05 if area else 0,
                         region_boost=0.02 if area else 0)
        result = evaluate(dev_index, dev, "hybrid", fusion=config)
        boost_rows.append({"area": area, "cpv": cpv, "tune": subset(result, tune)})
        print(row(f"area {area}, cpv {cpv}, trl {config.trl_boost}, region {config.region_boost}",
                  boost_rows[-1]["tune"]))
    report["boosts_tune"] = boost_rows

    # 6. The engine as configured (defaults), every method, held-out half, whole devset, sample
    print("\n6. The engine with its default settings (FusionConfig()), every method")
    final: dict[str, Any] = {}
    for method in ("bm25", "dense", "hybrid"):
        d = evaluate(dev_index, dev, method)
        s = evaluate(sample_index, sample, method)
        final[method] = {
            "devset": {k: d[k] for k in ("ndcg@10", "recall@20", "queries", "per_language", "by_pairing")},
            "held_out": subset(d, held_out),
            "held_out_cross": cross(d, held_out, "cross-lingual", dev, dev_index),
            "sample": {k: s[k] for k in ("ndcg@10", "recall@20", "queries", "per_language")},
        }
        print(f"  {method}:")
        print(row("devset, all", subset(d, all_dev)))
        for lang, values in d["per_language"].items():
            print(row(f"devset, {lang} queries", values))
        for pairing, values in d["by_pairing"].items():
            print(row(f"devset, {pairing}", values))
        print(row("held-out half", final[method]["held_out"]))
        print(row("held-out half, cross-lingual", final[method]["held_out_cross"]))
        print(row("sample", subset(s, all_sample)))
        for lang, values in s["per_language"].items():
            print(row(f"sample, {lang} queries", values))
    report["engine"] = final
    if args.json:
        OUT.mkdir(exist_ok=True)
        path = OUT / "matching-evaluate.json"
        path.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
        print(f"\nwritten: {path}")


if __name__ == "__main__":
    main()
