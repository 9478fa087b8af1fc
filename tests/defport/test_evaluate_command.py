"""straiik match evaluate: JSON on stdout, bad folders refused with the file and line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def write(folder: Path, corpus: str, queries: str, qrels: str) -> Path:
    (folder / "qrels").mkdir(parents=True)
    (folder / "corpus.jsonl").write_text(corpus)
    (folder / "queries.jsonl").write_text(queries)
    (folder / "qrels" / "test.tsv").write_text(qrels)
    return folder


CORPUS = "\n".join(json.dumps(d) for d in [
    {"_id": "d1", "title": "Radar", "text": "Portable radar to detect small drones", "lang": "en"},
    {"_id": "d2", "title": "Coatings", "text": "Self-healing coatings for ships", "lang": "en"},
    {"_id": "d3", "title": "Radar", "text": "Draagbare radar die drones detecteert", "lang": "nl"},
]) + "\n"
QUERIES = json.dumps({"_id": "q1", "text": "drone detection radar", "lang": "en"}) + "\n"
QRELS = "query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td3\t1\n"


def test_bm25_scores_are_printed_as_json(tmp_path: Path) -> None:
    folder = write(tmp_path / "set", CORPUS, QUERIES, QRELS)
    out = io.StringIO()
    call_command("match", "evaluate", str(folder), "--methods", "bm25", stdout=out)
    result = json.loads(out.getvalue())
    assert set(result) == {"bm25"}
    assert result["bm25"]["recall@20"] == 1.0 and 0 < result["bm25"]["ndcg@10"] <= 1
    assert result["bm25"]["per_language"]["en"]["queries"] == 1


@pytest.mark.parametrize(("corpus", "queries", "qrels", "words"), [
    ("not json\n", QUERIES, QRELS, "corpus.jsonl"),
    (CORPUS, json.dumps({"text": "no id"}) + "\n", QRELS, "queries.jsonl"),
    (CORPUS, QUERIES, "query\tdoc\tscore\nq1\td1\t2\n", "test.tsv"),
    (CORPUS, QUERIES, "query-id\tcorpus-id\tscore\nq9\td1\t2\n", "q9"),
])
def test_bad_folders_name_the_file(tmp_path: Path, corpus: str, queries: str, qrels: str, words: str) -> None:
    folder = write(tmp_path / "set", corpus, queries, qrels)
    with pytest.raises(CommandError, match=words):
        call_command("match", "evaluate", str(folder), "--methods", "bm25")
    with pytest.raises(CommandError, match="not a folder"):
        call_command("match", "evaluate", str(tmp_path / "missing"))
