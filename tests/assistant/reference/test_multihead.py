"""Multi-head attention against ``nn.MultiheadAttention``.

``nn.MultiheadAttention``'s boolean masks mean the opposite of the reference's: ``True`` =
masked out. Its ``in_proj_weight`` stacks ``[W_q; W_k; W_v]`` in ``nn.Linear`` orientation.
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

from assistant.reference import (
    MultiHeadWeights,
    causal_mask,
    merge_heads,
    multi_head_attention,
    padding_mask,
    split_heads,
)
from tests.assistant.reference.mapping import assert_close64, from_nn_multihead

D_MODEL, HEADS = 8, 2


def _mha(seed: int) -> nn.MultiheadAttention:
    torch.manual_seed(seed)
    mha = nn.MultiheadAttention(D_MODEL, HEADS, batch_first=True, dtype=torch.float64)
    with torch.no_grad():  # non-zero biases so that a bias mix-up would show
        mha.in_proj_bias.normal_()
        mha.out_proj.bias.normal_()
    return mha.eval()


def _x(seed: int, b: int = 2, t: int = 5) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return torch.randn(b, t, D_MODEL, generator=g, dtype=torch.float64)


@pytest.mark.parametrize("seed", [0, 1])
def test_self_attention_matches(seed: int) -> None:
    mha, x = _mha(seed), _x(seed)
    expected, expected_w = mha(x, x, x, average_attn_weights=False)
    steps = multi_head_attention(x, x, x, from_nn_multihead(mha), HEADS)
    assert_close64(steps.output, expected)
    assert_close64(steps.attention.weights, expected_w)  # (B, h, T, T)
    assert steps.q_heads.shape == (2, HEADS, 5, D_MODEL // HEADS)


def test_causal_mask_inverted_for_nn() -> None:
    mha, x = _mha(2), _x(2)
    keep = causal_mask(5)
    expected, _ = mha(x, x, x, attn_mask=~keep)  # nn: True = masked out
    steps = multi_head_attention(x, x, x, from_nn_multihead(mha), HEADS, keep)
    assert_close64(steps.output, expected)
    causal = multi_head_attention(x, x, x, from_nn_multihead(mha), HEADS, is_causal=True)
    assert_close64(causal.output, expected)


def test_cross_attention_with_key_padding_matches() -> None:
    mha, x, memory = _mha(3), _x(3, t=4), _x(30, t=6)
    keep = padding_mask([6, 3], 6)  # (B, 1, S)
    expected, _ = mha(x, memory, memory, key_padding_mask=~keep.squeeze(1))
    steps = multi_head_attention(x, memory, memory, from_nn_multihead(mha), HEADS, keep)
    assert_close64(steps.output, expected)
    assert torch.all(steps.attention.weights[1, :, :, 3:] == 0)


def test_split_and_merge_are_inverse() -> None:
    x = _x(4)
    heads = split_heads(x, HEADS)
    assert heads.shape == (2, HEADS, 5, 4)
    assert torch.equal(heads[:, 1], x[..., 4:])  # head 1 owns columns d_k:2·d_k
    assert torch.equal(merge_heads(heads), x)


def test_heads_must_divide_d_model() -> None:
    x = _x(5)
    w = MultiHeadWeights.random(D_MODEL, torch.Generator().manual_seed(0))
    with pytest.raises(ValueError, match="divide"):
        multi_head_attention(x, x, x, w, 3)


def test_negative_control_untransposed_weights_are_detected() -> None:
    mha, x = _mha(6), _x(6)
    expected, _ = mha(x, x, x)
    good = from_nn_multihead(mha)
    wrong = MultiHeadWeights(
        good.w_q.T,
        good.w_k.T,
        good.w_v.T,
        good.w_o.T,
        good.b_q,
        good.b_k,
        good.b_v,
        good.b_o,
    )
    steps = multi_head_attention(x, x, x, wrong, HEADS)
    assert not torch.allclose(steps.output, expected, rtol=0.0, atol=1e-12)


def test_negative_control_uninverted_mask_is_detected() -> None:
    mha, x = _mha(7), _x(7)
    keep = causal_mask(5)
    expected, _ = mha(x, x, x, attn_mask=keep)  # wrong: passes "takes part" as-is
    steps = multi_head_attention(x, x, x, from_nn_multihead(mha), HEADS, keep)
    assert not torch.allclose(steps.output, expected, rtol=0.0, atol=1e-12, equal_nan=True)


def test_negative_control_swapped_q_and_k_weights_are_detected() -> None:
    mha, x = _mha(8), _x(8)
    expected, _ = mha(x, x, x)
    good = from_nn_multihead(mha)
    swapped = MultiHeadWeights(good.w_k, good.w_q, good.w_v, good.w_o, good.b_k, good.b_q, good.b_v, good.b_o)
    steps = multi_head_attention(x, x, x, swapped, HEADS)
    assert not torch.allclose(steps.output, expected, rtol=0.0, atol=1e-12)
