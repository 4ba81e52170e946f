"""Polarity word by word: a cue reaches only the words it governs."""

from __future__ import annotations

import pytest

from assistant.grading.polarity import denies

CARD = "Scaling prevents the dot product values from becoming too large"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Scaling makes the values large", True),  # a causing verb where the card prevents
        ("it keeps the values small", False),  # an opposite word under a preventer: agrees
        ("it keeps the dot products from getting too large", False),  # "keeps ... from" prevents
        ("it avoids very large dot products", False),
        ("scaling does not stop the values from becoming large", True),
    ],
)
def test_polarity(answer, expected):
    assert denies(CARD, answer) is expected


def test_an_opposite_word_the_card_itself_uses_is_no_swap():
    point = "The purpose of the encoder is to process the input sequence"
    answer = "It processes the input sequence for the decoder"
    assert denies(point, answer)  # "decoder" for "encoder"
    assert not denies(point, answer, whole_card=point + " which can then be used by the decoder")


def test_a_synonym_the_lists_lack_is_no_reversal():
    assert not denies("They help mitigate the vanishing gradient problem", "They fight vanishing gradients")
    assert denies(
        "They help mitigate the vanishing gradient problem", "They cause the vanishing gradient problem"
    )


def test_a_negation_about_other_words_does_not_reverse_the_point():
    point = "which helps keep the softmax function stable and gradients well-behaved during training."
    # "keeps ... from" governs "becoming too large", and the clause ends at "so"
    assert not denies(point, "to keep dot products from becoming too large so the softmax is stable")
    assert denies(point, "the softmax is not stable")


def test_a_moved_negation_is_a_reversal():
    point = "Model performance scales predictably via power laws when performance is not bottlenecked"
    assert denies(
        point, "Performance does not scale predictably; the laws hold when every factor is bottlenecked."
    )
    assert not denies(point, "It scales predictably as a power law unless a factor is a bottleneck.")


def test_instead_of_denies_what_follows():
    point = "which replaces the static context vector with a dynamic soft search mechanism."
    assert not denies(point, "instead of one fixed context vector the decoder searches the source")
    assert denies(point, "the decoder uses one fixed context vector")


def test_a_label_asserts_nothing():
    point = "Scale Factor Function: For large values of dk, dot products grow excessively large."
    assert not denies(point, "without the scale, large d_k makes the dot products huge")
    assert denies(point, "for large dk the dot products do not grow large")


def test_a_word_said_both_ways_decides_nothing():
    point = "Layer Normalization is applied individually to the embedding vector of a single token"
    answer = "It normalizes each token's vector on its own, and never mixes the tokens of the sequence."
    assert not denies(point, answer)  # "token" is asserted once and denied once
