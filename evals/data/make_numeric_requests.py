#!/usr/bin/env python3
"""Write ``numeric_requests.jsonl``: numeric requests in students' styles, and concept questions.

Two kinds of line:

* a **request** (``"route": true``): the question, the kind it asks for, the arguments a correct
  reader takes from it (``expected_args``, exactly the numbers written), and the numbers a
  correct example gives (``expected_values``), computed here with PyTorch's own built-ins in
  float64 (``torch.softmax``, ``F.scaled_dot_product_attention``, ``F.layer_norm``,
  ``F.cross_entropy(label_smoothing=...)``, ``F.cosine_similarity``, ``FlopCounterMode``, the
  ``transformers`` GPT-2/BERT modules on the meta device) or the paper's formula written out
  in Python (positional encoding, the warm-up learning rate), never with the project's
  reference. Kinds whose numbers depend on randomly drawn weights (multi-head, FFN, encoder,
  decoder, the general/additive alignment scores) have ``expected_values`` only for the parts
  the question fixes (the FFN when its weights are written out), or ``null``; they are scored
  on routing and arguments.
* a **concept question** (``"route": false``): a question that contains numbers but asks
  why/what/how, and must get a card answer, not a worked example.

The questions are built from hand-written templates in several student styles, each argument
written in one of several notations (brackets, tuples, ``np.array``, ``torch.tensor``, LaTeX
``bmatrix``/``pmatrix``, numpy's printed form, rows listed one by one). This is development
data for the reader: the held-out sets are elsewhere.

Usage:
    .venv/bin/python evals/data/make_numeric_requests.py            # rewrite the file
    .venv/bin/python evals/data/make_numeric_requests.py --check    # exit 1 if it is stale
"""

# ruff: noqa: E501  (data tables: one question per line reads best)
from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F

OUT = Path(__file__).resolve().parent / "numeric_requests.jsonl"
T = torch.float64
Rows = Any  # nested lists of numbers
Vec = Any


def _t(x: Any) -> torch.Tensor:
    return torch.tensor(x, dtype=T)


# ---- notations ------------------------------------------------------------------------------


def _num(x: float) -> str:
    return str(x)


def brackets(m: Any) -> str:
    if isinstance(m[0], list):
        return "[" + ", ".join(brackets(r) for r in m) + "]"
    return "[" + ", ".join(_num(x) for x in m) + "]"


def tuples(m: Any) -> str:
    if isinstance(m[0], list):
        return "(" + ", ".join(tuples(r) for r in m) + ")"
    return "(" + ", ".join(_num(x) for x in m) + ")"


def numpy(m: Any) -> str:
    return f"np.array({brackets(m)})"


def torch_tensor(m: Any) -> str:
    return f"torch.tensor({brackets(m)})"


def printed(m: Any) -> str:
    """numpy's printed form: no commas."""
    if isinstance(m[0], list):
        return "[" + " ".join(printed(r) for r in m) + "]"
    return "[" + " ".join(_num(x) for x in m) + "]"


def _latex(m: Any, env: str) -> str:
    rows = m if isinstance(m[0], list) else [m]
    body = r" \\ ".join(" & ".join(_num(x) for x in r) for r in rows)
    return rf"\begin{{{env}}} {body} \end{{{env}}}"


def bmatrix(m: Any) -> str:
    return _latex(m, "bmatrix")


def pmatrix(m: Any) -> str:
    return _latex(m, "pmatrix")


def listed(m: Rows) -> str:
    """Rows one by one: "[1, 0], [0, 1] and [1, 1]"."""
    parts = [brackets(r) for r in m]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


MATRIX_STYLES: tuple[Callable[[Any], str], ...] = (brackets, numpy, torch_tensor, bmatrix, pmatrix, tuples)
VECTOR_STYLES: tuple[Callable[[Any], str], ...] = (brackets, tuples, numpy, torch_tensor, bmatrix, printed)


# ---- PyTorch built-ins ----------------------------------------------------------------------


def attention(q: Rows, k: Rows, v: Rows | None, causal: bool = False, padding: Vec = None) -> list[float]:
    """Attention weights (torch.softmax of masked scaled scores), then SDPA's output if V is given."""
    Q, K = _t(q), _t(k)
    keep = torch.ones(len(q), len(k), dtype=torch.bool)
    if causal:
        keep &= torch.ones(len(q), len(k), dtype=torch.bool).tril()
    if padding is not None:
        keep &= ~torch.tensor(padding)[None, :]
    scores = (Q @ K.T / math.sqrt(Q.shape[-1])).masked_fill(~keep, float("-inf"))
    out = torch.softmax(scores, dim=-1).flatten().tolist()
    if v is not None:
        out += (
            F.scaled_dot_product_attention(Q[None], K[None], _t(v)[None], attn_mask=keep)[0]
            .flatten()
            .tolist()
        )
    return out


def softmax(x: Vec, tau: float = 1.0) -> list[float]:
    return torch.softmax(_t(x) / tau, dim=-1).tolist()


def layer_norm(
    x: Rows, gain: list[float] | None = None, bias: list[float] | None = None, eps: float = 1e-5
) -> list[float]:
    X = _t(x)
    w = _t(gain) if gain is not None else None
    b = _t(bias) if bias is not None else None
    return F.layer_norm(X, (X.shape[-1],), w, b, eps).flatten().tolist()


