"""The learning-rate schedule of Vaswani et al. (2017), section 5.3.

    lrate = d_model^-0.5 · min(step^-0.5, step · warmup_steps^-1.5)

The rate grows linearly for the first ``warmup_steps`` steps, peaks at
``step = warmup_steps`` with ``(d_model · warmup_steps)^-0.5``, then decays as ``step^-0.5``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class ScheduleSteps:
    """Every term of the schedule at one step.

    Attributes:
        step: Training step (1-based).
        warmup: ``warmup_steps``.
        d_model: Model width.
        decay_term: ``step^-0.5``.
        warmup_term: ``step · warmup^-1.5``.
        branch: ``"warmup"`` if the warm-up term is the smaller one, else ``"decay"``.
        scale: ``d_model^-0.5``.
        learning_rate: ``scale · min(decay_term, warmup_term)``.
        peak_learning_rate: The rate at ``step = warmup``, ``(d_model · warmup)^-0.5``.
    """

    step: int
    warmup: int
    d_model: int
    decay_term: float
    warmup_term: float
    branch: Literal["warmup", "decay"]
    scale: float
    learning_rate: float
    peak_learning_rate: float


def learning_rate_steps(step: int, d_model: int, warmup: int) -> ScheduleSteps:
    """The schedule at ``step`` with every term kept.

    Args:
        step: Training step, ``>= 1`` (``step^-0.5`` is undefined at 0).
        d_model: Model width, ``>= 1``.
        warmup: Number of warm-up steps, ``>= 1``.

    Returns:
        See :class:`ScheduleSteps`.

    Raises:
        ValueError: If any argument is smaller than 1.

    Example:
        >>> learning_rate_steps(4000, 512, 4000).branch
        'decay'
    """
    for name, value in (("step", step), ("d_model", d_model), ("warmup", warmup)):
        if value < 1:
            raise ValueError(f"{name} must be >= 1, got {value}")
    decay_term = step**-0.5
    warmup_term = step * warmup**-1.5
    scale = d_model**-0.5
    branch: Literal["warmup", "decay"] = "warmup" if warmup_term < decay_term else "decay"
    return ScheduleSteps(
        step=step,
        warmup=warmup,
        d_model=d_model,
        decay_term=decay_term,
        warmup_term=warmup_term,
        branch=branch,
        scale=scale,
        learning_rate=scale * min(decay_term, warmup_term),
        peak_learning_rate=scale * min(warmup**-0.5, warmup * warmup**-1.5),
    )


def learning_rate(step: int, d_model: int, warmup: int) -> float:
    """``d_model^-0.5 · min(step^-0.5, step · warmup^-1.5)``; see :func:`learning_rate_steps`."""
    return learning_rate_steps(step, d_model, warmup).learning_rate
