"""Sinusoidal positional encoding (Vaswani et al., 2017, section 3.5).

    PE(pos, 2i)     = sin(pos / 10000^(2i / d_model))
    PE(pos, 2i + 1) = cos(pos / 10000^(2i / d_model))

Each pair ``(2i, 2i+1)`` is a point on a circle turning at angular frequency
``ω_i = 1 / 10000^(2i / d_model)``. Moving ``k`` positions turns every pair by ``k·ω_i``, so
``PE(pos + k) = R(k) PE(pos)`` with ``R(k)`` block-diagonal, one 2x2 rotation per pair and no
dependence on ``pos``: the property the paper cites for attending by relative position.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor


def _check_even(d_model: int) -> None:
    if d_model < 2 or d_model % 2 != 0:
        raise ValueError(f"d_model must be even and >= 2, got {d_model}")


def frequencies(d_model: int, base: float = 10000.0, dtype: torch.dtype = torch.float64) -> Tensor:
    """Angular frequencies ``ω_i = 1 / base^(2i / d_model)`` for ``i = 0 .. d_model/2 - 1``.

    Args:
        d_model: Model width, even.
        base: The ``10000`` of the paper.
        dtype: Floating dtype of the result.

    Returns:
        Frequencies, shape ``(d_model / 2,)``.

    Raises:
        ValueError: If ``d_model`` is odd or smaller than 2.
    """
    _check_even(d_model)
    two_i = torch.arange(0, d_model, 2, dtype=dtype)  # (d_model/2,)
    return 1.0 / base ** (two_i / d_model)


def sinusoidal_encoding(
    positions: int | Tensor,
    d_model: int,
    base: float = 10000.0,
    dtype: torch.dtype = torch.float64,
) -> Tensor:
    """The positional-encoding table.

    Args:
        positions: Either a count ``n`` (positions ``0 .. n-1``) or a tensor of positions,
            shape ``(n,)``.
        d_model: Model width, even.
        base: The ``10000`` of the paper.
        dtype: Floating dtype of the result.

    Returns:
        ``PE``, shape ``(n, d_model)``; even columns hold sines, odd columns cosines.

    Raises:
        ValueError: If ``d_model`` is odd or smaller than 2.

    Example:
        >>> sinusoidal_encoding(1, 4).tolist()
        [[0.0, 1.0, 0.0, 1.0]]
    """
    pos = torch.arange(positions, dtype=dtype) if isinstance(positions, int) else positions.to(dtype)
    angles = pos[:, None] * frequencies(d_model, base, dtype)[None, :]  # (n, d_model/2)
    pe = torch.empty(pos.numel(), d_model, dtype=dtype)
    pe[:, 0::2] = torch.sin(angles)
    pe[:, 1::2] = torch.cos(angles)
    return pe


def rotation_matrix(
    k: float, d_model: int, base: float = 10000.0, dtype: torch.dtype = torch.float64
) -> Tensor:
    """``R(k)`` with ``PE(pos + k) = R(k) PE(pos)`` for every ``pos``.

    Block ``i`` acts on the pair ``(sin(pos·ω_i), cos(pos·ω_i))``::

        [ cos(k·ω_i)   sin(k·ω_i) ]
        [ -sin(k·ω_i)  cos(k·ω_i) ]

    Args:
        k: Offset in positions.
        d_model: Model width, even.
        base: The ``10000`` of the paper.
        dtype: Floating dtype of the result.

    Returns:
        Block-diagonal rotation matrix, shape ``(d_model, d_model)``.

    Raises:
        ValueError: If ``d_model`` is odd or smaller than 2.
    """
    omega_k = k * frequencies(d_model, base, dtype)  # (d_model/2,)
    cos, sin = torch.cos(omega_k), torch.sin(omega_k)
    even = torch.arange(0, d_model, 2)  # row/column of sin(pos·ω_i)
    odd = even + 1  # row/column of cos(pos·ω_i)
    rotation = torch.zeros(d_model, d_model, dtype=dtype)
    rotation[even, even] = cos
    rotation[even, odd] = sin
    rotation[odd, even] = -sin
    rotation[odd, odd] = cos
    return rotation


@dataclass(frozen=True, eq=False)
class RotationDemo:
    """Evidence that a shift by ``k`` positions is a rotation.

    Attributes:
        position: ``pos``.
        shift: ``k``.
        pe_position: ``PE(pos)``, shape ``(d_model,)``.
        pe_shifted: ``PE(pos + k)`` computed from the formula, shape ``(d_model,)``.
        rotation: ``R(k)``, shape ``(d_model, d_model)``.
        rotated: ``R(k) PE(pos)``, shape ``(d_model,)``.
        max_abs_error: ``max |R(k) PE(pos) - PE(pos + k)|`` (rounding only).
    """

    position: float
    shift: float
    pe_position: Tensor
    pe_shifted: Tensor
    rotation: Tensor
    rotated: Tensor
    max_abs_error: float


def rotation_demo(position: float, shift: float, d_model: int, base: float = 10000.0) -> RotationDemo:
    """Compute ``PE(pos)``, ``PE(pos + k)`` and ``R(k)`` and compare ``R(k) PE(pos)``.

    Args:
        position: ``pos``.
        shift: ``k``.
        d_model: Model width, even.
        base: The ``10000`` of the paper.

    Returns:
        See :class:`RotationDemo`.

    Raises:
        ValueError: If ``d_model`` is odd or smaller than 2.
    """
    pos = torch.tensor([position, position + shift], dtype=torch.float64)
    pe = sinusoidal_encoding(pos, d_model, base)  # (2, d_model)
    rotation = rotation_matrix(shift, d_model, base)
    rotated = rotation @ pe[0]
    error = float((rotated - pe[1]).abs().max())
    return RotationDemo(position, shift, pe[0], pe[1], rotation, rotated, error)
