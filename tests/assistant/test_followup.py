"""Offline follow-up rewriting and the streaming API."""

from __future__ import annotations

import pytest

from assistant.answers import Answer
from assistant.followup import is_followup, last_user_question, standalone_question

HISTORY = [
    {"role": "user", "content": "Do we scale QK^T in attention?"},
    {"role": "assistant", "content": "Yes, by 1/sqrt(d_k) [1]."},
]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("why?", True),
        ("How so?", True),
        ("what about with 4 tokens?", True),
        ("show me that with 4 tokens", True),
        ("and the decoder?", True),
        ("softmax?", True),
        ("What is layer normalization?", False),
        ("How do residual connections help deep networks?", False),
    ],
)
def test_is_followup(question, expected):
    assert is_followup(question) is expected


def test_last_user_question_skips_assistant_and_blank_messages():
    history = [*HISTORY, {"role": "user", "content": "  "}, {"role": "assistant", "content": "x"}]
    assert last_user_question(history) == "Do we scale QK^T in attention?"
    assert last_user_question([]) is None
    assert last_user_question(None) is None


def test_standalone_question():
    assert standalone_question("why?", HISTORY) == "why? (follow-up to: Do we scale QK^T in attention?)"
    assert standalone_question("What is a key vector?", HISTORY) == "What is a key vector?"
    assert standalone_question("why?", None) == "why?"


@pytest.mark.slow
def test_followup_with_new_numbers_reuses_the_previous_example(study):
    history = [{"role": "user", "content": "work through attention with 3 tokens and d_k = 4"}]
    answer = study.ask("show me that with 4 tokens", history=history)
    assert answer.tool_calls[0].arguments == {"kind": "attention", "params": {"tokens": 4, "d_k": 4}}


@pytest.mark.slow
def test_why_after_a_card_answer_is_answered_from_the_same_topic(study):
    answer = study.ask(
        "why?", history=[{"role": "user", "content": "Do we scale the dot product in attention?"}]
    )
    assert not answer.abstained
    assert "scal" in answer.citations[0].question.lower()


@pytest.mark.slow
def test_stream_yields_text_pieces_then_the_answer(study):
    parts = list(study.stream("What is the difference between attention and self-attention?"))
    answer = parts[-1]
    assert isinstance(answer, Answer)
    assert "".join(parts[:-1]) == answer.text
    assert len(parts) == answer.text.count("\n") + 2
