"""Fusing the BM25 and the dense ranking into one, and adding the structured signals.

Compared on the development set (bench/matching/evaluate.py, docs/matching.md):

- reciprocal rank fusion (Cormack, Clarke and Buettcher, SIGIR 2009): sum over the rankings of
  weight / (k + rank), ranks from 1, a document missing from a ranking adds nothing;
- a weighted sum of min-max normalised scores over the candidate set (the union of both top lists):
  w * dense + (1 - w) * bm25, each scaled to 0..1 over the candidates;
- the same weighted sum, language-balanced (the default): the BM25 part is centred within each document
  language among the candidates (its mean over the candidates in that language is subtracted). BM25 can only
  see words the query and a document share, so it scores documents in the query's language and nearly
  nothing else: unbalanced, it lifts every same-language document above the documents in other languages,
  which is what a Dutch need looking for a Ukrainian supplier must not do. Balanced, lexical evidence
  reorders documents within a language and leaves the comparison across languages to the embeddings.

The fused score is scaled to 0..1 over the candidates so that the structured boosts (area, CPV, TRL,
region, mandate; each 0..1 times its weight) mean the same on top of any fusion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

FUSIONS = ("rrf", "weighted")


@dataclass(frozen=True, slots=True)
class FusionConfig:
    """How `MatchIndex.search` ranks. The defaults are the ones chosen on the development set.

    strategy: 'rrf' or 'weighted'. rrf_k: the k of reciprocal rank fusion. dense_weight: the share of the
    dense score in the weighted sum (for rrf: the weight of the dense ranking, bm25 gets 1 - dense_weight,
    both times two so that 0.5 is plain RRF). balance_languages: centre the BM25 part of the weighted sum
    within each document language (see above; weighted only). candidates: how many of each ranking's best
    rows are fused. *_boost: what a full structured match adds to the fused score (which is scaled to 0..1).
    """

    strategy: str = "weighted"
    rrf_k: int = 60
    dense_weight: float = 0.8
    balance_languages: bool = True
    candidates: int = 100
    area_boost: float = 0.1
    cpv_boost: float = 0.1
    trl_boost: float = 0.05
    region_boost: float = 0.02
    mandate_boost: float = 0.1

    def __post_init__(self) -> None:
        if self.strategy not in FUSIONS:
            raise ValueError(f"strategy: use one of {', '.join(FUSIONS)}, not {self.strategy!r}")
        if not 0.0 <= self.dense_weight <= 1.0:
            raise ValueError("dense_weight: a number from 0 to 1")
        if self.rrf_k < 1 or self.candidates < 1:
            raise ValueError("rrf_k and candidates: whole numbers of 1 or more")
        for name in ("area_boost", "cpv_boost", "trl_boost", "region_boost", "mandate_boost"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name}: zero or more")

    def without_boosts(self) -> FusionConfig:
        return replace(self, area_boost=0, cpv_boost=0, trl_boost=0, region_boost=0, mandate_boost=0)


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], k: int = 60,
                           weights: Sequence[float] | None = None) -> dict[int, float]:
    """{row: sum over rankings of weight / (k + rank)} with ranks from 1."""
    weights = weights if weights is not None else [1.0] * len(rankings)
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, row in enumerate(ranking, start=1):
            fused[row] = fused.get(row, 0.0) + weight / (k + rank)
    return fused


def min_max(values: np.ndarray) -> np.ndarray:
    """Scale to 0..1; all-equal values become 1 (nothing tells them apart, none is worst)."""
    values = np.asarray(values, dtype=np.float64)
    if len(values) == 0:
        return values
    low, high = float(values.min()), float(values.max())
    if high - low <= 1e-12:
        return np.ones_like(values)
    return (values - low) / (high - low)


def balanced_weighted_sum(candidates: Sequence[int], bm25: np.ndarray, dense: np.ndarray, dense_weight: float,
                          languages: Sequence[str] | None) -> dict[int, float]:
    """(1 - w) * bm25 + w * dense, both min-max scaled over the candidates; with `languages` (one per
    candidate) the BM25 part is centred within each language among the candidates."""
    rows = np.asarray(candidates, dtype=np.int64)
    lexical = min_max(np.asarray(bm25)[rows])
    if languages is not None:
        codes = np.asarray(languages)
        for lang in set(languages):
            members = codes == lang
            lexical[members] -= lexical[members].mean()
    total = dense_weight * min_max(np.asarray(dense)[rows]) + (1 - dense_weight) * lexical
    return dict(zip(rows.tolist(), total.tolist(), strict=True))


def to_unit(fused: Mapping[int, float]) -> dict[int, float]:
    """Divide by the best score so the top candidate has 1 (scores are 0 or more)."""
    best = max(fused.values(), default=0.0)
    if best <= 0:
        return dict.fromkeys(fused, 0.0)
    return {row: value / best for row, value in fused.items()}
