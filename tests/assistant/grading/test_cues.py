"""Cues: "I don't know"."""

from __future__ import annotations

import pytest

from assistant.grading.cues import is_no_answer


@pytest.mark.parametrize(
    "answer",
    ["", "   ", "I don't know", "i dont know.", "IDK", "no idea, sorry", "I forgot", "?", "not sure"],
)
def test_no_answer(answer):
    assert is_no_answer(answer)


@pytest.mark.parametrize(
    "answer", ["softmax", "no matter how far apart", "not normalised", "pass the input on"]
)
def test_an_answer_is_not_taken_for_no_answer(answer):
    assert not is_no_answer(answer)
