"""Scaled dot-product attention against ``F.scaled_dot_product_attention``."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F

from assistant.reference import (
    causal_mask,
    padding_mask,
    scaled_dot_product_attention,
)
from tests.assistant.reference.mapping import assert_close64


def _qkv(seed: int, b: int = 2, h: int = 3, t_q: int = 5, t_k: int = 6, d_k: int = 4):
    g = torch.Generator().manual_seed(seed)
    q = torch.randn(b, h, t_q, d_k, generator=g, dtype=torch.float64)
    k = torch.randn(b, h, t_k, d_k, generator=g, dtype=torch.float64)
    v = torch.randn(b, h, t_k, 7, generator=g, dtype=torch.float64)
    return q, k, v


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_unmasked_matches_sdpa(seed: int) -> None:
    q, k, v = _qkv(seed)
    steps = scaled_dot_product_attention(q, k, v)
    assert_close64(steps.output, F.scaled_dot_product_attention(q, k, v))


def test_steps_are_the_formula() -> None:
    q, k, v = _qkv(3)
    steps = scaled_dot_product_attention(q, k, v)
    assert_close64(steps.scores, torch.einsum("bhqd,bhkd->bhqk", q, k))
    assert_close64(steps.scaled_scores, steps.scores / 2.0)  # d_k = 4
    assert steps.masked_scores is steps.scaled_scores
    assert_close64(steps.weights, torch.softmax(steps.scaled_scores, dim=-1))
    assert steps.scale == 0.5
    assert steps.mask is None


def test_causal_matches_sdpa_is_causal() -> None:
    q, k, v = _qkv(4, t_q=5, t_k=5)
    steps = scaled_dot_product_attention(q, k, v, is_causal=True)
    assert_close64(steps.output, F.scaled_dot_product_attention(q, k, v, is_causal=True))
    assert torch.all(steps.weights.triu(diagonal=1) == 0)
    assert torch.isneginf(steps.masked_scores.triu(diagonal=1)[..., 0, 1:]).all()


def test_padding_mask_matches_sdpa() -> None:
    q, k, v = _qkv(5, b=2, h=1, t_q=3, t_k=4)
    keep = padding_mask([4, 2], 4)  # (B, 1, T_k)
    assert keep.tolist() == [[[True, True, True, True]], [[True, True, False, False]]]
    mask = keep.unsqueeze(1)  # (B, 1, 1, T_k), broadcast over heads and queries
    steps = scaled_dot_product_attention(q, k, v, mask)
    expected = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    assert_close64(steps.output, expected)
    assert torch.all(steps.weights[1, ..., 2:] == 0)


def test_custom_bool_mask_and_scale_match_sdpa() -> None:
    q, k, v = _qkv(6)
    g = torch.Generator().manual_seed(60)
    mask = torch.rand(5, 6, generator=g) > 0.4
    mask[:, 0] = True  # every query keeps at least one key
    steps = scaled_dot_product_attention(q, k, v, mask, scale=0.3)
    expected = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, scale=0.3)
    assert_close64(steps.output, expected)
    assert_close64(steps.scaled_scores, steps.scores * 0.3)


def test_mask_and_causal_combine_like_sdpa_mask() -> None:
    q, k, v = _qkv(7, t_q=4, t_k=4)
    mask = torch.tensor([True, True, False, True]).expand(4, 4)
    steps = scaled_dot_product_attention(q, k, v, mask, is_causal=True)
    expected = F.scaled_dot_product_attention(q, k, v, attn_mask=mask & causal_mask(4))
    assert_close64(steps.output, expected)


def test_fully_masked_row_gives_zero_weights_like_sdpa() -> None:
    q, k, v = _qkv(8, b=1, h=1, t_q=2, t_k=3)
    mask = torch.tensor([[False, False, False], [True, False, True]])
    steps = scaled_dot_product_attention(q, k, v, mask)
    expected = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    assert_close64(steps.output, expected)
    assert steps.weights[0, 0, 0].tolist() == [0.0, 0.0, 0.0]


def test_hand_computed_identity_case() -> None:
    q = k = torch.eye(2, dtype=torch.float64)
    v = torch.tensor([[1.0, 0.0], [0.0, 1.0]], dtype=torch.float64)
    steps = scaled_dot_product_attention(q, k, v)
    a = math.exp(1 / math.sqrt(2))
    expected = torch.tensor([[a, 1.0], [1.0, a]], dtype=torch.float64) / (a + 1.0)
    assert_close64(steps.weights, expected)
    assert steps.scores.tolist() == [[1.0, 0.0], [0.0, 1.0]]


def test_causal_mask_is_lower_triangular() -> None:
    assert causal_mask(3).tolist() == [
        [True, False, False],
        [True, True, False],
        [True, True, True],
    ]


def test_non_bool_mask_is_rejected() -> None:
    q, k, v = _qkv(9)
    with pytest.raises(ValueError, match="boolean"):
        scaled_dot_product_attention(q, k, v, torch.zeros(5, 6))


# Negative controls: the comparison must be able to fail.


def test_negative_control_swapped_q_and_k_is_detected() -> None:
    q, k, v = _qkv(10, t_q=5, t_k=5)
    swapped = scaled_dot_product_attention(k, q, v).output
    expected = F.scaled_dot_product_attention(q, k, v)
    assert not torch.allclose(swapped, expected, rtol=0.0, atol=1e-12)


def test_negative_control_missing_scale_is_detected() -> None:
    q, k, v = _qkv(11)
    unscaled = scaled_dot_product_attention(q, k, v, scale=1.0).output
    expected = F.scaled_dot_product_attention(q, k, v)
    assert not torch.allclose(unscaled, expected, rtol=0.0, atol=1e-12)
