#!/usr/bin/env python3
"""Write ``numeric.jsonl``: worked-example questions and the numbers a correct answer gives.

The expected numbers come from PyTorch's own built-ins in float64
(``F.scaled_dot_product_attention``, ``torch.softmax``, ``F.layer_norm``,
``F.cross_entropy(label_smoothing=...)``) or from the paper's formula written out here in plain
Python (sinusoidal positional encoding, the warm-up learning rate), never from the project's
reference in ``assistant/reference/``, which is what the eval checks.

Each question states every number the answer depends on, except where the paper's value is the
natural reading (``d_model = 512`` for the learning rate when no width is given).

Usage:
    .venv/bin/python evals/data/make_numeric.py            # rewrite numeric.jsonl
    .venv/bin/python evals/data/make_numeric.py --check    # exit 1 if the file is stale
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from pathlib import Path

import torch
import torch.nn.functional as F

OUT = Path(__file__).resolve().parent / "numeric.jsonl"
T = torch.float64


def _t(rows: list) -> torch.Tensor:
    return torch.tensor(rows, dtype=T)


def attention(q: list, k: list, v: list, causal: bool = False) -> list[float]:
    """Attention weights, then the output, flattened row by row."""
    Q, K, V = _t(q), _t(k), _t(v)  # (T_q, d_k), (T_k, d_k), (T_k, d_v)
    d_k = Q.shape[-1]
    scores = Q @ K.T / math.sqrt(d_k)  # (T_q, T_k)
    if causal:
        scores = scores.masked_fill(torch.ones_like(scores, dtype=torch.bool).triu(1), float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    out = F.scaled_dot_product_attention(Q[None], K[None], V[None], is_causal=causal)[0]  # (T_q, d_v)
    return weights.flatten().tolist() + out.flatten().tolist()


def softmax(scores: list, temperature: float = 1.0) -> list[float]:
    return torch.softmax(_t(scores) / temperature, dim=-1).tolist()


def layer_norm(x: list, gain: list | None = None, bias: list | None = None, eps: float = 1e-5) -> list[float]:
    X = _t(x)  # (tokens, d_model)
    weight = _t(gain) if gain is not None else None
    b = _t(bias) if bias is not None else None
    return F.layer_norm(X, (X.shape[-1],), weight, b, eps).flatten().tolist()


def positional(position: int, d_model: int) -> list[float]:
    """PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(same), written out directly."""
    values = []
    for i in range(d_model // 2):
        angle = position / 10000 ** (2 * i / d_model)
        values += [math.sin(angle), math.cos(angle)]
    return values


def learning_rate(step: int, warmup: int, d_model: int = 512) -> list[float]:
    """lrate = d_model^-0.5 * min(step^-0.5, step * warmup^-1.5) (Vaswani et al., eq. 3)."""
    return [d_model**-0.5 * min(step**-0.5, step * warmup**-1.5)]


def label_smoothing(logits: list, target: list, epsilon: float) -> list[float]:
    """The smoothed loss, then the plain cross-entropy, both means over tokens."""
    x, y = _t(logits), torch.tensor(target)
    return [F.cross_entropy(x, y, label_smoothing=epsilon).item(), F.cross_entropy(x, y).item()]


BUILTINS = {
    "attention": "F.scaled_dot_product_attention, torch.softmax",
    "softmax": "torch.softmax",
    "layer_norm": "F.layer_norm",
    "positional_encoding": "sin/cos formula in Python",
    "lr_schedule": "learning-rate formula in Python",
    "label_smoothing": "F.cross_entropy(label_smoothing=...)",
}

ITEMS: list[tuple[str, str, Callable[[], list[float]]]] = [
    (
        "attention",
        "work through scaled dot-product attention for Q = [[1, 0], [0, 1]], K = [[1, 2], [3, 4]], "
        "V = [[1, 0], [0, 2]]",
        lambda: attention([[1, 0], [0, 1]], [[1, 2], [3, 4]], [[1, 0], [0, 2]]),
    ),
    (
        "attention",
        "compute attention with Q = [[1, 2, 0]], K = [[1, 0, 1], [0, 1, 1], [1, 1, 0]] and "
        "V = [[1, 2], [3, 4], [5, 6]]",
        lambda: attention([[1, 2, 0]], [[1, 0, 1], [0, 1, 1], [1, 1, 0]], [[1, 2], [3, 4], [5, 6]]),
    ),
    (
        "attention",
        "what are the attention weights and outputs for Q = [[0.5, -1]], K = [[1, 1], [-1, 2]], "
        "V = [[2, 0], [0, 2]]?",
        lambda: attention([[0.5, -1]], [[1, 1], [-1, 2]], [[2, 0], [0, 2]]),
    ),
    (
        "attention",
        "calculate causal self-attention for Q = [[1, 0], [0, 1], [1, 1]], K = [[1, 0], [0, 1], [1, 1]], "
        "V = [[1, 2], [3, 4], [5, 6]]",
        lambda: attention(
            [[1, 0], [0, 1], [1, 1]], [[1, 0], [0, 1], [1, 1]], [[1, 2], [3, 4], [5, 6]], causal=True
        ),
    ),
    ("softmax", "compute softmax of [1, 2, 3]", lambda: softmax([1, 2, 3])),
    (
        "softmax",
        "show me the numbers: softmax of [2.0, 1.0, 0.1] with temperature 0.5",
        lambda: softmax([2.0, 1.0, 0.1], 0.5),
    ),
    ("softmax", "calculate softmax of [0, 0, 0, 0]", lambda: softmax([0, 0, 0, 0])),
    (
        "softmax",
        "what is the softmax of scores = [3, 1, -2] at temperature 2?",
        lambda: softmax([3, 1, -2], 2.0),
    ),
    (
        "layer_norm",
        "compute layer norm of X = [[1, 2, 3], [4, 6, 8]]",
        lambda: layer_norm([[1, 2, 3], [4, 6, 8]]),
    ),
    (
        "layer_norm",
        "work through layer normalization for X = [[2, 4, 6, 8]]",
        lambda: layer_norm([[2, 4, 6, 8]]),
    ),
    (
        "layer_norm",
        "calculate layer norm of X = [[1, 0, -1]] with gamma = [2, 1, 1] and beta = [0, 0, 1]",
        lambda: layer_norm([[1, 0, -1]], gain=[2, 1, 1], bias=[0, 0, 1]),
    ),
    (
        "positional_encoding",
        "what is the positional encoding of position 3 with d_model = 8?",
        lambda: positional(3, 8),
    ),
    (
        "positional_encoding",
        "compute the sinusoidal positional encoding for pos 10 with d_model 4",
        lambda: positional(10, 4),
    ),
    (
        "positional_encoding",
        "show the numbers of the positional encoding at position 0 with d_model = 6",
        lambda: positional(0, 6),
    ),
    (
        "positional_encoding",
        "calculate the positional encoding for position 50 and d_model = 16",
        lambda: positional(50, 16),
    ),
    ("lr_schedule", "learning rate at step 100 with warmup 4000", lambda: learning_rate(100, 4000)),
    (
        "lr_schedule",
        "what is the learning rate at step 4000 with 4000 warmup steps and d_model 512?",
        lambda: learning_rate(4000, 4000, 512),
    ),
    (
        "lr_schedule",
        "compute the learning rate at step 20000, warmup 4000, d_model = 256",
        lambda: learning_rate(20000, 4000, 256),
    ),
    (
        "lr_schedule",
        "Noam schedule: learning rate at step 1 with warmup = 8000 and d_model = 1024",
        lambda: learning_rate(1, 8000, 1024),
    ),
    (
        "label_smoothing",
        "compute label smoothing cross-entropy for logits = [[2, 1, 0.5]] and targets = [0] with epsilon 0.1",
        lambda: label_smoothing([[2, 1, 0.5]], [0], 0.1),
    ),
    (
        "label_smoothing",
        "calculate the label-smoothed loss with epsilon 0.2 for logits = [[1, 2, 3], [0, 0, 4]] and "
        "labels = [2, 1]",
        lambda: label_smoothing([[1, 2, 3], [0, 0, 4]], [2, 1], 0.2),
    ),
    (
        "label_smoothing",
        "cross-entropy with label smoothing 0.3: logits = [[0.5, 0.5, 3.0, -1.0]], target = [2]",
        lambda: label_smoothing([[0.5, 0.5, 3.0, -1.0]], [2], 0.3),
    ),
]


def render() -> str:
    """The file's content: one JSON object per item, numbers at full float64 precision."""
    lines = []
    for i, (kind, question, compute) in enumerate(ITEMS, 1):
        row = {
            "id": f"n{i:03d}",
            "question": question,
            "expected_numbers": compute(),
            "kind": kind,
            "computed_with": BUILTINS[kind],
        }
        lines.append(json.dumps(row, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        stale = not OUT.exists() or OUT.read_text(encoding="utf-8") != text
        print(f"{OUT.name} is {'stale: run make_numeric.py' if stale else 'up to date'}")
        return int(stale)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(ITEMS)} questions to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
