"""Builders for softmax, attention, alignment scores, multi-head attention and the
orthogonal-influence counterexample.
"""

from __future__ import annotations

import torch

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
    AlignmentParams,
    AttentionParams,
    MultiheadParams,
    OrthogonalParams,
    SoftmaxParams,
)
from assistant.reference import (
    MultiHeadWeights,
    all_alignment_scores,
    multi_head_attention,
    scaled_dot_product_attention,
    softmax,
    softmax_steps,
)


def _random_note(seed: int, drawn: list[str]) -> tuple[str, ...]:
    if not drawn:
        return ()
    return (f"drawn at random: {', '.join(drawn)}", RANDOM_NOTE.format(seed=seed))


def build_softmax(p: SoftmaxParams) -> Built:
    g = generator(p.seed)
    x, drawn = given_or_drawn(p.scores, g, p.tokens)
    s = softmax_steps(x, p.temperature)
    z = float(s.normalizer.item())
    steps = (
        step("scaled", f"Divide every score by the temperature τ = {p.temperature:g}.", s.scaled),
        step(
            "shifted",
            "Subtract the largest scaled score so every exponent is at most 0; "
            "this cancels in the ratio and only prevents overflow.",
            s.shifted,
        ),
        step("exponentials", "Take exp of each shifted score; every one is positive.", s.exponentials),
        step("normalizer", f"Add the exponentials: Z = {fmt(z)}.", z),
        step(
            "probabilities",
            "Divide each exponential by Z, giving positive weights that sum to 1.",
            s.probabilities,
        ),
    )
    return Built(
        inputs={"scores": nested(x), "temperature": p.temperature},
        steps=steps,
        outputs={"probabilities": nested(s.probabilities)},
        notes=_random_note(p.seed, ["scores"] if drawn else []),
    )


def _attention_shapes(p: AttentionParams) -> tuple[int, int, int, int]:
    """``(T_q, T_k, d_k, d_v)`` from the explicit matrices, else from the sizes."""
    t_q = len(p.Q) if p.Q else p.tokens
    t_k = len(p.K) if p.K else len(p.V) if p.V else t_q
    d_k = len(p.Q[0]) if p.Q else len(p.K[0]) if p.K else p.d_k
    d_v = len(p.V[0]) if p.V else p.d_v or d_k
    return t_q, t_k, d_k, d_v


def build_attention(p: AttentionParams) -> Built:
    g = generator(p.seed)
    t_q, t_k, d_k, d_v = _attention_shapes(p)
    q, q_drawn = given_or_drawn(p.Q, g, t_q, d_k)
    k, k_drawn = given_or_drawn(p.K, g, t_k, d_k)
    v, v_drawn = given_or_drawn(p.V, g, t_k, d_v)
    causal = p.mask == "causal"
    keep = None if p.padding_mask is None else ~torch.tensor(p.padding_mask).expand(t_q, t_k)
    a = scaled_dot_product_attention(q, k, v, mask=keep, is_causal=causal, scale=p.scale)
    scale_text = f"1/√d_k = 1/√{d_k}" if p.scale is None else "the given scale"
    steps = [
        step("scores", "Multiply Q by Kᵀ: entry (i, j) is the dot product q_i · k_j.", a.scores),
        step(
            "scaled_scores",
            f"Multiply every score by {scale_text} = {fmt(a.scale)} so that their spread "
            "does not grow with d_k.",
            a.scaled_scores,
        ),
    ]
    if causal or keep is not None:
        why = [w for w, on in (("key j comes after query i (causal mask)", causal),
                               ("key j is padding", keep is not None)) if on]  # fmt: skip
        steps.append(
            step(
                "masked_scores",
                f"Set entry (i, j) to -inf wherever {' or '.join(why)}.",
                a.masked_scores,
            )
        )
    steps += [
        step(
            "attention_weights",
            "Softmax each row: the weights are non-negative and each row sums to 1.",
            a.weights,
        ),
        step("output", "Each output row is the weight-averaged sum of the rows of V.", a.output),
    ]
    drawn = [n for n, d in (("Q", q_drawn), ("K", k_drawn), ("V", v_drawn)) if d]
    return Built(
        inputs={"Q": nested(q), "K": nested(k), "V": nested(v), "mask": p.mask, "scale": a.scale}
        | ({} if p.padding_mask is None else {"padding_mask": list(p.padding_mask)}),
        steps=tuple(steps),
        outputs={"attention_weights": nested(a.weights), "output": nested(a.output)},
        notes=_random_note(p.seed, drawn),
    )


def build_alignment(p: AlignmentParams) -> Built:
    g = generator(p.seed)
    n_states = len(p.H) if p.H else p.states
    d = len(p.s) if p.s else len(p.H[0]) if p.H else p.d
    s, s_drawn = given_or_drawn(p.s, g, d)
    h, h_drawn = given_or_drawn(p.H, g, n_states, d)
    w_general = draw_weight(g, d, d, d)
    w_additive = draw_weight(g, 2 * d, p.d_a, 2 * d)
    v_additive = draw_weight(g, p.d_a, p.d_a)
    scores = all_alignment_scores(s, h, w_general, w_additive, v_additive)
    table = torch.stack(
        [scores.dot, scores.scaled_dot, scores.general, scores.additive, scores.cosine]
    )  # (5, N)
    steps = (
        step("dot", "Dot score: sᵀh_j for every encoder state h_j.", scores.dot),
        step("scaled_dot", f"Scaled dot score: sᵀh_j / √n with n = {d}.", scores.scaled_dot),
        step("general", "General score: sᵀ W h_j with a learned matrix W.", scores.general),
        step(
            "additive",
            "Additive score: vᵀ tanh(W_a [s; h_j]) on the concatenation of s and h_j.",
            scores.additive,
        ),
        step("cosine", "Cosine score: sᵀh_j / (‖s‖ ‖h_j‖), between -1 and 1.", scores.cosine),
        step(
            "alignment_attention_weights",
            "Softmax of each score row (rows: dot, scaled dot, general, additive, cosine).",
            softmax(table),
        ),
    )
    drawn = [n for n, dr in (("s", s_drawn), ("H", h_drawn)) if dr]
    return Built(
        inputs={
            "s": nested(s),
            "H": nested(h),
            "W_general": nested(w_general),
            "W_additive": nested(w_additive),
            "v_additive": nested(v_additive),
        },
        steps=steps,
        outputs={name: nested(getattr(scores, name)) for name in _SCORE_NAMES},
        notes=(*_random_note(p.seed, drawn), "W_general, W_additive and v_additive are random"),
    )


