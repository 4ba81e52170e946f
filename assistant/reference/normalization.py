"""Layer normalisation (Ba et al., 2016) beside batch normalisation (Ioffe & Szegedy, 2015).

Both compute ``γ ⊙ (x - μ) / √(σ² + ε) + β`` with the biased variance; they differ only in
the axis the statistics run over:

* layer norm: over the **features of one token** (the last axis), so every token is
  normalised on its own and the result does not depend on the rest of the batch;
* batch norm: over the **batch** (every axis but the last), one ``μ, σ²`` per feature.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor


@dataclass(frozen=True, eq=False)
class NormWeights:
    """Gain ``γ`` and bias ``β`` of a normalisation layer, each of shape ``(d_model,)``.

    Example:
        >>> w = NormWeights.identity(4)
        >>> w.gain.tolist()
        [1.0, 1.0, 1.0, 1.0]
    """

    gain: Tensor
    bias: Tensor

    @classmethod
    def identity(cls, d_model: int, dtype: torch.dtype = torch.float64) -> NormWeights:
        """``γ = 1``, ``β = 0``: the freshly initialised layer."""
        return cls(torch.ones(d_model, dtype=dtype), torch.zeros(d_model, dtype=dtype))


@dataclass(frozen=True, eq=False)
class NormSteps:
    """Every intermediate of one normalisation.

    Attributes:
        mean: ``μ``; shape ``(*, 1)`` for layer norm, ``(d_model,)`` for batch norm.
        variance: biased ``σ² = mean((x - μ)²)``, same shape as ``mean``.
        normalized: ``(x - μ) / √(σ² + ε)``, same shape as ``x``.
        output: ``γ ⊙ normalized + β``, same shape as ``x``.
        eps: ``ε``.
    """

    mean: Tensor
    variance: Tensor
    normalized: Tensor
    output: Tensor
    eps: float


def _normalize(
    x: Tensor,
    dims: tuple[int, ...],
    keepdim: bool,
    weights: NormWeights | None,
    eps: float,
) -> NormSteps:
    mean = x.mean(dim=dims, keepdim=keepdim)
    variance = ((x - mean) ** 2).mean(dim=dims, keepdim=keepdim)  # biased: divide by n
    normalized = (x - mean) / torch.sqrt(variance + eps)
    output = normalized if weights is None else normalized * weights.gain + weights.bias
    return NormSteps(mean, variance, normalized, output, eps)


def layer_norm(x: Tensor, weights: NormWeights | None = None, eps: float = 1e-5) -> NormSteps:
    """Normalise each token over its own features (the last axis).

    Args:
        x: Input, shape ``(*, d_model)``.
        weights: ``γ`` and ``β``; ``None`` means ``γ = 1, β = 0``.
        eps: ``ε`` added to the variance.

    Returns:
        The intermediates; ``mean`` and ``variance`` have shape ``(*, 1)``.
    """
    return _normalize(x, (-1,), True, weights, eps)


def batch_norm(x: Tensor, weights: NormWeights | None = None, eps: float = 1e-5) -> NormSteps:
    """Normalise each feature over the batch (every axis but the last), training statistics.

    Args:
        x: Input, shape ``(N, d_model)`` or ``(N, T, d_model)``.
        weights: ``γ`` and ``β``; ``None`` means ``γ = 1, β = 0``.
        eps: ``ε`` added to the variance.

    Returns:
        The intermediates; ``mean`` and ``variance`` have shape ``(d_model,)``.

    Raises:
        ValueError: If ``x`` has fewer than two axes.
    """
    if x.dim() < 2:
        raise ValueError(f"batch norm needs a batch axis, got shape {tuple(x.shape)}")
    return _normalize(x, tuple(range(x.dim() - 1)), False, weights, eps)
