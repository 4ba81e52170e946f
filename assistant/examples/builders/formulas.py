"""Builders for positional encoding, the LR schedule, label smoothing, parameter counts and
per-layer cost.
"""

from __future__ import annotations

import dataclasses

import torch

from assistant.examples.builders._common import (
    RANDOM_NOTE,
    Built,
    generator,
    given_or_drawn,
    nested,
    step,
)
from assistant.examples.params import (
    LabelSmoothingParams,
    LayerCostParams,
    LRScheduleParams,
    ParamCountParams,
    PositionalParams,
)
from assistant.examples.record import Step
from assistant.reference import (
    PRESETS,
    BertShape,
    GPT2Shape,
    count_parameters,
    frequencies,
    label_smoothed_cross_entropy,
    learning_rate_steps,
    recurrent_cost,
    rotation_demo,
    self_attention_cost,
)


def build_positional(p: PositionalParams) -> Built:
    pos, k, d = p.position, p.shift, p.d_model
    demo = rotation_demo(pos, k, d, p.base)
    omega = frequencies(d, p.base)
    steps = (
        step("frequencies", f"ω_i = 1 / {p.base:g}^(2i/{d}) for i = 0..{d // 2 - 1}.", omega),
        step("angles", f"Angles pos · ω_i with pos = {pos}.", pos * omega),
        step(
            "pe_position",
            f"PE({pos}): sin of each angle in the even slots 2i, cos in the odd slots 2i+1.",
            demo.pe_position,
        ),
        step("pe_shifted", f"PE({pos + k}) from the same formula (pos + k, k = {k}).", demo.pe_shifted),
        step(
            "rotation",
            f"R({k}): a 2x2 rotation by k·ω_i for each pair (2i, 2i+1), zeros elsewhere; "
            "it does not depend on pos.",
            demo.rotation,
        ),
        step(
            "rotated",
            f"R({k}) PE({pos}) equals PE({pos + k}) up to rounding "
            f"(largest difference {demo.max_abs_error:.1e}).",
            demo.rotated,
        ),
    )
    return Built(
        inputs={"position": pos, "d_model": d, "shift": k, "base": p.base},
        steps=steps,
        outputs={
            "positional_encoding": nested(demo.pe_position),
            "shifted_encoding": nested(demo.pe_shifted),
            "rotation": nested(demo.rotation),
            "max_abs_error": demo.max_abs_error,
        },
    )


def build_lr_schedule(p: LRScheduleParams) -> Built:
    s = learning_rate_steps(p.step, p.d_model, p.warmup)
    smaller = "step · warmup^-1.5 (still warming up)" if s.branch == "warmup" else "step^-0.5 (decaying)"
    steps = (
        step("decay_term", f"step^-0.5 = {p.step}^-0.5.", s.decay_term),
        step("warmup_term", f"step · warmup^-1.5 = {p.step} · {p.warmup}^-1.5.", s.warmup_term),
        step("minimum", f"The smaller one is {smaller}.", min(s.decay_term, s.warmup_term)),
        step("scale", f"d_model^-0.5 = {p.d_model}^-0.5.", s.scale),
        step("learning_rate", "Multiply: lrate = d_model^-0.5 · min(...).", s.learning_rate),
    )
    return Built(
        inputs={"step": p.step, "warmup": p.warmup, "d_model": p.d_model},
        steps=steps,
        outputs={
            "learning_rate": s.learning_rate,
            "branch": s.branch,
            "peak_step": p.warmup,
            "peak_learning_rate": s.peak_learning_rate,
        },
    )


def build_label_smoothing(p: LabelSmoothingParams) -> Built:
    g = generator(p.seed)
    n = len(p.logits) if p.logits else p.tokens
    c = len(p.logits[0]) if p.logits else p.classes
    logits, l_drawn = given_or_drawn(p.logits, g, n, c)
    drawn_target = p.target is None
    target = torch.randint(0, c, (n,), generator=g) if p.target is None else torch.tensor(p.target)
    s = label_smoothed_cross_entropy(logits, target, p.epsilon)
    plain = label_smoothed_cross_entropy(logits, target, 0.0)
    eps = p.epsilon
    steps = (
        step("log_probs", "log softmax of each row of logits.", s.log_probs),
        step(
            "target_distribution",
            f"Smoothed targets: 1 - ε + ε/C = {1 - eps + eps / c:.4f} on the correct class, "
            f"ε/C = {eps / c:.4f} elsewhere (ε = {eps:g}, C = {c}).",
            s.target_distribution,
        ),
        step("per_token", "Per token: -Σ_c q_c log p_c.", s.per_token),
        step("loss", "Average over the tokens.", s.loss),
        step("loss_without_smoothing", "For comparison, plain cross-entropy (ε = 0).", plain.loss),
    )
    drawn = [name for name, dr in (("logits", l_drawn), ("target", drawn_target)) if dr]
    return Built(
        inputs={"logits": nested(logits), "target": target.tolist(), "epsilon": eps},
        steps=steps,
        outputs={"loss": nested(s.loss), "loss_without_smoothing": nested(plain.loss)},
        notes=(f"drawn at random: {', '.join(drawn)}", RANDOM_NOTE.format(seed=p.seed)) if drawn else (),
    )


