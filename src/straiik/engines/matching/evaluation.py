"""Evaluation on a folder in the BEIR layout: nDCG@10 and Recall@20 for BM25, dense and hybrid.

The layout (as BEIR and the issue define it):

    corpus.jsonl     one JSON object a line: "_id", "title", "text", optional "lang" (nl, en, uk)
    queries.jsonl    one JSON object a line: "_id", "text", optional "lang"
    qrels/test.tsv   tab-separated, header "query-id  corpus-id  score", one judgement a line, score 0, 1 or 2

Both JSON files may carry an optional "metadata" object with the structured fields of a Document or Query
(kind, areas, cpv, trl, region; for queries also trl_min, trl_max, stage, ticket_eur, tags; a corpus
entry may carry a "mandate" object). Missing or empty "lang" is detected. Files are read as UTF-8 (a
byte-order mark is allowed); blank lines are skipped. Every problem raises BeirFormatError naming the file
and the line.

Metrics are those of trec_eval as pytrec_eval (and so BEIR) computes them, checked against pytrec_eval
0.5 on hand-made cases (tests/engines/test_matching_evaluation.py holds the hand-computed values):
- nDCG@k (trec_eval 'ndcg_cut'): gain = the graded score itself (0, 1, 2; not 2^score - 1), discount
  1 / log2(rank + 1), normalised by the same sum over the judged scores sorted from high to low, cut at k.
- Recall@k: relevant documents (score > 0) among the first k, divided by all relevant documents.
Every query with at least one judgement is evaluated, and one with no relevant document scores 0, as in
trec_eval; a query with an empty ranking scores 0 (pytrec_eval would leave it out of its output, and BEIR
then out of the mean). Queries without any judgement are not evaluated.

Per-language figures group the queries by their language (given or detected); 'by_pairing' groups them
by how their relevant documents' languages compare: 'same-language' (all in the query's language),
'cross-lingual' (none), 'mixed'.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .analysis import detect_language
from .dense import Embedder
from .documents import Document, Mandate, Query
from .index import METHODS, MatchIndex

QRELS_HEADER = ("query-id", "corpus-id", "score")
GRADES = (0, 1, 2)


class BeirFormatError(ValueError):
    """A file of a BEIR folder is missing or malformed. `file` and `line` (from 1; 0 for the whole file)."""

    def __init__(self, file: Path | str, line: int, message: str) -> None:
        self.file = str(file)
        self.line = line
        self.message = message
        where = f"{self.file}, line {line}" if line else self.file
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class BeirQuery:
    id: str
    query: Query


@dataclass(frozen=True, slots=True)
class BeirDataset:
    corpus: list[Document]
    queries: list[BeirQuery]
    qrels: dict[str, dict[str, int]]


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    if not path.is_file():
        raise BeirFormatError(path, 0, "file not found")
    try:
        with path.open(encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield number, line
    except UnicodeDecodeError as error:
        raise BeirFormatError(path, 0, f"not UTF-8 text ({error.reason} at byte {error.start})") from error


def _json_objects(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in _lines(path):
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise BeirFormatError(path, number, f"invalid JSON: {error.msg} (column {error.colno})") from error
        if not isinstance(value, dict):
            raise BeirFormatError(path, number, f"expected a JSON object, found {type(value).__name__}")
        yield number, value


def _id(path: Path, number: int, value: dict[str, Any]) -> str:
    if "_id" not in value:
        raise BeirFormatError(path, number, "missing _id")
    raw = value["_id"]
    if isinstance(raw, bool) or not isinstance(raw, str | int) or not str(raw).strip():
        raise BeirFormatError(path, number, f"_id must be a non-empty string, found {raw!r}")
    return str(raw)


def _string(path: Path, number: int, value: dict[str, Any], key: str, *, required: bool) -> str:
    if key not in value or value[key] is None:
        if required:
            raise BeirFormatError(path, number, f"missing {key}")
        return ""
    if not isinstance(value[key], str):
        raise BeirFormatError(path, number, f"{key} must be a string, found {type(value[key]).__name__}")
    result: str = value[key]
    return result


def _metadata(path: Path, number: int, value: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    meta = value.get("metadata") or {}
    if not isinstance(meta, dict):
        raise BeirFormatError(path, number, "metadata must be a JSON object")
    unknown = set(meta) - allowed
    if unknown:
        raise BeirFormatError(path, number, f"metadata: unknown field(s) {', '.join(sorted(unknown))}")
    return dict(meta)


_DOCUMENT_META = {"kind", "areas", "cpv", "trl", "region", "mandate"}
_QUERY_META = {"areas", "cpv", "trl", "trl_min", "trl_max", "region", "stage", "ticket_eur", "tags"}


def load_beir(folder: Path | str) -> BeirDataset:
    """Read and check a BEIR folder. Raises BeirFormatError (a ValueError) naming the file and line."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BeirFormatError(folder, 0, "not a folder")
    corpus_path, queries_path = folder / "corpus.jsonl", folder / "queries.jsonl"
    qrels_path = folder / "qrels" / "test.tsv"

    corpus: list[Document] = []
    seen: set[str] = set()
    for number, value in _json_objects(corpus_path):
        doc_id = _id(corpus_path, number, value)
        if doc_id in seen:
            raise BeirFormatError(corpus_path, number, f"duplicate _id {doc_id!r}")
        seen.add(doc_id)
        meta = _metadata(corpus_path, number, value, _DOCUMENT_META)
        try:
            if meta.get("mandate") is not None:
                if not isinstance(meta["mandate"], dict):
                    raise ValueError("mandate: expected a JSON object")
                meta["mandate"] = Mandate(**meta["mandate"])
            corpus.append(Document(id=doc_id, title=_string(corpus_path, number, value, "title", required=False),
                                   text=_string(corpus_path, number, value, "text", required=True),
                                   lang=value.get("lang"), **meta))
        except (TypeError, ValueError) as error:
            if isinstance(error, BeirFormatError):
                raise
            raise BeirFormatError(corpus_path, number, str(error)) from error
    if not corpus:
        raise BeirFormatError(corpus_path, 0, "no documents")

    queries: list[BeirQuery] = []
    query_ids: set[str] = set()
    for number, value in _json_objects(queries_path):
        query_id = _id(queries_path, number, value)
        if query_id in query_ids:
            raise BeirFormatError(queries_path, number, f"duplicate _id {query_id!r}")
        query_ids.add(query_id)
        meta = _metadata(queries_path, number, value, _QUERY_META)
        try:
            query = Query(text=_string(queries_path, number, value, "text", required=True),
                          title=_string(queries_path, number, value, "title", required=False),
                          lang=value.get("lang"), **meta)
        except (TypeError, ValueError) as error:
            if isinstance(error, BeirFormatError):
                raise
            raise BeirFormatError(queries_path, number, str(error)) from error
        queries.append(BeirQuery(query_id, query))
    if not queries:
        raise BeirFormatError(queries_path, 0, "no queries")

    qrels: dict[str, dict[str, int]] = {}
    lines = _lines(qrels_path)
    header = next(lines, None)
    if header is None:
        raise BeirFormatError(qrels_path, 0, "empty file; expected the header 'query-id<TAB>corpus-id<TAB>score'")
    number, line = header
    if tuple(line.rstrip("\r\n").split("\t")) != QRELS_HEADER:
        raise BeirFormatError(qrels_path, number, f"expected the header 'query-id<TAB>corpus-id<TAB>score', "
                                                  f"found {line.strip()!r}")
    for number, line in lines:
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) != 3:
            raise BeirFormatError(qrels_path, number, f"expected 3 tab-separated fields, found {len(fields)}")
        query_id, doc_id, raw_score = (f.strip() for f in fields)
        if query_id not in query_ids:
            raise BeirFormatError(qrels_path, number, f"unknown query id {query_id!r} (not in queries.jsonl)")
        if doc_id not in seen:
            raise BeirFormatError(qrels_path, number, f"unknown corpus id {doc_id!r} (not in corpus.jsonl)")
        try:
            score = int(raw_score)
        except ValueError:
            score = -1
        if score not in GRADES:
            raise BeirFormatError(qrels_path, number, f"score must be 0, 1 or 2, found {raw_score!r}")
        judged = qrels.setdefault(query_id, {})
        if doc_id in judged:
            raise BeirFormatError(qrels_path, number, f"duplicate judgement for {query_id} and {doc_id}")
        judged[doc_id] = score
    if not qrels:
        raise BeirFormatError(qrels_path, 0, "no judgements after the header")
    return BeirDataset(corpus, queries, qrels)


