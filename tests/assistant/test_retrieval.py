"""Hybrid retrieval over the bundled decks with the real MiniLM (slow)."""

from __future__ import annotations

import pytest

from assistant.errors import RetrievalError

pytestmark = pytest.mark.slow


def test_each_card_appears_once_and_scores_are_ordered(study):
    hits = study.retrieve("what are queries keys and values in attention", k=10)
    ids = [h.card_id for h in hits]
    assert len(ids) == 10 == len(set(ids))
    assert [h.rank for h in hits] == list(range(1, 11))
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:], strict=False))


@pytest.mark.parametrize(
    ("question", "card_id"),
    [
        ("What is the query vector?", "d33e3f45-53d6-4d4d-860c-b337569cd772"),
        (
            "How does layer normalization differ from batch normalization?",
            "392b5967-6688-4ace-ad73-f61d5bf6c2a0",
        ),
        ("What is the computational complexity of self-attention?", "0cd84c0a-2434-41c5-941f-d3e47a46f00e"),
    ],
)
def test_a_cards_own_question_ranks_it_first(study, question, card_id):
    assert study.retrieve(question, k=3)[0].card_id == card_id


def test_verbatim_questions_of_every_answered_card_rank_it_first(study):
    cards = study.cards()
    misses = [c.question for c in cards if study.retrieve(c.question, k=1)[0].card_id != c.card_id]
    assert misses == []


def test_practice_prompts_are_never_retrieved(study):
    practice = {c.card_id for c in study.cards(include_practice=True) if c.is_practice}
    assert len(practice) == 6
    hits = study.retrieve("x_i orthogonal to x_j zero influence on the output y_i", k=20)
    assert practice.isdisjoint(h.card_id for h in hits)


@pytest.mark.parametrize("mode", ["dense", "lexical", "hybrid"])
def test_every_mode_finds_the_layer_norm_card(study, mode):
    hits = study.retriever.search("layer normalization versus batch normalization", k=5, mode=mode)
    assert "392b5967-6688-4ace-ad73-f61d5bf6c2a0" in [h.card_id for h in hits]


def test_empty_question_is_refused(study):
    with pytest.raises(RetrievalError, match="the question is empty"):
        study.retrieve("   ")
