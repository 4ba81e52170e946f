"""Reference layers against Hugging Face ``BertLayer`` (post-norm, GELU) and ``GPT2Block``
(pre-norm, causal, ``gelu_new``), built from small configs with random weights.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
import torch
from transformers import BertConfig, GPT2Config
from transformers.models.bert.modeling_bert import BertLayer
from transformers.models.gpt2.modeling_gpt2 import GPT2Block

from assistant.reference import causal_mask, encoder_layer, padding_mask
from tests.assistant.reference.mapping import (
    assert_close64,
    from_bert_layer,
    from_gpt2_block,
)

D_MODEL, HEADS = 16, 4
EAGER: dict[str, Any] = {"attn_implementation": "eager"}  # plain softmax(QKᵀ/√d)V path


def _randomise(module: torch.nn.Module, seed: int) -> None:
    """Layer norms start at γ=1, β=0 and some biases at 0; randomise all of it."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn(p.shape, generator=g, dtype=p.dtype) * 0.3)


def _bert_layer(seed: int) -> BertLayer:
    config = BertConfig(
        hidden_size=D_MODEL,
        num_attention_heads=HEADS,
        intermediate_size=4 * D_MODEL,
        hidden_act="gelu",
        hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0,
        **EAGER,
    )
    layer = BertLayer(config).to(torch.float64).eval()
    _randomise(layer, seed)
    return layer


def _gpt2_block(seed: int) -> GPT2Block:
    config = GPT2Config(
        n_embd=D_MODEL,
        n_head=HEADS,
        n_layer=1,
        resid_pdrop=0.0,
        attn_pdrop=0.0,
        embd_pdrop=0.0,
        **EAGER,
    )
    block = GPT2Block(config, layer_idx=0).to(torch.float64).eval()
    _randomise(block, seed)
    return block


def _x(seed: int, b: int = 2, t: int = 5) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return torch.randn(b, t, D_MODEL, generator=g, dtype=torch.float64)


def _additive(keep: torch.Tensor) -> torch.Tensor:
    """HF eager attention adds its mask to the scores: 0 to keep, -inf to drop."""
    zeros = torch.zeros(keep.shape, dtype=torch.float64)
    return zeros.masked_fill(~keep, float("-inf"))


@pytest.mark.parametrize("seed", [0, 1])
def test_bert_layer_matches(seed: int) -> None:
    layer, x = _bert_layer(seed), _x(seed)
    with torch.no_grad():
        expected = layer(x)
    steps = encoder_layer(x, from_bert_layer(layer), HEADS, activation="gelu", eps=layer.output.LayerNorm.eps)
    assert layer.output.LayerNorm.eps == 1e-12
    assert_close64(steps.output, expected)


def test_bert_layer_with_padding_matches() -> None:
    layer, x = _bert_layer(2), _x(2)
    keep = padding_mask([5, 3], 5)  # (B, 1, T)
    with torch.no_grad():
        expected = layer(x, attention_mask=_additive(keep.unsqueeze(1)))  # (B, 1, 1, T)
    steps = encoder_layer(x, from_bert_layer(layer), HEADS, mask=keep, activation="gelu", eps=1e-12)
    assert_close64(steps.output, expected)


@pytest.mark.parametrize("seed", [0, 1])
def test_gpt2_block_matches(seed: int) -> None:
    block, x = _gpt2_block(seed), _x(seed)
    # Eager attention does not mask by itself: GPT2Model passes this causal mask down.
    mask = _additive(causal_mask(5))[None, None]  # (1, 1, T, T)
    with torch.no_grad():
        expected = block(x, attention_mask=mask)
    steps = encoder_layer(
        x,
        from_gpt2_block(block),
        HEADS,
        norm_first=True,
        is_causal=True,
        activation="gelu_tanh",
        eps=block.ln_1.eps,
    )
    assert_close64(steps.output, expected)


def test_negative_control_gpt2_conv1d_transposed_is_detected() -> None:
    block, x = _gpt2_block(3), _x(3)
    mask = _additive(causal_mask(5))[None, None]
    with torch.no_grad():
        expected = block(x, attention_mask=mask)
    good = from_gpt2_block(block)
    # The bug: treating Conv1D (in, out) weights like nn.Linear (out, in) and transposing.
    # Only the square d_model x d_model matrices still run, so the error is silent.
    att = good.attention
    wrong_attention = replace(att, w_q=att.w_q.T, w_k=att.w_k.T, w_v=att.w_v.T, w_o=att.w_o.T)
    wrong = replace(good, attention=wrong_attention)
    kw: dict = {"norm_first": True, "is_causal": True, "activation": "gelu_tanh"}
    assert_close64(encoder_layer(x, good, HEADS, **kw).output, expected)
    steps = encoder_layer(x, wrong, HEADS, **kw)
    assert not torch.allclose(steps.output, expected, rtol=0.0, atol=1e-12)


def test_negative_control_bert_as_pre_norm_is_detected() -> None:
    layer, x = _bert_layer(4), _x(4)
    with torch.no_grad():
        expected = layer(x)
    steps = encoder_layer(x, from_bert_layer(layer), HEADS, norm_first=True, activation="gelu", eps=1e-12)
    assert not torch.allclose(steps.output, expected, rtol=0.0, atol=1e-12)