def positional(position: int, d_model: int) -> list[float]:
    """PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(same)."""
    out = []
    for i in range(d_model // 2):
        angle = position / 10000 ** (2 * i / d_model)
        out += [math.sin(angle), math.cos(angle)]
    return out


def learning_rate(step: int, warmup: int, d_model: int) -> list[float]:
    return [d_model**-0.5 * min(step**-0.5, step * warmup**-1.5)]


def smoothed_loss(logits: Rows, target: list[int], eps: float) -> list[float]:
    x, y = _t(logits), torch.tensor(target)
    return [F.cross_entropy(x, y, label_smoothing=eps).item(), F.cross_entropy(x, y).item()]


def lm_probs(h: Vec, u: Rows, tau: float = 1.0) -> list[float]:
    return torch.softmax(_t(u) @ _t(h) / tau, dim=-1).tolist()


def alignment(s: Vec, h: Rows) -> list[float]:
    """Dot, scaled dot and cosine scores (the general and additive ones use random weights)."""
    S, H = _t(s), _t(h)
    dot = H @ S
    cos = F.cosine_similarity(H, S[None, :].expand_as(H), dim=-1)
    return dot.tolist() + (dot / math.sqrt(len(s))).tolist() + cos.tolist()


def orthogonal(x: Rows) -> list[float]:
    """Softmax weights of the last vector over all of them, then y."""
    X = _t(x)
    w = torch.softmax(X @ X[-1], dim=-1)
    return w.tolist() + (w @ X).tolist()


def layer_cost(n: int, d: int) -> list[float]:
    """FLOPs counted by torch.utils.flop_counter on the meta device."""
    from torch.utils.flop_counter import FlopCounterMode

    x = torch.empty(n, d, device="meta", dtype=T)
    with FlopCounterMode(display=False) as attn:
        (x @ x.T) @ x  # Q Kᵀ, then the weights times V
    w, h = torch.empty(d, d, device="meta", dtype=T), torch.empty(1, d, device="meta", dtype=T)
    with FlopCounterMode(display=False) as rnn:
        for _ in range(n):
            h @ w + h @ w  # W_h h + W_x x at each step
    return [float(attn.get_total_flops()), float(rnn.get_total_flops())]


def param_count(style: str, n_layers: int, d_model: int, vocab: int, n_positions: int = 1024) -> list[float]:
    """Parameters of the transformers GPT-2 / BERT module, built on the meta device."""
    import transformers

    model: Any
    with torch.device("meta"):
        if style == "gpt2":
            gpt2 = transformers.GPT2Config(
                n_layer=n_layers, n_embd=d_model, vocab_size=vocab, n_positions=n_positions, n_head=1
            )
            model = transformers.GPT2Model(gpt2)
        else:
            bert = transformers.BertConfig(
                num_hidden_layers=n_layers,
                hidden_size=d_model,
                intermediate_size=4 * d_model,
                num_attention_heads=1,
                vocab_size=vocab,
            )
            model = transformers.BertModel(bert)
    return [float(sum(p.numel() for p in model.parameters()))]


# ---- the requests ---------------------------------------------------------------------------

Item = tuple[str, str, dict[str, Any], list[float] | None, str]
ITEMS: list[Item] = []
WITH = {
    "attention": "torch.softmax, F.scaled_dot_product_attention",
    "softmax": "torch.softmax",
    "layer_norm": "F.layer_norm",
    "positional_encoding": "sin/cos formula in Python",
    "lr_schedule": "learning-rate formula in Python",
    "label_smoothing": "F.cross_entropy(label_smoothing=...)",
    "lm_head": "torch.softmax",
    "alignment_scores": "matmul, F.cosine_similarity",
    "orthogonal_influence": "torch.softmax",
    "layer_cost": "torch.utils.flop_counter.FlopCounterMode",
    "param_count": "transformers GPT2Model/BertModel parameter count",
    "multihead": "none: random projection weights",
    "ffn": "F.linear, F.relu/F.gelu",
    "encoder_layer": "none: random weights",
    "decoder_layer": "none: random weights",
}


def add(kind: str, question: str, args: dict[str, Any], values: Vec, style: str) -> None:
    ITEMS.append((kind, question, args, values, style))


def _attention_items() -> None:
    cases: list[Any] = [
        ([[1, 0], [0, 1]], [[1, 2], [3, 4]], [[1, 0], [0, 2]]),
        ([[1, 2, 0]], [[1, 0, 1], [0, 1, 1], [1, 1, 0]], [[1, 2], [3, 4], [5, 6]]),
        ([[0.5, -1]], [[1, 1], [-1, 2]], [[2, 0], [0, 2]]),
        ([[1, 1], [0, 2]], [[1, 0], [0, 1]], [[3, 1], [1, 3]]),
        ([[2, 0, 1]], [[1, 1, 1], [0, 2, 0]], [[1, 0], [0, 1]]),
        ([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], [[1, 0], [0, 1], [1, 1]], [[1, 1], [2, 2], [3, 3]]),
    ]
    forms = [
        "compute scaled dot-product attention for Q = {Q}, K = {K}, V = {V}",
        "ok so my Q is {Q}, K is {K} and V is {V}. what's the attention output?",
        "Attention with queries {Q}, keys {K}, values {V} - show me the numbers",
        "can you work through attention where Q={Q}, K={K}, V={V}?",
        "Q: {Q}\nK: {K}\nV: {V}\ncompute softmax(QK^T/sqrt(d_k))V",
        "calculate attention(Q, K, V) with Q = {Q}, K = {K} and V = {V}",
    ]
    for i, (q, k, v) in enumerate(cases):
        style = MATRIX_STYLES[i % len(MATRIX_STYLES)]
        for j in (i, i + 3):
            form = forms[j % len(forms)]
            causal = j != i
            text = form.format(Q=style(q), K=style(k), V=style(v)) + (" (causal)" if causal else "")
            args = {"Q": q, "K": k, "V": v} | ({"mask": "causal"} if causal else {})
            if causal and len(q) != len(k):
                continue
            add("attention", text, args, attention(q, k, v, causal), f"roles, {style.__name__}")
    selfs = [[[1, 0], [0, 1], [1, 1]], [[1, 2], [0, 1]], [[0, 1, 0], [1, 0, 1], [1, 1, 1]], [[2, 1], [1, 2]]]
    self_forms = [
        ("Q, K and V are all {X}, causal. Work through the attention.", True),
        ("Q = K = V = {X}; compute self-attention", False),
        ("self-attention where queries, keys and values are all {X} (with a causal mask)", True),
        ("compute attention when Q, K, V are all equal to {X}", False),
    ]
    for i, x in enumerate(selfs):
        form, causal = self_forms[i]
        style = MATRIX_STYLES[(i + 1) % len(MATRIX_STYLES)]
        args = {"Q": x, "K": x, "V": x} | ({"mask": "causal"} if causal else {})
        add(
            "attention",
            form.format(X=style(x)),
            args,
            attention(x, x, x, causal),
            f"shared names, {style.__name__}",
        )
    chains = [([[1, 0], [0, 1]], [[1, 2], [3, 4]]), ([[1, 1, 0], [0, 1, 1]], [[1, 0], [0, 1]])]
    for i, (x, v) in enumerate(chains):
        text = [
            "queries = keys = {X} and values {V}, compute attention",
            "if Q = K = {X} and V = {V}, what is the attention output?",
        ][i].format(X=brackets(x), V=brackets(v))
        add("attention", text, {"Q": x, "K": x, "V": v}, attention(x, x, v), "chained names")
    ones = [
        ([1, 1], [[1, 0], [0, 1], [1, 1]]),
        ([2, 0], [[1, 0], [0, 1]]),
        ([1, -1, 0], [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]]),
        ([0.5, 0.5], [[1, 2], [2, 1], [0, 0]]),
    ]
    one_forms = [
        "the query {q} over the keys {K}: what are the attention weights?",
        "attention weights of the query {q} against keys {K}",
        "I have one query q = {q} and keys {K}. compute the attention weights",
        "what weights does the query vector {q} give the keys {K}?",
    ]
    for i, (q, k) in enumerate(ones):
        text = one_forms[i].format(q=VECTOR_STYLES[i % 2](q), K=listed(k))
        add("attention", text, {"Q": [q], "K": k}, attention([q], k, None), "one query, rows listed")
    pads = [
        ([[1, 0]], [[1, 0], [0, 1], [1, 1]], [[1, 2], [3, 4], [5, 6]], "the last key is padding"),
        ([[1, 1], [0, 1]], [[1, 0], [0, 1], [1, 1]], [[1, 0], [0, 1], [2, 2]], "the last token is padding"),
    ]
    for q, k, v, words in pads:
        pad = [False] * (len(k) - 1) + [True]
        text = f"compute attention with Q = {brackets(q)}, K = {brackets(k)}, V = {brackets(v)}; {words}"
        add(
            "attention",
            text,
            {"Q": q, "K": k, "V": v, "padding_mask": pad},
            attention(q, k, v, padding=pad),
            "padding in words",
        )
    text = "attention for Q = [[1, 0], [0, 1]], K = [[1, 1], [0, 1]], V = [[1, 0], [0, 1]] with padding mask [0, 1]"
    add("attention", text, {"Q": [[1, 0], [0, 1]], "K": [[1, 1], [0, 1]], "V": [[1, 0], [0, 1]], "padding_mask": [False, True]},
        attention([[1, 0], [0, 1]], [[1, 1], [0, 1]], [[1, 0], [0, 1]], padding=[False, True]), "padding mask")  # fmt: skip
    add(
        "attention",
        "work through attention with 3 tokens and d_k = 2, seed 4",
        {"tokens": 3, "d_k": 2, "seed": 4},
        None,
        "sizes only",
    )


