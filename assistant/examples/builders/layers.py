"""Builders for layer norm vs batch norm, the FFN, encoder and decoder layers, LM head."""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor

from assistant.examples.builders._common import (
    RANDOM_NOTE,
    Built,
    draw_weight,
    fmt,
    generator,
    given_or_drawn,
    nested,
    step,
    tensor,
)
from assistant.examples.params import (
    DecoderParams,
    EncoderParams,
    FFNParams,
    LayerNormParams,
    LMHeadParams,
)
from assistant.examples.record import Step
from assistant.reference import (
    DecoderLayerWeights,
    EncoderLayerWeights,
    FeedForwardWeights,
    MultiHeadSteps,
    MultiHeadWeights,
    NormWeights,
    batch_norm,
    decoder_layer,
    encoder_layer,
    layer_norm,
    lm_head,
    position_wise_ffn,
)


def _notes(seed: int, drawn: list[str], *extra: str) -> tuple[str, ...]:
    head = (f"drawn at random: {', '.join(drawn)}",) if drawn else ()
    return (*head, RANDOM_NOTE.format(seed=seed), *extra)


def _x(p: Any, g: torch.Generator) -> tuple[Tensor, bool]:
    t = len(p.X) if p.X else p.tokens
    d_model = len(p.X[0]) if p.X else p.d_model
    return given_or_drawn(p.X, g, t, d_model)


def build_layer_norm(p: LayerNormParams) -> Built:
    g = generator(p.seed)
    x, drawn = _x(p, g)
    d = x.size(-1)
    gain = tensor(p.gain) if p.gain else torch.ones(d, dtype=torch.float64)
    bias = tensor(p.bias) if p.bias else torch.zeros(d, dtype=torch.float64)
    w = NormWeights(gain, bias)
    ln, bn = layer_norm(x, w, p.eps), batch_norm(x, w, p.eps)
    affine = "γ = 1 and β = 0 leave it unchanged" if not (p.gain or p.bias) else "apply γ, β"
    steps = (
        step("ln_mean", f"Layer norm: mean of each token's {d} features (one per row).", ln.mean.squeeze(-1)),
        step(
            "ln_variance",
            f"Layer norm: biased variance of each row (divide by {d}).",
            ln.variance.squeeze(-1),
        ),
        step(
            "ln_normalized",
            f"Layer norm: (x - mean) / √(variance + ε), ε = {p.eps:g}, per row.",
            ln.normalized,
        ),
        step("ln_output", f"Layer norm: scale by γ and shift by β ({affine}).", ln.output),
        step(
            "bn_mean",
            f"Batch norm: mean of each feature over the {x.size(0)} tokens (one per column).",
            bn.mean,
        ),
        step("bn_variance", "Batch norm: biased variance of each column.", bn.variance),
        step("bn_normalized", "Batch norm: (x - mean) / √(variance + ε), per column.", bn.normalized),
        step("bn_output", f"Batch norm: scale by γ and shift by β ({affine}).", bn.output),
    )
    return Built(
        inputs={"X": nested(x), "gain": nested(gain), "bias": nested(bias), "eps": p.eps},
        steps=steps,
        outputs={"layer_norm": nested(ln.output), "batch_norm": nested(bn.output)},
        notes=(
            *(_notes(p.seed, ["X"]) if drawn else ()),
            "layer norm normalises each token (row) over its features; batch norm normalises "
            "each feature (column) over the batch, so a token's result depends on the others",
        ),
    )


def _ffn_weights(g: torch.Generator, d_model: int, d_ff: int) -> FeedForwardWeights:
    return FeedForwardWeights(
        draw_weight(g, d_model, d_model, d_ff),
        draw_weight(g, d_model, d_ff),
        draw_weight(g, d_ff, d_ff, d_model),
        draw_weight(g, d_ff, d_model),
    )


def _ffn_inputs(w: FeedForwardWeights) -> dict[str, Any]:
    return {"W_1": nested(w.w1), "b_1": nested(w.b1), "W_2": nested(w.w2), "b_2": nested(w.b2)}


