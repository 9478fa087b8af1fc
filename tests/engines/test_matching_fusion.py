"""Fusion: reciprocal rank fusion, min-max scaling, the language-balanced weighted sum, the configuration."""

import numpy as np
import pytest

from straiik.engines.matching import FusionConfig, balanced_weighted_sum, min_max, reciprocal_rank_fusion
from straiik.engines.matching.fusion import to_unit


def test_reciprocal_rank_fusion_by_hand() -> None:
    fused = reciprocal_rank_fusion([[7, 3, 5], [3, 9]], k=60)
    assert fused[3] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[7] == pytest.approx(1 / 61)
    assert fused[9] == pytest.approx(1 / 62)
    assert fused[5] == pytest.approx(1 / 63)
    weighted = reciprocal_rank_fusion([[1], [2]], k=10, weights=[0.4, 1.6])
    assert weighted == {1: pytest.approx(0.4 / 11), 2: pytest.approx(1.6 / 11)}


def test_min_max_and_to_unit() -> None:
    assert min_max(np.array([2.0, 4.0, 3.0])).tolist() == [0.0, 1.0, 0.5]
    assert min_max(np.array([5.0, 5.0])).tolist() == [1.0, 1.0]
    assert min_max(np.array([])).tolist() == []
    assert to_unit({1: 2.0, 2: 0.5}) == {1: 1.0, 2: 0.25}
    assert to_unit({1: 0.0}) == {1: 0.0}


def test_weighted_sum_without_balance() -> None:
    bm25 = np.array([10.0, 0.0, 5.0, 99.0])
    dense = np.array([0.2, 0.6, 0.4, 0.0])
    fused = balanced_weighted_sum([0, 1, 2], bm25, dense, 0.8, None)  # row 3 is no candidate
    assert fused[0] == pytest.approx(0.2 * 1.0 + 0.8 * 0.0)
    assert fused[1] == pytest.approx(0.2 * 0.0 + 0.8 * 1.0)
    assert fused[2] == pytest.approx(0.2 * 0.5 + 0.8 * 0.5)


def test_balancing_keeps_bm25_from_lifting_one_language_over_another() -> None:
    # Rows 0 and 1 are Dutch like the query and share words with it; rows 2 and 3 are Ukrainian and cannot.
    bm25 = np.array([8.0, 4.0, 0.0, 0.0])
    dense = np.array([0.30, 0.30, 0.30, 0.10])
    plain = balanced_weighted_sum([0, 1, 2, 3], bm25, dense, 0.5, None)
    balanced = balanced_weighted_sum([0, 1, 2, 3], bm25, dense, 0.5, ["nl", "nl", "uk", "uk"])
    assert plain[1] > plain[2]  # unbalanced: any Dutch row beats an equally similar Ukrainian one
    assert balanced[0] > balanced[2] > balanced[1]  # balanced: BM25 orders the Dutch rows among themselves
    assert balanced[0] - balanced[2] == pytest.approx(balanced[2] - balanced[1])


def test_configuration_is_checked() -> None:
    assert FusionConfig().strategy == "weighted" and FusionConfig().balance_languages
    with pytest.raises(ValueError, match="strategy"):
        FusionConfig(strategy="max")
    with pytest.raises(ValueError, match="dense_weight"):
        FusionConfig(dense_weight=1.5)
    with pytest.raises(ValueError, match="area_boost"):
        FusionConfig(area_boost=-1)
    plain = FusionConfig(dense_weight=0.7).without_boosts()
    assert plain.dense_weight == 0.7 and plain.area_boost == plain.cpv_boost == plain.mandate_boost == 0
