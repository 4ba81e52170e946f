"""Multi-head attention (Vaswani et al., 2017, section 3.2.2).

    MultiHead(Q, K, V) = Concat(head_1, ..., head_h) W^O
    head_i = Attention(Q W_i^Q, K W_i^K, V W_i^V)

Weights use the paper's right-multiplication convention ``x W``: ``W^Q`` has shape
``(d_model, h·d_k)`` and head ``i`` owns columns ``i·d_k : (i+1)·d_k``. ``nn.Linear`` stores
the transpose, ``(out_features, in_features)``; Hugging Face's GPT-2 ``Conv1D`` stores the
paper's orientation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import Tensor

from assistant.reference.attention import AttentionSteps, scaled_dot_product_attention


@dataclass(frozen=True, eq=False)
class MultiHeadWeights:
    """Projection weights of one multi-head attention block, ``x W + b`` convention.

    Attributes:
        w_q: ``W^Q``, shape ``(d_model, d_model)``.
        w_k: ``W^K``, shape ``(d_model, d_model)``.
        w_v: ``W^V``, shape ``(d_model, d_model)``.
        w_o: ``W^O``, shape ``(d_model, d_model)``.
        b_q, b_k, b_v, b_o: Biases of shape ``(d_model,)``, or ``None`` for none.

    Example:
        >>> g = torch.Generator().manual_seed(0)
        >>> w = MultiHeadWeights.random(8, g)
        >>> w.w_q.shape
        torch.Size([8, 8])
    """

    w_q: Tensor
    w_k: Tensor
    w_v: Tensor
    w_o: Tensor
    b_q: Tensor | None = None
    b_k: Tensor | None = None
    b_v: Tensor | None = None
    b_o: Tensor | None = None

    @classmethod
    def random(
        cls,
        d_model: int,
        generator: torch.Generator,
        *,
        bias: bool = True,
        dtype: torch.dtype = torch.float64,
    ) -> MultiHeadWeights:
        """Standard-normal weights scaled by ``1/√d_model`` (and biases if ``bias``)."""

        def draw(*shape: int) -> Tensor:
            return torch.randn(*shape, generator=generator, dtype=dtype) / math.sqrt(d_model)

        mats = [draw(d_model, d_model) for _ in range(4)]
        biases = [draw(d_model) if bias else None for _ in range(4)]
        return cls(*mats, *biases)


@dataclass(frozen=True, eq=False)
class MultiHeadSteps:
    """Every intermediate of multi-head attention.

    Symbols: ``B`` batch (any leading axes), ``h`` heads, ``T_q``/``T_k`` query/key
    lengths, ``d_model`` model width, ``d_k = d_model / h`` head width.

    Attributes:
        q, k, v: Projections ``x W + b``, shapes ``(B, T_q, d_model)``, ``(B, T_k, d_model)``.
        q_heads, k_heads, v_heads: Split into heads, ``(B, h, T_q, d_k)`` /
            ``(B, h, T_k, d_k)``.
        attention: Per-head scaled dot-product attention; its ``weights`` have shape
            ``(B, h, T_q, T_k)`` and ``output`` ``(B, h, T_q, d_k)``.
        concat: Heads concatenated back, ``(B, T_q, d_model)``.
        output: ``concat W^O + b^O``, ``(B, T_q, d_model)``.
    """

    q: Tensor
    k: Tensor
    v: Tensor
    q_heads: Tensor
    k_heads: Tensor
    v_heads: Tensor
    attention: AttentionSteps
    concat: Tensor
    output: Tensor


def linear(x: Tensor, w: Tensor, b: Tensor | None = None) -> Tensor:
    """``x W + b`` in the paper's orientation.

    Args:
        x: Input, shape ``(*, d_in)``.
        w: Weight, shape ``(d_in, d_out)``.
        b: Bias, shape ``(d_out,)``, or ``None``.

    Returns:
        Output, shape ``(*, d_out)``.
    """
    y = x @ w
    return y if b is None else y + b


def split_heads(x: Tensor, h: int) -> Tensor:
    """Reshape ``(B, T, d_model)`` to ``(B, h, T, d_k)``; head ``i`` gets columns ``i·d_k:``."""
    *lead, t, d_model = x.shape
    x = x.reshape(*lead, t, h, d_model // h)  # (B, T, h, d_k)
    return x.transpose(-3, -2)  # (B, h, T, d_k)


def merge_heads(x: Tensor) -> Tensor:
    """Inverse of :func:`split_heads`: ``(B, h, T, d_k)`` to ``(B, T, h·d_k)``."""
    x = x.transpose(-3, -2)  # (B, T, h, d_k)
    return x.reshape(*x.shape[:-2], -1)  # (B, T, h·d_k)


def multi_head_attention(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    weights: MultiHeadWeights,
    h: int,
    mask: Tensor | None = None,
    *,
    is_causal: bool = False,
) -> MultiHeadSteps:
    """Multi-head attention with ``h`` heads, every step kept.

    Self-attention passes the same tensor as ``query``, ``key`` and ``value``;
    encoder-decoder (cross) attention passes the decoder states as ``query`` and the
    encoder output ("memory") as ``key`` and ``value``.

    Args:
        query: Shape ``(B, T_q, d_model)`` (``B`` may be absent or several axes).
        key: Shape ``(B, T_k, d_model)``.
        value: Shape ``(B, T_k, d_model)``.
        weights: Projection weights, see :class:`MultiHeadWeights`.
        h: Number of heads; must divide ``d_model``.
        mask: Boolean "takes part" mask of shape ``(T_q, T_k)``, ``(B, T_q, T_k)`` or
            ``(B, 1, T_k)``; it is shared by every head.
        is_causal: Also apply the causal mask.

    Returns:
        The intermediates, see :class:`MultiHeadSteps`.

    Raises:
        ValueError: If ``h`` does not divide ``d_model``.
    """
    d_model = query.size(-1)
    if h < 1 or d_model % h != 0:
        raise ValueError(f"h = {h} heads must divide d_model = {d_model}")
    q = linear(query, weights.w_q, weights.b_q)  # (B, T_q, d_model)
    k = linear(key, weights.w_k, weights.b_k)  # (B, T_k, d_model)
    v = linear(value, weights.w_v, weights.b_v)  # (B, T_k, d_model)
    q_heads, k_heads, v_heads = (split_heads(t, h) for t in (q, k, v))  # (B, h, T, d_k)
    if mask is not None and mask.dim() >= 3:
        mask = mask.unsqueeze(-3)  # (B, 1, T_q, T_k): one mask for every head
    attention = scaled_dot_product_attention(q_heads, k_heads, v_heads, mask, is_causal=is_causal)
    concat = merge_heads(attention.output)  # (B, T_q, d_model)
    output = linear(concat, weights.w_o, weights.b_o)  # (B, T_q, d_model)
    return MultiHeadSteps(q, k, v, q_heads, k_heads, v_heads, attention, concat, output)
