"""The alignment-score family on hand-computed and independently computed cases."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from assistant.reference import (
    additive_score,
    all_alignment_scores,
    cosine_score,
    dot_score,
    general_score,
    scaled_dot_score,
)
from tests.assistant.reference.mapping import assert_close64


def _t(values: list) -> torch.Tensor:
    return torch.tensor(values, dtype=torch.float64)


def test_hand_computed_scores() -> None:
    s = _t([1.0, 2.0])
    h = _t([[3.0, 4.0], [0.0, 1.0], [-2.0, 1.0]])
    assert dot_score(s, h).tolist() == [11.0, 2.0, 0.0]
    assert_close64(scaled_dot_score(s, h), _t([11.0, 2.0, 0.0]) / math.sqrt(2))
    w = _t([[1.0, 0.0], [0.0, 2.0]])  # sᵀ W h = s_1 h_1 + 2 s_2 h_2
    assert general_score(s, h, w).tolist() == [19.0, 4.0, 2.0]
    expected_cos = _t([11 / (math.sqrt(5) * 5), 2 / math.sqrt(5), 0.0])
    assert_close64(cosine_score(s, h), expected_cos)


def test_additive_score_is_one_hidden_layer_on_concat() -> None:
    g = torch.Generator().manual_seed(0)
    s = torch.randn(3, generator=g, dtype=torch.float64)
    h = torch.randn(4, 5, generator=g, dtype=torch.float64)
    w = torch.randn(6, 8, generator=g, dtype=torch.float64)
    v = torch.randn(6, generator=g, dtype=torch.float64)
    expected = torch.stack([v @ torch.tanh(w @ torch.cat([s, h_j])) for h_j in h])
    assert_close64(additive_score(s, h, w, v), expected)


def test_batched_scores_match_independent_formulas() -> None:
    g = torch.Generator().manual_seed(1)
    s = torch.randn(2, 4, generator=g, dtype=torch.float64)
    h = torch.randn(2, 5, 4, generator=g, dtype=torch.float64)
    w = torch.randn(4, 4, generator=g, dtype=torch.float64)
    assert_close64(dot_score(s, h), torch.einsum("bd,bnd->bn", s, h))
    assert_close64(general_score(s, h, w), torch.einsum("bd,de,bne->bn", s, w, h))
    assert_close64(cosine_score(s, h), F.cosine_similarity(s[:, None, :], h, dim=-1))


def test_all_scores_bundle() -> None:
    g = torch.Generator().manual_seed(2)
    s = torch.randn(4, generator=g, dtype=torch.float64)
    h = torch.randn(3, 4, generator=g, dtype=torch.float64)
    w_g = torch.randn(4, 4, generator=g, dtype=torch.float64)
    w_a = torch.randn(5, 8, generator=g, dtype=torch.float64)
    v_a = torch.randn(5, generator=g, dtype=torch.float64)
    scores = all_alignment_scores(s, h, w_g, w_a, v_a)
    assert_close64(scores.scaled_dot, scores.dot / 2.0)
    assert_close64(scores.additive, additive_score(s, h, w_a, v_a))