def _softmax_items() -> None:
    cases: list[Any] = [([1, 2, 3], None), ([2.0, 1.0, 0.1], 0.5), ([0, 0, 0, 0], None), ([3, 1, -2], 2.0),
             ([1.5, -0.5, 0.25], None), ([10, 20, 30], 10.0), ([-1, -2], None), ([0.2, 0.4, 0.6, 0.8], 0.1),
             ([5, 5, 1], 1.5), ([1e-3, 2e-3], None)]  # fmt: skip
    forms = [
        "compute softmax of {x}",
        "softmax({x}) with temperature {t}?",
        "what is the softmax of {x} at temperature {t}",
        "show me the numbers: softmax of the scores {x}, T = {t}",
        "apply softmax to the logits {x} with a temperature of {t}",
        "calculate the softmax probabilities for {x}",
    ]
    for i, (x, tau) in enumerate(cases):
        style = VECTOR_STYLES[i % len(VECTOR_STYLES)]
        form = forms[(i * 2 + (tau is not None)) % len(forms)]
        if tau is None and "{t}" in form:
            form = forms[0] if i % 2 else forms[5]
        if tau is not None and "{t}" not in form:
            form = forms[1 + i % 4]
        text = form.format(x=style(x), t=tau)
        args = {"scores": x} | ({"temperature": tau} if tau is not None else {})
        add("softmax", text, args, softmax(x, tau or 1.0), f"vector, {style.__name__}")
    extra: list[tuple[str, dict[str, Any]]] = [
        ("softmax of scores = [4, 2, 0] divided by temperature 2", {"scores": [4, 2, 0], "temperature": 2.0}),
        ("hey what does softmax give for (0.5, 1.5, 2.5)?", {"scores": [0.5, 1.5, 2.5]}),
        (r"softmax of $\begin{pmatrix} 1 & 0 & -1 \end{pmatrix}$ with $\tau = 0.5$", {"scores": [1, 0, -1], "temperature": 0.5}),
        ("x = torch.tensor([2., 1., 0.]); compute torch.softmax(x / 0.5)... I mean softmax with temperature 0.5",
         {"scores": [2.0, 1.0, 0.0], "temperature": 0.5}),
        ("softmax of [1, 2, 3, 4] please", {"scores": [1, 2, 3, 4]}),
        ("normalise the scores [2, 2, 4] with softmax, tau = 4", {"scores": [2, 2, 4], "temperature": 4.0}),
        ("what probabilities does softmax assign to [1, 3]?", {"scores": [1, 3]}),
        ("softmax at temperature 0.25 for the vector [0.1, 0.2, 0.3]", {"scores": [0.1, 0.2, 0.3], "temperature": 0.25}),
        ("Softmax of [-3, 0, 3] with temperature = 3", {"scores": [-3, 0, 3], "temperature": 3.0}),
        ("softmax of the logits [[2, 1, 0]]", {"scores": [2, 1, 0]}),
    ]  # fmt: skip
    for text, args in extra:
        add("softmax", text, args, softmax(args["scores"], args.get("temperature", 1.0)), "vector, mixed")