def build_ffn(p: FFNParams) -> Built:
    g = generator(p.seed)
    x, drawn = _x(p, g)
    d_model = x.size(-1)
    d_ff = len(p.W_1[0]) if p.W_1 else len(p.W_2) if p.W_2 else len(p.b_1) if p.b_1 else p.d_ff or 4 * d_model
    drawn_w = _ffn_weights(g, d_model, d_ff)
    w = FeedForwardWeights(
        tensor(p.W_1) if p.W_1 else drawn_w.w1,
        tensor(p.b_1) if p.b_1 else drawn_w.b1,
        tensor(p.W_2) if p.W_2 else drawn_w.w2,
        tensor(p.b_2) if p.b_2 else drawn_w.b2,
    )
    f = position_wise_ffn(x, w, p.activation)
    zeroed = int((f.pre_activation < 0).sum()) if p.activation == "relu" else None
    act_text = f"max(0, ·) sets the {zeroed} negative entries to 0" if zeroed is not None else p.activation
    steps = (
        step(
            "pre_activation",
            f"x W_1 + b_1 for every token: d_model = {d_model} → d_ff = {d_ff}.",
            f.pre_activation,
        ),
        step("hidden", f"Apply the activation: {act_text}.", f.hidden),
        step("output", "hidden W_2 + b_2 brings each token back to d_model.", f.output),
    )
    return Built(
        inputs={"X": nested(x), "activation": p.activation, **_ffn_inputs(w)},
        steps=steps,
        outputs={"output": nested(f.output)},
        notes=_ffn_notes(p, drawn),
    )


def _ffn_notes(p: FFNParams, x_drawn: bool) -> tuple[str, ...]:
    drawn = (["X"] if x_drawn else []) + [n for n in ("W_1", "b_1", "W_2", "b_2") if getattr(p, n) is None]
    same = "the same W_1, W_2 are used at every position"
    return _notes(p.seed, drawn, same) if drawn else (same,)


def _attention_weights(g: torch.Generator, d_model: int) -> MultiHeadWeights:
    return MultiHeadWeights(*(draw_weight(g, d_model, d_model, d_model) for _ in range(4)))


def _attention_inputs(prefix: str, w: MultiHeadWeights) -> dict[str, Any]:
    names = (("W_Q", w.w_q), ("W_K", w.w_k), ("W_V", w.w_v), ("W_O", w.w_o))
    return {f"{prefix}{n}": nested(t) for n, t in names}


def _sublayer_steps(prefix: str, label: str, m: MultiHeadSteps, after: Tensor, pre: bool) -> list[Step]:
    where = "x + sublayer(LayerNorm(x))" if pre else "LayerNorm(x + sublayer(x))"
    return [
        step(f"{prefix}attention_weights", f"{label}: per-head softmax(q kᵀ / √d_k).", m.attention.weights),
        step(f"{prefix}attention_output", f"{label}: heads concatenated and mixed by W^O.", m.output),
        step(f"after_{prefix}attention", f"Residual and norm: {where}.", after),
    ]


def build_encoder(p: EncoderParams) -> Built:
    g = generator(p.seed)
    x, drawn = _x(p, g)
    d_model = x.size(-1)
    d_ff = p.d_ff or 4 * d_model
    w = EncoderLayerWeights(
        _attention_weights(g, d_model),
        _ffn_weights(g, d_model, d_ff),
        NormWeights.identity(d_model),
        NormWeights.identity(d_model),
    )
    pre = p.norm == "pre"
    e = encoder_layer(x, w, p.heads, norm_first=pre, is_causal=p.mask == "causal", activation=p.activation)
    steps = [
        step(
            "attention_input",
            "Input to self-attention: " + ("LayerNorm(x)." if pre else "x itself."),
            e.attention_input,
        ),
        *_sublayer_steps("", "Self-attention", e.attention, e.after_attention, pre),
        step(
            "ffn_input",
            "Input to the FFN: " + ("LayerNorm of the state." if pre else "the state."),
            e.ffn_input,
        ),
        step("ffn_output", f"FFN: {p.activation}(x W_1 + b_1) W_2 + b_2 per token.", e.ffn.output),
        step(
            "output",
            "Second residual" + (": state + FFN." if pre else " and norm: LayerNorm(state + FFN)."),
            e.output,
        ),
    ]
    return Built(
        inputs={
            "X": nested(x),
            "heads": p.heads,
            "norm": p.norm,
            "mask": p.mask,
            "activation": p.activation,
            **_attention_inputs("", w.attention),
            **_ffn_inputs(w.ffn),
        },
        steps=tuple(steps),
        outputs={"attention_weights": nested(e.attention.attention.weights), "output": nested(e.output)},
        notes=_notes(
            p.seed, ["X"] if drawn else [], "layer norms start at γ = 1, β = 0; attention has no bias"
        ),
    )