_SCORE_NAMES = ("dot", "scaled_dot", "general", "additive", "cosine")


def build_multihead(p: MultiheadParams) -> Built:
    g = generator(p.seed)
    t = len(p.X) if p.X else p.tokens
    d_model = len(p.X[0]) if p.X else p.d_model
    x, x_drawn = given_or_drawn(p.X, g, t, d_model)
    w = MultiHeadWeights(*(draw_weight(g, d_model, d_model, d_model) for _ in range(4)))
    m = multi_head_attention(x, x, x, w, p.heads, is_causal=p.mask == "causal")
    d_k = d_model // p.heads
    a = m.attention
    steps = (
        step("Q", "Project the inputs: Q = X W^Q (one row per token).", m.q),
        step("K", "Project the inputs: K = X W^K.", m.k),
        step("V", "Project the inputs: V = X W^V.", m.v),
        step(
            "head_queries",
            f"Split Q into h = {p.heads} heads of d_k = {d_k} columns each.",
            m.q_heads,
        ),
        step("head_keys", "Split K the same way.", m.k_heads),
        step("head_values", "Split V the same way.", m.v_heads),
        step(
            "head_scaled_scores",
            f"Per head, q_i · k_j / √{d_k}"
            + (", with later keys set to -inf (causal)." if p.mask == "causal" else "."),
            a.masked_scores,
        ),
        step("head_attention_weights", "Per head, softmax each row.", a.weights),
        step("head_outputs", "Per head, weights times that head's values.", a.output),
        step("concat", "Concatenate the head outputs side by side.", m.concat),
        step("output", "Mix the heads: output = Concat(heads) W^O.", m.output),
    )
    inputs = {"X": nested(x), "heads": p.heads, "mask": p.mask}
    inputs |= {name: nested(getattr(w, attr)) for name, attr in _W_NAMES}
    return Built(
        inputs=inputs,
        steps=steps,
        outputs={"head_attention_weights": nested(a.weights), "output": nested(m.output)},
        notes=(*_random_note(p.seed, ["X"] if x_drawn else []), "projections have no bias"),
    )


_W_NAMES = (("W_Q", "w_q"), ("W_K", "w_k"), ("W_V", "w_v"), ("W_O", "w_o"))


def _orthogonal_sentence(i: int, ortho: list[int], w: list[float]) -> str:
    if not ortho:
        return (
            "Every weight is exp(score)/Z > 0: softmax never gives exactly 0 "
            f"(no vector here is orthogonal to x_{i})."
        )
    parts = [f"x_{j} · x_{i} = 0 yet its weight is exp(0)/Z = {fmt(w[j])} > 0" for j in ortho]
    return "Softmax each score: " + "; ".join(parts) + ", so the weight is positive, not zero."


def build_orthogonal(p: OrthogonalParams) -> Built:
    x = tensor(p.X) if p.X else tensor([[1.0, 0.0], [0.0, 1.0]])
    i = x.size(0) - 1 if p.query is None else p.query
    seen = x[: i + 1]  # x_0 .. x_i: the preceding elements and x_i itself
    scores = seen @ x[i]  # (i+1,)
    # Small scores are exponentiated as they are so that exp(0) = 1 shows; large ones are
    # shifted by their maximum first (the shift cancels in the ratio).
    shift = float(scores.max()) if float(scores.max()) > 50 else 0.0
    exponentials = torch.exp(scores - shift)
    z = float(exponentials.sum())
    weights = exponentials / z
    exp_text = (
        "exp of each score; exp(0) = 1, never 0."
        if shift == 0.0
        else (f"exp(score - {fmt(shift)}) for each score (shifted to avoid overflow; it cancels).")
    )
    contributions = weights[:, None] * seen  # (i+1, d)
    y = contributions.sum(0)
    ortho = [j for j in range(i) if scores[j].item() == 0.0]
    w_list = [float(v) for v in weights]
    steps = (
        step("scores", f"Dot products x_{i} · x_j for j = 0..{i} (rows numbered from 0).", scores),
        step("exponentials", exp_text, exponentials),
        step("normalizer", f"Z = sum of the exponentials = {fmt(z)}.", z),
        step("attention_weights", _orthogonal_sentence(i, ortho, w_list), weights[None, :]),
        step("contributions", "Row j is weight_j · x_j, the share of x_j in y_i.", contributions),
        step("output", f"y_{i} is the sum of the contributions.", y),
    )
    return Built(
        inputs={"X": nested(x), "query": i},
        steps=steps,
        outputs={
            "attention_weights": w_list,
            "y": nested(y),
            "orthogonal_indices": ortho,
            "orthogonal_weights": [w_list[j] for j in ortho],
        },
        notes=(
            "The claim 'if x_j is orthogonal to x_i then x_j has zero influence on y_i' is "
            "false with softmax weights: a zero dot product gives weight exp(0)/Z = 1/Z, "
            "which is positive.",
        ),
    )
