"""``study example``: the worked-example command, run as a user runs it.

The subprocess tests are ``slow`` (each one imports torch); the argument parser is tested in
process. ``study example`` must never open the store: the data dir it is given stays absent.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from assistant.example_cli import parse_example_params
from assistant.examples.catalog import kind_names, list_kinds

STUDY = Path(sys.executable).with_name("study")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STUDY_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [str(STUDY), *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


@pytest.fixture
def data_dir(tmp_path: Path):
    """A data dir that must still not exist after the command: no store was opened."""
    path = tmp_path / "study-data"
    yield path
    assert not path.exists()


# --- the parameter parser, in process -----------------------------------------------------------


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (["attention", "--d_k", "4"], ("attention", {"d_k": 4})),
        (["attention", "--Q", "[[1,0],[0,1]]"], ("attention", {"Q": [[1, 0], [0, 1]]})),
        (["attention", "--mask", "causal", "--scale=0.5"], ("attention", {"mask": "causal", "scale": 0.5})),
        (["--shift", "-2", "positional_encoding"], ("positional_encoding", {"shift": -2})),
        (["positional_encoding", "--d-model", "4"], ("positional_encoding", {"d_model": 4})),
        (
            ["param_count", "--preset", "bert-base", "--pooler", "false"],
            ("param_count", {"preset": "bert-base", "pooler": False}),
        ),
        (["softmax", "--scores", "[-1.5e3, 2]"], ("softmax", {"scores": [-1500.0, 2]})),
        (["softmax", "--seed", "__import__('os')"], ("softmax", {"seed": "__import__('os')"})),
        ([], (None, {})),
    ],
)
def test_params_are_json_when_they_parse_else_text(tokens, expected) -> None:
    assert parse_example_params(tokens) == expected


@pytest.mark.parametrize(
    ("tokens", "message"),
    [
        (["attention", "--tokens"], "--tokens needs a value"),
        (["attention", "softmax"], "unexpected argument 'softmax': give one kind, then --name value pairs"),
        (["attention", "--d_k", "2", "--d_k", "3"], "--d_k is given twice"),
        (["attention", "--1x", "2"], "'--1x' is not a parameter name"),
    ],
)
def test_malformed_params_are_refused_with_the_argument_named(tokens, message) -> None:
    with pytest.raises(ValueError) as err:
        parse_example_params(tokens)
    assert str(err.value) == message


# --- the command ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_list_shows_every_kind_with_name_type_default_and_limit(data_dir) -> None:
    out = run(["example", "--list"], data_dir)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert [line.split(":")[0] for line in lines if line and not line.startswith(" ")] == list(kind_names())
    assert "attention: Scaled dot-product attention softmax(QKᵀ/√d_k)V, optionally causal." in lines
    tokens = next(line for line in lines if line.startswith("  --tokens ") and "default 3" in line)
    assert tokens.split() == ["--tokens", "int", "default", "3;", "limit", ">=", "1,", "<=", "16"]
    assert out.stderr == ""


@pytest.mark.slow
def test_list_json_matches_the_catalog(data_dir) -> None:
    out = run(["example", "--list", "--json"], data_dir)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [k["name"] for k in data] == list(kind_names())
    lr = next(k for k in data if k["name"] == "lr_schedule")
    assert lr["params"] == [
        {"name": "step", "type": "int", "default": 100, "limit": ">= 1, <= 10000000"},
        {"name": "warmup", "type": "int", "default": 4000, "limit": ">= 1, <= 1000000"},
        {"name": "d_model", "type": "int", "default": 512, "limit": ">= 1, <= 65536"},
    ]
    assert len(data) == len(list_kinds())


@pytest.mark.slow
def test_json_run_gives_exact_numbers(data_dir) -> None:
    args = [
        "example",
        "attention",
        "--Q",
        "[[1, 0], [0, 1]]",
        "--K",
        "[[1, 2], [3, 4]]",
        "--V",
        "[[1,0],[0,1]]",
    ]
    out = run([*args, "--json"], data_dir)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["kind"] == "attention" and data["card_ids"] == []
    q = torch.tensor([[1.0, 0.0], [0.0, 1.0]], dtype=torch.float64)
    k = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64)
    expected = F.scaled_dot_product_attention(q, k, q)
    got = torch.tensor(data["outputs"]["output"], dtype=torch.float64)
    torch.testing.assert_close(got, expected, rtol=0, atol=1e-12)


@pytest.mark.slow
def test_json_run_of_a_formula(data_dir) -> None:
    out = run(
        ["example", "lr_schedule", "--step", "100", "--warmup", "4000", "--d_model", "512", "--json"],
        data_dir,
    )
    assert out.returncode == 0, out.stderr
    outputs = json.loads(out.stdout)["outputs"]
    assert outputs["learning_rate"] == 512**-0.5 * min(100**-0.5, 100 * 4000**-1.5)
    assert outputs["peak_step"] == 4000


@pytest.mark.slow
def test_markdown_run_with_negative_and_text_values(data_dir) -> None:
    out = run(["example", "positional_encoding", "--shift", "-2", "--d-model", "4"], data_dir)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("### Worked example: positional_encoding\n")
    assert "- shift = -2" in out.stdout and "- d_model = 4" in out.stdout


@pytest.mark.slow
def test_png_writes_a_heatmap(data_dir, tmp_path) -> None:
    png = tmp_path / "weights.png"
    out = run(["example", "multihead", "--heads", "2", "--mask", "causal", "--png", str(png)], data_dir)
    assert out.returncode == 0, out.stderr
    assert png.read_bytes()[:8] == PNG_SIGNATURE
    assert out.stderr == f"heatmap written to {png}\n"
    assert out.stdout.startswith("### Worked example: multihead\n")


@pytest.mark.slow
def test_png_of_a_kind_without_attention_weights_is_one_line(data_dir, tmp_path) -> None:
    png = tmp_path / "none.png"
    out = run(["example", "softmax", "--png", str(png)], data_dir)
    assert out.returncode == 1
    assert out.stderr == (
        "study: worked example 'softmax' has no attention weights to draw; heatmaps exist for "
        "attention, multihead, alignment_scores, encoder_layer, decoder_layer and orthogonal_influence\n"
    )
    assert out.stdout == "" and not png.exists()


@pytest.mark.slow
def test_png_into_a_missing_folder_is_one_line(data_dir, tmp_path) -> None:
    png = tmp_path / "missing" / "x.png"
    out = run(["example", "attention", "--png", str(png)], data_dir)
    assert out.returncode == 1
    assert out.stderr == f"study: cannot write {png}: No such file or directory\n"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["attention", "--tokens", "100"],
            "study: invalid parameters for worked example 'attention': 'tokens': Input should be less "
            "than or equal to 16 (got 100) [limit: >= 1, <= 16]",
        ),
        (
            ["positional_encoding", "--d_model", "7"],
            "study: invalid parameters for worked example 'positional_encoding': 'd_model': Input should "
            "be a multiple of 2 (got 7) [limit: >= 2, <= 64, multiple of 2]",
        ),
        (
            ["attention", "--h", "3"],
            "study: invalid parameters for worked example 'attention': 'h' is not a parameter of "
            "'attention' (accepted: Q, K, V, tokens, d_k, d_v, mask, scale, padding_mask, seed)",
        ),
    ],
)
def test_bad_param_exits_1_with_the_field_and_limit(data_dir, args, message) -> None:
    out = run(["example", *args], data_dir)
    assert out.returncode == 1
    assert out.stderr == message + "\n"
    assert out.stdout == ""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["nope"],
            "study: unknown worked-example kind 'nope'; known kinds: " + ", ".join(kind_names()),
        ),
        ([], "study: name a kind (study example --list shows them), e.g. study example attention"),
        (["attention", "--tokens"], "study: --tokens needs a value"),
        (["--list", "attention"], "study: --list takes no kind, parameters or --png"),
    ],
)
def test_usage_errors_exit_2_with_one_line(data_dir, args, message) -> None:
    out = run(["example", *args], data_dir)
    assert out.returncode == 2
    assert out.stderr == message + "\n"


@pytest.mark.slow
def test_ask_json_carries_the_tool_call(bundled_settings, study) -> None:
    out = run(
        ["ask", "work through attention with 3 tokens and d_k = 4", "--json"], bundled_settings.data_dir
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    (call,) = data["tool_calls"]
    assert call["name"] == "worked_example"
    assert call["arguments"] == {"kind": "attention", "params": {"tokens": 3, "d_k": 4}}
    assert call["result"]["card_ids"] == [c["card_id"] for c in data["citations"]]
    direct = study.example("attention", tokens=3, d_k=4)
    assert call["result"]["outputs"]["output"] == direct.outputs["output"]
