"""Helpers shared by the builders: tensor ↔ record conversion and seeded random draws."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import Tensor

from assistant.examples.record import Nested, Step

DTYPE = torch.float64
INPUT_DECIMALS = 1
WEIGHT_DECIMALS = 2
RANDOM_NOTE = (
    "random values come from torch.Generator().manual_seed({seed}): inputs are standard "
    "normal rounded to 1 decimal, learned weights normal/√fan_in rounded to 2 decimals"
)


@dataclass(frozen=True)
class Built:
    """What a builder returns; the catalog adds formula, notes on defaults and the query."""

    inputs: Mapping[str, Any]
    steps: tuple[Step, ...]
    outputs: Mapping[str, Any]
    notes: tuple[str, ...] = field(default=())


def nested(t: Tensor) -> Nested:
    """``tolist()`` of a tensor; a 0-d tensor becomes a bare float."""
    if t.dim() == 0:
        return float(t.item())
    values: list[Any] = t.tolist()
    return values


def step(name: str, description: str, t: Tensor | float) -> Step:
    """A :class:`Step` from a tensor or a Python number."""
    tensor = torch.as_tensor(t, dtype=DTYPE)
    return Step(name, description, nested(tensor), tuple(tensor.shape))


def tensor(values: Sequence[Any]) -> Tensor:
    """A float64 tensor from (nested) lists of numbers."""
    return torch.tensor(values, dtype=DTYPE)


def generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def draw_input(g: torch.Generator, *shape: int) -> Tensor:
    """Standard normal, rounded to 1 decimal so a reader can follow by hand."""
    x = torch.round(torch.randn(*shape, generator=g, dtype=DTYPE), decimals=INPUT_DECIMALS)
    return x + 0.0  # turns -0.0 into 0.0


def draw_weight(g: torch.Generator, fan_in: int, *shape: int) -> Tensor:
    """Normal with standard deviation ``1/√fan_in``, rounded to 2 decimals."""
    w = torch.randn(*shape, generator=g, dtype=DTYPE) / math.sqrt(fan_in)
    return torch.round(w, decimals=WEIGHT_DECIMALS) + 0.0  # turns -0.0 into 0.0


def given_or_drawn(values: Sequence[Any] | None, g: torch.Generator, *shape: int) -> tuple[Tensor, bool]:
    """The explicit matrix if given, else a random draw; also whether it was drawn."""
    if values is not None:
        return tensor(values), False
    return draw_input(g, *shape), True


def fmt(x: float) -> str:
    """4 decimal places, the precision of the Markdown tables."""
    return f"{x:.4f}"
