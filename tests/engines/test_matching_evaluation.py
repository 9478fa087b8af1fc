"""Evaluation: metrics on hand-computed cases (the values agree with pytrec_eval 0.5), the BEIR reader and
its errors, evaluate_beir with BM25 and the command-line entry point."""

import json
import math
from pathlib import Path

import pytest

from straiik.engines.matching import BeirFormatError, evaluate_beir, load_beir, ndcg_at_k, recall_at_k
from straiik.engines.matching.evaluation import main

QRELS = {"d1": 2, "d2": 1, "d3": 0, "d4": 2}


def test_ndcg_uses_the_grade_as_gain_like_trec_eval() -> None:
    # ranking d3 (0), d1 (2), d9 (unjudged), d2 (1); ideal 2, 2, 1
    dcg = 2 / math.log2(3) + 1 / math.log2(5)
    ideal = 2 + 2 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at_k(["d3", "d1", "d9", "d2"], QRELS, 10) == pytest.approx(dcg / ideal)
    assert ndcg_at_k(["d3", "d1", "d9", "d2"], QRELS, 10) == pytest.approx(0.4499200626718163)  # pytrec_eval
    assert ndcg_at_k(["d3", "d1", "d9", "d2"], QRELS, 3) == pytest.approx(0.3354350434265105)  # pytrec_eval
    assert ndcg_at_k(["d1", "d4", "d2"], QRELS, 10) == pytest.approx(1.0)
    assert ndcg_at_k([], QRELS, 10) == 0.0
    assert ndcg_at_k(["d1"], {"d1": 0}, 10) == 0.0  # no relevant document: 0, as trec_eval


def test_recall_counts_grades_above_zero() -> None:
    assert recall_at_k(["d3", "d1", "d9", "d2"], QRELS, 20) == pytest.approx(2 / 3)
    assert recall_at_k(["d9"] * 19 + ["d4"], QRELS, 20) == pytest.approx(1 / 3)
    assert recall_at_k(["d9"] * 20 + ["d4"], QRELS, 20) == 0.0
    assert recall_at_k(["d1"], {"d1": 0}, 20) == 0.0