def _layer_norm_items() -> None:
    vectors = [[1, 2, 3, 4], [2, 4, 6, 8], [1, 0, -1], [0.5, 1.5, -2.0, 0.0], [3, 3, 6], [10, 0, 5, 5]]
    forms = [
        "apply layer normalization to the vector {x}",
        "layer norm of {x}?",
        "compute LayerNorm for the input {x}",
        "what does layer normalization give for x = {x}",
        "normalize {x} with layer norm",
        "work through layer norm on the token vector {x}",
    ]
    for i, x in enumerate(vectors):
        style = VECTOR_STYLES[i % len(VECTOR_STYLES)]
        add(
            "layer_norm",
            forms[i].format(x=style(x)),
            {"X": [x]},
            layer_norm([x]),
            f"vector, {style.__name__}",
        )
    mats = [[[1, 2, 3], [4, 6, 8]], [[2, 4, 6, 8]], [[1, 0], [0, 1], [2, 2]], [[0.1, 0.2, 0.3], [1, 1, 2]]]
    for i, x in enumerate(mats):
        style = MATRIX_STYLES[i % len(MATRIX_STYLES)]
        text = ["compute layer norm of X = {x}", "layer normalization for the matrix {x}",
                "work through layer norm with X = {x}", "apply layernorm to {x} row by row"][i]  # fmt: skip
        add("layer_norm", text.format(x=style(x)), {"X": x}, layer_norm(x), f"matrix, {style.__name__}")
    affine: list[Any] = [
        ("calculate layer norm of X = [[1, 0, -1]] with gamma = [2, 1, 1] and beta = [0, 0, 1]",
         [[1, 0, -1]], [2, 1, 1], [0, 0, 1]),
        ("layer norm of [1, 2, 3] with gain [1, 1, 2] and bias [0, 1, 0]", [[1, 2, 3]], [1, 1, 2], [0, 1, 0]),
        ("apply layer normalization to the vector [4, 0, 2, 2] with γ = [1, 2, 1, 2] and β = [0.5, 0.5, 0, 0]",
         [[4, 0, 2, 2]], [1, 2, 1, 2], [0.5, 0.5, 0, 0]),
        ("layer norm with gain 2 and bias 1 on x = [1, 2, 3]", [[1, 2, 3]], [2.0, 2.0, 2.0], [1.0, 1.0, 1.0]),
        ("LayerNorm(x) for x = [0, 4, 8] with gamma = 0.5", [[0, 4, 8]], [0.5, 0.5, 0.5], None),
        ("layer norm of X = [[1, 3], [2, 6]] with beta = [1, -1]", [[1, 3], [2, 6]], None, [1, -1]),
    ]  # fmt: skip
    for text, x, g, b in affine:
        args: dict[str, Any] = {"X": x} | ({"gain": g} if g else {}) | ({"bias": b} if b else {})
        add("layer_norm", text, args, layer_norm(x, g, b), "gain and bias")


def _label_smoothing_items() -> None:
    cases: list[Any] = [
        ("logits [2.0, 1.0, 0.1], the correct class is the first one, label smoothing 0.1. What's the loss?",
         [[2.0, 1.0, 0.1]], [0], 0.1),
        ("cross-entropy with label smoothing 0.2 for logits (1, 2, 3) where the true label is class 2",
         [[1, 2, 3]], [2], 0.2),
        ("compute the label-smoothed loss: logits = [0.5, 0.5, 3.0, -1.0], target class 2, epsilon = 0.3",
         [[0.5, 0.5, 3.0, -1.0]], [2], 0.3),
        ("label smoothing 0.1 with logits [1, 0, 0] and the second class correct", [[1, 0, 0]], [1], 0.1),
        ("cross entropy of logits np.array([3, 1, 0.2]) when the target is the third class, smoothing 0.05",
         [[3, 1, 0.2]], [2], 0.05),
        ("what's the smoothed cross-entropy for logits [0, 1] and label 1 with ε = 0.1?", [[0, 1]], [1], 0.1),
        ("compute label smoothing cross-entropy for logits = [[2, 1, 0.5]] and targets = [0] with epsilon 0.1",
         [[2, 1, 0.5]], [0], 0.1),
        ("calculate the label-smoothed loss with epsilon 0.2 for logits = [[1, 2, 3], [0, 0, 4]] and labels = [2, 1]",
         [[1, 2, 3], [0, 0, 4]], [2, 1], 0.2),
        ("logits [1.0, 2.0, 0.5, 0.5], correct class is the last one, label smoothing of 0.1",
         [[1.0, 2.0, 0.5, 0.5]], [3], 0.1),
        ("with 10% label smoothing, what is the loss for logits [2, 0, 1] and class 0?", [[2, 0, 1]], [0], 0.1),
        (r"label smoothing $\epsilon = 0.2$, logits $\begin{bmatrix} 1 & 2 \\ 2 & 1 \end{bmatrix}$, targets [1, 0]",
         [[1, 2], [2, 1]], [1, 0], 0.2),
        ("cross-entropy (label smoothing 0.15) for the logits torch.tensor([0.3, 0.2, 0.1]) if the gold label is the first",
         [[0.3, 0.2, 0.1]], [0], 0.15),
        ("smoothed loss, eps 0.1: logits = [4, 1, 1, 1], true class index 0", [[4, 1, 1, 1]], [0], 0.1),
        ("label smoothing 0.1: logits [[1, 1, 1]], target 1", [[1, 1, 1]], [1], 0.1),
    ]  # fmt: skip
    for text, logits, target, eps in cases:
        add("label_smoothing", text, {"logits": logits, "target": target, "epsilon": eps},
            smoothed_loss(logits, target, eps), "logits and class")  # fmt: skip


