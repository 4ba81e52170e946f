"""The deck's vocabulary: which words of a question no card uses (a real BM25 index, no model)."""

from __future__ import annotations

import pytest

from assistant.deck_terms import DeckTerms
from ingest.lexical import LexicalIndex


@pytest.fixture(scope="module")
def terms() -> DeckTerms:
    chunks = [
        ("a#0", "Why do we scale the dot product by sqrt(d_k) before the softmax?"),
        ("a#1", "The feed forward network has two linear layers with a ReLU between them."),
        ("b#0", "How does layer norm differ from batch norm in RNNs?"),
        ("c#0", "What does the model dimension d_model set?"),
    ]
    return DeckTerms(LexicalIndex.build(chunks, revision="r1"))


def test_content_words_drop_function_words_numbers_and_repeats(terms):
    assert terms.content_words("What is the softmax of the softmax, in 2 words?") == ["softmax", "words"]


def test_a_word_the_deck_uses_is_known_through_the_stemmer(terms):
    assert terms.unknown_words("Why scaling dot products?") == ()


def test_words_no_card_uses_are_unknown_once_each_in_question_order(terms):
    assert terms.unknown_words("How does FlashAttention tile softmax? FlashAttention kernel") == (
        "flashattention",
        "tile",
        "kernel",
    )


def test_plural_the_stemmer_keeps_apart_is_known(terms):
    # The deck writes "RNNs", which the stemmer leaves as "rnns"; the student writes "rnn".
    assert terms.unknown_words("rnn") == ()


def test_compound_of_two_deck_words_is_known(terms):
    assert terms.unknown_words("feedforward layernorm batchnorm") == ()


def test_underscore_splits_words(terms):
    assert terms.content_words("what is d_model") == ["model"]


def test_one_typo_in_a_long_word_is_forgiven(terms):
    assert terms.unknown_words("why sofmax") == ()  # dropped letter
    assert terms.unknown_words("why softmaxx") == ()  # added letter
    assert terms.unknown_words("why softmix") == ()  # changed letter


def test_short_words_get_no_typo_allowance(terms):
    assert terms.unknown_words("relo") == ("relo",)


def test_excluded_cards_do_not_lend_their_words(terms):
    assert terms.unknown_words("batch norm", excluding={"b"}) == ("batch", "norm")
    assert terms.unknown_words("softmax", excluding={"b"}) == ()


def test_empty_deck_knows_no_word():
    empty = DeckTerms(LexicalIndex.build([], revision="r0"))
    assert empty.unknown_words("attention heads") == ("attention", "heads")
