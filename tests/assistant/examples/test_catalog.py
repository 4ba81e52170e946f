"""The catalog: every kind runs, numbers are deterministic and right, bad requests are
refused with a message that names the field and its limit.
"""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F

from assistant.examples.catalog import concept_query, kind_names, list_kinds, run_example
from assistant.examples.render import to_json
from assistant.reference import sinusoidal_encoding
from ingest.errors import ToolError

REQUIRED_KINDS = {
    "softmax",
    "attention",
    "alignment_scores",
    "multihead",
    "positional_encoding",
    "layer_norm",
    "ffn",
    "encoder_layer",
    "decoder_layer",
    "lm_head",
    "lr_schedule",
    "label_smoothing",
    "param_count",
    "layer_cost",
    "orthogonal_influence",
}


def _t(values: object) -> torch.Tensor:
    return torch.tensor(values, dtype=torch.float64)


def test_catalog_has_every_required_kind() -> None:
    assert set(kind_names()) == REQUIRED_KINDS


@pytest.mark.parametrize("kind", sorted(REQUIRED_KINDS))
def test_every_kind_runs_with_defaults_and_is_deterministic(kind: str) -> None:
    first, second = run_example(kind), run_example(kind)
    assert first == second
    assert to_json(first) == to_json(second)
    assert first.kind == kind and first.steps and first.outputs
    assert first.concept_query == concept_query(kind) != ""
    assert first.card_ids == ()


@pytest.mark.parametrize("kind", ["attention", "multihead", "encoder_layer", "layer_norm", "ffn"])
def test_seed_changes_random_inputs(kind: str) -> None:
    assert run_example(kind, seed=0).inputs != run_example(kind, seed=1).inputs


def test_defaults_are_noted() -> None:
    notes = run_example("attention").notes
    assert notes[0] == "defaults used: 3 tokens, d_k = 4, no mask, random Q, K, V, seed 0"
    assert "drawn at random: Q, K, V" in notes


def test_attention_example_matches_sdpa_on_its_own_inputs() -> None:
    ex = run_example("attention", tokens=4, d_k=3, mask="causal", seed=5)
    q, k, v = (_t(ex.inputs[n]) for n in "QKV")
    expected = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    torch.testing.assert_close(_t(ex.outputs["output"]), expected, rtol=0, atol=1e-12)
    masked = ex.step("masked_scores").tensor
    assert isinstance(masked, list) and masked[0][1] == -math.inf


def test_explicit_matrices_are_used_exactly() -> None:
    ex = run_example("attention", Q=[[1, 0], [0, 1]], K=[[1, 0], [0, 1]], V=[[1, 2], [3, 4]])
    assert ex.inputs["Q"] == [[1.0, 0.0], [0.0, 1.0]]
    a = math.exp(1 / math.sqrt(2))
    assert ex.outputs["attention_weights"][0] == pytest.approx([a / (a + 1), 1 / (a + 1)], abs=1e-15)
    assert not any("drawn at random" in n for n in ex.notes)


def test_multihead_example_heads_match_manual_split() -> None:
    ex = run_example("multihead", tokens=3, d_model=4, heads=2, seed=2)
    x = _t(ex.inputs["X"])
    q, k = x @ _t(ex.inputs["W_Q"]), x @ _t(ex.inputs["W_K"])
    head1 = torch.softmax(q[:, 2:] @ k[:, 2:].T / math.sqrt(2), dim=-1)
    torch.testing.assert_close(_t(ex.outputs["head_attention_weights"])[1], head1, rtol=0, atol=1e-12)


def test_positional_example_matches_table_and_rotation() -> None:
    ex = run_example("positional_encoding", position=5, d_model=8, shift=3)
    table = sinusoidal_encoding(9, 8)
    assert ex.outputs["positional_encoding"] == table[5].tolist()
    assert ex.outputs["shifted_encoding"] == table[8].tolist()
    assert ex.outputs["max_abs_error"] < 1e-12
    assert len(ex.outputs["rotation"]) == 8


def test_layer_norm_example_hand_values() -> None:
    ex = run_example("layer_norm", X=[[1, 2, 3, 6], [3, 2, 1, 6]], eps=0.0)
    assert ex.step("ln_mean").tensor == [3.0, 3.0]
    assert ex.step("ln_variance").tensor == [3.5, 3.5]
    assert ex.step("bn_mean").tensor == [2.0, 2.0, 2.0, 6.0]
    assert ex.step("bn_variance").tensor == [1.0, 0.0, 1.0, 0.0]