def _positional_items() -> None:
    cases: list[Any] = [
        ("what is the positional encoding of position 3 with d_model = 8?", 3, 8),
        ("compute the sinusoidal positional encoding for pos 10 with d_model 4", 10, 4),
        ("show the numbers of the positional encoding at position 0 with d_model = 6", 0, 6),
        ("calculate the positional encoding for position 50 and d_model = 16", 50, 16),
        ("positional encoding for position 5 and a 4-dimensional model", 5, 4),
        ("PE(7) with d_model = 8, work it out please", 7, 8),
        ("sinusoidal PE at pos = 2 for d_{model} = 10", 2, 10),
        ("what are the positional encoding values for the token at position 12, d_model 6?", 12, 6),
        ("work through positional encoding, position 1, d_model = 2", 1, 2),
        ("positional encoding of position 100 with model dimension 8", 100, 8),
        ("compute PE for position index 4 with d_model=12", 4, 12),
        ("positional embedding (sinusoidal) for position 9, d = 4", 9, 4),
    ]
    for text, pos, d in cases:
        add("positional_encoding", text, {"position": pos, "d_model": d}, positional(pos, d), "scalars")


def _lr_items() -> None:
    cases: list[Any] = [
        ("learning rate at step 100 with warmup 4000 and d_model 512", 100, 4000, 512),
        ("what is the learning rate at step 4000 with 4000 warmup steps and d_model 512?", 4000, 4000, 512),
        ("compute the learning rate at step 20000, warmup 4000, d_model = 256", 20000, 4000, 256),
        ("Noam schedule: learning rate at step 1 with warmup = 8000 and d_model = 1024", 1, 8000, 1024),
        ("lr after 500 steps with warmup_steps=4000 and d_model=512?", 500, 4000, 512),
        ("transformer lr schedule, step 10,000, warmup 4,000, d_model 512", 10000, 4000, 512),
        ("what's the learning rate at step 2000 if warmup is 1000 and d_model = 128", 2000, 1000, 128),
        ("compute the warmup learning rate for step 50, 400 warm-up steps, d_model 64", 50, 400, 64),
        ("learning rate schedule at step = 8000 (warmup 4000, d_model 768)", 8000, 4000, 768),
        ("Noam lr at step 300 with warmup 300 and d_model 256", 300, 300, 256),
        ("what learning rate does the paper's schedule give at step 1000 with 2000 warmup steps, d_model = 512?",
         1000, 2000, 512),
        ("calculate lr at step 123 with warmup 4000 and d_model 512", 123, 4000, 512),
    ]  # fmt: skip
    for text, step, warmup, d in cases:
        add(
            "lr_schedule",
            text,
            {"step": step, "warmup": warmup, "d_model": d},
            learning_rate(step, warmup, d),
            "scalars",
        )


def _lm_head_items() -> None:
    cases: list[Any] = [
        ("LM head: h = [1, 0, 2], U = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], temperature 0.5",
         [1, 0, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], 0.5),
        ("next-token probabilities for hidden state [0.5, -1] and unembedding matrix [[1, 0], [0, 1], [1, 1]]",
         [0.5, -1], [[1, 0], [0, 1], [1, 1]], None),
        ("compute the language model head with h = np.array([1, 1]) and U = np.array([[2, 0], [0, 2], [1, -1]])",
         [1, 1], [[2, 0], [0, 2], [1, -1]], None),
        ("lm head: final hidden state (1, 2), unembedding ((1, 0), (0, 1)), temperature 2",
         [1, 2], [[1, 0], [0, 1]], 2.0),
        ("work through the LM head for h = [0, 1, 0] with U = [[1, 1, 1], [0, 2, 0], [3, 0, 0]]",
         [0, 1, 0], [[1, 1, 1], [0, 2, 0], [3, 0, 0]], None),
        ("next-token distribution: h = [1, -1], U = [[1, -1], [-1, 1], [0, 0], [2, 2]], temperature = 0.7",
         [1, -1], [[1, -1], [-1, 1], [0, 0], [2, 2]], 0.7),
    ]  # fmt: skip
    for text, h, u, tau in cases:
        args = {"h": h, "U": u} | ({"temperature": tau} if tau else {})
        add("lm_head", text, args, lm_probs(h, u, tau or 1.0), "vector and matrix")


def _alignment_items() -> None:
    cases: list[Any] = [
        ("compute alignment scores for s = [1, 2] and H = [[3, 4], [0, 1], [-2, 1]]", [1, 2], [[3, 4], [0, 1], [-2, 1]]),
        ("alignment scores between the decoder state [1, 0, 1] and encoder states [[1, 1, 0], [0, 1, 1]]",
         [1, 0, 1], [[1, 1, 0], [0, 1, 1]]),
        ("score functions (dot, general, additive, cosine) for s = (0.5, 1) and h_j rows (1, 0), (0, 1), (1, 1)",
         [0.5, 1], [[1, 0], [0, 1], [1, 1]]),
        ("Luong/Bahdanau alignment for s = [2, -1] and H = np.array([[1, 2], [2, 1]])", [2, -1], [[1, 2], [2, 1]]),
        ("cosine and dot alignment scores: s = [1, 1, 1], encoder states [1, 0, 0], [0, 2, 0] and [1, 1, 1]",
         [1, 1, 1], [[1, 0, 0], [0, 2, 0], [1, 1, 1]]),
        ("alignment scores with s = [3, 4] and H = [[4, 3]]", [3, 4], [[4, 3]]),
    ]  # fmt: skip
    for text, s, h in cases:
        add("alignment_scores", text, {"s": s, "H": h}, alignment(s, h), "vector and matrix")