def _shape(p: ParamCountParams) -> tuple[str, GPT2Shape | BertShape]:
    base = p.preset or ("bert-base" if p.style == "bert" else "gpt2-small")
    overrides = {
        "n_layer": p.n_layers,
        "d_model": p.d_model,
        "vocab_size": p.vocab_size,
        "n_positions": p.n_positions,
        "d_ff": p.d_ff,
        "pooler": p.pooler,
    }
    changed = {k: v for k, v in overrides.items() if v is not None}
    preset = PRESETS[base]
    return base, type(preset)(**{**dataclasses.asdict(preset), **changed})


def _part(label: str, n: int) -> Step:
    return step(label.split(" (")[0].replace(" ", "_"), f"{label}: {n:,} parameters.", n)


def build_param_count(p: ParamCountParams) -> Built:
    base, shape = _shape(p)
    count = count_parameters(shape)
    n_layer, d = shape.n_layer, shape.d_model
    n_final = 1 if count.final else 0
    n_embedding = len(count.breakdown) - 1 - n_final
    per_layer = (
        f"One layer: Q, K, V and W^O with biases, FFN W_1 and W_2 with biases, "
        f"two layer norms = {count.per_layer:,}."
    )
    estimate = f"Rough estimate 12 · n_layer · d_model² = 12 · {n_layer} · {d}² = {count.estimate:,}."
    steps = (
        *(_part(label, n) for label, n in count.breakdown[:n_embedding]),
        step("per_layer", per_layer, count.per_layer),
        step("layers", f"{n_layer} layers x {count.per_layer:,} = {count.layers:,}.", count.layers),
        *(_part(label, n) for label, n in count.breakdown[n_embedding + 1 :]),
        step("total", f"Exact total: {count.total:,} parameters.", count.total),
        step("estimate", estimate, count.estimate),
    )
    return Built(
        inputs={"base": base, **dataclasses.asdict(shape)},
        steps=steps,
        outputs={
            "total": count.total,
            "estimate": count.estimate,
            "difference": count.total - count.estimate,
        },
        notes=(
            *(() if p.preset or p.style else (f"no model named; counting {base}",)),
            "the estimate leaves out embeddings, biases and layer norms",
            "the LM head is tied to the token embedding and adds no parameters",
        ),
    )


def build_layer_cost(p: LayerCostParams) -> Built:
    attn, rnn = self_attention_cost(p.n, p.d), recurrent_cost(p.n, p.d)
    if attn.flops == rnn.flops:
        cheaper = "they cost the same here (n = d)"
    else:
        cheaper = ("self-attention" if attn.flops < rnn.flops else "the recurrent layer") + " is cheaper here"
    attn_text = (
        f"Self-attention: 2 · n² · d multiply-adds (QKᵀ and weights · V) = {attn.multiply_adds:,}, "
        f"i.e. {attn.flops:,} FLOPs."
    )
    rnn_text = (
        f"Recurrent layer: 2 · n · d² multiply-adds (W h and U x at each step) = {rnn.multiply_adds:,}, "
        f"i.e. {rnn.flops:,} FLOPs."
    )
    steps = (
        step("self_attention_flops", attn_text, attn.flops),
        step("recurrent_flops", rnn_text, rnn.flops),
        step(
            "self_attention_sequential_steps",
            "Self-attention handles all positions at once: 1 sequential step, path length 1.",
            attn.sequential_steps,
        ),
        step(
            "recurrent_sequential_steps",
            f"The recurrent layer runs n = {p.n} steps one after another (path length {p.n}).",
            rnn.sequential_steps,
        ),
        step(
            "flops_ratio",
            f"Self-attention / recurrent = n / d = {p.n}/{p.d}; {cheaper}.",
            attn.flops / rnn.flops,
        ),
    )
    return Built(
        inputs={"n": p.n, "d": p.d},
        steps=steps,
        outputs={"self_attention": dataclasses.asdict(attn), "recurrent": dataclasses.asdict(rnn)},
        notes=("Q/K/V/O projections (4 · n · d² multiply-adds) are left out, as in Vaswani et al., Table 1",),
    )
