"""Markdown, JSON and PNG renderings of worked examples."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from assistant.examples.catalog import kind_names, run_example
from assistant.examples.render import format_number, from_json, to_json, to_markdown, to_png
from ingest.errors import ToolError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
HEATMAP_KINDS = [
    "attention",
    "multihead",
    "alignment_scores",
    "encoder_layer",
    "decoder_layer",
    "orthogonal_influence",
]


def test_markdown_softmax_table_has_hand_computed_values() -> None:
    md = to_markdown(run_example("softmax", scores=[1, 2, 3]))
    # e^-2, e^-1, 1 over their sum 1.5032: 0.0900, 0.2447, 0.6652
    assert "| 0 | 0.0900 | 0.2447 | 0.6652 |" in md
    assert "| 0 | -2.0000 | -1.0000 | 0.0000 |" in md  # shifted scores
    assert "**normalizer** = 1.5032." in md
    assert md.startswith("### Worked example: softmax\n")


def test_markdown_attention_has_one_sentence_per_step_and_inf() -> None:
    ex = run_example("attention", Q=[[1, 0], [0, 1]], K=[[1, 0], [0, 1]], V=[[1, 2], [3, 4]], mask="causal")
    md = to_markdown(ex)
    for i, step in enumerate(ex.steps, start=1):
        assert f"{i}. **{step.name}** ({' × '.join(map(str, step.shape))}). {step.description}" in md
    assert "| 0 | 0.7071 | -inf |" in md  # masked scaled score 1/√2
    assert "| 1 | 0.3302 | 0.6698 |" in md  # softmax(0, 1/√2)
    assert "- mask: causal" in md


def test_markdown_states_orthogonal_weight_is_positive() -> None:
    md = to_markdown(run_example("orthogonal_influence"))
    assert "x_0 · x_1 = 0 yet its weight is exp(0)/Z = 0.2689 > 0" in md
    assert "the weight is positive, not zero" in md
    assert "| 0 | 0.2689 | 0.7311 |" in md


def test_markdown_counts_and_small_numbers() -> None:
    md = to_markdown(run_example("param_count"))
    assert "**total** = 124,439,808." in md
    assert "**estimate** = 84,934,656." in md
    lr = to_markdown(run_example("lr_schedule", step=100, warmup=4000, d_model=512))
    assert "**learning_rate** = 1.7469e-05." in lr


def test_markdown_summarises_big_tensors() -> None:
    md = to_markdown(run_example("ffn", d_model=8, d_ff=32))
    assert "_(8 × 32 values; see the JSON rendering)_" in md


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.12345, "0.1235"),
        (2.0, "2.0000"),
        (-math.inf, "-inf"),
        (1234.0, "1,234"),
        (7, "7"),
        (1.5e-5, "1.5000e-05"),
    ],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize("kind", kind_names())
def test_json_round_trips_at_full_precision(kind: str) -> None:
    ex = run_example(kind)
    text = to_json(ex)
    assert from_json(text) == ex
    data = json.loads(text)
    for step, rendered in zip(ex.steps, data["steps"], strict=True):
        assert rendered["tensor"] == step.tensor  # exact float equality, not rounded
        assert tuple(rendered["shape"]) == step.shape


def test_json_keeps_every_digit() -> None:
    ex = run_example("softmax", scores=[1, 2, 3])
    p = ex.outputs["probabilities"][0]
    assert repr(p) in to_json(ex)
    assert json.loads(to_json(ex))["outputs"]["probabilities"][0] == p
    assert len(repr(p)) > 10


def test_json_elision_for_size_limited_consumers() -> None:
    ex = run_example("ffn", d_model=8, d_ff=32)
    data = json.loads(to_json(ex, max_values=64))
    assert data["inputs"]["W_1"] == {"omitted_values": 256, "shape": [8, 32]}
    assert data["inputs"]["X"] == ex.inputs["X"]  # 24 values: kept
    assert "elided" in data
    assert "elided" not in json.loads(to_json(ex))


@pytest.mark.parametrize("kind", HEATMAP_KINDS)
def test_png_is_written_and_valid(kind: str, tmp_path: Path) -> None:
    path = to_png(run_example(kind), tmp_path / f"{kind}.png")
    data = path.read_bytes()
    assert data.startswith(PNG_MAGIC)
    assert len(data) > 1000


def test_png_is_deterministic(tmp_path: Path) -> None:
    ex = run_example("multihead", tokens=4, heads=2, mask="causal")
    first = to_png(ex, tmp_path / "a.png").read_bytes()
    second = to_png(
        run_example("multihead", tokens=4, heads=2, mask="causal"), tmp_path / "b.png"
    ).read_bytes()
    assert first == second


@pytest.mark.parametrize("kind", ["lr_schedule", "param_count", "softmax"])
def test_png_without_attention_weights_raises(kind: str, tmp_path: Path) -> None:
    with pytest.raises(ToolError, match="no attention weights to draw"):
        to_png(run_example(kind), tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()
