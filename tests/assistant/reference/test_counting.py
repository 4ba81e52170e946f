"""Parameter counts against published figures and locally built HF models; layer cost."""

from __future__ import annotations

import pytest
import torch
from transformers import BertConfig, BertModel, GPT2Config, GPT2Model

from assistant.reference import (
    PRESETS,
    BertShape,
    GPT2Shape,
    count_bert_parameters,
    count_gpt2_parameters,
    count_parameters,
    estimate_parameters,
    recurrent_cost,
    self_attention_cost,
)


def _numel(model: torch.nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def test_gpt2_small_published_figure() -> None:
    count = count_gpt2_parameters(GPT2Shape())
    assert count.total == 124_439_808
    assert count.per_layer == 7_087_872
    assert count.estimate == 84_934_656
    assert sum(n for _, n in count.breakdown) == count.total


def test_bert_base_published_figure() -> None:
    count = count_bert_parameters(BertShape())
    assert count.total == 109_482_240
    assert count_bert_parameters(BertShape(pooler=False)).total == 109_482_240 - 590_592
    assert sum(n for _, n in count.breakdown) == count.total


def test_twelve_n_d_squared() -> None:
    assert estimate_parameters(12, 768) == 12 * 12 * 768**2 == 84_934_656


def test_gpt2_small_against_locally_built_model() -> None:
    torch.manual_seed(0)
    assert _numel(GPT2Model(GPT2Config())) == 124_439_808


def test_bert_base_against_locally_built_model() -> None:
    torch.manual_seed(0)
    assert _numel(BertModel(BertConfig())) == 109_482_240


def _hf_model(name: str) -> torch.nn.Module:
    shape = PRESETS[name]
    if isinstance(shape, BertShape):
        config = BertConfig(
            num_hidden_layers=shape.n_layer,
            hidden_size=shape.d_model,
            num_attention_heads=shape.d_model // 64,
            intermediate_size=4 * shape.d_model,
        )
        return BertModel(config)
    gpt_config = GPT2Config(n_layer=shape.n_layer, n_embd=shape.d_model, n_head=shape.d_model // 64)
    return GPT2Model(gpt_config)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_against_meta_device_model(name: str) -> None:
    with torch.device("meta"):  # shapes only: no memory, no init time
        model = _hf_model(name)
    assert count_parameters(PRESETS[name]).total == _numel(model)


def test_published_figures_of_larger_presets() -> None:
    assert count_parameters(PRESETS["gpt2-medium"]).total == 354_823_168
    assert count_parameters(PRESETS["bert-large"]).total == 335_141_888


def test_layer_cost_by_hand() -> None:
    attn, rnn = self_attention_cost(100, 512), recurrent_cost(100, 512)
    assert attn.multiply_adds == 2 * 100 * 100 * 512
    assert attn.flops == 2 * attn.multiply_adds
    assert (attn.sequential_steps, attn.max_path_length) == (1, 1)
    assert rnn.multiply_adds == 2 * 100 * 512 * 512
    assert (rnn.sequential_steps, rnn.max_path_length) == (100, 100)
    # self-attention is cheaper exactly when n < d
    assert attn.multiply_adds < rnn.multiply_adds
    assert self_attention_cost(1024, 512).flops > recurrent_cost(1024, 512).flops


def test_bad_shape_is_rejected() -> None:
    with pytest.raises(ValueError, match=">= 1"):
        GPT2Shape(n_layer=0)