def test_lr_schedule_and_param_count_and_layer_cost_numbers() -> None:
    lr = run_example("lr_schedule", step=100, warmup=4000, d_model=512)
    assert lr.outputs["learning_rate"] == pytest.approx(512**-0.5 * 100 * 4000**-1.5, rel=1e-15)
    assert lr.outputs["branch"] == "warmup"
    assert run_example("param_count").outputs["total"] == 124_439_808
    bert = run_example("param_count", preset="bert-base")
    assert bert.outputs == {"total": 109_482_240, "estimate": 84_934_656, "difference": 24_547_584}
    custom = run_example("param_count", n_layers=24, d_model=1024)
    assert custom.outputs["total"] == 354_823_168  # = GPT-2 medium
    cost = run_example("layer_cost", n=100, d=512)
    assert cost.outputs["self_attention"]["flops"] == 4 * 100 * 100 * 512
    assert cost.outputs["recurrent"]["sequential_steps"] == 100


def test_label_smoothing_example_matches_torch() -> None:
    ex = run_example("label_smoothing", logits=[[2, 1, 0.1], [0, 0, 3]], target=[0, 2], epsilon=0.2)
    expected = F.cross_entropy(_t([[2, 1, 0.1], [0, 0, 3]]), torch.tensor([0, 2]), label_smoothing=0.2)
    assert ex.outputs["loss"] == pytest.approx(expected.item(), abs=1e-15)


def test_orthogonal_example_weight_is_positive() -> None:
    ex = run_example("orthogonal_influence")
    assert ex.outputs["orthogonal_indices"] == [0]
    (weight,) = ex.outputs["orthogonal_weights"]
    assert weight == pytest.approx(1 / (1 + math.e), abs=1e-15)
    assert weight > 0
    assert "> 0" in ex.step("attention_weights").description


BAD_REQUESTS = [
    ("attention", {"tokens": 17}, "'tokens'", "16"),
    ("attention", {"d_k": 65}, "'d_k'", "64"),
    ("multihead", {"heads": 9}, "'heads'", "8"),
    ("multihead", {"d_model": 10, "heads": 4}, "heads = 4", "d_model = 10"),
    ("attention", {"Q": [[1, 2], [3]]}, "'Q'", "rectangular"),
    ("attention", {"Q": [[1, float("inf")]]}, "'Q.0.1'", "finite"),
    ("attention", {"Q": [[1.0] * 3] * 17}, "'Q'", "16 rows"),
    ("attention", {"Q": [[1, 2]], "K": [[1, 2, 3]]}, "K has 3", "Q has 2"),
    ("attention", {"Q": [[1, 2]], "tokens": 3}, "tokens = 3", "rows of Q"),
    ("attention", {"colour": "red"}, "'colour'", "accepted: Q, K, V"),
    ("encoder_layer", {"d_model": 65}, "'d_model'", "64"),
    ("positional_encoding", {"d_model": 7}, "'d_model'", "multiple of 2"),
    ("lr_schedule", {"step": 0}, "'step'", ">= 1"),
    ("lr_schedule", {"d_model": 70_000}, "'d_model'", "65536"),
    ("label_smoothing", {"classes": 3, "target": [0, 3, 1]}, "target [3]", "0..2"),
    ("label_smoothing", {"epsilon": 1.5}, "'epsilon'", "<= 1"),
    ("param_count", {"preset": "gpt2-small", "style": "bert"}, "preset 'gpt2-small'", "style 'bert'"),
    ("softmax", {"temperature": 0}, "'temperature'", "> 0"),
    ("attention", {"tokens": "__import__('os')"}, "'tokens'", "valid integer"),
]


@pytest.mark.parametrize(("kind", "params", "names", "limit"), BAD_REQUESTS)
def test_bad_requests_name_the_field_and_limit(kind: str, params: dict, names: str, limit: str) -> None:
    with pytest.raises(ToolError) as info:
        run_example(kind, **params)
    message = str(info.value)
    assert names in message
    assert limit in message
    assert message.startswith(f"invalid parameters for worked example {kind!r}")


