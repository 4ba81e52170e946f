"""The family of alignment scores score(s, h) between a decoder state and encoder states.

Notation follows Lilian Weng's "Attention? Attention!" summary of Bahdanau (2015), Luong
(2015), Graves (2014) and Vaswani (2017): ``s`` is the decoder (query) state, ``h_j`` the
``j``-th encoder (key) state, ``n`` the width of ``h``.

    dot          score(s, h_j) = sᵀ h_j                     (Luong)
    scaled dot   score(s, h_j) = sᵀ h_j / √n                (Vaswani)
    general      score(s, h_j) = sᵀ W h_j                   (Luong)
    additive     score(s, h_j) = vᵀ tanh(W [s; h_j])        (Bahdanau)
    cosine       score(s, h_j) = sᵀ h_j / (‖s‖ ‖h_j‖)       (Graves, content-based)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import Tensor


def _check_same_width(s: Tensor, h: Tensor) -> None:
    if s.size(-1) != h.size(-1):
        raise ValueError(f"s and h need the same width, got {s.size(-1)} and {h.size(-1)}")


def dot_score(s: Tensor, h: Tensor) -> Tensor:
    """sᵀ h_j for every encoder state.

    Args:
        s: Decoder state, shape ``(*, n)``.
        h: Encoder states, shape ``(*, N, n)``.

    Returns:
        Scores, shape ``(*, N)``.

    Raises:
        ValueError: If the widths of ``s`` and ``h`` differ.
    """
    _check_same_width(s, h)
    return (h @ s.unsqueeze(-1)).squeeze(-1)  # (*, N, n) @ (*, n, 1) -> (*, N)


def scaled_dot_score(s: Tensor, h: Tensor) -> Tensor:
    """sᵀ h_j / √n, the dot score divided by the square root of the state width.

    Args:
        s: Decoder state, shape ``(*, n)``.
        h: Encoder states, shape ``(*, N, n)``.

    Returns:
        Scores, shape ``(*, N)``.

    Raises:
        ValueError: If the widths of ``s`` and ``h`` differ.
    """
    return dot_score(s, h) / math.sqrt(h.size(-1))


def general_score(s: Tensor, h: Tensor, w: Tensor) -> Tensor:
    """sᵀ W h_j, a learned bilinear form.

    Args:
        s: Decoder state, shape ``(*, d_s)``.
        h: Encoder states, shape ``(*, N, d_h)``.
        w: Weight ``W``, shape ``(d_s, d_h)``.

    Returns:
        Scores, shape ``(*, N)``.
    """
    return torch.einsum("...a,ab,...nb->...n", s, w, h)


def additive_score(s: Tensor, h: Tensor, w: Tensor, v: Tensor) -> Tensor:
    """vᵀ tanh(W [s; h_j]), Bahdanau's one-hidden-layer scorer.

    Args:
        s: Decoder state, shape ``(*, d_s)``.
        h: Encoder states, shape ``(*, N, d_h)``.
        w: Weight ``W``, shape ``(d_a, d_s + d_h)``.
        v: Weight ``v``, shape ``(d_a,)``.

    Returns:
        Scores, shape ``(*, N)``.
    """
    s_rep = s.unsqueeze(-2).expand(*h.shape[:-1], s.size(-1))  # (*, N, d_s)
    concat = torch.cat([s_rep, h], dim=-1)  # (*, N, d_s + d_h)
    hidden = torch.tanh(concat @ w.T)  # (*, N, d_a)
    return hidden @ v  # (*, N)


def cosine_score(s: Tensor, h: Tensor) -> Tensor:
    """sᵀ h_j / (‖s‖ ‖h_j‖), the cosine of the angle between the states.

    Args:
        s: Decoder state, shape ``(*, n)``.
        h: Encoder states, shape ``(*, N, n)``.

    Returns:
        Scores in ``[-1, 1]``, shape ``(*, N)``.

    Raises:
        ValueError: If the widths of ``s`` and ``h`` differ.
    """
    norms = torch.linalg.vector_norm(h, dim=-1) * torch.linalg.vector_norm(s, dim=-1, keepdim=True)
    cosine: Tensor = dot_score(s, h) / norms
    return cosine


@dataclass(frozen=True, eq=False)
class AlignmentScores:
    """The five scores for the same ``s`` and ``h``, each of shape ``(*, N)``."""

    dot: Tensor
    scaled_dot: Tensor
    general: Tensor
    additive: Tensor
    cosine: Tensor


def all_alignment_scores(
    s: Tensor, h: Tensor, w_general: Tensor, w_additive: Tensor, v_additive: Tensor
) -> AlignmentScores:
    """Every score of the family on the same states (``d_s = d_h = n``).

    Args:
        s: Decoder state, shape ``(*, n)``.
        h: Encoder states, shape ``(*, N, n)``.
        w_general: ``W`` of the general score, shape ``(n, n)``.
        w_additive: ``W`` of the additive score, shape ``(d_a, 2n)``.
        v_additive: ``v`` of the additive score, shape ``(d_a,)``.

    Returns:
        The five score vectors, see :class:`AlignmentScores`.
    """
    return AlignmentScores(
        dot=dot_score(s, h),
        scaled_dot=scaled_dot_score(s, h),
        general=general_score(s, h, w_general),
        additive=additive_score(s, h, w_additive, v_additive),
        cosine=cosine_score(s, h),
    )