def build_decoder(p: DecoderParams) -> Built:
    g = generator(p.seed)
    x, x_drawn = _x(p, g)
    d_model = x.size(-1)
    memory, m_drawn = given_or_drawn(p.memory, g, len(p.memory) if p.memory else p.source_tokens, d_model)
    d_ff = p.d_ff or 4 * d_model
    w = DecoderLayerWeights(
        _attention_weights(g, d_model),
        _attention_weights(g, d_model),
        _ffn_weights(g, d_model, d_ff),
        *(NormWeights.identity(d_model) for _ in range(3)),
    )
    pre = p.norm == "pre"
    dec = decoder_layer(x, memory, w, p.heads, norm_first=pre, activation=p.activation)
    steps = [
        *_sublayer_steps(
            "self_", "Masked self-attention (causal)", dec.self_attention, dec.after_self_attention, pre
        ),
        *_sublayer_steps(
            "cross_",
            "Cross-attention (queries from the decoder, keys and values from memory)",
            dec.cross_attention,
            dec.after_cross_attention,
            pre,
        ),
        step("ffn_output", f"FFN: {p.activation}(x W_1 + b_1) W_2 + b_2 per token.", dec.ffn.output),
        step("output", "Third residual" + (": state + FFN." if pre else " and norm."), dec.output),
    ]
    drawn = [n for n, d in (("X", x_drawn), ("memory", m_drawn)) if d]
    return Built(
        inputs={
            "X": nested(x),
            "memory": nested(memory),
            "heads": p.heads,
            "norm": p.norm,
            "activation": p.activation,
            **_attention_inputs("self_", w.self_attention),
            **_attention_inputs("cross_", w.cross_attention),
            **_ffn_inputs(w.ffn),
        },
        steps=tuple(steps),
        outputs={
            "self_attention_weights": nested(dec.self_attention.attention.weights),
            "cross_attention_weights": nested(dec.cross_attention.attention.weights),
            "output": nested(dec.output),
        },
        notes=_notes(p.seed, drawn, "layer norms start at γ = 1, β = 0; attention has no bias"),
    )


def build_lm_head(p: LMHeadParams) -> Built:
    g = generator(p.seed)
    d = len(p.h) if p.h else len(p.U[0]) if p.U else p.d_model
    vocab = len(p.U) if p.U else p.vocab_size
    h, h_drawn = given_or_drawn(p.h, g, d)
    u, u_drawn = given_or_drawn(p.U, g, vocab, d)
    out = lm_head(h, u, p.temperature)
    best = int(out.probabilities.argmax())
    steps = (
        step("logits", "Dot the hidden state with every row of U: logit_t = h · u_t.", out.logits),
        step(
            "probabilities",
            f"Softmax of logits / τ (τ = {p.temperature:g}); token {best} is most likely "
            f"with p = {fmt(float(out.probabilities[best]))}.",
            out.probabilities,
        ),
    )
    drawn = [n for n, dr in (("h", h_drawn), ("U", u_drawn)) if dr]
    return Built(
        inputs={"h": nested(h), "U": nested(u), "temperature": p.temperature},
        steps=steps,
        outputs={"probabilities": nested(out.probabilities), "most_likely_token": best},
        notes=_notes(p.seed, drawn) if drawn else (),
    )
