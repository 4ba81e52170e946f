"""Worked-example answers: routing through ``StudyAssistant.ask``, numbers checked against
PyTorch's own functions in float64, citations of the concept cards, and limits as answers.

The plumbing tests at the top use a stub retriever (hand-built hits); everything that claims
something about retrieval or the real decks runs on the ``study`` fixture and is ``slow``.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest
import torch
import torch.nn.functional as F

from assistant.answers import Hit
from assistant.example_answerer import ExampleAnswerer
from assistant.examples.render import from_json, to_json
from ingest.cards import Card
from ingest.errors import ToolError


def f64(value: Any) -> torch.Tensor:
    return torch.tensor(value, dtype=torch.float64)


# --- plumbing, with a stub retriever ------------------------------------------------------------


class StubRetriever:
    """Returns the same hand-built hits for every query and counts the searches."""

    def __init__(self, similarities: list[float]) -> None:
        self.hits = [
            Hit(Card(f"c{i}", "deck.txt", f"question {i}", f"answer {i}."), 1.0 - i / 10, sim, 0.0, i + 1)
            for i, sim in enumerate(similarities)
        ]
        self.queries: list[tuple[str, int]] = []

    def search(self, question: str, k: int = 5) -> list[Hit]:
        self.queries.append((question, k))
        return self.hits[:k]


def test_concept_cards_keep_the_best_and_those_over_the_threshold() -> None:
    retriever = StubRetriever([0.30, 0.50, 0.20])
    answerer = ExampleAnswerer(retriever, threshold=0.37)  # type: ignore[arg-type]
    answer = answerer.try_answer("work through attention with 2 tokens and d_k = 2")
    assert answer is not None
    assert [c.card_id for c in answer.citations] == ["c0", "c1"]
    assert [c.n for c in answer.citations] == [1, 2]
    assert answer.text.startswith(
        "These numbers come from the local PyTorch reference, step by step; "
        "the idea is explained in your cards [1] [2]."
    )
    assert answer.tool_calls[0].result["card_ids"] == ["c0", "c1"]
    assert retriever.queries == [
        ("scaled dot-product attention softmax QK^T / sqrt(d_k) weighted sum of values", 3)
    ]


def test_concept_cards_are_searched_once_per_kind_until_the_cache_is_cleared() -> None:
    retriever = StubRetriever([0.9])
    answerer = ExampleAnswerer(retriever, threshold=0.37)  # type: ignore[arg-type]
    for _ in range(3):
        answerer.try_answer("compute softmax of [1, 2, 3]")
    assert len(retriever.queries) == 1
    answerer.clear_cache()
    answerer.try_answer("compute softmax of [1, 2, 3]")
    assert len(retriever.queries) == 2


def test_no_cards_in_the_store_still_gives_the_numbers() -> None:
    answerer = ExampleAnswerer(StubRetriever([]), threshold=0.37)  # type: ignore[arg-type]
    answer = answerer.try_answer("compute softmax of [0, 0]")
    assert answer is not None and answer.citations == ()
    assert answer.text.startswith(
        "These numbers come from the local PyTorch reference, step by step; "
        "none of your cards explains the idea yet."
    )
    assert answer.tool_calls[0].result["outputs"] == {"probabilities": [0.5, 0.5]}


def test_conceptual_question_is_left_to_the_cards() -> None:
    retriever = StubRetriever([0.9])
    answerer = ExampleAnswerer(retriever, threshold=0.37)  # type: ignore[arg-type]
    assert answerer.try_answer("Why do we scale by sqrt(d_k)?") is None
    assert retriever.queries == []


def test_out_of_bounds_request_is_an_answer_that_states_the_limit() -> None:
    answerer = ExampleAnswerer(StubRetriever([0.9]), threshold=0.37)  # type: ignore[arg-type]
    answer = answerer.try_answer("work through attention with 100 tokens")
    assert answer is not None
    message = (
        "invalid parameters for worked example 'attention': 'tokens': Input should be less than "
        "or equal to 16 (got 100) [limit: >= 1, <= 16]"
    )
    assert answer.text == (
        "I can't work that example: the request is outside what the local reference computes, "
        "and I did not swap in other numbers. "
        f"I{message[1:]}. Ask again with numbers inside the limit."
    )
    assert not answer.abstained and answer.citations == ()
    (call,) = answer.tool_calls
    assert call.name == "worked_example"
    assert call.arguments == {"kind": "attention", "params": {"tokens": 100}}
    assert call.result == {"error": message}


def test_direct_example_is_the_catalog_record_with_cards() -> None:
    answerer = ExampleAnswerer(StubRetriever([0.9, 0.1]), threshold=0.37)  # type: ignore[arg-type]
    example = answerer.example("lr_schedule", {"step": 100})
    assert example.card_ids == ("c0",)
    with pytest.raises(ToolError, match=r"'step': Input should be greater than or equal to 1"):
        answerer.example("lr_schedule", {"step": 0})
    with pytest.raises(ToolError, match="unknown worked-example kind 'nope'"):
        answerer.example("nope", {})


# --- end to end on the bundled decks ------------------------------------------------------------

ROUTED: list[tuple[str, str]] = [
    ("Work through scaled dot-product attention with 3 tokens and d_k = 4", "attention"),
    ("Show me the numbers for causal self-attention with 4 tokens, seed 7", "attention"),
    ("calculate self-attention for a sequence of length 5 with dk=2", "attention"),
    ("compute softmax of [1, 2, 3]", "softmax"),
    ("calculate softmax of [1, 2, 3] with temperature 0.5", "softmax"),
    ("compute alignment scores for s = [1, 2] and H = [[3, 4], [0, 1], [-2, 1]]", "alignment_scores"),
    ("work through Bahdanau additive attention scores with 4 encoder states", "alignment_scores"),
    ("Work through a multi-head attention example with 8 heads and d_model = 32", "multihead"),
    (
        "x_j is orthogonal to x_i so its weight is zero, right? X = [[1, 0, 0], [0, 1, 0], [1, 1, 0]]",
        "orthogonal_influence",
    ),
    ("What is the positional encoding of position 3 with d_model = 8", "positional_encoding"),
    ("compute the sinusoidal encoding of position 10", "positional_encoding"),
    ("compute layer norm for X = [[1, 2, 3, 6], [0, 0, 1, 1]]", "layer_norm"),
    ("calculate the FFN with d_model 8 and d_ff 32 using gelu", "ffn"),
    ("Work through a pre-norm encoder layer with 4 tokens", "encoder_layer"),
    ("compute cross-attention in a decoder block with 2 tokens", "decoder_layer"),
    ("work through the LM head with vocab size 10", "lm_head"),
    ("compute next-token probabilities with temperature 0.7", "lm_head"),
    ("What is the learning rate at step 100 with warmup 4000?", "lr_schedule"),
    ("compute the lr schedule at step 8000, warmup 4000, d_model 512", "lr_schedule"),
    ("label smoothing example with epsilon 0.2 and 4 classes", "label_smoothing"),
    (
        "compute cross-entropy with label smoothing 0.1 for logits = [[2, 1, 0.1]] and targets = [0]",
        "label_smoothing",
    ),
    ("How many parameters does GPT-2 small have?", "param_count"),
    ("How many parameters does BERT-base have?", "param_count"),
    ("how many parameters in a 24-layer model with d_model 1024?", "param_count"),
    ("Compare FLOPs of self-attention and a recurrent layer for n = 100 and d = 512", "layer_cost"),
    ("compute per-layer cost for sequence length 1000 and d_model 512", "layer_cost"),
]

NO_NUMBERS: list[tuple[str, str, str]] = [
    ("work through an attention example", "attention", "3 tokens, d_k = 4, no mask, random Q, K, V, seed 0"),
    ("show me a softmax example", "softmax", "4 random scores, temperature = 1, seed 0"),
    (
        "show me multi-head attention numbers",
        "multihead",
        "3 tokens, d_model = 8, heads = 2, no mask, random X, seed 0",
    ),
    (
        "if x_i is orthogonal to x_j then x_j has zero influence on y_i",
        "orthogonal_influence",
        "x_0 = [1, 0], x_1 = [0, 1]",
    ),
    (
        "Is it true that an orthogonal x_j has no influence on the output y_i?",
        "orthogonal_influence",
        "x_0 = [1, 0], x_1 = [0, 1]",
    ),
    (
        "work through a positional encoding example",
        "positional_encoding",
        "position = 3, d_model = 8, shift = 1, base = 10000",
    ),
    (
        "show me layer norm vs batch norm numbers",
        "layer_norm",
        "3 tokens, d_model = 4, eps = 1e-05, random X, seed 0",
    ),
    (
        "work through the feed-forward network step by step",
        "ffn",
        "3 tokens, d_model = 4, d_ff = 4·d_model, activation relu, random X, W_1, b_1, W_2, b_2, seed 0",
    ),
    (
        "work through a decoder layer example",
        "decoder_layer",
        "3 tokens, d_model = 8, heads = 2, d_ff = 4·d_model, post-norm, activation relu, source_tokens = 4, "
        "random X, memory, seed 0",
    ),
    ("show me the learning rate schedule numbers", "lr_schedule", "step = 100, warmup = 4000, d_model = 512"),
]

CONCEPTUAL = [
    "why do we scale?",
    "what is the query vector?",
    "How does layer norm differ from batch norm?",
    "Explain positional encoding.",
    "What is the purpose of warmup in the learning rate schedule?",
    "What does label smoothing do?",
    "why is self-attention faster than a recurrent layer?",
    "What is multi-head attention?",
    "Why do we need softmax in attention?",
]


def _result(answer: Any) -> dict[str, Any]:
    (call,) = answer.tool_calls
    assert call.name == "worked_example"
    assert isinstance(call.result, dict) and "error" not in call.result
    return call.result


@pytest.mark.slow
@pytest.mark.parametrize(("question", "kind"), ROUTED)
def test_requests_route_to_their_kind_with_cited_concept_cards(study, question: str, kind: str) -> None:
    answer = study.ask(question)
    assert answer.tool_calls[0].arguments["kind"] == kind
    result = _result(answer)
    assert result["kind"] == kind
    assert not answer.abstained and answer.mode == "offline"
    assert 1 <= len(answer.citations) <= 3
    assert result["card_ids"] == [c.card_id for c in answer.citations]
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text.split("\n\n", 1)[0])}
    assert markers == {c.n for c in answer.citations}
    assert f"### Worked example: {kind}" in answer.text
    assert "No numbers were given" not in answer.text


@pytest.mark.slow
@pytest.mark.parametrize(("question", "kind", "defaults"), NO_NUMBERS)
def test_requests_without_numbers_say_which_defaults_were_used(
    study, question: str, kind: str, defaults: str
) -> None:
    answer = study.ask(question)
    assert answer.tool_calls[0].arguments == {"kind": kind, "params": {}}
    assert f"No numbers were given, so I used {defaults}." in answer.text.split("\n\n", 1)[0]
    assert "defaults used:" not in answer.text  # stated once, in the question's terms


@pytest.mark.slow
def test_partial_numbers_name_the_defaults_for_the_rest(study) -> None:
    answer = study.ask("What is the learning rate at step 100 with warmup 4000?")
    intro = answer.text.split("\n\n", 1)[0]
    assert intro.endswith("Defaults used for what the question did not give: d_model = 512.")


@pytest.mark.slow
@pytest.mark.parametrize("question", CONCEPTUAL)
def test_conceptual_questions_get_a_card_answer_and_no_tool_call(study, question: str) -> None:
    answer = study.ask(question)
    assert answer.tool_calls == ()
    assert not answer.abstained
    assert answer.citations and "[1]" in answer.text
    assert "Worked example" not in answer.text


@pytest.mark.slow
def test_explicit_attention_matches_torch_sdpa(study) -> None:
    answer = study.ask(
        "work through scaled dot-product attention for Q = [[1, 0], [0, 1]], K = [[1, 2], [3, 4]], "
        "V = [[1, 0], [0, 1]]"
    )
    q, k, v = f64([[1, 0], [0, 1]]), f64([[1, 2], [3, 4]]), f64([[1, 0], [0, 1]])
    assert answer.tool_calls[0].arguments == {
        "kind": "attention",
        "params": {"Q": [[1, 0], [0, 1]], "K": [[1, 2], [3, 4]], "V": [[1, 0], [0, 1]]},
    }
    outputs = _result(answer)["outputs"]
    expected = F.scaled_dot_product_attention(q, k, v)
    torch.testing.assert_close(f64(outputs["output"]), expected, rtol=0, atol=1e-12)
    weights = torch.softmax(q @ k.T / math.sqrt(2), dim=-1)
    torch.testing.assert_close(f64(outputs["attention_weights"]), weights, rtol=0, atol=1e-12)
    # explicit Q/K/V: no "tokens=3, d_k=4" default is claimed for sizes the matrices fix; the
    # one default is the mask, named exactly
    intro = answer.text.split("\n\n", 1)[0]
    assert intro.endswith("Defaults used for what the question did not give: no mask.")
    assert "No numbers were given" not in answer.text and "tokens" not in intro
    assert any("attention" in c.question.lower() for c in answer.citations)


@pytest.mark.slow
def test_random_causal_attention_matches_torch_sdpa(study) -> None:
    result = _result(study.ask("Show me the numbers for causal self-attention with 4 tokens, seed 7"))
    q, k, v = (f64(result["inputs"][name]) for name in ("Q", "K", "V"))
    assert q.shape == (4, 4)
    expected = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    torch.testing.assert_close(f64(result["outputs"]["output"]), expected, rtol=0, atol=1e-12)


@pytest.mark.slow
def test_softmax_matches_torch(study) -> None:
    result = _result(study.ask("calculate softmax of [1, 2, 3] with temperature 0.5"))
    expected = torch.softmax(f64([1, 2, 3]) / 0.5, dim=0)
    torch.testing.assert_close(f64(result["outputs"]["probabilities"]), expected, rtol=0, atol=1e-12)


@pytest.mark.slow
def test_layer_norm_matches_torch(study) -> None:
    result = _result(study.ask("compute layer norm for X = [[1, 2, 3, 6], [0, 0, 1, 1]]"))
    x = f64([[1, 2, 3, 6], [0, 0, 1, 1]])
    expected = F.layer_norm(x, (4,), eps=1e-5)
    torch.testing.assert_close(f64(result["outputs"]["layer_norm"]), expected, rtol=0, atol=1e-12)


@pytest.mark.slow
def test_positional_encoding_matches_the_sin_cos_formula(study) -> None:
    result = _result(study.ask("What is the positional encoding of position 3 with d_model = 8"))
    pos, d_model = 3.0, 8
    two_i = torch.arange(0, d_model, 2, dtype=torch.float64)
    angles = pos / torch.pow(10000.0, two_i / d_model)
    expected = torch.stack([torch.sin(angles), torch.cos(angles)], dim=1).reshape(d_model)  # (d_model,)
    got = f64(result["outputs"]["positional_encoding"])
    torch.testing.assert_close(got, expected, rtol=0, atol=1e-12)


@pytest.mark.slow
def test_lr_schedule_matches_the_paper_formula(study) -> None:
    result = _result(study.ask("What is the learning rate at step 100 with warmup 4000 and d_model 512?"))
    step, warmup, d_model = 100, 4000, 512
    assert result["outputs"]["learning_rate"] == d_model**-0.5 * min(step**-0.5, step * warmup**-1.5)
    assert result["outputs"]["branch"] == "warmup"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "total"),
    [
        ("How many parameters does GPT-2 small have?", 124_439_808),
        ("How many parameters does BERT-base have?", 109_482_240),
    ],
)
def test_parameter_counts_are_the_published_ones(study, question: str, total: int) -> None:
    assert _result(study.ask(question))["outputs"]["total"] == total


@pytest.mark.slow
def test_orthogonal_claim_answer_shows_a_positive_weight(study) -> None:
    answer = study.ask("if x_i is orthogonal to x_j then x_j has zero influence on y_i")
    outputs = _result(answer)["outputs"]
    assert outputs["orthogonal_indices"] == [0]
    (weight,) = outputs["orthogonal_weights"]
    assert weight == pytest.approx(1 / (1 + math.e), abs=1e-15)  # exp(0) / (exp(0) + exp(1))
    assert weight > 0
    assert "0.2689 > 0" in answer.text
    assert "is false with softmax weights" in answer.text


@pytest.mark.slow
def test_tool_result_is_the_whole_record_at_full_precision(study) -> None:
    answer = study.ask("work through attention with 3 tokens and d_k = 4")
    result = _result(answer)
    direct = study.example("attention", tokens=3, d_k=4)
    assert from_json(json.dumps(result)) == direct
    assert result == json.loads(to_json(direct))
    assert list(direct.card_ids) == [c.card_id for c in answer.citations]


@pytest.mark.slow
def test_out_of_bounds_request_through_ask_explains_the_limit(study) -> None:
    answer = study.ask("multihead attention with 3 heads and d_model 8, show me the numbers")
    assert not answer.abstained and answer.citations == ()
    assert "heads = 3 must divide d_model = 8" in answer.text
    assert answer.tool_calls[0].arguments == {"kind": "multihead", "params": {"d_model": 8, "heads": 3}}
    assert set(answer.tool_calls[0].result) == {"error"}


@pytest.mark.slow
def test_long_example_question_keeps_its_cut_warning(study) -> None:
    answer = study.ask("compute softmax of [1, 2, 3] " + "please " * 300)
    assert answer.tool_calls[0].arguments["kind"] == "softmax"
    assert answer.warnings == ("question cut to its first 1000 characters (the limit)",)


def test_a_number_that_cannot_be_used_is_named_and_nothing_is_computed() -> None:
    answerer = ExampleAnswerer(StubRetriever([0.9]), threshold=0.37)  # type: ignore[arg-type]
    answer = answerer.try_answer("softmax of [1, 2, 3] with temperature 2 and temperature 0.5")
    assert answer is not None
    problem = "temperature is given twice with different values (2.0 and 0.5); say which one to use"
    assert answer.text == (
        "I can't work that example with the numbers as written, and I did not swap in other "
        f"numbers: {problem}. Ask again with that fixed."
    )
    (call,) = answer.tool_calls
    assert call.arguments == {"kind": "softmax", "params": {"scores": [1, 2, 3], "temperature": 2.0}}
    assert call.result == {"error": problem}


X3 = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]


def _sdpa_weights(q: list, k: list, causal: bool = False) -> torch.Tensor:
    scores = f64(q) @ f64(k).T / math.sqrt(len(q[0]))
    if causal:
        scores = scores.masked_fill(torch.ones_like(scores, dtype=torch.bool).triu(1), float("-inf"))
    return torch.softmax(scores, dim=-1)


@pytest.mark.slow
def test_the_issues_phrasings_compute_on_the_students_numbers(study) -> None:
    shared = study.ask("Q, K and V are all [[1, 0], [0, 1], [1, 1]], causal. Work through the attention.")
    assert shared.tool_calls[0].arguments["params"] == {"Q": X3, "K": X3, "V": X3, "mask": "causal"}
    out = _result(shared)["outputs"]
    x = f64(X3)
    torch.testing.assert_close(f64(out["output"]), F.scaled_dot_product_attention(x, x, x, is_causal=True))
    assert "No numbers were given" not in shared.text

    one = study.ask(
        "the query [1, 1] over the keys [1, 0], [0, 1] and [1, 1]: what are the attention weights?"
    )
    assert one.tool_calls[0].arguments["params"] == {"Q": [[1, 1]], "K": X3}
    torch.testing.assert_close(f64(_result(one)["outputs"]["attention_weights"]), _sdpa_weights([[1, 1]], X3))

    loss = study.ask(
        "logits [2.0, 1.0, 0.1], the correct class is the first one, label smoothing 0.1. The loss?"
    )
    assert loss.tool_calls[0].arguments["params"] == {
        "logits": [[2.0, 1.0, 0.1]],
        "target": [0],
        "epsilon": 0.1,
    }
    logits, target = f64([[2.0, 1.0, 0.1]]), torch.tensor([0])
    assert _result(loss)["outputs"]["loss"] == pytest.approx(
        F.cross_entropy(logits, target, label_smoothing=0.1).item(), abs=1e-12
    )

    norm = study.ask("apply layer normalization to the vector [1, 2, 3, 4]")
    expected = F.layer_norm(f64([[1, 2, 3, 4]]), (4,))
    torch.testing.assert_close(f64(_result(norm)["outputs"]["layer_norm"]), expected)

    chained = study.ask("queries = keys = [[1, 0], [0, 1]] and values [[1, 2], [3, 4]]")
    params = chained.tool_calls[0].arguments["params"]
    assert params == {"Q": [[1, 0], [0, 1]], "K": [[1, 0], [0, 1]], "V": [[1, 2], [3, 4]]}


@pytest.mark.slow
@pytest.mark.parametrize(
    "question", ["Why is d_k = 64 in the base model?", "what happens to softmax when scores are large?"]
)
def test_the_issues_concept_questions_get_card_answers(study, question: str) -> None:
    """Not routed: they go to the card chain, and get a cited card answer."""
    answer = study.ask(question)
    assert answer.tool_calls == () and answer.mode == "offline"
    assert "Worked example" not in answer.text and "PyTorch reference" not in answer.text
    assert not answer.abstained and answer.citations


@pytest.mark.slow
def test_d_k_64_is_answered_from_the_card_that_states_it(study) -> None:
    """The card line "dk=dv=dmodel/h=512/8=64" holds the question's anchors d_k and 64."""
    answer = study.ask("Why is d_k = 64 in the base model?")
    assert answer.coverage == "full"
    assert (
        answer.citations[0].question
        == "State the exact Multi-Head Attention hyperparameters utilized in the baseline paper."
    )
    assert "Internal head dimensions: dk=dv=dmodel/h=512/8=64. [1]" in answer.text.split("\n")