def _orthogonal_items() -> None:
    cases: list[Any] = [
        ("x_1 = [1, 0], x_2 = [0, 1]: x_1 is orthogonal to x_2, so does x_1 have zero influence on y_2?",
         [[1, 0], [0, 1]]),
        ("if x_j is orthogonal to x_i its attention weight is zero, right? X = [[1, 0, 0], [0, 1, 0], [1, 1, 0]]",
         [[1, 0, 0], [0, 1, 0], [1, 1, 0]]),
        ("vectors [1, 0, 0], [0, 0, 1] and [0, 1, 0] are orthogonal; do they have zero influence on the output?",
         [[1, 0, 0], [0, 0, 1], [0, 1, 0]]),
        ("orthogonal vectors x = [[2, 0], [0, 3]]: is the softmax weight zero?", [[2, 0], [0, 3]]),
    ]  # fmt: skip
    for text, x in cases:
        add("orthogonal_influence", text, {"X": x}, orthogonal(x), "claim with vectors")


def _cost_and_count_items() -> None:
    costs = [
        ("Compare FLOPs of self-attention and a recurrent layer for n = 100 and d = 512", 100, 512),
        ("compute per-layer cost for sequence length 1000 and d_model 512", 1000, 512),
        ("complexity of self-attention vs recurrent for n = 50, d = 64", 50, 64),
        ("FLOPs of a self-attention layer against an RNN with 200 tokens and d_model = 128", 200, 128),
        ("per layer cost with n = 10 and d = 16, self-attention vs recurrent", 10, 16),
    ]
    for text, n, d in costs:
        add("layer_cost", text, {"n": n, "d": d}, layer_cost(n, d), "scalars")
    counts: list[tuple[str, dict[str, Any], tuple[Any, ...]]] = [
        ("How many parameters does GPT-2 small have?", {"preset": "gpt2-small"}, ("gpt2", 12, 768, 50257, 1024)),
        ("How many parameters does BERT-base have?", {"preset": "bert-base"}, ("bert", 12, 768, 30522, 512)),
        ("count the parameters of gpt2-medium", {"preset": "gpt2-medium"}, ("gpt2", 24, 1024, 50257, 1024)),
        ("number of parameters for 12 layers, d_model = 768, vocab 30522", {"n_layers": 12, "d_model": 768, "vocab_size": 30522},
         ("gpt2", 12, 768, 30522, 1024)),
        ("how many parameters in a 6-layer GPT-2 style model with d_model 512 and vocab size 10000?",
         {"style": "gpt2", "n_layers": 6, "d_model": 512, "vocab_size": 10000}, ("gpt2", 6, 512, 10000, 1024)),
        ("parameter count of bert-large", {"preset": "bert-large"}, ("bert", 24, 1024, 30522, 512)),
    ]  # fmt: skip
    for text, args, (style, layers, d, vocab, pos) in counts:
        values = param_count(style, layers, d, vocab, pos) if style == "gpt2" else _bert(layers, d, vocab)
        add("param_count", text, args, values, "preset or sizes")


def _bert(layers: int, d: int, vocab: int) -> list[float]:
    return param_count("bert", layers, d, vocab)


def _random_weight_items() -> None:
    cases: list[Any] = [
        ("multihead", "multi-head attention with 2 heads on X = [[1, 0, 1, 0], [0, 1, 0, 1]]",
         {"heads": 2, "X": [[1, 0, 1, 0], [0, 1, 0, 1]]}),
        ("multihead", "work through a multi-head attention example with 4 heads and d_model = 16, causal",
         {"heads": 4, "d_model": 16, "mask": "causal"}),
        ("multihead", "multihead attention, 2 heads, inputs np.array([[1, 2], [3, 4], [5, 6]])",
         {"heads": 2, "X": [[1, 2], [3, 4], [5, 6]]}),
        ("multihead", "show me the numbers for multi-head attention with 8 heads, d_model 32 and 5 tokens",
         {"heads": 8, "d_model": 32, "tokens": 5}),
        ("ffn", "compute the feed-forward network for x = [[1, -1, 0, 2]] with d_ff 8",
         {"X": [[1, -1, 0, 2]], "d_ff": 8}),
        ("ffn", "calculate the FFN with d_model 8 and d_ff 32 using gelu", {"d_model": 8, "d_ff": 32, "activation": "gelu"}),
        ("ffn", "position-wise feed-forward on X = [[1, 0], [0, 1]], relu, d_ff = 4",
         {"X": [[1, 0], [0, 1]], "activation": "relu", "d_ff": 4}),
        ("ffn", "work through the MLP block with 2 tokens, d_model = 4, seed 3", {"tokens": 2, "d_model": 4, "seed": 3}),
        ("encoder_layer", "Work through a pre-norm encoder layer with 4 tokens", {"tokens": 4, "norm": "pre"}),
        ("encoder_layer", "compute a post-norm encoder layer, d_model 16, 4 heads, seed 3",
         {"d_model": 16, "heads": 4, "norm": "post", "seed": 3}),
        ("encoder_layer", "encoder layer on X = [[1, 0, 0, 1], [0, 1, 1, 0]] with 2 heads",
         {"X": [[1, 0, 0, 1], [0, 1, 1, 0]], "heads": 2}),
        ("encoder_layer", "show me a transformer block with 3 tokens, d_model 8 and gelu",
         {"tokens": 3, "d_model": 8, "activation": "gelu"}),
        ("decoder_layer", "compute cross-attention in a decoder block with 2 tokens", {"tokens": 2}),
        ("decoder_layer", "decoder layer with X = [[1, 0], [0, 1]] and memory = [[1, 1], [2, 0], [0, 2]], 1 head",
         {"X": [[1, 0], [0, 1]], "memory": [[1, 1], [2, 0], [0, 2]], "heads": 1}),
        ("decoder_layer", "work through a decoder layer with 3 tokens, 5 source tokens and d_model 8",
         {"tokens": 3, "source_tokens": 5, "d_model": 8}),
        ("decoder_layer", "pre-norm decoder layer example, d_model = 4, 2 heads, seed 1",
         {"norm": "pre", "d_model": 4, "heads": 2, "seed": 1}),
    ]  # fmt: skip
    for kind, text, args in cases:
        add(kind, text, args, None, "sizes and options")


