"""Layer norm against ``nn.LayerNorm``; batch norm against ``nn.BatchNorm1d``."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from assistant.reference import NormWeights, batch_norm, layer_norm
from tests.assistant.reference.mapping import assert_close64


def _x(seed: int, *shape: int) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=g, dtype=torch.float64) * 3 + 1


@pytest.mark.parametrize("eps", [1e-5, 1e-12])
def test_layer_norm_matches_nn(eps: float) -> None:
    torch.manual_seed(0)
    ln = nn.LayerNorm(6, eps=eps, dtype=torch.float64)
    with torch.no_grad():
        ln.weight.normal_()
        ln.bias.normal_()
    x = _x(1, 2, 4, 6)
    steps = layer_norm(x, NormWeights(ln.weight.detach(), ln.bias.detach()), eps)
    assert_close64(steps.output, ln(x))
    assert steps.mean.shape == (2, 4, 1)


def test_layer_norm_one_token_by_hand() -> None:
    x = torch.tensor([1.0, 2.0, 3.0, 6.0], dtype=torch.float64)
    steps = layer_norm(x, eps=0.0)
    assert steps.mean.tolist() == [3.0]
    assert steps.variance.tolist() == [3.5]  # biased: (4 + 1 + 0 + 9) / 4
    expected = torch.tensor([-2.0, -1.0, 0.0, 3.0], dtype=torch.float64) / 3.5**0.5
    assert_close64(steps.normalized, expected)


def test_batch_norm_matches_nn_training_statistics() -> None:
    torch.manual_seed(2)
    bn = nn.BatchNorm1d(5, dtype=torch.float64).train()
    with torch.no_grad():
        bn.weight.normal_()
        bn.bias.normal_()
    x = _x(3, 4, 5)  # (N, C)
    steps = batch_norm(x, NormWeights(bn.weight.detach(), bn.bias.detach()))
    assert_close64(steps.output, bn(x))
    assert steps.mean.shape == (5,)


def test_the_two_norms_use_different_axes() -> None:
    x = torch.tensor([[1.0, 10.0], [3.0, 30.0]], dtype=torch.float64)
    ln, bn = layer_norm(x, eps=0.0), batch_norm(x, eps=0.0)
    assert ln.mean.tolist() == [[5.5], [16.5]]  # one mean per token
    assert bn.mean.tolist() == [2.0, 20.0]  # one mean per feature
    assert bn.normalized.tolist() == [[-1.0, -1.0], [1.0, 1.0]]
    assert ln.normalized.tolist() == [[-1.0, 1.0], [-1.0, 1.0]]


def test_negative_control_unbiased_variance_is_detected() -> None:
    x = _x(4, 3, 6)
    ln = nn.LayerNorm(6, dtype=torch.float64)
    mean = x.mean(-1, keepdim=True)
    unbiased = (x - mean) / torch.sqrt(x.var(-1, keepdim=True, unbiased=True) + 1e-5)
    assert not torch.allclose(unbiased, ln(x), rtol=0.0, atol=1e-12)
    assert_close64(layer_norm(x).output, ln(x))
