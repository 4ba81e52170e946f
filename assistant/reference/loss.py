"""Label-smoothed cross-entropy (Szegedy et al., 2016; Vaswani et al., 2017, section 5.4).

The one-hot target is mixed with the uniform distribution over the ``C`` classes::

    q_c = (1 - ε) · [c = y] + ε / C
    loss = - Σ_c q_c log p_c,   p = softmax(logits)

averaged over tokens. This is the definition used by
``F.cross_entropy(..., label_smoothing=ε)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor


@dataclass(frozen=True, eq=False)
class LossSteps:
    """Every intermediate of label-smoothed cross-entropy.

    Attributes:
        log_probs: ``log softmax(logits)``, shape ``(N, C)``.
        target_distribution: ``q``, shape ``(N, C)``; each row sums to 1.
        per_token: ``-Σ_c q_c log p_c``, shape ``(N,)``.
        loss: Mean of ``per_token``, a 0-d tensor.
        epsilon: ``ε``.
    """

    log_probs: Tensor
    target_distribution: Tensor
    per_token: Tensor
    loss: Tensor
    epsilon: float


def log_softmax(x: Tensor) -> Tensor:
    """``x - log Σ exp(x)`` over the last axis, with the maximum shifted out first."""
    m = x.amax(dim=-1, keepdim=True)
    return x - m - torch.log(torch.exp(x - m).sum(dim=-1, keepdim=True))


def label_smoothed_cross_entropy(logits: Tensor, target: Tensor, epsilon: float) -> LossSteps:
    """Cross-entropy against the smoothed target distribution, mean over tokens.

    Args:
        logits: Unnormalised scores, shape ``(N, C)``.
        target: Class indices, shape ``(N,)``, integer dtype.
        epsilon: Smoothing ``ε`` in ``[0, 1]``; ``0`` is plain cross-entropy.

    Returns:
        The intermediates, see :class:`LossSteps`.

    Raises:
        ValueError: If ``epsilon`` is outside ``[0, 1]``.
    """
    if not 0.0 <= epsilon <= 1.0:
        raise ValueError(f"epsilon must be in [0, 1], got {epsilon}")
    n_classes = logits.size(-1)
    log_probs = log_softmax(logits)  # (N, C)
    one_hot = torch.nn.functional.one_hot(target, n_classes).to(logits.dtype)  # (N, C)
    target_distribution = (1.0 - epsilon) * one_hot + epsilon / n_classes
    per_token = -(target_distribution * log_probs).sum(dim=-1)  # (N,)
    return LossSteps(log_probs, target_distribution, per_token, per_token.mean(), epsilon)
