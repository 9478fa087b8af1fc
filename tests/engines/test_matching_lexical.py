"""BM25: the main segment (bm25s) and the delta segment score alike; removals update the statistics."""

import bm25s
import numpy as np
import pytest

from straiik.engines.matching.lexical import Bm25Index

ROWS = [
    ["radar", "drone", "detect", "radar"],
    ["sonar", "diver", "harbour"],
    ["radar", "ship", "coast", "guard", "ship"],
    ["drone", "jam", "gnss"],
    ["water", "purif", "unit", "water"],
]
QUERIES = [["radar", "drone"], ["ship", "radar", "radar"], ["water"], ["unknown"], ["gnss", "jam", "sonar"]]


def index_of(rows: list[list[str]], *, build: bool) -> Bm25Index:
    index = Bm25Index()
    for terms in rows:
        index.append(terms)
    if build:
        index.build()
    return index


def test_main_segment_scores_as_bm25s_retrieves() -> None:
    index = index_of(ROWS, build=True)
    reference = bm25s.BM25(method="lucene")
    reference.index(ROWS, show_progress=False)
    for query in QUERIES[:3]:
        expected = reference.get_scores(query)
        assert np.allclose(index.scores(query), expected, rtol=1e-5), query


def test_delta_segment_scores_as_a_fresh_build() -> None:
    built = index_of(ROWS, build=True)
    delta = index_of(ROWS, build=False)
    assert delta.delta_rows == len(ROWS) and built.delta_rows == 0
    for query in QUERIES:
        assert np.allclose(built.scores(query), delta.scores(query), rtol=1e-5), query


def test_half_built_half_delta_uses_the_live_collection_statistics() -> None:
    mixed = index_of(ROWS[:3], build=True)
    for terms in ROWS[3:]:
        mixed.append(terms)
    fresh = index_of(ROWS, build=True)
    for query in QUERIES:
        # The idf is that of all rows; only the average length is still that of the first three.
        ranks_mixed = np.argsort(-mixed.scores(query), kind="stable")
        ranks_fresh = np.argsort(-fresh.scores(query), kind="stable")
        assert (ranks_mixed[:2] == ranks_fresh[:2]).all(), query
    assert mixed.scores(["gnss"])[3] > 0


def test_removed_rows_leave_the_document_frequencies_at_once() -> None:
    index = index_of(ROWS, build=True)
    index.delete(2)  # the only other row with 'radar'
    after = index.scores(["radar"])
    fresh = index_of([ROWS[0], ROWS[1], ROWS[3], ROWS[4]], build=True).scores(["radar"])
    assert after[0] == pytest.approx(fresh[0], rel=0.05)  # same idf; only avgdl differs until the next build
    kept = index.build()
    assert kept == [0, 1, 3, 4] and index.rows == 4
    assert index.scores(["radar"])[0] == pytest.approx(fresh[0], rel=1e-5)


def test_vocabulary_of_removed_rows_is_dropped_at_build() -> None:
    index = index_of(ROWS, build=True)
    index.delete(4)
    index.build()
    assert "water" not in index.vocab and index.scores(["water"]).sum() == 0


def test_an_empty_index_and_empty_queries_score_nothing() -> None:
    empty = Bm25Index()
    assert empty.scores(["radar"]).shape == (0,)
    assert empty.build() == []
    index = index_of(ROWS, build=True)
    assert index.scores([]).sum() == 0
