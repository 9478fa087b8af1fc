"""MatchIndex: the documents that can be matched, searchable by BM25, by dense embeddings, or both fused.

    index = MatchIndex(embedder=default_embedder())
    index.add_many(documents)                              # bulk load: analysed, embedded, built
    index.add(Document(id="org:7", title=..., text=...))   # new or edited profile: findable on return
    index.remove("org:3")
    for match in index.search(Query.from_document(need), k=10, kinds=["organisation", "capability"]):
        match.document.id, match.score, match.explanation.shared_terms, match.explanation.semantic_similarity

How edits become findable at once: every add or edit is appended as a new row (an edit also marks the old
row dead) and is searchable when `add` returns: its vector goes into the vector matrix, its terms into the
BM25 delta segment (see lexical.py), and document frequencies follow removals immediately. When the
rows added or removed since the last build exceed `compact_threshold` of the index (and `compact_min`
rows), `add`/`remove` rebuild the BM25 main segment and drop dead rows; `compact()` does it on demand (a
background job can call it at quiet times). Costs at 1k-100k documents: docs/matching.md.

Thread-safe: reads and writes take one lock; the slow part of an add (embedding, about 0.1 s per profile on
two cores) runs before the lock is taken, so searches are not held up by it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .analysis import Analyzer, detect_language
from .dense import Embedder, VectorStore, passage_text, query_text
from .documents import KINDS, LANGUAGES, Document, Query
from .fusion import FusionConfig, balanced_weighted_sum, min_max, reciprocal_rank_fusion, to_unit
from .lexical import Bm25Index
from .structured import (
    CpvMatch,
    MandateFit,
    RegionFit,
    TrlFit,
    area_overlap,
    cpv_overlap,
    mandate_fit,
    region_fit,
    trl_fit,
)

METHODS = ("bm25", "dense", "hybrid")


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a document matched.

    shared_terms: the query's words (as written in the query, in query order) whose analysed form occurs in
    the document. shared_areas: the query's priority areas the document has. cpv: the query's CPV codes that
    meet a document code, with the finest shared level. trl, region: how they compare. semantic_similarity:
    cosine of the query and document vectors after language centring (see dense.VectorStore; about -0.2 for
    unrelated text to 0.6 and more for the same subject; None when the method used no embeddings). bm25_score,
    bm25_rank, dense_rank: the document's place in each ranking that was computed (rank from 1; None when
    it was not among that ranking's candidates). mandate: for financiers with a mandate.
    language: the document's language (given or detected).
    """

    shared_terms: tuple[str, ...]
    shared_areas: tuple[str, ...]
    cpv: tuple[CpvMatch, ...]
    trl: TrlFit
    region: RegionFit
    semantic_similarity: float | None
    bm25_score: float | None
    bm25_rank: int | None
    dense_rank: int | None
    mandate: MandateFit | None
    language: str


@dataclass(frozen=True, slots=True)
class Match:
    """One result: the document, its place (from 1), the score it was ranked by, and why."""

    document: Document
    rank: int
    score: float
    explanation: Explanation


@dataclass(frozen=True, slots=True)
class IndexStats:
    documents: int
    rows: int
    delta_rows: int
    dead_rows: int
    vocabulary: int
    dense: bool


@dataclass(frozen=True, slots=True)
class _AnalysedQuery:
    query: Query
    lang: str
    terms: list[str]
    surfaces: dict[str, str]
    vector: np.ndarray | None


