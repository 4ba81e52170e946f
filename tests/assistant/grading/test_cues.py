"""Cues: "I don't know", negation and opposite words."""

from __future__ import annotations

import pytest

from assistant.grading.cues import flips, is_no_answer

CARD = "Scaling prevents the dot product values from becoming too large"


@pytest.mark.parametrize(
    "answer", ["", "   ", "I don't know", "i dont know.", "IDK", "no idea, sorry", "I forgot", "?", "not sure"]
)
def test_no_answer(answer):
    assert is_no_answer(answer)


@pytest.mark.parametrize("answer", ["softmax", "no matter how far apart", "not normalised", "pass the input on"])
def test_an_answer_is_not_taken_for_no_answer(answer):
    assert not is_no_answer(answer)


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
    assert flips(CARD, answer) is expected


def test_an_opposite_word_the_card_itself_uses_is_no_swap():
    point = "The purpose of the encoder is to process the input sequence"
    answer = "It processes the input sequence for the decoder"
    assert flips(point, answer)  # "decoder" for "encoder"
    assert not flips(point, answer, whole_card=point + " which can then be used by the decoder")


def test_a_synonym_the_lists_lack_is_no_reversal():
    assert not flips("They help mitigate the vanishing gradient problem", "They fight vanishing gradients")
    assert flips("They help mitigate the vanishing gradient problem", "They cause the vanishing gradient problem")
