"""Parameter counts and per-layer cost.

Exact counts follow the Hugging Face ``GPT2Model`` and ``BertModel`` layouts (biases and
layer norms included, LM head tied to the token embedding so it adds nothing). The rough
estimate ``12 · n_layer · d_model²`` counts only the four ``d×d`` attention matrices and the
two ``d×4d`` FFN matrices of each layer: ``4d² + 8d² = 12d²``.

Per-layer cost follows Table 1 of Vaswani et al. (2017): self-attention costs ``O(n²·d)``
with ``O(1)`` sequential steps, a recurrent layer ``O(n·d²)`` with ``O(n)`` sequential steps.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GPT2Shape:
    """Architecture numbers of a GPT-2 style decoder-only model (defaults: GPT-2 small)."""

    n_layer: int = 12
    d_model: int = 768
    vocab_size: int = 50257
    n_positions: int = 1024
    d_ff: int | None = None  # None means 4 · d_model

    def __post_init__(self) -> None:
        _check_positive(self.n_layer, self.d_model, self.vocab_size, self.n_positions)


@dataclass(frozen=True)
class BertShape:
    """Architecture numbers of a BERT style encoder (defaults: BERT-base)."""

    n_layer: int = 12
    d_model: int = 768
    vocab_size: int = 30522
    n_positions: int = 512
    type_vocab_size: int = 2
    d_ff: int | None = None  # None means 4 · d_model
    pooler: bool = True

    def __post_init__(self) -> None:
        _check_positive(self.n_layer, self.d_model, self.vocab_size, self.n_positions)


def _check_positive(*values: int) -> None:
    if any(v < 1 for v in values):
        raise ValueError(f"architecture numbers must be >= 1, got {values}")


PRESETS: dict[str, GPT2Shape | BertShape] = {
    "gpt2-small": GPT2Shape(),
    "gpt2-medium": GPT2Shape(n_layer=24, d_model=1024),
    "gpt2-large": GPT2Shape(n_layer=36, d_model=1280),
    "gpt2-xl": GPT2Shape(n_layer=48, d_model=1600),
    "bert-base": BertShape(),
    "bert-large": BertShape(n_layer=24, d_model=1024),
}


@dataclass(frozen=True)
class ParameterCount:
    """An exact parameter count beside the ``12·n_layer·d_model²`` estimate.

    Attributes:
        total: Exact number of parameters.
        embeddings: Token, position (and segment) embeddings plus their norm if any.
        per_layer: Parameters of one transformer layer.
        layers: ``n_layer · per_layer``.
        final: Final layer norm (GPT-2) or pooler (BERT, if counted).
        estimate: ``12 · n_layer · d_model²``.
        breakdown: ``(name, count)`` pairs that sum to ``total``.
    """

    total: int
    embeddings: int
    per_layer: int
    layers: int
    final: int
    estimate: int
    breakdown: tuple[tuple[str, int], ...]


def estimate_parameters(n_layer: int, d_model: int) -> int:
    """``12 · n_layer · d_model²``: attention (4d²) and FFN (8d²) matrices only."""
    return 12 * n_layer * d_model**2


def _layer_parts(d: int, d_ff: int) -> tuple[tuple[str, int], ...]:
    return (
        ("attention Q,K,V weights + biases", 3 * (d * d + d)),
        ("attention output W^O + bias", d * d + d),
        ("layer norm 1 (gain + bias)", 2 * d),
        ("FFN W_1 + b_1", d * d_ff + d_ff),
        ("FFN W_2 + b_2", d_ff * d + d),
        ("layer norm 2 (gain + bias)", 2 * d),
    )


def _assemble(
    embeddings: tuple[tuple[str, int], ...],
    layer: tuple[tuple[str, int], ...],
    final: tuple[tuple[str, int], ...],
    n_layer: int,
    d_model: int,
) -> ParameterCount:
    per_layer = sum(n for _, n in layer)
    emb = sum(n for _, n in embeddings)
    fin = sum(n for _, n in final)
    breakdown = (
        *embeddings,
        (f"{n_layer} layers x {per_layer:,}", n_layer * per_layer),
        *final,
    )
    return ParameterCount(
        total=emb + n_layer * per_layer + fin,
        embeddings=emb,
        per_layer=per_layer,
        layers=n_layer * per_layer,
        final=fin,
        estimate=estimate_parameters(n_layer, d_model),
        breakdown=breakdown,
    )


def count_gpt2_parameters(shape: GPT2Shape) -> ParameterCount:
    """Exact parameter count of a GPT-2 style model (no separate LM head: it is tied).

    Args:
        shape: Architecture numbers.

    Returns:
        See :class:`ParameterCount`. GPT-2 small gives 124,439,808.
    """
    d = shape.d_model
    d_ff = 4 * d if shape.d_ff is None else shape.d_ff
    embeddings = (
        ("token embedding (vocab x d_model)", shape.vocab_size * d),
        ("position embedding (n_positions x d_model)", shape.n_positions * d),
    )
    final = (("final layer norm", 2 * d),)
    return _assemble(embeddings, _layer_parts(d, d_ff), final, shape.n_layer, d)


def count_bert_parameters(shape: BertShape) -> ParameterCount:
    """Exact parameter count of a BERT style encoder (without the pre-training heads).

    Args:
        shape: Architecture numbers; ``pooler`` adds the ``d×d`` pooler dense layer.

    Returns:
        See :class:`ParameterCount`. BERT-base with pooler gives 109,482,240.
    """
    d = shape.d_model
    d_ff = 4 * d if shape.d_ff is None else shape.d_ff
    embeddings = (
        ("token embedding (vocab x d_model)", shape.vocab_size * d),
        ("position embedding (n_positions x d_model)", shape.n_positions * d),
        ("segment embedding (type_vocab x d_model)", shape.type_vocab_size * d),
        ("embedding layer norm", 2 * d),
    )
    final = (("pooler dense + bias", d * d + d),) if shape.pooler else ()
    return _assemble(embeddings, _layer_parts(d, d_ff), final, shape.n_layer, d)


def count_parameters(shape: GPT2Shape | BertShape) -> ParameterCount:
    """Dispatch to :func:`count_gpt2_parameters` or :func:`count_bert_parameters`."""
    if isinstance(shape, BertShape):
        return count_bert_parameters(shape)
    return count_gpt2_parameters(shape)


@dataclass(frozen=True)
class LayerCost:
    """Cost of one layer over a sequence of ``n`` vectors of width ``d``.

    Attributes:
        layer: ``"self_attention"`` or ``"recurrent"``.
        multiply_adds: Multiply-adds of the layer's core computation (see the functions).
        flops: ``2 · multiply_adds`` (one multiply and one add each).
        sequential_steps: Operations that must run one after another.
        max_path_length: Longest path a signal travels between two positions.
        complexity: The big-O entry of Vaswani et al., Table 1.
    """

    layer: str
    multiply_adds: int
    flops: int
    sequential_steps: int
    max_path_length: int
    complexity: str


def self_attention_cost(n: int, d: int) -> LayerCost:
    """Self-attention core: ``Q Kᵀ`` (``n²·d``) plus ``weights · V`` (``n²·d``).

    The Q/K/V/O projections (``4·n·d²``) are left out, as in the paper's table.
    """
    mac = 2 * n * n * d
    return LayerCost("self_attention", mac, 2 * mac, 1, 1, "O(n^2 * d)")


def recurrent_cost(n: int, d: int) -> LayerCost:
    """Recurrent layer ``h_t = tanh(W h_(t-1) + U x_t)``: ``2·d²`` per step, ``n`` steps."""
    mac = 2 * n * d * d
    return LayerCost("recurrent", mac, 2 * mac, n, n, "O(n * d^2)")