def ffn(x: Rows, w1: Rows, b1: Vec, w2: Rows, b2: Vec, activation: str = "relu") -> list[float]:
    """F.linear, the activation, F.linear (weights as written: x W + b, so W is transposed)."""
    pre = F.linear(_t(x), _t(w1).T, _t(b1))
    hidden = F.relu(pre) if activation == "relu" else F.gelu(pre)
    return F.linear(hidden, _t(w2).T, _t(b2)).flatten().tolist()


def _ffn_items() -> None:
    cases: list[Any] = [
        ("compute the FFN for x = [[1, -1]] with W1 = [[1, 0, 1], [0, 1, 1]], b1 = [0, 0, -1], W2 = [[1, 0], [0, 1], [1, 1]] and b2 = [0.5, 0]",
         [[1, -1]], [[1, 0, 1], [0, 1, 1]], [0, 0, -1], [[1, 0], [0, 1], [1, 1]], [0.5, 0], "relu"),
        ("position-wise feed-forward: X = [[1, 2], [0, 1]], W_1 = [[1, -1], [0, 1]], b_1 = [0, 0], W_2 = [[2, 0], [0, 2]], b_2 = [1, 1]",
         [[1, 2], [0, 1]], [[1, -1], [0, 1]], [0, 0], [[2, 0], [0, 2]], [1, 1], "relu"),
        ("FFN with GELU on x = (0.5, -0.5), W1 = ((1, 1), (1, -1)), b1 = (0, 0), W2 = ((1, 0), (0, 1)), b2 = (0, 0)",
         [[0.5, -0.5]], [[1, 1], [1, -1]], [0, 0], [[1, 0], [0, 1]], [0, 0], "gelu"),
        ("work through the MLP: input [2, 0, 1], W_1 = np.array([[1, 0], [0, 1], [1, 1]]), b_1 = [-1, 0], W_2 = [[1, 2, 0], [0, 1, 1]], b_2 = [0, 0, 0]",
         [[2, 0, 1]], [[1, 0], [0, 1], [1, 1]], [-1, 0], [[1, 2, 0], [0, 1, 1]], [0, 0, 0], "relu"),
    ]  # fmt: skip
    for text, x, w1, b1, w2, b2, act in cases:
        args = {"X": x, "W_1": w1, "b_1": b1, "W_2": w2, "b_2": b2} | (
            {"activation": act} if "GELU" in text else {}
        )
        add("ffn", text, args, ffn(x, w1, b1, w2, b2, act), "explicit weights")


def _messy_items() -> None:
    """Notes-to-self style: no spaces, bare lists, LaTeX inline, indexed rows, typos in words."""
    q1, k1, v1 = [[1, 0], [0, 1]], [[0, 1], [1, 0]], [[1, 2], [3, 4]]
    add(
        "attention",
        "hi! stuck on hw: Q=[[1,0],[0,1]] K=[[0,1],[1,0]] V=[[1,2],[3,4]] what's softmax(QK^T/√2)V??",
        {"Q": q1, "K": k1, "V": v1},
        attention(q1, k1, v1),
        "no spaces",
    )
    k2 = [[1, 0], [0, 1], [1, 1]]
    add(
        "attention",
        "Given the keys k1 = [1, 0], k2 = [0, 1], k3 = [1, 1] and the query q = [1, 2], compute the attention weights",
        {"Q": [[1, 2]], "K": k2},
        attention([[1, 2]], k2, None),
        "indexed rows",
    )
    v3 = [[1, 0], [0, 1]]
    add(
        "attention",
        "q_1 = [1, 1], q_2 = [0, 1]; k_1 = [1, 0], k_2 = [0, 2]; v_1 = [1, 0], v_2 = [0, 1]. Attention output?",
        {"Q": [[1, 1], [0, 1]], "K": [[1, 0], [0, 2]], "V": v3},
        attention([[1, 1], [0, 1]], [[1, 0], [0, 2]], v3),
        "indexed rows",
    )
    add(
        "attention",
        r"$Q = \begin{bmatrix}1 & 0\\0 & 1\end{bmatrix}$, $K = \begin{bmatrix}1 & 1\\1 & -1\end{bmatrix}$, "
        r"$V = \begin{bmatrix}2 & 0\\0 & 2\end{bmatrix}$: compute the attention",
        {"Q": [[1, 0], [0, 1]], "K": [[1, 1], [1, -1]], "V": [[2, 0], [0, 2]]},
        attention([[1, 0], [0, 1]], [[1, 1], [1, -1]], [[2, 0], [0, 2]]),
        "LaTeX inline",
    )
    add("softmax", "softmax of 1, 2 and 3", {"scores": [1, 2, 3]}, softmax([1, 2, 3]), "bare list")
    add(
        "softmax",
        "softmax over 4 scores: 0.5, 1, 1.5, 2 with temperature 0.5",
        {"scores": [0.5, 1, 1.5, 2], "temperature": 0.5, "tokens": 4},
        softmax([0.5, 1, 1.5, 2], 0.5),
        "bare list",
    )
    add(
        "softmax",
        "what's softmax([2, 4, 6]) if temp=2",
        {"scores": [2, 4, 6], "temperature": 2.0},
        softmax([2, 4, 6], 2.0),
        "code-like",
    )
    add(
        "layer_norm",
        "layernorm x = [1 2 3 4] (numpy printed) eps=1e-3",
        {"X": [[1, 2, 3, 4]], "eps": 0.001},
        layer_norm([[1, 2, 3, 4]], eps=1e-3),
        "numpy printed",
    )
    add(
        "layer_norm",
        "layer norm on torch.tensor([[1., 2.], [3., 5.]])",
        {"X": [[1.0, 2.0], [3.0, 5.0]]},
        layer_norm([[1, 2], [3, 5]]),
        "torch",
    )
    add(
        "label_smoothing",
        "logits are 2, 1 and 0.1 and the right answer is the 2nd class, ε=0.1. smoothed CE?",
        {"logits": [[2, 1, 0.1]], "target": [1], "epsilon": 0.1},
        smoothed_loss([[2, 1, 0.1]], [1], 0.1),
        "bare list",
    )
    add(
        "positional_encoding",
        "positional encoding: pos=3, dmodel=4",
        {"position": 3, "d_model": 4},
        positional(3, 4),
        "no spaces",
    )
    add(
        "positional_encoding",
        "sinusoidal encoding of position five with d_model 6, show the numbers",
        {"position": 5, "d_model": 6},
        positional(5, 6),
        "number word",
    )
    add(
        "lr_schedule",
        "LR at step 250, warmup=1000, d_model=64",
        {"step": 250, "warmup": 1000, "d_model": 64},
        learning_rate(250, 1000, 64),
        "no spaces",
    )
    add(
        "lm_head",
        "probs of next token: hidden h=(1,0), U rows (1,1), (2,0), (0,2)",
        {"h": [1, 0], "U": [[1, 1], [2, 0], [0, 2]]},
        lm_probs([1, 0], [[1, 1], [2, 0], [0, 2]]),
        "tuples listed",
    )
    add(
        "orthogonal_influence",
        "x_1=[1,0,0], x_2=[0,1,0] are orthogonal so x_1 has no influence on y_2? show it",
        {"X": [[1, 0, 0], [0, 1, 0]]},
        orthogonal([[1, 0, 0], [0, 1, 0]]),
        "indexed rows",
    )
    add(
        "alignment_scores",
        "alignment scores: s=[1,1], encoder states h_1=[1,0], h_2=[0,1], h_3=[2,2]",
        {"s": [1, 1], "H": [[1, 0], [0, 1], [2, 2]]},
        alignment([1, 1], [[1, 0], [0, 1], [2, 2]]),
        "indexed rows",
    )


