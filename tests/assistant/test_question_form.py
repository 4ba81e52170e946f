"""Same-form questions that ask something else: exact words returned, on the bundled decks' templates."""

from __future__ import annotations

import pytest

from assistant.question_form import other_question, same_form

WHY = "Why do we need the dot product to calculate self-attention?"
AFTER = "What do we do after the dot product to calculate self-attention?"
AFTER_ANSWER = "We scale the dot product by the square root of the dimension of the key vectors."


def test_a_different_question_word_makes_another_question():
    assert other_question(WHY, AFTER, AFTER_ANSWER) == ("why",)
    # "what" and "after" are in neither the "why" card's question nor its answer.
    answer = "The dot product measures how similar a query and a key are."
    assert other_question(AFTER, WHY, answer) == ("what", "after")


def test_a_different_subject_makes_another_question():
    answer = "The value vector carries the content a token passes on."
    assert other_question("What is the key vector?", "What is the value vector?", answer) == ("key",)


def test_a_word_the_card_answer_uses_is_not_another_question():
    answer = "The value vector is what a token passes on once its key has matched a query."
    assert other_question("What is the key vector?", "What is the value vector?", answer) == ()


def test_the_same_question_in_other_case_and_punctuation():
    assert other_question("what do we do after the dot product to calculate self attention", AFTER, "") == ()


def test_questions_of_different_forms_are_left_to_the_other_signals():
    # A student's phrasing shares few words with the card's question.
    assert other_question("why bother with the dot product at all?", AFTER, AFTER_ANSWER) == ()
    card = "State the power-law Scaling Laws of Kaplan."
    assert not same_form("kaplan scaling laws power law formulas", card)


@pytest.mark.parametrize(
    ("a", "b", "share", "expected"),
    [
        ("What is the key vector?", "What is the value vector?", 0.8, True),  # 4 of 5 both ways
        ("What is the key vector?", "What is the value vector?", 0.81, False),
        ("What is attention?", "What is self-attention?", 0.75, True),  # 3 of 3, and 3 of 4
        ("What is attention?", "What is self-attention?", 0.76, False),
        ("", "What is attention?", 0.1, False),
    ],
)
def test_same_form_is_the_smaller_share_of_shared_words(a, b, share, expected):
    assert same_form(a, b, share) is expected
