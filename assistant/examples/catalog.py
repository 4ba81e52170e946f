"""The catalog of worked-example kinds: validate a request, build the record.

Each kind pairs a pydantic parameter model (:mod:`assistant.examples.params`) with a builder
that runs the float64 reference (:mod:`assistant.reference`) and records every step. Nothing
here evaluates code from a request: a request only selects a kind and fills its numbers.

Example:
    >>> ex = run_example("attention", tokens=2, d_k=2, seed=1)
    >>> [s.name for s in ex.steps]
    ['scores', 'scaled_scores', 'attention_weights', 'output']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from assistant.examples.builders import attention, formulas, layers
from assistant.examples.builders._common import Built
from assistant.examples.defaults import IMPLIED, defaults_used
from assistant.examples.describe import KindInfo, ParamInfo, describe_params, field_limit
from assistant.examples.params import (
    AlignmentParams,
    AttentionParams,
    DecoderParams,
    EncoderParams,
    FFNParams,
    LabelSmoothingParams,
    LayerCostParams,
    LayerNormParams,
    LMHeadParams,
    LRScheduleParams,
    MultiheadParams,
    OrthogonalParams,
    ParamCountParams,
    PositionalParams,
    SoftmaxParams,
)
from assistant.examples.record import WorkedExample
from ingest.errors import ToolError

__all__ = [
    "IMPLIED",
    "KINDS",
    "KindInfo",
    "KindSpec",
    "ParamInfo",
    "concept_query",
    "defaults_used",
    "format_validation_error",
    "kind_names",
    "list_kinds",
    "run_example",
    "run_request",
    "validate_params",
]


@dataclass(frozen=True)
class KindSpec:
    """One kind of worked example.

    Attributes:
        name: Identifier used by requests, e.g. ``"attention"``.
        description: One line for humans and for the tool description.
        params: The pydantic model that validates the request.
        build: Builds the record's inputs, steps and outputs from validated params.
        formula_latex: The formula being worked.
        concept_query: Retrieval text for the cards that explain the concept.
    """

    name: str
    description: str
    params: type[BaseModel]
    build: Callable[[Any], Built]
    formula_latex: str
    concept_query: str


_SPECS: tuple[KindSpec, ...] = (
    KindSpec(
        "softmax",
        "Softmax with temperature, step by step (shift, exp, normalise).",
        SoftmaxParams,
        attention.build_softmax,
        r"\mathrm{softmax}(x/\tau)_i = \frac{e^{x_i/\tau}}{\sum_j e^{x_j/\tau}}",
        "softmax function temperature exponentials normalise scores into probabilities",
    ),
    KindSpec(
        "attention",
        "Scaled dot-product attention softmax(QKᵀ/√d_k)V, optionally causal.",
        AttentionParams,
        attention.build_attention,
        r"\mathrm{Attention}(Q,K,V) = \mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V",
        "scaled dot-product attention softmax QK^T / sqrt(d_k) weighted sum of values",
    ),
    KindSpec(
        "alignment_scores",
        "The alignment-score family: dot, scaled dot, general, additive, cosine.",
        AlignmentParams,
        attention.build_alignment,
        r"s^\top h_j,\ \frac{s^\top h_j}{\sqrt{n}},\ s^\top W h_j,\ "
        r"v^\top \tanh(W[s;h_j]),\ \frac{s^\top h_j}{\|s\|\|h_j\|}",
        "alignment score functions dot product general additive Bahdanau Luong cosine attention",
    ),
    KindSpec(
        "multihead",
        "Multi-head attention: project, split into heads, attend per head, concat, W^O.",
        MultiheadParams,
        attention.build_multihead,
        r"\mathrm{MultiHead}(X) = \mathrm{Concat}(\mathrm{head}_1,\dots,\mathrm{head}_h)W^O,\ "
        r"\mathrm{head}_i = \mathrm{Attention}(XW_i^Q, XW_i^K, XW_i^V)",
        "multi-head attention heads projections W^Q W^K W^V concatenate W^O",
    ),
    KindSpec(
        "orthogonal_influence",
        "Does an orthogonal x_j have zero influence on y_i? Softmax weights say no.",
        OrthogonalParams,
        attention.build_orthogonal,
        r"y_i = \sum_{j \le i} \frac{e^{x_i^\top x_j}}{\sum_{k \le i} e^{x_i^\top x_k}} x_j",
        "self-attention dot product similarity orthogonal vectors softmax weight output vector y_i",
    ),
    KindSpec(
        "positional_encoding",
        "Sinusoidal positional encoding of one position, and PE(pos+k) = R(k) PE(pos).",
        PositionalParams,
        formulas.build_positional,
        r"PE_{(pos,2i)} = \sin\left(pos / 10000^{2i/d_{model}}\right),\ "
        r"PE_{(pos,2i+1)} = \cos\left(pos / 10000^{2i/d_{model}}\right)",
        "sinusoidal positional encoding sine cosine frequencies relative position rotation",
    ),
    KindSpec(
        "layer_norm",
        "Layer norm on each token beside batch norm on the same numbers.",
        LayerNormParams,
        layers.build_layer_norm,
        r"\mathrm{LN}(x) = \gamma \odot \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta",
        "layer normalization versus batch normalization mean variance which axis",
    ),
    KindSpec(
        "ffn",
        "Position-wise feed-forward network max(0, xW1+b1)W2+b2.",
        FFNParams,
        layers.build_ffn,
        r"\mathrm{FFN}(x) = \max(0, xW_1 + b_1)W_2 + b_2",
        "position-wise feed-forward network ReLU two linear layers d_ff",
    ),
    KindSpec(
        "encoder_layer",
        "One encoder layer (self-attention + FFN), post-norm or pre-norm.",
        EncoderParams,
        layers.build_encoder,
        r"\text{post: } x \leftarrow \mathrm{LN}(x + \mathrm{Sublayer}(x));\ "
        r"\text{pre: } x \leftarrow x + \mathrm{Sublayer}(\mathrm{LN}(x))",
        "transformer encoder layer residual connection layer norm pre-norm post-norm",
    ),
    KindSpec(
        "decoder_layer",
        "One decoder layer: masked self-attention, cross-attention to memory, FFN.",
        DecoderParams,
        layers.build_decoder,
        r"x \leftarrow \mathrm{LN}(x + \mathrm{MaskedAttn}(x));\ "
        r"x \leftarrow \mathrm{LN}(x + \mathrm{Attn}(x, m, m));\ "
        r"x \leftarrow \mathrm{LN}(x + \mathrm{FFN}(x))",
        "transformer decoder layer masked self-attention cross-attention encoder-decoder attention",
    ),
    KindSpec(
        "lm_head",
        "Language-model head: next-token probabilities softmax(h Uᵀ).",
        LMHeadParams,
        layers.build_lm_head,
        r"P(w \mid h) = \mathrm{softmax}(h U^\top / \tau)",
        "language model head logits softmax vocabulary unembedding next token probabilities",
    ),
    KindSpec(
        "lr_schedule",
        "The warm-up learning-rate schedule of the Transformer paper at one step.",
        LRScheduleParams,
        formulas.build_lr_schedule,
        r"lrate = d_{model}^{-0.5} \cdot \min(step^{-0.5},\ step \cdot warmup\_steps^{-1.5})",
        "learning rate schedule warmup steps inverse square root d_model^-0.5",
    ),
    KindSpec(
        "label_smoothing",
        "Label-smoothed cross-entropy beside plain cross-entropy.",
        LabelSmoothingParams,
        formulas.build_label_smoothing,
        r"\mathcal{L} = -\sum_c \left((1-\epsilon)[c=y] + \tfrac{\epsilon}{C}\right) \log p_c",
        "label smoothing cross-entropy loss epsilon uniform distribution",
    ),
    KindSpec(
        "param_count",
        "Exact parameter count of a GPT-2 or BERT configuration beside 12·n_layer·d².",
        ParamCountParams,
        formulas.build_param_count,
        r"N \approx 12 \cdot n_{layer} \cdot d_{model}^2",
        "number of parameters GPT-2 BERT 12 n_layer d_model^2 embeddings",
    ),
    KindSpec(
        "layer_cost",
        "Per-layer FLOPs and sequential steps: self-attention vs a recurrent layer.",
        LayerCostParams,
        formulas.build_layer_cost,
        r"\text{self-attention: } O(n^2 d),\ O(1)\ \text{sequential};\ "
        r"\text{recurrent: } O(n d^2),\ O(n)\ \text{sequential}",
        "computational complexity per layer self-attention versus recurrent sequential operations "
        "path length",
    ),
)

KINDS: Mapping[str, KindSpec] = {spec.name: spec for spec in _SPECS}


def kind_names() -> tuple[str, ...]:
    """The kinds, in catalog order."""
    return tuple(KINDS)


def concept_query(kind: str) -> str:
    """Retrieval text for the cards that explain ``kind``.

    Raises:
        ToolError: If ``kind`` is unknown.
    """
    return _spec(kind).concept_query


def _spec(kind: str) -> KindSpec:
    try:
        return KINDS[kind]
    except KeyError:
        raise ToolError(f"unknown worked-example kind {kind!r}; known kinds: {', '.join(KINDS)}") from None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def format_validation_error(kind: str, error: ValidationError, model: type[BaseModel]) -> str:
    """One clause per problem, each naming the field, the limit and the offending value."""
    problems = []
    for err in error.errors(include_url=False):
        loc = ".".join(str(part) for part in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            accepted = ", ".join(model.model_fields)
            problems.append(f"'{loc}' is not a parameter of {kind!r} (accepted: {accepted})")
        elif loc:
            limit = field_limit(model, str(err["loc"][0]))
            hint = f" [limit: {limit}]" if limit else ""
            problems.append(f"'{loc}': {msg} (got {_short(err['input'])}){hint}")
        else:
            problems.append(msg)
    return f"invalid parameters for worked example {kind!r}: " + "; ".join(problems)


def validate_params(kind: str, params: Mapping[str, Any]) -> BaseModel:
    """Validate ``params`` against the kind's model.

    Raises:
        ToolError: If ``kind`` is unknown or a parameter is missing its bounds; the message
            names the field and states the limit.
    """
    spec = _spec(kind)
    try:
        return spec.params.model_validate(dict(params))
    except ValidationError as err:
        raise ToolError(format_validation_error(kind, err, spec.params)) from None


def _defaults_note(kind: str, validated: BaseModel) -> tuple[str, ...]:
    used = defaults_used(kind, validated)
    return (f"defaults used: {', '.join(used)}",) if used else ()


def run_example(kind: str, **params: Any) -> WorkedExample:
    """Validate a request and build its worked example.

    The same ``kind`` and ``params`` always give identical numbers: random inputs come from
    ``torch.Generator().manual_seed(seed)`` (``seed`` defaults to 0).

    Args:
        kind: One of :func:`kind_names`.
        **params: The kind's parameters, see :func:`list_kinds`.

    Returns:
        The record, with ``card_ids`` empty (the assistant layer fills them).

    Raises:
        ToolError: If the kind is unknown or the parameters are invalid or out of bounds.
    """
    return run_request(kind, params)


def run_request(kind: str, params: Mapping[str, Any]) -> WorkedExample:
    """:func:`run_example` with the parameters as one mapping (e.g. from a tool call).

    Raises:
        ToolError: If the kind is unknown or the parameters are invalid or out of bounds.
    """
    spec = _spec(kind)
    validated = validate_params(kind, params)
    built = spec.build(validated)
    return WorkedExample(
        kind=kind,
        inputs=built.inputs,
        steps=built.steps,
        outputs=built.outputs,
        formula_latex=spec.formula_latex,
        notes=(*_defaults_note(kind, validated), *built.notes),
        concept_query=spec.concept_query,
    )


def list_kinds() -> tuple[KindInfo, ...]:
    """Every kind with its parameters: name, type, default, limit and description."""
    return tuple(KindInfo(spec.name, spec.description, describe_params(spec.params)) for spec in _SPECS)
