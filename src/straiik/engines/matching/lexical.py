"""BM25 over rows of analysed terms, built with bm25s and kept current between rebuilds by a delta segment.

Layout: rows 0..M-1 form the *main* segment, a bm25s index (Lucene BM25: idf = ln(1 + (N - df + 0.5) /
(df + 0.5)), term part tf / (tf + k1 (1 - b + b dl / avgdl)), k1 = 1.5, b = 0.75) whose precomputed
per-term, per-row scores sit in a compressed sparse column matrix. Rows added after the last build form the
*delta* segment, kept as plain postings and scored at query time with the same formula. A removed row is
only marked dead (the caller masks it), but its terms leave the document frequencies at once.

So that both segments rank on one scale, every query term is weighted with the idf of the live collection
as it is now (N and df of main-live plus delta rows): main scores are rescaled by idf_now / idf_at_build,
delta scores use idf_now directly. Both use the average row length of the last build. The only drift from a
fresh build is that average length, until `build` runs again (the caller decides when: see
MatchIndex.compact_threshold).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import bm25s
import numpy as np

K1 = 1.5
B = 0.75


def _idf(df: np.ndarray, n: int) -> np.ndarray:
    return np.log1p((n - df + 0.5) / (df + 0.5))


class Bm25Index:
    """Rows of terms, scored with BM25. Row numbers are given by the order of `append` and renumbered by
    `build`. Not thread-safe on its own: MatchIndex serialises access."""

    def __init__(self, k1: float = K1, b: float = B) -> None:
        self.k1 = k1
        self.b = b
        self.vocab: dict[str, int] = {}
        self._row_ids: list[np.ndarray] = []  # unique term ids of each row, int32, sorted
        self._row_tfs: list[np.ndarray] = []  # their frequencies, float32
        self._row_len: list[int] = []
        self._dead: set[int] = set()
        self._main_rows = 0
        self._main: dict[str, np.ndarray] | None = None
        self._idf_main = np.zeros(0)
        self._df_main_live = np.zeros(0, dtype=np.int64)
        self._avgdl = 1.0
        self._delta_postings: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] | None = {}

    # --- rows -------------------------------------------------------------------------------------------
    @property
    def rows(self) -> int:
        return len(self._row_ids)

    @property
    def delta_rows(self) -> int:
        return self.rows - self._main_rows

    @property
    def live_rows(self) -> int:
        return self.rows - len(self._dead)

    def append(self, terms: Sequence[str]) -> int:
        """Add a row with these terms (duplicates count as term frequency); returns its row number."""
        counts = Counter(self.vocab.setdefault(term, len(self.vocab)) for term in terms)
        ids = np.fromiter(sorted(counts), dtype=np.int32, count=len(counts))
        self._row_ids.append(ids)
        self._row_tfs.append(np.fromiter((counts[i] for i in ids.tolist()), dtype=np.float32, count=len(ids)))
        self._row_len.append(len(terms))
        self._delta_postings = None
        return self.rows - 1

    def delete(self, row: int) -> None:
        if row in self._dead:
            return
        self._dead.add(row)
        if row < self._main_rows:
            ids = self._row_ids[row]
            self._df_main_live[ids[ids < len(self._df_main_live)]] -= 1
        else:
            self._delta_postings = None

    def term_ids(self, row: int) -> np.ndarray:
        return self._row_ids[row]

    def build(self, keep: Iterable[int] | None = None) -> list[int]:
        """Rebuild the main segment from the live rows (or the rows in `keep`, in that order); they are
        renumbered 0..n-1 in that order and the delta becomes empty. Returns the old row numbers in new order."""
        order = [r for r in range(self.rows) if r not in self._dead] if keep is None else list(keep)
        self._row_ids = [self._row_ids[r] for r in order]
        self._row_tfs = [self._row_tfs[r] for r in order]
        self._row_len = [self._row_len[r] for r in order]
        self._dead = set()
        self._main_rows = len(order)
        self._delta_postings = {}
        if not order:
            self._main = None
            self._idf_main = np.zeros(0)
            self._df_main_live = np.zeros(0, dtype=np.int64)
            self._avgdl = 1.0
            return order
        self._drop_unused_terms()
        corpus_ids = [np.repeat(ids, tfs.astype(np.int64)).tolist() for ids, tfs in zip(self._row_ids, self._row_tfs,
                                                                                     strict=True)]
        retriever = bm25s.BM25(k1=self.k1, b=self.b, method="lucene")
        # A copy: bm25s may add its empty token to the dictionary it is given.
        with np.errstate(invalid="ignore", divide="ignore"):  # rows without terms: 0 / 0 on empty arrays
            retriever.index((corpus_ids, dict(self.vocab)), create_empty_token=False, show_progress=False)
        scores = retriever.scores
        self._main = {"data": scores["data"], "indices": scores["indices"], "indptr": scores["indptr"]}
        df = np.diff(scores["indptr"]).astype(np.int64)
        self._df_main_live = df
        self._idf_main = _idf(df, self._main_rows)
        lengths = np.asarray(self._row_len, dtype=np.float64)
        self._avgdl = float(lengths.mean()) if lengths.sum() > 0 else 1.0
        return order

    def _drop_unused_terms(self) -> None:
        """Renumber the vocabulary to the terms live rows use, so removed text does not grow it forever."""
        used = np.unique(np.concatenate(self._row_ids)) if self._row_ids else np.zeros(0, dtype=np.int32)
        if len(used) == len(self.vocab):
            return
        remap = np.full(len(self.vocab), -1, dtype=np.int32)
        remap[used] = np.arange(len(used), dtype=np.int32)
        self.vocab = {term: int(remap[i]) for term, i in self.vocab.items() if remap[i] >= 0}
        self._row_ids = [remap[ids] for ids in self._row_ids]

    # --- scoring ----------------------------------------------------------------------------------------
    def _delta(self) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        if self._delta_postings is None:
            rows = [r for r in range(self._main_rows, self.rows) if r not in self._dead]
            postings: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
            if rows:
                ids = np.concatenate([self._row_ids[r] for r in rows])
                tfs = np.concatenate([self._row_tfs[r] for r in rows])
                row_of = np.concatenate([np.full(len(self._row_ids[r]), r, dtype=np.int64) for r in rows])
                len_of = np.concatenate([np.full(len(self._row_ids[r]), self._row_len[r], dtype=np.float32)
                                         for r in rows])
                order = np.argsort(ids, kind="stable")
                ids, tfs, row_of, len_of = ids[order], tfs[order], row_of[order], len_of[order]
                starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
                ends = np.r_[starts[1:], len(ids)]
                for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
                    postings[int(ids[s])] = (row_of[s:e], tfs[s:e], len_of[s:e])
            self._delta_postings = postings
        return self._delta_postings

    def _avg_length(self) -> float:
        if self._main_rows:
            return self._avgdl
        live = [self._row_len[r] for r in range(self.rows) if r not in self._dead]
        return (sum(live) / len(live)) if live and sum(live) else 1.0

    def query_ids(self, terms: Sequence[str]) -> Counter[int]:
        """Query term ids with their counts in the query; unknown terms are left out."""
        return Counter(self.vocab[t] for t in terms if t in self.vocab)

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every row (dead rows included: mask them) for a query of these terms. A term that
        occurs twice in the query counts twice, as in bm25s."""
        out = np.zeros(self.rows, dtype=np.float32)
        query = self.query_ids(terms)
        if not query:
            return out
        delta = self._delta()
        n_live = self.live_rows
        avgdl = self._avg_length()
        main = self._main
        n_main_terms = len(self._df_main_live)
        for term, qtf in query.items():
            df = (int(self._df_main_live[term]) if term < n_main_terms else 0)
            posting = delta.get(term)
            if posting is not None:
                df += len(posting[0])
            if df == 0:
                continue
            idf_now = float(np.log1p((n_live - df + 0.5) / (df + 0.5)))
            if main is not None and term < n_main_terms and self._idf_main[term] > 0:
                start, end = main["indptr"][term], main["indptr"][term + 1]
                if end > start:
                    weight = qtf * idf_now / float(self._idf_main[term])
                    out[main["indices"][start:end]] += main["data"][start:end] * np.float32(weight)
            if posting is not None:
                rows, tfs, lengths = posting
                part = tfs / (tfs + self.k1 * (1 - self.b + self.b * lengths / avgdl))
                out[rows] += (qtf * idf_now * part).astype(np.float32)
        return out
