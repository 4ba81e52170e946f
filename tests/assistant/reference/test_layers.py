"""Encoder and decoder layers against ``nn.TransformerEncoderLayer`` / ``DecoderLayer``."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from assistant.reference import causal_mask, decoder_layer, encoder_layer
from assistant.reference.feedforward import Activation
from tests.assistant.reference.mapping import (
    assert_close64,
    from_nn_decoder_layer,
    from_nn_encoder_layer,
)

D_MODEL, HEADS, D_FF = 8, 2, 16


def _randomise_norms(module: nn.Module) -> None:
    """Fresh layer norms are γ=1, β=0, which would hide a mix-up of norm1/norm2."""
    with torch.no_grad():
        for sub in module.modules():
            if isinstance(sub, nn.LayerNorm):
                sub.weight.normal_()
                sub.bias.normal_()


def _x(seed: int, t: int) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return torch.randn(2, t, D_MODEL, generator=g, dtype=torch.float64)


def _encoder(norm_first: bool, activation: Activation) -> nn.TransformerEncoderLayer:
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(
        D_MODEL,
        HEADS,
        D_FF,
        dropout=0.0,
        activation=activation,
        batch_first=True,
        norm_first=norm_first,
        dtype=torch.float64,
    )
    _randomise_norms(layer)
    return layer.eval()


def _decoder(norm_first: bool) -> nn.TransformerDecoderLayer:
    torch.manual_seed(1)
    layer = nn.TransformerDecoderLayer(
        D_MODEL,
        HEADS,
        D_FF,
        dropout=0.0,
        batch_first=True,
        norm_first=norm_first,
        dtype=torch.float64,
    )
    _randomise_norms(layer)
    return layer.eval()


@pytest.mark.parametrize("activation", ["relu", "gelu"])
@pytest.mark.parametrize("norm_first", [False, True])
def test_encoder_layer_matches(norm_first: bool, activation: Activation) -> None:
    layer, x = _encoder(norm_first, activation), _x(2, 5)
    expected = layer(x)
    steps = encoder_layer(
        x,
        from_nn_encoder_layer(layer),
        HEADS,
        norm_first=norm_first,
        activation=activation,
    )
    assert_close64(steps.output, expected)


@pytest.mark.parametrize("norm_first", [False, True])
def test_encoder_layer_with_causal_mask_matches(norm_first: bool) -> None:
    layer, x = _encoder(norm_first, "relu"), _x(3, 5)
    expected = layer(x, src_mask=~causal_mask(5))  # nn: True = masked out
    weights = from_nn_encoder_layer(layer)
    steps = encoder_layer(x, weights, HEADS, norm_first=norm_first, is_causal=True)
    assert_close64(steps.output, expected)


@pytest.mark.parametrize("norm_first", [False, True])
def test_decoder_layer_matches(norm_first: bool) -> None:
    layer, x, memory = _decoder(norm_first), _x(4, 4), _x(5, 6)
    expected = layer(x, memory, tgt_mask=~causal_mask(4))
    steps = decoder_layer(x, memory, from_nn_decoder_layer(layer), HEADS, norm_first=norm_first)
    assert_close64(steps.output, expected)
    assert steps.self_attention.attention.weights.shape == (2, HEADS, 4, 4)
    assert steps.cross_attention.attention.weights.shape == (2, HEADS, 4, 6)
    assert torch.all(steps.self_attention.attention.weights.triu(diagonal=1) == 0)


def test_pre_norm_keeps_residual_path_and_post_norm_normalises() -> None:
    layer, x = _encoder(False, "relu"), _x(6, 3)
    weights = from_nn_encoder_layer(layer)
    post = encoder_layer(x, weights, HEADS, norm_first=False)
    pre = encoder_layer(x, weights, HEADS, norm_first=True)
    assert post.attention_input is x
    assert torch.equal(pre.after_attention, x + pre.attention.output)


def test_negative_control_norm_first_mismatch_is_detected() -> None:
    layer, x = _encoder(True, "relu"), _x(7, 5)
    steps = encoder_layer(x, from_nn_encoder_layer(layer), HEADS, norm_first=False)
    assert not torch.allclose(steps.output, layer(x), rtol=0.0, atol=1e-12)


def test_negative_control_decoder_without_causal_mask_is_detected() -> None:
    layer, x, memory = _decoder(False), _x(8, 4), _x(9, 6)
    expected = layer(x, memory, tgt_mask=~causal_mask(4))
    weights = from_nn_decoder_layer(layer)
    steps = decoder_layer(x, memory, weights, HEADS, self_is_causal=False)
    assert not torch.allclose(steps.output, expected, rtol=0.0, atol=1e-12)
