"""Language-model head: next-token probabilities from the last hidden state.

    P(next token | context) = softmax(h Uᵀ)

``U`` is the unembedding matrix, one row per vocabulary entry; GPT-2 and the original
Transformer tie it to the token-embedding matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

from torch import Tensor

from assistant.reference.softmax import softmax


@dataclass(frozen=True, eq=False)
class LMHeadSteps:
    """Every intermediate of the LM head.

    Attributes:
        logits: ``h Uᵀ``, shape ``(*, V)``.
        probabilities: ``softmax(logits / τ)``, shape ``(*, V)``.
    """

    logits: Tensor
    probabilities: Tensor


def lm_head(h: Tensor, unembedding: Tensor, temperature: float = 1.0) -> LMHeadSteps:
    """Next-token distribution ``softmax(h Uᵀ / τ)``.

    Args:
        h: Final hidden states, shape ``(*, d_model)``.
        unembedding: ``U``, shape ``(V, d_model)`` for a vocabulary of ``V`` tokens.
        temperature: Sampling temperature ``τ > 0``.

    Returns:
        The intermediates, see :class:`LMHeadSteps`.

    Raises:
        ValueError: If ``temperature`` is not positive.
    """
    logits = h @ unembedding.T  # (*, d_model) @ (d_model, V) -> (*, V)
    return LMHeadSteps(logits, softmax(logits, temperature))
