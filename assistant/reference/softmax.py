"""Softmax with temperature, written out step by step.

    softmax(x / τ)_i = exp(x_i / τ - m) / Σ_j exp(x_j / τ - m),   m = max_j x_j / τ

Subtracting the row maximum m changes nothing mathematically (it cancels between numerator
and denominator) but keeps exp from overflowing.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor


@dataclass(frozen=True, eq=False)
class SoftmaxSteps:
    """Every intermediate of ``softmax(x / τ)`` along one axis.

    Shapes use ``(*, n)`` for the input; ``dim`` is the last axis.

    Attributes:
        scaled: ``x / τ``, shape ``(*, n)``.
        shifted: ``x / τ - max(x / τ)``, shape ``(*, n)``; every entry is ``<= 0``.
        exponentials: ``exp(shifted)``, shape ``(*, n)``.
        normalizer: ``Z = Σ_j exp(shifted_j)``, shape ``(*, 1)``.
        probabilities: ``exponentials / Z``, shape ``(*, n)``; sums to 1.
        temperature: ``τ``.
    """

    scaled: Tensor
    shifted: Tensor
    exponentials: Tensor
    normalizer: Tensor
    probabilities: Tensor
    temperature: float


def softmax_steps(x: Tensor, temperature: float = 1.0) -> SoftmaxSteps:
    """Softmax over the last axis with temperature τ, keeping every step.

    A row that is entirely ``-inf`` (every position masked out) has ``Z = 0`` and gives
    ``nan`` probabilities; attention handles such rows itself.

    Args:
        x: Scores, shape ``(*, n)``.
        temperature: τ > 0. τ < 1 sharpens the distribution, τ > 1 flattens it.

    Returns:
        The intermediates, see :class:`SoftmaxSteps`.

    Raises:
        ValueError: If ``temperature`` is not positive.

    Example:
        >>> steps = softmax_steps(torch.tensor([0.0, 0.0], dtype=torch.float64))
        >>> steps.probabilities.tolist()
        [0.5, 0.5]
    """
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")
    scaled = x / temperature
    row_max = scaled.amax(dim=-1, keepdim=True)
    # An all -inf row would give (-inf) - (-inf) = nan; shifting by 0 keeps exp at 0.
    row_max = torch.where(torch.isfinite(row_max), row_max, torch.zeros_like(row_max))
    shifted = scaled - row_max
    exponentials = torch.exp(shifted)
    normalizer = exponentials.sum(dim=-1, keepdim=True)
    return SoftmaxSteps(
        scaled=scaled,
        shifted=shifted,
        exponentials=exponentials,
        normalizer=normalizer,
        probabilities=exponentials / normalizer,
        temperature=temperature,
    )


def softmax(x: Tensor, temperature: float = 1.0) -> Tensor:
    """Softmax over the last axis with temperature τ.

    Args:
        x: Scores, shape ``(*, n)``.
        temperature: τ > 0.

    Returns:
        Probabilities, shape ``(*, n)``.

    Raises:
        ValueError: If ``temperature`` is not positive.
    """
    return softmax_steps(x, temperature).probabilities