def write(folder: Path, corpus: list, queries: list, qrels: str) -> Path:
    (folder / "qrels").mkdir(parents=True, exist_ok=True)
    (folder / "corpus.jsonl").write_text("".join(
        (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n" for line in corpus),
        encoding="utf-8")
    (folder / "queries.jsonl").write_text("".join(
        (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n" for line in queries),
        encoding="utf-8")
    (folder / "qrels" / "test.tsv").write_text(qrels, encoding="utf-8")
    return folder


CORPUS = [
    {"_id": "c1", "title": "Radarwerk", "text": "Radarsystemen die drones detecteren.", "lang": "nl"},
    {"_id": "c2", "title": "Sonar Ltd", "text": "Sonar that detects divers in harbours.", "lang": "en"},
    {"_id": "c3", "title": "ТОВ «Вода»", "text": "Мобільні станції очищення води."},
]
QUERIES = [
    {"_id": "q1", "text": "Wij zoeken radarsystemen tegen drones", "lang": "nl"},
    {"_id": "q2", "text": "divers approaching the harbour", "metadata": {"areas": ["maritime"]}},
    {"_id": "q3", "text": "not judged"},
]
QRELS_TSV = "query-id\tcorpus-id\tscore\nq1\tc1\t2\nq1\tc3\t0\nq2\tc2\t1\n"


def test_reader_reads_the_layout(tmp_path: Path) -> None:
    data = load_beir(write(tmp_path, CORPUS, QUERIES, QRELS_TSV))
    assert [d.id for d in data.corpus] == ["c1", "c2", "c3"]
    assert data.corpus[2].lang is None  # detected later
    assert data.queries[1].query.areas == ("maritime",)
    assert data.qrels == {"q1": {"c1": 2, "c3": 0}, "q2": {"c2": 1}}


@pytest.mark.parametrize(("corpus", "queries", "qrels", "where", "message"), [
    (CORPUS[:1] + ["{not json"], QUERIES, QRELS_TSV, "corpus.jsonl, line 2", "invalid JSON"),
    ([{"title": "t", "text": "x"}], QUERIES, QRELS_TSV, "corpus.jsonl, line 1", "missing _id"),
    ([{"_id": "c1", "title": "t"}], QUERIES, QRELS_TSV, "corpus.jsonl, line 1", "missing text"),
    ([CORPUS[0], CORPUS[0]], QUERIES, QRELS_TSV, "corpus.jsonl, line 2", "duplicate _id 'c1'"),
    ([{"_id": "c1", "text": "x", "lang": "de"}], QUERIES, QRELS_TSV, "corpus.jsonl, line 1", "unsupported language"),
    (["[1, 2]"], QUERIES, QRELS_TSV, "corpus.jsonl, line 1", "expected a JSON object"),
    (CORPUS, [{"text": "q"}], QRELS_TSV, "queries.jsonl, line 1", "missing _id"),
    (CORPUS, [{"_id": "q1", "text": "q", "metadata": {"colour": 1}}], QRELS_TSV, "queries.jsonl, line 1",
     "unknown field"),
    (CORPUS, QUERIES, "qid\tdocid\tscore\nq1\tc1\t1\n", "test.tsv, line 1", "expected the header"),
    (CORPUS, QUERIES, "query-id corpus-id score\nq1\tc1\t1\n", "test.tsv, line 1", "expected the header"),
    (CORPUS, QUERIES, QRELS_TSV + "q9\tc1\t1\n", "test.tsv, line 5", "unknown query id 'q9'"),
    (CORPUS, QUERIES, QRELS_TSV + "q1\tc9\t1\n", "test.tsv, line 5", "unknown corpus id 'c9'"),
    (CORPUS, QUERIES, QRELS_TSV + "q2\tc1\t3\n", "test.tsv, line 5", "score must be 0, 1 or 2"),
    (CORPUS, QUERIES, QRELS_TSV + "q2\tc1\n", "test.tsv, line 5", "expected 3 tab-separated fields"),
    (CORPUS, QUERIES, QRELS_TSV + "q1\tc1\t1\n", "test.tsv, line 5", "duplicate judgement"),
    (CORPUS, QUERIES, "", "test.tsv", "empty file"),
])
def test_reader_errors_name_the_file_and_line(tmp_path: Path, corpus: list, queries: list, qrels: str, where: str,
                                              message: str) -> None:
    with pytest.raises(BeirFormatError) as caught:
        load_beir(write(tmp_path, corpus, queries, qrels))
    assert where in str(caught.value) and message in str(caught.value)


def test_missing_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(BeirFormatError, match="not a folder"):
        load_beir(tmp_path / "nowhere")
    write(tmp_path, CORPUS, QUERIES, QRELS_TSV)
    (tmp_path / "queries.jsonl").unlink()
    with pytest.raises(BeirFormatError, match=r"queries.jsonl: file not found"):
        load_beir(tmp_path)
    write(tmp_path, CORPUS, QUERIES, QRELS_TSV)
    (tmp_path / "corpus.jsonl").write_bytes(b'{"_id": "c1", "text": "\xff"}\n')
    with pytest.raises(BeirFormatError, match="not UTF-8"):
        load_beir(tmp_path)


def test_evaluate_bm25_on_a_tiny_set(tmp_path: Path) -> None:
    result = evaluate_beir(write(tmp_path, CORPUS, QUERIES, QRELS_TSV), ["bm25"])
    assert set(result) == {"bm25"}
    bm25 = result["bm25"]
    assert bm25["queries"] == 2  # q3 has no judgement
    assert bm25["ndcg@10"] == 1.0 and bm25["recall@20"] == 1.0
    assert set(bm25["per_language"]) == {"nl", "en"}
    assert bm25["by_pairing"] == {"same-language": {"ndcg@10": 1.0, "recall@20": 1.0, "queries": 2}}
    json.dumps(result)
    with pytest.raises(ValueError, match="methods"):
        evaluate_beir(tmp_path, ["tfidf"])


def test_command_line_prints_json_or_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write(tmp_path / "ok", CORPUS, QUERIES, QRELS_TSV)
    assert main(["evaluate", str(folder), "--methods", "bm25"]) == 0
    assert json.loads(capsys.readouterr().out)["bm25"]["ndcg@10"] == 1.0
    bad = write(tmp_path / "bad", CORPUS, QUERIES, "wrong header\n")
    assert main(["evaluate", str(bad), "--methods", "bm25"]) == 2
    assert "test.tsv, line 1: expected the header" in capsys.readouterr().err