def test_unknown_kind_lists_the_kinds() -> None:
    with pytest.raises(ToolError, match="unknown worked-example kind 'transformer'; known kinds: softmax"):
        run_example("transformer")


def test_list_kinds_reports_parameters() -> None:
    kinds = {k.name: k for k in list_kinds()}
    assert set(kinds) == REQUIRED_KINDS
    tokens = next(p for p in kinds["attention"].params if p.name == "tokens")
    assert (tokens.type, tokens.default, tokens.limit) == ("int", 3, ">= 1, <= 16")
    q = next(p for p in kinds["attention"].params if p.name == "Q")
    assert q.limit == "1-16 rows x 1-64 columns, rectangular, finite"
    mask = next(p for p in kinds["attention"].params if p.name == "mask")
    assert mask.limit == "one of 'none', 'causal'"
    step = next(p for p in kinds["lr_schedule"].params if p.name == "step")
    assert (step.default, step.limit) == (100, ">= 1, <= 10000000")


def _nn_attention(mha: torch.nn.MultiheadAttention, inputs: dict, prefix: str) -> None:
    w = [_t(inputs[f"{prefix}W_{n}"]) for n in "QKVO"]
    mha.in_proj_weight.copy_(torch.cat([w[0].T, w[1].T, w[2].T]))  # nn stacks Q, K, V as (out, in)
    mha.in_proj_bias.zero_()
    mha.out_proj.weight.copy_(w[3].T)
    mha.out_proj.bias.zero_()


def _nn_ffn(layer: torch.nn.TransformerEncoderLayer | torch.nn.TransformerDecoderLayer, inputs: dict) -> None:
    layer.linear1.weight.copy_(_t(inputs["W_1"]).T)
    layer.linear1.bias.copy_(_t(inputs["b_1"]))
    layer.linear2.weight.copy_(_t(inputs["W_2"]).T)
    layer.linear2.bias.copy_(_t(inputs["b_2"]))


@pytest.mark.parametrize("norm", ["post", "pre"])
def test_encoder_example_matches_nn_on_its_own_weights(norm: str) -> None:
    ex = run_example("encoder_layer", tokens=4, d_model=8, heads=2, norm=norm, mask="causal", seed=6)
    layer = torch.nn.TransformerEncoderLayer(
        8, 2, 32, dropout=0.0, batch_first=True, norm_first=norm == "pre", dtype=torch.float64
    ).eval()
    with torch.no_grad():
        _nn_attention(layer.self_attn, dict(ex.inputs), "")
        _nn_ffn(layer, dict(ex.inputs))
        causal = torch.ones(4, 4, dtype=torch.bool).triu(1)  # nn: True = masked out
        expected = layer(_t(ex.inputs["X"])[None], src_mask=causal)[0]
    torch.testing.assert_close(_t(ex.outputs["output"]), expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("norm", ["post", "pre"])
def test_decoder_example_matches_nn_on_its_own_weights(norm: str) -> None:
    ex = run_example("decoder_layer", tokens=3, source_tokens=5, d_model=8, heads=4, norm=norm, seed=8)
    layer = torch.nn.TransformerDecoderLayer(
        8, 4, 32, dropout=0.0, batch_first=True, norm_first=norm == "pre", dtype=torch.float64
    ).eval()
    with torch.no_grad():
        _nn_attention(layer.self_attn, dict(ex.inputs), "self_")
        _nn_attention(layer.multihead_attn, dict(ex.inputs), "cross_")
        _nn_ffn(layer, dict(ex.inputs))
        causal = torch.ones(3, 3, dtype=torch.bool).triu(1)
        x, memory = _t(ex.inputs["X"])[None], _t(ex.inputs["memory"])[None]
        expected = layer(x, memory, tgt_mask=causal)[0]
    torch.testing.assert_close(_t(ex.outputs["output"]), expected, rtol=0, atol=1e-12)


def test_ffn_example_matches_torch() -> None:
    ex = run_example("ffn", tokens=2, d_model=4, d_ff=8, activation="gelu", seed=9)
    x, w1, b1 = _t(ex.inputs["X"]), _t(ex.inputs["W_1"]), _t(ex.inputs["b_1"])
    expected = F.gelu(x @ w1 + b1) @ _t(ex.inputs["W_2"]) + _t(ex.inputs["b_2"])
    torch.testing.assert_close(_t(ex.outputs["output"]), expected, rtol=0, atol=1e-12)
