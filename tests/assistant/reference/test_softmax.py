"""Softmax with temperature against ``torch.softmax``."""

from __future__ import annotations

import math

import pytest
import torch

from assistant.reference import softmax, softmax_steps
from tests.assistant.reference.mapping import assert_close64


def test_softmax_temperature_and_steps() -> None:
    x = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
    assert_close64(softmax(x, 0.5), torch.softmax(x / 0.5, dim=-1))
    steps = softmax_steps(x)
    assert steps.shifted.tolist() == [-2.0, -1.0, 0.0]
    assert_close64(
        steps.normalizer,
        torch.tensor([math.exp(-2) + math.exp(-1) + 1.0], dtype=torch.float64),
    )
    with pytest.raises(ValueError, match="temperature"):
        softmax(x, 0.0)


@pytest.mark.parametrize("temperature", [0.25, 1.0, 3.0])
def test_softmax_matches_torch_on_random_rows(temperature: float) -> None:
    g = torch.Generator().manual_seed(0)
    x = torch.randn(4, 7, generator=g, dtype=torch.float64) * 5
    assert_close64(softmax(x, temperature), torch.softmax(x / temperature, dim=-1))


def test_softmax_survives_huge_scores() -> None:
    x = torch.tensor([1000.0, 1000.0], dtype=torch.float64)
    assert softmax(x).tolist() == [0.5, 0.5]


def test_orthogonal_vector_still_gets_positive_weight() -> None:
    # scores x_i·x_j = 0 and x_i·x_i = 1: the orthogonal one keeps exp(0)/Z = 1/(1+e).
    weights = softmax(torch.tensor([0.0, 1.0], dtype=torch.float64))
    assert weights[0].item() == pytest.approx(1 / (1 + math.e), abs=1e-15)
    assert weights[0].item() > 0
