"""Matchmaking for the Defport front door: needs, ideas, organisations, test facilities and financiers,
in Dutch, English and Ukrainian, found by BM25, by multilingual embeddings, or both fused, with structured
signals (priority areas, CPV, TRL, region, financiers' mandates) and an explanation for every match.

Pure Python: never imports Django; the apps translate their records into Document and Query.
Design, measurements and decisions: docs/matching.md.
"""

from .analysis import UKRAINIAN_STEMMERS, Analyzer, Token, detect_language, ukrainian_stem
from .dense import E5Embedder, Embedder, VectorStore, default_embedder, passage_text
from .documents import AREAS, KINDS, LANGUAGES, UNDETERMINED, Document, Mandate, Query, normalize_cpv
from .evaluation import BeirDataset, BeirFormatError, BeirQuery, evaluate_beir, load_beir, ndcg_at_k, recall_at_k
from .fusion import FusionConfig, balanced_weighted_sum, min_max, reciprocal_rank_fusion
from .index import METHODS, Explanation, IndexStats, Match, MatchIndex
from .structured import CpvMatch, MandateFit, RegionFit, TrlFit, cpv_level

__all__ = [
    "AREAS", "KINDS", "LANGUAGES", "METHODS", "UKRAINIAN_STEMMERS", "UNDETERMINED",
    "Analyzer", "BeirDataset", "BeirFormatError", "BeirQuery", "CpvMatch", "Document", "E5Embedder", "Embedder",
    "Explanation", "FusionConfig", "IndexStats", "Mandate", "MandateFit", "Match", "MatchIndex", "Query",
    "RegionFit", "Token", "TrlFit", "VectorStore",
    "balanced_weighted_sum", "cpv_level", "default_embedder", "detect_language", "evaluate_beir", "load_beir",
    "min_max", "ndcg_at_k", "normalize_cpv", "passage_text", "recall_at_k", "reciprocal_rank_fusion", "ukrainian_stem",
]
