"""Scaled dot-product attention (Vaswani et al., 2017, eq. 1), every step kept.

    Attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V

Masks follow ``torch.nn.functional.scaled_dot_product_attention``: a boolean mask entry is
``True`` where the key **takes part** in the query's softmax and ``False`` where it is masked
out (its score becomes ``-inf``). ``nn.MultiheadAttention`` uses the opposite convention.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import Tensor

from assistant.reference.softmax import softmax


@dataclass(frozen=True, eq=False)
class AttentionSteps:
    """Every intermediate of scaled dot-product attention.

    Symbols: ``T_q`` queries, ``T_k`` keys (and values), ``d_k`` query/key width, ``d_v``
    value width, ``*`` any leading batch/head axes.

    Attributes:
        scores: ``Q Kᵀ``, shape ``(*, T_q, T_k)``.
        scaled_scores: ``Q Kᵀ · scale``, shape ``(*, T_q, T_k)``.
        masked_scores: scaled scores with ``-inf`` where the mask is ``False``, shape
            ``(*, T_q, T_k)``; equal to ``scaled_scores`` without a mask.
        weights: softmax of ``masked_scores`` over keys, shape ``(*, T_q, T_k)``. A query
            whose keys are all masked gets all-zero weights, as in PyTorch's SDPA.
        output: ``weights · V``, shape ``(*, T_q, d_v)``.
        scale: the factor applied to the scores (``1/√d_k`` unless given).
        mask: the boolean "takes part" mask actually applied, broadcastable to
            ``(*, T_q, T_k)``, or ``None``.
    """

    scores: Tensor
    scaled_scores: Tensor
    masked_scores: Tensor
    weights: Tensor
    output: Tensor
    scale: float
    mask: Tensor | None


def causal_mask(t_q: int, t_k: int | None = None) -> Tensor:
    """Boolean causal mask: query ``i`` may attend to keys ``j <= i``.

    Same alignment as ``is_causal=True`` in PyTorch's SDPA (top-left aligned).

    Args:
        t_q: Number of queries.
        t_k: Number of keys; defaults to ``t_q``.

    Returns:
        Mask of shape ``(T_q, T_k)``, ``True`` where the key takes part.
    """
    t_k = t_q if t_k is None else t_k
    # A comparison, not ``.tril()``: tril runs a parallel loop even on a 3x3 mask, which costs
    # ~20 ms when the CPU is busy once torch's thread pool exists (bench/bench_examples.py).
    return torch.arange(t_k)[None, :] <= torch.arange(t_q)[:, None]


def padding_mask(lengths: Sequence[int] | Tensor, t_k: int) -> Tensor:
    """Boolean key-padding mask from the true length of each sequence.

    Args:
        lengths: Number of real (non-padding) tokens per sequence, length ``B``.
        t_k: Padded sequence length.

    Returns:
        Mask of shape ``(B, 1, T_k)``, ``True`` at real tokens; it broadcasts against
        ``(B, T_q, T_k)`` scores.
    """
    lengths_t = torch.as_tensor(lengths, dtype=torch.long)  # (B,)
    positions = torch.arange(t_k)  # (T_k,)
    return (positions[None, :] < lengths_t[:, None]).unsqueeze(1)  # (B, 1, T_k)


def combine_masks(mask: Tensor | None, is_causal: bool, t_q: int, t_k: int) -> Tensor | None:
    """AND together an optional boolean mask and an optional causal mask.

    Args:
        mask: Boolean "takes part" mask broadcastable to ``(*, T_q, T_k)``, or ``None``.
        is_causal: Whether to add the causal mask.
        t_q: Number of queries.
        t_k: Number of keys.

    Returns:
        The combined mask, or ``None`` when neither is given.

    Raises:
        ValueError: If ``mask`` is not boolean.
    """
    if mask is not None and mask.dtype != torch.bool:
        raise ValueError(f"mask must be boolean (True = takes part), got {mask.dtype}")
    if not is_causal:
        return mask
    causal = causal_mask(t_q, t_k).to(mask.device if mask is not None else "cpu")
    return causal if mask is None else mask & causal


def scaled_dot_product_attention(
    q: Tensor,
    k: Tensor,
    v: Tensor,
    mask: Tensor | None = None,
    *,
    is_causal: bool = False,
    scale: float | None = None,
) -> AttentionSteps:
    """softmax(Q Kᵀ / √d_k) V, returning every intermediate.

    Args:
        q: Queries, shape ``(*, T_q, d_k)``.
        k: Keys, shape ``(*, T_k, d_k)``.
        v: Values, shape ``(*, T_k, d_v)``.
        mask: Boolean mask broadcastable to ``(*, T_q, T_k)``; ``True`` = the key takes
            part (the convention of ``F.scaled_dot_product_attention``).
        is_causal: Also mask every key after the query's own position.
        scale: Factor applied to ``Q Kᵀ``; defaults to ``1/√d_k``.

    Returns:
        The intermediates, see :class:`AttentionSteps`.

    Raises:
        ValueError: If the widths of ``q`` and ``k`` or the lengths of ``k`` and ``v``
            differ, or the mask is not boolean.

    Example:
        >>> q = k = v = torch.eye(2, dtype=torch.float64)
        >>> scaled_dot_product_attention(q, k, v).weights.shape
        torch.Size([2, 2])
    """
    if q.size(-1) != k.size(-1):
        raise ValueError(f"q and k need the same width d_k, got {q.size(-1)} and {k.size(-1)}")
    if k.size(-2) != v.size(-2):
        raise ValueError(f"k and v need the same length T_k, got {k.size(-2)} and {v.size(-2)}")
    t_q, d_k = q.shape[-2:]
    t_k = k.size(-2)
    scale = 1.0 / math.sqrt(d_k) if scale is None else scale
    scores = q @ k.transpose(-2, -1)  # (*, T_q, T_k)
    scaled_scores = scores * scale
    keep = combine_masks(mask, is_causal, t_q, t_k)
    if keep is None:
        masked_scores = scaled_scores
        weights = softmax(masked_scores)
    else:
        masked_scores = scaled_scores.masked_fill(~keep, float("-inf"))
        weights = softmax(masked_scores)
        # A query with no key left would be 0/0; give it zero weights like SDPA does.
        weights = torch.where(keep.any(dim=-1, keepdim=True), weights, 0.0)
    output = weights @ v  # (*, T_q, d_v)
    return AttentionSteps(
        scores=scores,
        scaled_scores=scaled_scores,
        masked_scores=masked_scores,
        weights=weights,
        output=output,
        scale=scale,
        mask=keep,
    )