CONCEPTS = [
    "Why is d_k = 64 in the base model?",
    "what happens to softmax when scores are large?",
    "Why does the base Transformer use 8 heads with d_model = 512?",
    "Why is d_ff = 2048, four times d_model?",
    "Why do we divide the scores by sqrt(64) = 8?",
    "Why is the warmup 4000 steps in the original paper?",
    "What does a temperature of 0.5 do to a softmax distribution?",
    "Why does GPT-2 small have 12 layers and 12 heads?",
    "Is label smoothing of 0.1 always a good idea?",
    "What happens to softmax when the scores are around 100 or 1000?",
    "How does the learning rate behave after step 4000?",
    "What is the role of the 10000 in the positional encoding formula?",
    "Are 2 heads enough for a small model?",
    "Why does BERT-base have 110 million parameters while GPT-2 small has 124 million?",
    "Does layer norm with eps = 1e-5 ever divide by zero?",
    "Can attention over 512 tokens be slow, and why?",
    "Why do we use 6 encoder layers and 6 decoder layers?",
    "Is self-attention with n = 1000 more expensive than a recurrent layer?",
    "What is the intuition behind scaling by 1/sqrt(d_k) when d_k = 64?",
    "Should the temperature be below 1 for sharper outputs?",
    "Why is the positional encoding of position 0 all zeros and ones?",
    "Explain why softmax(x + 5) equals softmax(x).",
    "When d_model = 512, why does each head get 64 dimensions?",
    "What does epsilon = 0.1 mean in label smoothing?",
    "How do 8 attention heads differ from 1 big head?",
    "Does a causal mask with 4 tokens let token 2 see token 3?",
    "Why do we need 3 separate matrices W_Q, W_K and W_V?",
    "Is a learning rate of 0.001 with warmup 4000 too large?",
    "What is the purpose of the 4x expansion in the feed-forward layer?",
    "Why does cross-entropy with 10 classes start around 2.3?",
    "How does batch norm behave with a batch of 1?",
    "In what way does multi-head attention with 16 heads help?",
    "Why do the sinusoid wavelengths go from 2π to 10000·2π?",
    "Which layer uses 2048 hidden units in the Transformer?",
    "Why is the vocabulary of GPT-2 50257 tokens?",
    "What does the 0.5 exponent in d_model^-0.5 do in the schedule?",
    "Do we apply layer norm before or after the residual in GPT-2's 12 blocks?",
    "Why can't softmax output exactly 0 even for a score of -100?",
    "Is attention with d_k = 1 still meaningful?",
    "What is the difference between 1 head of size 512 and 8 heads of size 64?",
    "why does the learning rate peak at step 4000 when warmup = 4000?",
    "What does it mean that self-attention has O(1) sequential operations for n = 100 tokens?",
]


def render() -> str:
    """The file's content: requests first, then concept questions."""
    ITEMS.clear()
    for build in (_attention_items, _softmax_items, _layer_norm_items, _label_smoothing_items, _positional_items,
                  _lr_items, _lm_head_items, _alignment_items, _orthogonal_items, _cost_and_count_items,
                  _random_weight_items, _messy_items, _ffn_items):  # fmt: skip
        build()
    lines = []
    for i, (kind, question, args, values, style) in enumerate(ITEMS, 1):
        row = {
            "id": f"r{i:03d}",
            "route": True,
            "question": question,
            "kind": kind,
            "expected_args": args,
            "expected_values": values,
            "computed_with": WITH[kind] if values is not None else "none: random weights or inputs",
            "style": style,
        }
        lines.append(json.dumps(row, ensure_ascii=False))
    for i, question in enumerate(CONCEPTS, 1):
        lines.append(
            json.dumps({"id": f"c{i:03d}", "route": False, "question": question}, ensure_ascii=False)
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        stale = not OUT.exists() or OUT.read_text(encoding="utf-8") != text
        print(f"{OUT.name} is {'stale: run make_numeric_requests.py' if stale else 'up to date'}")
        return int(stale)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(ITEMS)} requests and {len(CONCEPTS)} concept questions to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
