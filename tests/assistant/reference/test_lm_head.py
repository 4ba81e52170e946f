"""LM head: softmax(h Uᵀ)."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from assistant.reference import lm_head
from tests.assistant.reference.mapping import assert_close64


def test_lm_head_matches_tied_linear() -> None:
    g = torch.Generator().manual_seed(0)
    u = torch.randn(11, 6, generator=g, dtype=torch.float64)  # (V, d_model)
    h = torch.randn(2, 3, 6, generator=g, dtype=torch.float64)
    steps = lm_head(h, u, temperature=0.7)
    assert_close64(steps.logits, F.linear(h, u))
    assert_close64(steps.probabilities, torch.softmax(F.linear(h, u) / 0.7, dim=-1))


def test_lm_head_by_hand() -> None:
    u = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype=torch.float64)
    h = torch.tensor([2.0, -1.0], dtype=torch.float64)
    steps = lm_head(h, u)
    assert steps.logits.tolist() == [2.0, -1.0, 1.0]
    assert int(steps.probabilities.argmax()) == 0
