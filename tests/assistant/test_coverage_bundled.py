"""Coverage of a few development questions over the bundled decks (slow: real model)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_a_covered_question_is_full(study):
    answer = study.ask("Why do we scale the dot product by the square root of d_k?")
    assert (answer.coverage, answer.abstained, answer.missing) == ("full", False, ())
    assert answer.citations


def test_an_on_topic_question_on_a_missing_topic_is_partial_and_names_it(study):
    answer = study.ask("How do rotary position embeddings (RoPE) encode where a token is?")
    assert (answer.coverage, answer.abstained, answer.missing) == ("partial", False, ("rotary", "RoPE"))
    assert answer.text.endswith("but nothing on “rotary” or “RoPE”.")
    assert answer.to_dict()["coverage"] == "partial"


def test_an_on_topic_question_no_card_covers_is_declined_without_citations(study):
    answer = study.ask("What is LoRA and why does fine-tuning with low-rank adapters save memory?")
    assert (answer.coverage, answer.abstained, answer.citations) == ("none", True, ())
    assert len(answer.nearest) == 3
