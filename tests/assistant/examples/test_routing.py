"""Offline routing of worked-example requests: exact kind and parameters per phrasing."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.examples.catalog import run_example
from assistant.examples.routing import RouteResult, route
from ingest.errors import ToolError

ROUTED: list[tuple[str, str, dict[str, Any]]] = [
    # attention
    (
        "Work through scaled dot-product attention with 3 tokens and d_k = 4",
        "attention",
        {"tokens": 3, "d_k": 4},
    ),
    (
        "Compute attention for Q = [[1, 0], [0, 1]], K = [[1, 2], [3, 4]] and V = [[1, 1], [0, 2]]",
        "attention",
        {"Q": [[1, 0], [0, 1]], "K": [[1, 2], [3, 4]], "V": [[1, 1], [0, 2]]},
    ),
    (
        "Show me the numbers for causal self-attention with 4 tokens, seed 7",
        "attention",
        {"tokens": 4, "mask": "causal", "seed": 7},
    ),
    ("work through an attention example with Q = [[1, 0], [0, 1]]", "attention", {"Q": [[1, 0], [0, 1]]}),
    ("calculate self-attention for a sequence of length 5 with dk=2", "attention", {"tokens": 5, "d_k": 2}),
    ("example of attention", "attention", {}),
    # softmax
    (
        "calculate softmax of [1, 2, 3] with temperature 0.5",
        "softmax",
        {"scores": [1, 2, 3], "temperature": 0.5},
    ),
    ("what is the softmax of [2.0, 1.0, 0.1]?", "softmax", {"scores": [2.0, 1.0, 0.1]}),
    ("show me a softmax example with temperature 2 and seed 3", "softmax", {"temperature": 2.0, "seed": 3}),
    # positional encoding
    (
        "What is the positional encoding of position 3 with d_model = 8",
        "positional_encoding",
        {"position": 3, "d_model": 8},
    ),
    (
        "positional encoding example for pos 5, d_model 16, shift 2",
        "positional_encoding",
        {"position": 5, "d_model": 16, "shift": 2},
    ),
    ("compute the sinusoidal encoding of position 10", "positional_encoding", {"position": 10}),
    # parameter counts
    ("How many parameters does GPT-2 small have?", "param_count", {"preset": "gpt2-small"}),
    ("how many parameters does GPT-2 have", "param_count", {"preset": "gpt2-small"}),
    ("How many parameters does BERT-base have?", "param_count", {"preset": "bert-base"}),
    ("count the parameters of gpt2-medium", "param_count", {"preset": "gpt2-medium"}),
    (
        "how many parameters in a 24-layer model with d_model 1024?",
        "param_count",
        {"n_layers": 24, "d_model": 1024},
    ),
    (
        "number of parameters for 12 layers, d_model = 768, vocab 30522",
        "param_count",
        {"n_layers": 12, "d_model": 768, "vocab_size": 30522},
    ),
    # learning-rate schedule
    ("What is the learning rate at step 100 with warmup 4000?", "lr_schedule", {"step": 100, "warmup": 4000}),
    (
        "compute the lr schedule at step 8000, warmup 4000, d_model 512",
        "lr_schedule",
        {"step": 8000, "warmup": 4000, "d_model": 512},
    ),
    ("learning rate at step 1,000 with 4,000 warmup steps", "lr_schedule", {"step": 1000, "warmup": 4000}),
    # multi-head
    (
        "Work through a multi-head attention example with 8 heads and d_model = 32",
        "multihead",
        {"d_model": 32, "heads": 8},
    ),
    (
        "multihead attention with 2 heads, 5 tokens, causal - show me the numbers",
        "multihead",
        {"tokens": 5, "heads": 2, "mask": "causal"},
    ),
    # layers
    ("Work through a pre-norm encoder layer with 4 tokens", "encoder_layer", {"tokens": 4, "norm": "pre"}),
    (
        "compute a post-norm encoder layer, d_model 16, 4 heads, seed 3",
        "encoder_layer",
        {"d_model": 16, "heads": 4, "norm": "post", "seed": 3},
    ),
    ("work through a decoder layer example", "decoder_layer", {}),
    ("compute cross-attention in a decoder block with 2 tokens", "decoder_layer", {"tokens": 2}),
    ("show me layer norm vs batch norm numbers", "layer_norm", {}),
    (
        "compute layer norm for X = [[1, 2, 3, 6], [0, 0, 1, 1]]",
        "layer_norm",
        {"X": [[1, 2, 3, 6], [0, 0, 1, 1]]},
    ),
    (
        "calculate the FFN with d_model 8 and d_ff 32 using gelu",
        "ffn",
        {"d_model": 8, "d_ff": 32, "activation": "gelu"},
    ),
    ("work through the LM head with vocab size 10", "lm_head", {"vocab_size": 10}),
    ("compute next-token probabilities with temperature 0.7", "lm_head", {"temperature": 0.7}),
    # loss, scores, cost
    (
        "label smoothing example with epsilon 0.2 and 4 classes",
        "label_smoothing",
        {"classes": 4, "epsilon": 0.2},
    ),
    (
        "compute cross-entropy with label smoothing 0.1 for logits = [[2, 1, 0.1]] and targets = [0]",
        "label_smoothing",
        {"logits": [[2, 1, 0.1]], "target": [0], "epsilon": 0.1},
    ),
    (
        "compute alignment scores for s = [1, 2] and H = [[3, 4], [0, 1], [-2, 1]]",
        "alignment_scores",
        {"s": [1, 2], "H": [[3, 4], [0, 1], [-2, 1]]},
    ),
    (
        "Compare FLOPs of self-attention and a recurrent layer for n = 100 and d = 512",
        "layer_cost",
        {"n": 100, "d": 512},
    ),
    ("compute per-layer cost for sequence length 1000 and d_model 512", "layer_cost", {"n": 1000, "d": 512}),
    # the orthogonality claim
    ("if x_i is orthogonal to x_j then x_j has zero influence on y_i", "orthogonal_influence", {}),
    ("Is it true that an orthogonal x_j has no influence on the output y_i?", "orthogonal_influence", {}),
    (
        "x_j is orthogonal to x_i so its weight is zero, right? X = [[1, 0, 0], [0, 1, 0], [1, 1, 0]]",
        "orthogonal_influence",
        {"X": [[1, 0, 0], [0, 1, 0], [1, 1, 0]]},
    ),
]

CONCEPTUAL = [
    "Why do we scale by sqrt(d_k)?",
    "why do we scale?",
    "What is the query vector?",
    "How does layer norm differ from batch norm?",
    "Why do transformers use 8 heads?",
    "Explain positional encoding.",
    "What is the purpose of warmup in the learning rate schedule?",
    "What is the difference between attention and self-attention?",
    "Can you give an example of where attention is used?",
    "What does label smoothing do?",
    "why is self-attention faster than a recurrent layer?",
    "How do residual connections help?",
    "",
]


@pytest.mark.parametrize(("question", "kind", "params"), ROUTED)
def test_routes_to_exact_kind_and_params(question: str, kind: str, params: dict[str, Any]) -> None:
    result = route(question)
    assert result is not None
    assert result.kind == kind
    assert dict(result.params) == params


@pytest.mark.parametrize(("question", "kind", "params"), ROUTED)
def test_routed_requests_run(question: str, kind: str, params: dict[str, Any]) -> None:
    result = route(question)
    assert result is not None
    assert run_example(result.kind, **result.params).kind == kind


@pytest.mark.parametrize("question", CONCEPTUAL)
def test_conceptual_questions_are_not_routed(question: str) -> None:
    assert route(question) is None


def test_no_numbers_note_lists_defaults() -> None:
    result = route("work through an attention example")
    assert result == RouteResult(
        "attention", {}, ("no numbers given; using 3 tokens, d_k = 4, no mask, random Q, K, V, seed 0",)
    )
    decoder = route("work through a decoder layer example")
    assert decoder is not None
    assert decoder.notes == (
        "no numbers given; using 3 tokens, d_model = 8, heads = 2, d_ff = 4·d_model, post-norm, "
        "activation relu, source_tokens = 4, random X, memory, seed 0",
    )


def test_partial_numbers_note_lists_remaining_defaults() -> None:
    result = route("What is the learning rate at step 100 with warmup 4000?")
    assert result is not None and result.notes == ("using defaults: d_model = 512",)
    explicit = route("Compute attention for Q = [[1, 0]], K = [[1, 2]] and V = [[1, 1]]")
    assert explicit is not None and explicit.notes == ("using defaults: no mask",)
    causal = route("Compute causal attention for Q = [[1, 0]], K = [[1, 2]] and V = [[1, 1]]")
    assert causal is not None and causal.notes == ()


def test_bare_gpt2_note() -> None:
    result = route("how many parameters does GPT-2 have")
    assert result is not None
    assert result.notes == ("GPT-2 without a size: counting GPT-2 small",)


def test_orthogonal_route_produces_positive_weight_example() -> None:
    result = route("if x_i is orthogonal to x_j then x_j has zero influence on y_i")
    assert result is not None
    example = run_example(result.kind, **result.params)
    assert example.outputs["orthogonal_weights"][0] > 0


def test_out_of_bounds_request_routes_and_catalog_refuses() -> None:
    result = route("work through attention with 40 tokens")
    assert result is not None and dict(result.params) == {"tokens": 40}
    with pytest.raises(ToolError, match="'tokens': Input should be less than or equal to 16"):
        run_example(result.kind, **result.params)


def test_malformed_matrix_is_named_not_evaluated() -> None:
    result = route("compute attention for Q = [[1, 0], [0, 1]] and K = [[__import__]]")
    assert result is not None
    assert dict(result.params) == {"Q": [[1, 0], [0, 1]]}
    assert result.problems == ("could not read '[[__import__]]' as numbers",)
    ragged = route("compute attention for Q = [[1, 0], [0]]")
    assert ragged is not None and ragged.problems == ("could not read '[[1, 0], [0]]' as numbers",)


def test_no_card_question_of_the_bundled_decks_is_taken_for_a_numeric_request():
    """Card questions that name a purpose ("... to calculate self-attention?") stay card questions."""
    from pathlib import Path

    from ingest.parsers import parse_text

    cards = Path(__file__).resolve().parents[3] / "data" / "cards"
    questions = [
        c.question
        for p in sorted(cards.iterdir())
        for c in parse_text(p.read_text(encoding="utf-8"), p.name).cards
        if not c.is_practice
    ]
    assert len(questions) == 118
    assert [q for q in questions if route(q) is not None] == []


@pytest.mark.parametrize(
    "question",
    [
        "Why do we need to use softmax to calculate self-attention?",
        "What do we do after the dot product to calculate self-attention?",
        "What is the output of the self-attention mechanism?",
        "can someone walk me through the steps of self-attention in the encoder from start to finish",
        "Detail the step-by-step mathematical flow of a modern Pre-Norm Architecture block for token i.",
    ],
)
def test_purpose_and_explanation_phrasings_are_not_requests(question):
    assert route(question) is None


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("compute the softmax of [1, 2, 3]", "softmax"),
        ("Calculate attention with 3 tokens and d_k = 4", "attention"),
        ("walk me through attention for Q = [[1, 0], [0, 1]]", "attention"),
    ],
)
def test_imperative_or_numeric_requests_still_route(question, kind):
    result = route(question)
    assert result is not None and result.kind == kind
