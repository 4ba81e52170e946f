"""Position-wise feed-forward network (Vaswani et al., 2017, eq. 2).

    FFN(x) = max(0, x W_1 + b_1) W_2 + b_2

The same two-layer network is applied to every position separately. BERT replaces the ReLU
with the exact GELU, GPT-2 with its tanh approximation; ``activation`` selects which.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import torch
from torch import Tensor

Activation = Literal["relu", "gelu", "gelu_tanh"]


def relu(x: Tensor) -> Tensor:
    """max(0, x)."""
    return torch.clamp_min(x, 0.0)


def gelu(x: Tensor) -> Tensor:
    """x Φ(x) = x · ½ (1 + erf(x / √2)), the exact GELU (BERT)."""
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


def gelu_tanh(x: Tensor) -> Tensor:
    """½ x (1 + tanh(√(2/π) (x + 0.044715 x³))), GPT-2's ``gelu_new``."""
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))


ACTIVATIONS: dict[str, Callable[[Tensor], Tensor]] = {
    "relu": relu,
    "gelu": gelu,
    "gelu_tanh": gelu_tanh,
}


@dataclass(frozen=True, eq=False)
class FeedForwardWeights:
    """Weights of the position-wise FFN, ``x W + b`` convention.

    Attributes:
        w1: ``W_1``, shape ``(d_model, d_ff)``.
        b1: ``b_1``, shape ``(d_ff,)``.
        w2: ``W_2``, shape ``(d_ff, d_model)``.
        b2: ``b_2``, shape ``(d_model,)``.

    Example:
        >>> g = torch.Generator().manual_seed(0)
        >>> FeedForwardWeights.random(4, 16, g).w1.shape
        torch.Size([4, 16])
    """

    w1: Tensor
    b1: Tensor
    w2: Tensor
    b2: Tensor

    @classmethod
    def random(
        cls,
        d_model: int,
        d_ff: int,
        generator: torch.Generator,
        dtype: torch.dtype = torch.float64,
    ) -> FeedForwardWeights:
        """Standard-normal weights scaled by ``1/√fan_in``."""

        def draw(fan_in: int, *shape: int) -> Tensor:
            return torch.randn(*shape, generator=generator, dtype=dtype) / math.sqrt(fan_in)

        return cls(
            draw(d_model, d_model, d_ff),
            draw(d_model, d_ff),
            draw(d_ff, d_ff, d_model),
            draw(d_ff, d_model),
        )


@dataclass(frozen=True, eq=False)
class FeedForwardSteps:
    """Every intermediate of the FFN.

    Attributes:
        pre_activation: ``x W_1 + b_1``, shape ``(*, d_ff)``.
        hidden: ``activation(pre_activation)``, shape ``(*, d_ff)``.
        output: ``hidden W_2 + b_2``, shape ``(*, d_model)``.
    """

    pre_activation: Tensor
    hidden: Tensor
    output: Tensor


def position_wise_ffn(
    x: Tensor, weights: FeedForwardWeights, activation: Activation = "relu"
) -> FeedForwardSteps:
    """Apply the FFN to every position of ``x``.

    Args:
        x: Input, shape ``(*, d_model)``.
        weights: See :class:`FeedForwardWeights`.
        activation: ``"relu"`` (the paper), ``"gelu"`` (BERT) or ``"gelu_tanh"`` (GPT-2).

    Returns:
        The intermediates, see :class:`FeedForwardSteps`.

    Raises:
        ValueError: If ``activation`` is unknown.
    """
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; known: {sorted(ACTIVATIONS)}")
    pre_activation = x @ weights.w1 + weights.b1  # (*, d_ff)
    hidden = ACTIVATIONS[activation](pre_activation)
    output = hidden @ weights.w2 + weights.b2  # (*, d_model)
    return FeedForwardSteps(pre_activation, hidden, output)
