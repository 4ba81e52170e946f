"""Label-smoothed cross-entropy against ``F.cross_entropy(label_smoothing=ε)``."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F

from assistant.reference import label_smoothed_cross_entropy, log_softmax
from tests.assistant.reference.mapping import assert_close64


@pytest.mark.parametrize("epsilon", [0.0, 0.1, 0.5, 1.0])
def test_matches_torch(epsilon: float) -> None:
    g = torch.Generator().manual_seed(0)
    logits = torch.randn(6, 7, generator=g, dtype=torch.float64) * 3
    target = torch.randint(0, 7, (6,), generator=g)
    steps = label_smoothed_cross_entropy(logits, target, epsilon)
    assert_close64(steps.loss, F.cross_entropy(logits, target, label_smoothing=epsilon))
    expected = F.cross_entropy(logits, target, label_smoothing=epsilon, reduction="none")
    assert_close64(steps.per_token, expected)
    assert_close64(steps.target_distribution.sum(-1), torch.ones(6, dtype=torch.float64))


def test_hand_computed_uniform_logits() -> None:
    logits = torch.zeros(1, 4, dtype=torch.float64)
    steps = label_smoothed_cross_entropy(logits, torch.tensor([2]), 0.2)
    expected_q = torch.tensor([[0.05, 0.05, 0.85, 0.05]], dtype=torch.float64)
    assert_close64(steps.target_distribution, expected_q)
    assert steps.loss.item() == pytest.approx(math.log(4), abs=1e-15)


def test_log_softmax_matches_torch() -> None:
    x = torch.tensor([[1000.0, 0.0, -5.0]], dtype=torch.float64)
    assert_close64(log_softmax(x), torch.log_softmax(x, dim=-1))


def test_negative_control_smoothing_over_c_minus_one_is_detected() -> None:
    g = torch.Generator().manual_seed(1)
    logits = torch.randn(5, 6, generator=g, dtype=torch.float64)
    target = torch.randint(0, 6, (5,), generator=g)
    eps = 0.1
    q = torch.full((5, 6), eps / 5, dtype=torch.float64)  # the other common variant
    q[torch.arange(5), target] = 1 - eps
    other = -(q * torch.log_softmax(logits, -1)).sum(-1).mean()
    expected = F.cross_entropy(logits, target, label_smoothing=eps)
    assert not torch.allclose(other, expected, rtol=0.0, atol=1e-12)