# --- metrics -----------------------------------------------------------------------------------------------
def dcg(gains: Sequence[float]) -> float:
    """Sum of gain / log2(rank + 1), ranks from 1."""
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at_k(ranking: Sequence[str], judgements: Mapping[str, int], k: int = 10) -> float:
    """trec_eval's ndcg_cut.k: linear gains (the graded score), unjudged documents gain 0."""
    ideal = dcg(sorted((g for g in judgements.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([judgements.get(doc, 0) for doc in ranking[:k]]) / ideal


def recall_at_k(ranking: Sequence[str], judgements: Mapping[str, int], k: int = 20) -> float:
    relevant = {doc for doc, g in judgements.items() if g > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def summarise(per_query: Mapping[str, Mapping[str, float]], groups: Mapping[str, str] | None = None
              ) -> dict[str, Any]:
    """Mean of each metric over the queries, and per group if given ({query id: group})."""
    metrics = sorted({m for values in per_query.values() for m in values})
    out: dict[str, Any] = {m: _mean([values[m] for values in per_query.values()]) for m in metrics}
    out["queries"] = len(per_query)
    if groups is not None:
        by_group: dict[str, dict[str, Mapping[str, float]]] = {}
        for query_id, values in per_query.items():
            by_group.setdefault(groups[query_id], {})[query_id] = values
        out["groups"] = {g: summarise(v) for g, v in sorted(by_group.items())}
    return out


def pairing(query_lang: str, judgements: Mapping[str, int], doc_langs: Mapping[str, str]) -> str:
    langs = {doc_langs[doc] for doc, g in judgements.items() if g > 0}
    if not langs or langs == {query_lang}:
        return "same-language"
    if query_lang not in langs:
        return "cross-lingual"
    return "mixed"


def run_queries(index: MatchIndex, dataset: BeirDataset, method: str, depth: int = 100,
                **search: Any) -> dict[str, list[str]]:
    """{query id: ranked document ids} for the judged queries."""
    return {q.id: [m.document.id for m in index.search(q.query, k=depth, method=method, **search)]
            for q in dataset.queries if q.id in dataset.qrels}


def score_run(run: Mapping[str, Sequence[str]], dataset: BeirDataset, index: MatchIndex) -> dict[str, Any]:
    """Metrics of a run: overall, per query language and by pairing, plus the per-query values."""
    per_query = {qid: {"ndcg@10": ndcg_at_k(ranking, dataset.qrels[qid], 10),
                       "recall@20": recall_at_k(ranking, dataset.qrels[qid], 20)} for qid, ranking in run.items()}
    langs = {q.id: index.query_language(q.query) for q in dataset.queries}
    doc_langs = {doc.id: index.language(doc.id) for doc in dataset.corpus}
    pairs = {qid: pairing(langs[qid], dataset.qrels[qid], doc_langs) for qid in run}
    by_lang = summarise(per_query, {qid: langs[qid] for qid in run})
    by_pair = summarise(per_query, pairs)
    return {"ndcg@10": by_lang["ndcg@10"], "recall@20": by_lang["recall@20"], "queries": by_lang["queries"],
            "per_language": by_lang["groups"], "by_pairing": by_pair["groups"],
            "per_query": per_query}


def build_index(dataset: BeirDataset, embedder: Embedder | None, *,
                progress: Callable[[int, int], None] | None = None, **options: Any) -> MatchIndex:
    index = MatchIndex(embedder=embedder, **options)
    index.add_many(dataset.corpus, progress=progress)
    index.compact()
    return index


def evaluate_beir(folder: Path | str, methods: Sequence[str] = METHODS, *, embedder: Embedder | None = None,
                  index: MatchIndex | None = None, per_query: bool = False, **options: Any) -> dict[str, Any]:
    """Index the corpus of a BEIR folder with the platform's engine and score each method.

    Returns {method: {"ndcg@10", "recall@20", "queries", "per_language": {lang: {...}},
    "by_pairing": {"same-language"|"cross-lingual"|"mixed": {...}}}}, JSON-serialisable, rounded to four
    decimals; with per_query=True each method also has "per_query": {query id: {metric: value}}.
    embedder: defaults to the process-wide E5 model when a method needs it. index: an index already holding
    the corpus (to evaluate other settings without embedding again). options: passed to MatchIndex.
    """
    dataset = load_beir(folder)
    unknown = set(methods) - set(METHODS)
    if unknown:
        raise ValueError(f"methods: unknown {', '.join(sorted(unknown))}; use {', '.join(METHODS)}")
    if index is None:
        if embedder is None and any(m != "bm25" for m in methods):
            from .dense import default_embedder

            embedder = default_embedder()
        index = build_index(dataset, embedder, **options)
    result = {}
    for method in methods:
        scores = score_run(run_queries(index, dataset, method), dataset, index)
        if not per_query:
            scores.pop("per_query")
        result[method] = scores
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m straiik.engines.matching evaluate DIR [--methods bm25,dense,hybrid]`: prints the JSON."""
    parser = argparse.ArgumentParser(prog="python -m straiik.engines.matching",
                                     description="Matching engine tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate = commands.add_parser("evaluate", help="nDCG@10 and Recall@20 on a folder in the BEIR layout")
    evaluate.add_argument("folder", type=Path)
    evaluate.add_argument("--methods", default=",".join(METHODS),
                          help="comma-separated, from: " + ", ".join(METHODS))
    evaluate.add_argument("--per-query", action="store_true", help="also print each query's figures")
    commands.add_parser("detect", help="print the detected language of each line of standard input")
    args = parser.parse_args(argv)
    if args.command == "detect":
        for line in sys.stdin:
            print(detect_language(line))
        return 0
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    try:
        result = evaluate_beir(args.folder, methods, per_query=args.per_query)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0
