"""Position-wise FFN against ``nn.Linear`` stacks and PyTorch's activations."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from assistant.reference import gelu, gelu_tanh, position_wise_ffn, relu
from assistant.reference.feedforward import Activation
from tests.assistant.reference.mapping import assert_close64, from_nn_linears

TORCH_ACT = {
    "relu": nn.ReLU(),
    "gelu": nn.GELU(),
    "gelu_tanh": nn.GELU(approximate="tanh"),
}


@pytest.mark.parametrize("activation", ["relu", "gelu", "gelu_tanh"])
def test_ffn_matches_linear_stack(activation: Activation) -> None:
    torch.manual_seed(0)
    first = nn.Linear(6, 24, dtype=torch.float64)
    second = nn.Linear(24, 6, dtype=torch.float64)
    x = torch.randn(2, 5, 6, dtype=torch.float64)
    expected = second(TORCH_ACT[activation](first(x)))
    steps = position_wise_ffn(x, from_nn_linears(first, second), activation)
    assert_close64(steps.output, expected)
    assert steps.hidden.shape == (2, 5, 24)


def test_activations_match_torch() -> None:
    x = torch.linspace(-6, 6, 101, dtype=torch.float64)
    assert_close64(relu(x), F.relu(x))
    assert_close64(gelu(x), F.gelu(x))
    assert_close64(gelu_tanh(x), F.gelu(x, approximate="tanh"))


def test_relu_by_hand() -> None:
    assert relu(torch.tensor([-1.0, 0.0, 2.5], dtype=torch.float64)).tolist() == [
        0.0,
        0.0,
        2.5,
    ]


def test_unknown_activation_is_rejected() -> None:
    torch.manual_seed(0)
    first, second = nn.Linear(2, 4), nn.Linear(4, 2)
    with pytest.raises(ValueError, match="unknown activation"):
        position_wise_ffn(torch.zeros(2), from_nn_linears(first, second), "swish")  # type: ignore[arg-type]


def test_negative_control_untransposed_linear_weight_is_detected() -> None:
    torch.manual_seed(1)
    first = nn.Linear(6, 6, dtype=torch.float64)  # square so that the bug still runs
    second = nn.Linear(6, 6, dtype=torch.float64)
    x = torch.randn(3, 6, dtype=torch.float64)
    good = from_nn_linears(first, second)
    wrong = type(good)(first.weight.detach(), good.b1, good.w2, good.b2)
    expected = second(F.relu(first(x)))
    out = position_wise_ffn(x, wrong).output
    assert not torch.allclose(out, expected, rtol=0.0, atol=1e-12)
