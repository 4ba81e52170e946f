"""Copy weights of PyTorch and Hugging Face modules into the reference's records.

``nn.Linear`` stores ``(out, in)`` so its weights are transposed into the reference's ``x W``
orientation; GPT-2's ``Conv1D`` already stores ``(in, out)`` and is copied as it is.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor, nn

from assistant.reference import (
    DecoderLayerWeights,
    EncoderLayerWeights,
    FeedForwardWeights,
    MultiHeadWeights,
    NormWeights,
)

ATOL = 1e-12


def assert_close64(actual: Tensor, expected: Tensor, atol: float = ATOL) -> None:
    """Both tensors float64 and equal to ``atol`` (no relative slack)."""
    assert actual.dtype == torch.float64, actual.dtype
    assert expected.dtype == torch.float64, expected.dtype
    torch.testing.assert_close(actual, expected, rtol=0.0, atol=atol)


def from_nn_multihead(mha: nn.MultiheadAttention) -> MultiHeadWeights:
    """``in_proj_weight`` stacks ``[W_q; W_k; W_v]`` as ``(3·d_model, d_model)``."""
    w_q, w_k, w_v = mha.in_proj_weight.detach().chunk(3, dim=0)
    b_q, b_k, b_v = mha.in_proj_bias.detach().chunk(3, dim=0)
    out = mha.out_proj
    return MultiHeadWeights(w_q.T, w_k.T, w_v.T, out.weight.detach().T, b_q, b_k, b_v, out.bias.detach())


def from_nn_layer_norm(norm: nn.LayerNorm) -> NormWeights:
    return NormWeights(norm.weight.detach(), norm.bias.detach())


def from_nn_linears(first: nn.Linear, second: nn.Linear) -> FeedForwardWeights:
    return FeedForwardWeights(
        first.weight.detach().T,
        first.bias.detach(),
        second.weight.detach().T,
        second.bias.detach(),
    )


def from_nn_encoder_layer(layer: nn.TransformerEncoderLayer) -> EncoderLayerWeights:
    return EncoderLayerWeights(
        attention=from_nn_multihead(layer.self_attn),
        ffn=from_nn_linears(layer.linear1, layer.linear2),
        norm1=from_nn_layer_norm(layer.norm1),
        norm2=from_nn_layer_norm(layer.norm2),
    )


def from_nn_decoder_layer(layer: nn.TransformerDecoderLayer) -> DecoderLayerWeights:
    return DecoderLayerWeights(
        self_attention=from_nn_multihead(layer.self_attn),
        cross_attention=from_nn_multihead(layer.multihead_attn),
        ffn=from_nn_linears(layer.linear1, layer.linear2),
        norm1=from_nn_layer_norm(layer.norm1),
        norm2=from_nn_layer_norm(layer.norm2),
        norm3=from_nn_layer_norm(layer.norm3),
    )


def from_bert_layer(layer: Any) -> EncoderLayerWeights:
    """BERT: separate ``query``/``key``/``value`` ``nn.Linear``; post-norm.

    ``layer`` is a ``BertLayer``; typed ``Any`` because its sub-modules are reached by name.
    """
    attn = layer.attention.self
    out = layer.attention.output
    attention = MultiHeadWeights(
        attn.query.weight.detach().T,
        attn.key.weight.detach().T,
        attn.value.weight.detach().T,
        out.dense.weight.detach().T,
        attn.query.bias.detach(),
        attn.key.bias.detach(),
        attn.value.bias.detach(),
        out.dense.bias.detach(),
    )
    return EncoderLayerWeights(
        attention=attention,
        ffn=from_nn_linears(layer.intermediate.dense, layer.output.dense),
        norm1=from_nn_layer_norm(out.LayerNorm),
        norm2=from_nn_layer_norm(layer.output.LayerNorm),
    )


def from_gpt2_block(block: Any) -> EncoderLayerWeights:
    """GPT-2: ``Conv1D`` weights are already ``(in, out)``, so nothing is transposed; ``c_attn``
    packs Q, K, V side by side as ``(d_model, 3·d_model)``.

    ``block`` is a ``GPT2Block``; typed ``Any`` because its sub-modules are reached by name.
    """
    d_model = block.ln_1.weight.numel()
    c_attn, c_proj, mlp = block.attn.c_attn, block.attn.c_proj, block.mlp
    w_qkv = c_attn.weight.detach()  # (d_model, 3·d_model)
    w_q, w_k, w_v = (w_qkv[:, i * d_model : (i + 1) * d_model] for i in range(3))
    b_q, b_k, b_v = c_attn.bias.detach().split(d_model)
    attention = MultiHeadWeights(w_q, w_k, w_v, c_proj.weight.detach(), b_q, b_k, b_v, c_proj.bias.detach())
    ffn = FeedForwardWeights(
        mlp.c_fc.weight.detach(),
        mlp.c_fc.bias.detach(),
        mlp.c_proj.weight.detach(),
        mlp.c_proj.bias.detach(),
    )
    return EncoderLayerWeights(attention, ffn, from_nn_layer_norm(block.ln_1), from_nn_layer_norm(block.ln_2))
