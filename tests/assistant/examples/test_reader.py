"""The reader of numeric requests: every argument as written, problems instead of substitutions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.examples.catalog import run_request
from assistant.examples.routing import route
from ingest.errors import ToolError

X3 = [[1, 0], [0, 1], [1, 1]]

READ: list[tuple[str, str, dict[str, Any]]] = [
    # the failures
    (
        "Q, K and V are all [[1, 0], [0, 1], [1, 1]], causal. Work through it.",
        "attention",
        {"Q": X3, "K": X3, "V": X3, "mask": "causal"},
    ),
    ("the query [1, 1] over the keys [1, 0], [0, 1] and [1, 1]", "attention", {"Q": [[1, 1]], "K": X3}),
    (
        "logits [2.0, 1.0, 0.1] and the correct class is the first one: what's the cross-entropy?",
        "label_smoothing",
        {"logits": [[2.0, 1.0, 0.1]], "target": [0]},
    ),
    ("apply layer normalization to the vector [1, 2, 3, 4]", "layer_norm", {"X": [[1, 2, 3, 4]]}),
    (
        "queries = keys = [[1, 0], [0, 1]] and values [[1, 2], [3, 4]]",
        "attention",
        {"Q": [[1, 0], [0, 1]], "K": [[1, 0], [0, 1]], "V": [[1, 2], [3, 4]]},
    ),
    # notations
    (
        "attention with Q = np.array([[1, 0]]), K = torch.tensor([[1, 0], [0, 1]]), V = ((1, 2), (3, 4))",
        "attention",
        {"Q": [[1, 0]], "K": [[1, 0], [0, 1]], "V": [[1, 2], [3, 4]]},
    ),
    (
        r"softmax of $\begin{bmatrix} 1 & 2 & 3 \end{bmatrix}$ at $\tau = 0.5$",
        "softmax",
        {"scores": [1, 2, 3], "temperature": 0.5},
    ),
    (
        r"layer norm of \begin{pmatrix} 1 & 2 \\ 3 & 5 \end{pmatrix}",
        "layer_norm",
        {"X": [[1, 2], [3, 5]]},
    ),
    (
        "k1 = [1, 0], k2 = [0, 1], k3 = [1, 1] and the query q = [1, 2]: attention weights?",
        "attention",
        {"Q": [[1, 2]], "K": X3},
    ),
    ("softmax of 1, 2 and 3", "softmax", {"scores": [1, 2, 3]}),
    # scalars, classes in words, options
    (
        "label smoothing 0.1 with logits [1, 0, 0] and the second class correct",
        "label_smoothing",
        {"logits": [[1, 0, 0]], "target": [1], "epsilon": 0.1},
    ),
    (
        "with 10% label smoothing, the loss for logits [2, 0, 1] and class 0?",
        "label_smoothing",
        {"logits": [[2, 0, 1]], "target": [0], "epsilon": 0.1},
    ),
    (
        "logits [1, 2, 0.5], correct class is the last one, smoothing 0.2",
        "label_smoothing",
        {"logits": [[1, 2, 0.5]], "target": [2], "epsilon": 0.2},
    ),
    (
        "attention with Q = [[1, 0]], K = [[1, 0], [0, 1]], V = [[1, 2], [3, 4]]; the last key is padding",
        "attention",
        {"Q": [[1, 0]], "K": [[1, 0], [0, 1]], "V": [[1, 2], [3, 4]], "padding_mask": [False, True]},
    ),
    (
        "layer norm with gain 2 and bias 1 on x = [1, 2, 3]",
        "layer_norm",
        {"X": [[1, 2, 3]], "gain": [2.0, 2.0, 2.0], "bias": [1.0, 1.0, 1.0]},
    ),
    (
        "positional encoding for position five, d_model = 6",
        "positional_encoding",
        {"position": 5, "d_model": 6},
    ),
    ("PE(7) with d_model = 8", "positional_encoding", {"position": 7, "d_model": 8}),
    (
        "lr after 500 steps with warmup_steps=4000 and d_model=512?",
        "lr_schedule",
        {"step": 500, "warmup": 4000, "d_model": 512},
    ),
    (
        "how many parameters in a 6-layer GPT-2 style model with d_model 512?",
        "param_count",
        {"style": "gpt2", "n_layers": 6, "d_model": 512},
    ),
    (
        "compute the FFN for x = [[1, -1]] with W1 = [[1, 0, 1], [0, 1, 1]], b1 = [0, 0, -1], "
        "W2 = [[1, 0], [0, 1], [1, 1]] and b2 = [0.5, 0]",
        "ffn",
        {
            "X": [[1, -1]],
            "W_1": [[1, 0, 1], [0, 1, 1]],
            "b_1": [0, 0, -1],
            "W_2": [[1, 0], [0, 1], [1, 1]],
            "b_2": [0.5, 0],
        },
    ),
    (
        "alignment scores for s = [1, 1] and encoder states h_1 = [1, 0], h_2 = [0, 1]",
        "alignment_scores",
        {"s": [1, 1], "H": [[1, 0], [0, 1]]},
    ),
]


@pytest.mark.parametrize(("question", "kind", "params"), READ)
def test_every_argument_is_read_as_written(question: str, kind: str, params: dict[str, Any]) -> None:
    result = route(question)
    assert result is not None
    assert (result.kind, dict(result.params), result.problems) == (kind, params, ())
    assert run_request(result.kind, result.params).kind == kind


def test_self_attention_on_x_says_q_k_v_are_x() -> None:
    result = route("compute self-attention on X = [[1, 0], [0, 1]]")
    assert result is not None and dict(result.params) == {"Q": [[1, 0], [0, 1]]} | {
        "K": [[1, 0], [0, 1]],
        "V": [[1, 0], [0, 1]],
    }
    assert "self-attention without projections: Q = K = V = X" in result.notes


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        (
            "softmax of [1, 2, 3] with temperature 2 and temperature 0.5",
            "temperature is given twice with different values (2.0 and 0.5); say which one to use",
        ),
        (
            "compute attention for [[1, 0], [0, 1]]",
            "the array [[1, 0], [0, 1]] is not named: say whether it is Q, K, V or the input X "
            "(for self-attention with Q = K = V = X)",
        ),
        (
            "softmax of [[1, 2], [3, 4]]",
            "scores must be a vector, but [[1, 2], [3, 4]] has 2 rows",
        ),
        (
            "logits [[1, 2], [3, 4]] with the first class correct, label smoothing 0.1",
            "one class (0) was given for 2 rows of logits; give one per row",
        ),
        (
            "attention with Q = [[1, 0], [0, 1]], K = [[1, 0]], V = [[1, 2]]; the last 2 keys are padding",
            "'the last 2 keys are padding' masks 2 of only 1 keys; nothing would be left",
        ),
        ("compute attention for Q = [[1, 0], [0]]", "could not read '[[1, 0], [0]]' as numbers"),
        (
            "positional encoding for position 3.5, d_model 4",
            "position = 3.5 cannot be used: position takes a whole number",
        ),
        (
            "learning rate at step 1e4 with warmup 4000",
            "step = 1e4 cannot be used: step takes a whole number",
        ),
        (
            "label smoothing with logits [1, 2] and targets [1e999]",
            "target must be whole class indices, got [inf]",
        ),
    ],
)
def test_unusable_numbers_are_named_not_replaced(question: str, problem: str) -> None:
    result = route(question)
    assert result is not None and result.problems == (problem,)


def test_sizes_that_disagree_with_the_matrices_are_refused_by_the_catalog() -> None:
    result = route("attention with 3 tokens, Q = [[1, 0], [0, 1]], K = [[1, 0], [0, 1]]")
    assert result is not None and result.params["tokens"] == 3
    with pytest.raises(ToolError, match="tokens = 3 disagrees with the rows of Q, which has 2"):
        run_request(result.kind, result.params)


def test_numbers_the_reader_cannot_place_are_named() -> None:
    result = route("softmax of [1, 2, 3]? I think the answer is 0.09")
    assert result is not None and dict(result.params) == {"scores": [1, 2, 3]}
    assert result.notes == (
        "using defaults: temperature = 1",
        "not used (no parameter of softmax takes them): 0.09",
    )


def test_defaults_note_names_exactly_the_defaulted_parameters() -> None:
    one_query = route("the query [1, 1] over the keys [1, 0], [0, 1] and [1, 1]")
    assert one_query is not None and one_query.notes == ("using defaults: no mask, random V, seed 0",)
    full = route("causal attention with Q = [[1, 0]], K = [[1, 0]], V = [[2, 3]]")
    assert full is not None and full.notes == ()
    lr = route("learning rate at step 100 with warmup 4000 and d_model 512")
    assert lr is not None and lr.notes == ()


CONCEPTS = [
    "Why is d_k = 64 in the base model?",
    "what happens to softmax when scores are large?",
    "Are 2 heads enough for a small model?",
    "Is a learning rate of 0.001 with warmup 4000 too large?",
    "Does layer norm with eps = 1e-5 ever divide by zero?",
    "How does the learning rate behave after step 4000?",
    "for one attention head, what are the dimensions of W^Q, W^K and W^V?",
]


@pytest.mark.parametrize("question", CONCEPTS)
def test_concept_questions_with_numbers_are_not_routed(question: str) -> None:
    assert route(question) is None


def test_no_paraphrase_of_the_bundled_set_is_routed() -> None:
    """The 87 held-out paraphrases are card questions: none may become a worked example."""
    path = Path(__file__).resolve().parents[3] / "evals" / "data" / "paraphrases.jsonl"
    questions = [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(questions) == 87
    assert [q for q in questions if route(q) is not None] == []


def test_ffn_with_its_weights_written_out_draws_nothing() -> None:
    result = route(
        "compute the FFN for x = [[1, -1]] with W1 = [[1, 0, 1], [0, 1, 1]], b1 = [0, 0, -1], "
        "W2 = [[1, 0], [0, 1], [1, 1]] and b2 = [0.5, 0]"
    )
    assert result is not None and result.notes == ("using defaults: activation relu",)
    example = run_request(result.kind, result.params)
    # x W1 + b1 = [1, -1, -1] -> relu [1, 0, 0] -> W2 + b2 = [1.5, 0]
    assert example.outputs["output"] == [[1.5, 0.0]]
    assert example.notes == ("defaults used: activation relu", "the same W_1, W_2 are used at every position")
    shapes = route("FFN of X = [[1, 2]] with W_1 = [[1, 0, 0]]")
    assert shapes is not None
    with pytest.raises(ToolError, match="W_1 rows has 1 entries but must match 2"):
        run_request(shapes.kind, shapes.params)


def test_a_deeply_nested_bracket_is_a_problem_not_a_crash() -> None:
    result = route("attention with Q = " + "[" * 500 + "1" + "]" * 500)
    assert result is not None and result.problems == ("could not read '" + "[" * 40 + "' as numbers",)


def test_word_tokens_in_brackets_are_not_arrays() -> None:
    result = route("how many parameters does BERT-base have, counting the [CLS] and [SEP] embeddings?")
    assert result is not None and result.problems == () and dict(result.params) == {"preset": "bert-base"}


def test_a_number_is_read_once_by_the_first_name_that_claims_it() -> None:
    result = route("learning rate at step 100 warmup 4000")  # "100 warmup" is not a warm-up of 100
    assert result is not None and dict(result.params) == {"step": 100, "warmup": 4000}
    assert result.problems == ()
    # only the kind's own names claim: "4 encoder states" are the alignment's states here
    states = route("work through Bahdanau additive attention scores with 4 encoder states")
    assert states is not None and dict(states.params) == {"states": 4}
