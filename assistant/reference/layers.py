"""Encoder and decoder layers, post-norm (the paper) and pre-norm (GPT-2 and later).

Every sub-layer is wrapped in a residual connection and a layer norm. Post-norm (Vaswani et
al., 2017) normalises after adding the residual; pre-norm (Xiong et al., 2020) normalises
the sub-layer's input and leaves the residual path untouched::

    post-norm:  x ← LayerNorm(x + Sublayer(x))
    pre-norm:   x ← x + Sublayer(LayerNorm(x))

Encoder layer: self-attention, then FFN. Decoder layer: masked (causal) self-attention,
cross-attention whose keys and values are the encoder output ("memory"), then FFN.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from torch import Tensor

from assistant.reference.feedforward import (
    Activation,
    FeedForwardSteps,
    FeedForwardWeights,
    position_wise_ffn,
)
from assistant.reference.multihead import (
    MultiHeadSteps,
    MultiHeadWeights,
    multi_head_attention,
)
from assistant.reference.normalization import NormWeights, layer_norm

_Steps = TypeVar("_Steps", MultiHeadSteps, FeedForwardSteps)


@dataclass(frozen=True, eq=False)
class EncoderLayerWeights:
    """Weights of one encoder layer.

    Attributes:
        attention: Self-attention projections.
        ffn: Position-wise FFN.
        norm1: Layer norm around the attention sub-layer.
        norm2: Layer norm around the FFN sub-layer.
    """

    attention: MultiHeadWeights
    ffn: FeedForwardWeights
    norm1: NormWeights
    norm2: NormWeights


@dataclass(frozen=True, eq=False)
class DecoderLayerWeights:
    """Weights of one decoder layer.

    Attributes:
        self_attention: Masked self-attention projections.
        cross_attention: Encoder-decoder attention projections.
        ffn: Position-wise FFN.
        norm1, norm2, norm3: Layer norms around the three sub-layers, in order.
    """

    self_attention: MultiHeadWeights
    cross_attention: MultiHeadWeights
    ffn: FeedForwardWeights
    norm1: NormWeights
    norm2: NormWeights
    norm3: NormWeights


@dataclass(frozen=True, eq=False)
class EncoderLayerSteps:
    """Every intermediate of one encoder layer; all tensors ``(B, T, d_model)``.

    Attributes:
        attention_input: What self-attention saw (``x``, or ``LayerNorm(x)`` in pre-norm).
        attention: The self-attention steps (weights ``(B, h, T, T)``).
        after_attention: State after the first residual (and, in post-norm, its norm).
        ffn_input: What the FFN saw.
        ffn: The FFN steps.
        output: Layer output.
    """

    attention_input: Tensor
    attention: MultiHeadSteps
    after_attention: Tensor
    ffn_input: Tensor
    ffn: FeedForwardSteps
    output: Tensor


@dataclass(frozen=True, eq=False)
class DecoderLayerSteps:
    """Every intermediate of one decoder layer; states are ``(B, T, d_model)``.

    Attributes:
        self_attention_input: What masked self-attention saw.
        self_attention: Masked self-attention steps (weights ``(B, h, T, T)``).
        after_self_attention: State after the first residual (+ norm in post-norm).
        cross_attention_input: Queries of cross-attention.
        cross_attention: Cross-attention steps (weights ``(B, h, T, S)``, ``S`` memory length).
        after_cross_attention: State after the second residual (+ norm in post-norm).
        ffn_input: What the FFN saw.
        ffn: The FFN steps.
        output: Layer output.
    """

    self_attention_input: Tensor
    self_attention: MultiHeadSteps
    after_self_attention: Tensor
    cross_attention_input: Tensor
    cross_attention: MultiHeadSteps
    after_cross_attention: Tensor
    ffn_input: Tensor
    ffn: FeedForwardSteps
    output: Tensor


def residual_sublayer(
    x: Tensor,
    sublayer: Callable[[Tensor], _Steps],
    norm: NormWeights,
    *,
    norm_first: bool,
    eps: float,
) -> tuple[Tensor, _Steps, Tensor]:
    """One residual sub-layer in post-norm or pre-norm arrangement.

    Args:
        x: Input state, shape ``(B, T, d_model)``.
        sublayer: Attention or FFN, returning steps with an ``output`` of ``x``'s shape.
        norm: The sub-layer's layer-norm weights.
        norm_first: ``True`` for pre-norm, ``False`` for post-norm.
        eps: Layer-norm ``ε``.

    Returns:
        ``(input the sub-layer saw, its steps, new state)``.
    """
    inner_input = layer_norm(x, norm, eps).output if norm_first else x
    steps = sublayer(inner_input)
    residual = x + steps.output
    output = residual if norm_first else layer_norm(residual, norm, eps).output
    return inner_input, steps, output


def encoder_layer(
    x: Tensor,
    weights: EncoderLayerWeights,
    h: int,
    *,
    norm_first: bool = False,
    mask: Tensor | None = None,
    is_causal: bool = False,
    activation: Activation = "relu",
    eps: float = 1e-5,
) -> EncoderLayerSteps:
    """Self-attention then FFN, each in a residual sub-layer.

    With ``is_causal=True`` and ``norm_first=True`` this is also a GPT-2 block.

    Args:
        x: Input, shape ``(B, T, d_model)``.
        weights: See :class:`EncoderLayerWeights`.
        h: Number of heads.
        norm_first: Pre-norm if ``True``, post-norm (the paper, BERT) if ``False``.
        mask: Boolean "takes part" mask for self-attention, see
            :func:`~assistant.reference.multihead.multi_head_attention`.
        is_causal: Also apply a causal mask.
        activation: FFN activation.
        eps: Layer-norm ``ε``.

    Returns:
        The intermediates, see :class:`EncoderLayerSteps`.
    """

    def attend(t: Tensor) -> MultiHeadSteps:
        return multi_head_attention(t, t, t, weights.attention, h, mask, is_causal=is_causal)

    def feed_forward(t: Tensor) -> FeedForwardSteps:
        return position_wise_ffn(t, weights.ffn, activation)

    a_in, attention, x1 = residual_sublayer(x, attend, weights.norm1, norm_first=norm_first, eps=eps)
    f_in, ffn, out = residual_sublayer(x1, feed_forward, weights.norm2, norm_first=norm_first, eps=eps)
    return EncoderLayerSteps(a_in, attention, x1, f_in, ffn, out)


def decoder_layer(
    x: Tensor,
    memory: Tensor,
    weights: DecoderLayerWeights,
    h: int,
    *,
    norm_first: bool = False,
    self_mask: Tensor | None = None,
    self_is_causal: bool = True,
    memory_mask: Tensor | None = None,
    activation: Activation = "relu",
    eps: float = 1e-5,
) -> DecoderLayerSteps:
    """Masked self-attention, cross-attention to ``memory``, then FFN.

    The memory is used as it is: neither arrangement normalises it inside this layer.

    Args:
        x: Decoder input, shape ``(B, T, d_model)``.
        memory: Encoder output, shape ``(B, S, d_model)``.
        weights: See :class:`DecoderLayerWeights`.
        h: Number of heads.
        norm_first: Pre-norm if ``True``, post-norm if ``False``.
        self_mask: Extra boolean "takes part" mask for self-attention, ``(T, T)``.
        self_is_causal: Apply the causal mask to self-attention (default ``True``).
        memory_mask: Boolean "takes part" mask for cross-attention, ``(T, S)`` or
            ``(B, 1, S)``.
        activation: FFN activation.
        eps: Layer-norm ``ε``.

    Returns:
        The intermediates, see :class:`DecoderLayerSteps`.
    """

    def self_attend(t: Tensor) -> MultiHeadSteps:
        w = weights.self_attention
        return multi_head_attention(t, t, t, w, h, self_mask, is_causal=self_is_causal)

    def cross_attend(t: Tensor) -> MultiHeadSteps:
        return multi_head_attention(t, memory, memory, weights.cross_attention, h, memory_mask)

    def feed_forward(t: Tensor) -> FeedForwardSteps:
        return position_wise_ffn(t, weights.ffn, activation)

    s_in, self_steps, x1 = residual_sublayer(x, self_attend, weights.norm1, norm_first=norm_first, eps=eps)
    c_in, cross_steps, x2 = residual_sublayer(x1, cross_attend, weights.norm2, norm_first=norm_first, eps=eps)
    f_in, ffn, out = residual_sublayer(x2, feed_forward, weights.norm3, norm_first=norm_first, eps=eps)
    return DecoderLayerSteps(s_in, self_steps, x1, c_in, cross_steps, x2, f_in, ffn, out)