class MatchIndex:
    """The searchable set of documents. See the module docstring.

    embedder: None for BM25 and structured signals only. analyzer, fusion: see analysis.Analyzer and
    fusion.FusionConfig. center_languages, language_prior_rows: language centring of the embeddings and the
    weight of the reference language means, in rows (dense.VectorStore). compact_threshold, compact_min: the
    BM25 main segment is rebuilt when the rows added or removed since the last build reach
    max(compact_min, compact_threshold * documents).
    """

    def __init__(self, embedder: Embedder | None = None, *, analyzer: Analyzer | None = None,
                 fusion: FusionConfig | None = None, center_languages: bool = True,
                 language_prior_rows: float = 20.0, compact_threshold: float = 0.1, compact_min: int = 2000) -> None:
        self.embedder = embedder
        self.analyzer = analyzer or Analyzer()
        self.fusion = fusion or FusionConfig()
        self.compact_threshold = compact_threshold
        self.compact_min = compact_min
        self._lock = threading.RLock()
        self._bm25 = Bm25Index()
        self._vectors = None
        if embedder is not None:
            means = getattr(embedder, "language_means", None)
            self._vectors = VectorStore(embedder.dim, center_languages=center_languages,
                                        reference_means=means() if callable(means) else None,
                                        prior_rows=language_prior_rows)
        self._docs: list[Document | None] = []
        self._langs: list[str] = []
        self._kinds = np.zeros(0, dtype=np.int8)
        self._alive = np.zeros(0, dtype=bool)
        self._row_of: dict[str, int] = {}
        self._changes = 0
        self._exclusion_terms: dict[str, tuple[frozenset[str], ...]] = {}

    # --- reading ----------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, document_id: object) -> bool:
        return document_id in self._row_of

    def get(self, document_id: str) -> Document | None:
        with self._lock:
            row = self._row_of.get(document_id)
            return None if row is None else self._docs[row]

    def language(self, document_id: str) -> str:
        """The language the document was analysed in: its own, or the detected one ('und' if none)."""
        with self._lock:
            return self._langs[self._row_of[document_id]]

    def vector(self, document_id: str) -> np.ndarray | None:
        """The document's embedding (to store it and pass it back to `add` after a restart)."""
        with self._lock:
            if self._vectors is None or document_id not in self._row_of:
                return None
            return self._vectors.vector(self._row_of[document_id])

    def stats(self) -> IndexStats:
        with self._lock:
            return IndexStats(len(self._row_of), self._bm25.rows, self._bm25.delta_rows,
                              self._bm25.rows - len(self._row_of), len(self._bm25.vocab), self._vectors is not None)

    # --- writing ----------------------------------------------------------------------------------------
    def add(self, document: Document, vector: np.ndarray | None = None) -> None:
        """Add a document, or replace the one with the same id. Searchable when this returns.
        `vector`: its embedding if already known (from `vector()`), else it is computed."""
        self.add_many([document], None if vector is None else np.asarray(vector).reshape(1, -1))

    def update(self, document: Document, vector: np.ndarray | None = None) -> None:
        """Replace an indexed document; KeyError if its id is not indexed."""
        if document.id not in self._row_of:
            raise KeyError(document.id)
        self.add(document, vector)

    def add_many(self, documents: Iterable[Document], vectors: np.ndarray | None = None,
                 progress: Callable[[int, int], None] | None = None, *, batch_size: int = 1000) -> None:
        """Add or replace many documents; the last of several with one id wins. `vectors`: one row per
        document, if known (else they are embedded). Works in batches of `batch_size`: each batch is analysed
        and embedded outside the lock, then appended, so searches go on during a bulk load and see the
        documents added so far; `progress(done, total)` is called after each batch. The compaction threshold
        is checked once at the end (a bulk load builds the BM25 main segment once)."""
        documents = list(documents)
        for document in documents:
            if not isinstance(document, Document):
                raise TypeError(f"expected Document, got {type(document).__name__}")
        if vectors is not None and self.embedder is not None:
            vectors = np.asarray(vectors, dtype=np.float32)
            if vectors.shape != (len(documents), self.embedder.dim):
                raise ValueError(f"vectors: expected shape ({len(documents)}, {self.embedder.dim}), "
                                 f"got {vectors.shape}")
        total = len(documents)
        for start in range(0, total, batch_size):
            batch = documents[start:start + batch_size]
            self._add_batch(batch, None if vectors is None else vectors[start:start + batch_size])
            if progress:
                progress(start + len(batch), total)
        with self._lock:
            self._maybe_compact()

    def _add_batch(self, documents: list[Document], vectors: np.ndarray | None) -> None:
        langs = [doc.lang or detect_language(f"{doc.title}\n{doc.text}") for doc in documents]
        terms = [self.analyzer.terms(f"{doc.title}\n{doc.text}", lang) for doc, lang in zip(documents, langs,
                                                                                              strict=True)]
        embedded = self._embed(documents, vectors)
        with self._lock:
            for i, document in enumerate(documents):
                old = self._row_of.get(document.id)
                if old is not None:
                    self._kill(old)
                row = self._bm25.append(terms[i])
                self._docs.append(document)
                self._langs.append(langs[i])
                self._grow(row + 1)
                self._kinds[row] = KINDS.index(document.kind)
                self._alive[row] = True
                self._row_of[document.id] = row
                if self._vectors is not None and embedded is not None:
                    self._vectors.append(embedded[i], [langs[i]])
                self._changes += 1

    def remove(self, document_id: str) -> bool:
        """Remove a document; False if it was not indexed."""
        with self._lock:
            row = self._row_of.pop(document_id, None)
            if row is None:
                return False
            self._kill(row)
            self._changes += 1
            self._maybe_compact()
            return True

    def compact(self) -> None:
        """Rebuild the BM25 main segment from the live documents and drop the rows of removed ones."""
        with self._lock:
            keep = self._bm25.build()
            self._docs = [self._docs[r] for r in keep]
            self._langs = [self._langs[r] for r in keep]
            self._kinds = self._kinds[np.asarray(keep, dtype=np.int64)].copy()
            self._alive = np.ones(len(keep), dtype=bool)
            self._row_of = {doc.id: i for i, doc in enumerate(self._docs) if doc is not None}
            if self._vectors is not None:
                self._vectors.keep(keep)
            self._changes = 0

    def _embed(self, documents: Sequence[Document], vectors: np.ndarray | None) -> np.ndarray | None:
        if self.embedder is None:
            return None
        if vectors is not None:
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            result: np.ndarray | None = vectors / norms
            return result
        return self.embedder.embed_passages([passage_text(d.title, d.text) for d in documents])

    def _kill(self, row: int) -> None:
        self._alive[row] = False
        self._docs[row] = None
        self._bm25.delete(row)
        if self._vectors is not None:
            self._vectors.delete(row)

    def _grow(self, size: int) -> None:
        if size > len(self._alive):
            capacity = max(size, 2 * len(self._alive), 64)
            alive = np.zeros(capacity, dtype=bool)
            alive[: len(self._alive)] = self._alive
            kinds = np.zeros(capacity, dtype=np.int8)
            kinds[: len(self._kinds)] = self._kinds
            self._alive, self._kinds = alive, kinds

    def _maybe_compact(self) -> None:
        if self._changes >= max(self.compact_min, self.compact_threshold * len(self._row_of)):
            self.compact()

    # --- searching --------------------------------------------------------------------------------------
    def query_language(self, query: Query) -> str:
        return query.lang or detect_language(f"{query.title}\n{query.text}")

    def _analyse(self, query: Query, method: str) -> _AnalysedQuery:
        lang = self.query_language(query)
        tokens = self.analyzer.tokens(f"{query.title}\n{query.text}", lang)
        surfaces: dict[str, str] = {}
        for token in tokens:
            surfaces.setdefault(token.term, token.surface)
        vector = None
        if method in ("dense", "hybrid"):
            if self.embedder is None:
                raise ValueError(f"method {method!r} needs embeddings; this index was made without an embedder")
            vector = self.embedder.embed_queries([query_text(query.title, query.text)])[0]
        return _AnalysedQuery(query, lang, [t.term for t in tokens], surfaces, vector)

    def search(self, query: Query, k: int = 10, method: str = "hybrid", *, kinds: Collection[str] | None = None,
               exclude_ids: Collection[str] = (), drop_excluded: bool = True,
               fusion: FusionConfig | None = None) -> list[Match]:
        """The k best documents for `query`, best first, each with its explanation.

        method: 'bm25', 'dense' or 'hybrid' (both fused, see fusion.py). kinds: only these kinds (KINDS).
        exclude_ids: never these (e.g. the need itself). drop_excluded: leave out financiers whose mandate
        excludes what the query involves (else they are ranked with mandate.excluded_by set and no boost).
        fusion: overrides the index's FusionConfig for this search. Structured boosts apply in every method.
        """
        if method not in METHODS:
            raise ValueError(f"method: use one of {', '.join(METHODS)}, not {method!r}")
        if not isinstance(query, Query):
            raise TypeError(f"expected Query, got {type(query).__name__}")
        if k < 1:
            return []
        if kinds is not None:
            unknown = set(kinds) - set(KINDS)
            if unknown:
                raise ValueError(f"kinds: unknown {', '.join(sorted(unknown))}; use {', '.join(KINDS)}")
        config = fusion or self.fusion
        analysed = self._analyse(query, method)  # embedding the query happens outside the lock
        with self._lock:
            return self._search(analysed, k, method, kinds, exclude_ids, drop_excluded, config)

    def _search(self, analysed: _AnalysedQuery, k: int, method: str, kinds: Collection[str] | None,
                exclude_ids: Collection[str], drop_excluded: bool, config: FusionConfig) -> list[Match]:
        n = self._bm25.rows
        mask = self._alive[:n].copy()
        if kinds is not None:
            mask &= np.isin(self._kinds[:n], [KINDS.index(kind) for kind in kinds])
        for document_id in exclude_ids:
            row = self._row_of.get(document_id)
            if row is not None:
                mask[row] = False
        if not mask.any():
            return []
        depth = max(config.candidates, k)
        bm25 = dense = None
        bm25_ranking: list[int] = []
        dense_ranking: list[int] = []
        if method in ("bm25", "hybrid"):
            bm25 = self._bm25.scores(analysed.terms)
            bm25_ranking = _top(np.where(mask & (bm25 > 0), bm25, -np.inf), depth)
        if method in ("dense", "hybrid"):
            assert self._vectors is not None and analysed.vector is not None
            dense = self._vectors.scores(analysed.vector, analysed.lang)
            dense_ranking = _top(np.where(mask, dense, -np.inf), depth)

        if method == "bm25":
            assert bm25 is not None
            base = to_unit({row: float(bm25[row]) for row in bm25_ranking})
        elif method == "dense":
            assert dense is not None
            base = dict(zip(dense_ranking, min_max(dense[dense_ranking]).tolist(), strict=True))
        elif config.strategy == "rrf":
            w = config.dense_weight
            base = to_unit(reciprocal_rank_fusion([bm25_ranking, dense_ranking], config.rrf_k,
                                                  [2 * (1 - w), 2 * w]))
        else:
            assert bm25 is not None and dense is not None
            candidates = list(dict.fromkeys(bm25_ranking + dense_ranking))
            languages = [self._langs[row] for row in candidates] if config.balance_languages else None
            fused = balanced_weighted_sum(candidates, bm25, dense, config.dense_weight, languages)
            base = dict(zip(fused, min_max(np.fromiter(fused.values(), dtype=np.float64)).tolist(), strict=True))

        bm25_rank = {row: i for i, row in enumerate(bm25_ranking, start=1)}
        dense_rank = {row: i for i, row in enumerate(dense_ranking, start=1)}
        query = analysed.query
        query_terms = frozenset(analysed.terms)
        scored = []
        for row, value in base.items():
            document = self._docs[row]
            assert document is not None
            shared_areas, area_score = area_overlap(query.areas, document.areas)
            cpv, cpv_score = cpv_overlap(query.cpv, document.cpv)
            trl = trl_fit(query, document)
            region = region_fit(query, document)
            mandate = None
            if document.kind == "financier" and document.mandate is not None:
                mandate = mandate_fit(query, document.mandate, query_terms,
                                      self._analysed_exclusions(document.mandate.exclusions))
                if mandate.excluded_by and drop_excluded:
                    continue
            score = (value + config.area_boost * area_score + config.cpv_boost * cpv_score
                     + config.trl_boost * trl.score + config.region_boost * region.score
                     + (config.mandate_boost * mandate.score if mandate else 0.0))
            scored.append((score, row, shared_areas, cpv, trl, region, mandate))
        scored.sort(key=lambda item: (-item[0], item[1]))

        matches = []
        for rank, (score, row, shared_areas, cpv, trl, region, mandate) in enumerate(scored[:k], start=1):
            document = self._docs[row]
            assert document is not None
            explanation = Explanation(
                shared_terms=self._shared_terms(row, analysed),
                shared_areas=shared_areas,
                cpv=cpv,
                trl=trl,
                region=region,
                semantic_similarity=None if dense is None else round(float(dense[row]), 4),
                bm25_score=None if bm25 is None else round(float(bm25[row]), 4),
                bm25_rank=bm25_rank.get(row),
                dense_rank=dense_rank.get(row),
                mandate=mandate,
                language=self._langs[row],
            )
            matches.append(Match(document, rank, round(score, 6), explanation))
        return matches

    def _shared_terms(self, row: int, analysed: _AnalysedQuery) -> tuple[str, ...]:
        row_ids = set(self._bm25.term_ids(row).tolist())
        vocab = self._bm25.vocab
        return tuple(surface for term, surface in analysed.surfaces.items() if vocab.get(term, -1) in row_ids)

    def _analysed_exclusions(self, exclusions: Sequence[str]) -> dict[str, tuple[frozenset[str], ...]]:
        out = {}
        for exclusion in exclusions:
            terms = self._exclusion_terms.get(exclusion)
            if terms is None:
                terms = tuple({frozenset(self.analyzer.terms(exclusion, lang)) for lang in LANGUAGES})
                self._exclusion_terms[exclusion] = terms
            out[exclusion] = terms
        return out


def _top(scores: np.ndarray, k: int) -> list[int]:
    """Rows of the k highest finite scores, best first (ties: lower row first)."""
    finite = np.flatnonzero(np.isfinite(scores))
    if len(finite) == 0:
        return []
    if len(finite) > k:
        part = np.argpartition(-scores[finite], k - 1)[:k]
        finite = finite[part]
    order = np.lexsort((finite, -scores[finite]))
    result: list[int] = finite[order].tolist()
    return result
