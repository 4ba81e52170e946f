"""``StudyAssistant.grade`` on the bundled cards with the real MiniLM (slow)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from assistant.api import StudyAssistant
from ingest.errors import GradingError
from tests.support.llm_fixtures import no_llm_environment, server  # noqa: F401 (fixtures)
from tests.support.openai_server import MODEL, Reply, closed_port_url

pytestmark = pytest.mark.slow

WHY_SCALE = "8ad94581-5c54-4d7c-ac43-7b62b2a470b3"  # Why do we need to scale/normalize ...?
WHY_SOFTMAX = "ae480e38-fb59-4f88-ad8c-1b9d0558abde"  # Why do we need to use softmax ...?
FFN_FORMULA = "004_fcda2a779abf61b9-1809a3373bae"  # Write the calculation equation for the FFN ...
COMPLEXITY = "004_fcda2a779abf61b9-b25154ce8377"  # Compare Self-Attention and Recurrent layers ...
PRACTICE = "003_97bb6d8cf1568471-7a6222a6fbd1"  # Explain how the self-attention mechanism ... (practice)


def test_a_correct_answer_in_other_words_with_typos(study):
    answer = (
        "scalng by sqrt d_k stops the dot prodcts from becomming too large. Otherwise gradients destabilize."
    )
    grade = study.grade(WHY_SCALE, answer)
    assert (grade.verdict, grade.rating, grade.grader, grade.score) == ("correct", "good", "offline", 0.9957)
    assert grade.card.card_id == WHY_SCALE and grade.warnings == ()
    assert [p.text for p in grade.covered] == [
        "Scaling by \\(\\sqrt{d_k}\\) prevents the dot product values from becoming too large",
        "which can destabilize gradients and slow down training.",
    ]
    assert grade.missed == ()
    for point in grade.covered:
        assert grade.card.answer[point.start : point.end] == point.text
    assert grade.feedback.startswith("Correct: you covered 2 of 2 key points.")
    assert grade.card.question in grade.feedback and grade.card.source in grade.feedback


def test_the_misconception_from_the_issue_is_wrong(study):
    grade = study.grade(WHY_SCALE, "It normalises the attention weights so they sum to one.")
    assert (grade.verdict, grade.rating) == ("wrong", "again")
    assert grade.covered == ()


def test_the_cards_own_words_in_a_reversed_claim_are_wrong(study):
    grade = study.grade(
        WHY_SCALE, "Scaling by sqrt(d_k) makes the dot product values large, which stabilizes gradients."
    )
    assert grade.verdict == "wrong"
    assert "contradicts" in grade.feedback


def test_no_answer_is_wrong_at_once(study):
    for answer in ("I don't know", "", "   "):
        grade = study.grade(WHY_SCALE, answer)
        assert (grade.verdict, grade.score, grade.rating, grade.covered) == ("wrong", 0.0, "again", ())
        assert len(grade.missed) == 2


def test_a_fast_correct_answer_is_easy(study):
    answer = (
        "Softmax normalizes the scores into probabilities, so the weights sum to 1 and each token counts."
    )
    assert study.grade(WHY_SOFTMAX, answer, elapsed_s=3.0).rating == "easy"
    assert study.grade(WHY_SOFTMAX, answer, elapsed_s=30.0).rating == "good"


def test_a_formula_card_is_graded_on_its_formula(study):
    grade = study.grade(FFN_FORMULA, "FFN(x) = max(0, x W1 + b1) W2 + b2")
    assert [p.text for p in grade.covered] == ["Formula:\nFFN(x)=max(0,xW1+b1)W2+b2"]  # by symbol overlap
    assert len(grade.missed) == 3  # the layers and the sizes were not written


def test_a_table_card_checks_the_values(study):
    right = "Self-attention: O(N^2 d) per layer and O(1) sequential operations; recurrent: O(N d^2) and O(N)."
    swapped = "Self-attention needs O(N) sequential operations and O(N d^2) per layer; recurrent needs O(1)."
    assert study.grade(COMPLEXITY, right).verdict == "correct"
    assert study.grade(COMPLEXITY, swapped).verdict == "wrong"


def test_unknown_and_practice_cards_are_refused(study):
    with pytest.raises(GradingError, match="no card has the id 'nope'"):
        study.grade("nope", "anything")
    with pytest.raises(GradingError, match="practice prompt"):
        study.grade(PRACTICE, "anything")
    with pytest.raises(GradingError, match="elapsed_s"):
        study.grade(WHY_SCALE, "anything", elapsed_s=-1)


def test_the_grade_is_json_ready(study):
    data = study.grade(WHY_SCALE, "I don't know").to_dict()
    assert list(data) == [
        "verdict",
        "score",
        "rating",
        "covered",
        "missed",
        "feedback",
        "card",
        "warnings",
        "grader",
        "answer",
    ]
    json.dumps(data)


def _llm_study(bundled_settings, base_url: str) -> StudyAssistant:
    settings = bundled_settings.model_copy(
        update={
            "mode": "llm",
            "llm_base_url": base_url,
            "llm_model": MODEL,
            "llm_max_retries": 0,
            "llm_timeout": 5.0,
        }
    )
    return StudyAssistant(settings)


def test_llm_grading_quotes_the_card(bundled_settings, server):  # noqa: F811
    study = _llm_study(bundled_settings, server.base_url)
    card = next(c for c in study.cards() if c.card_id == WHY_SCALE)
    quote = "prevents the dot product values from becoming too large"
    server.script(
        Reply(
            content=json.dumps(
                {
                    "verdict": "partial",
                    "covered": [quote],
                    "missed": ["which can destabilize gradients and slow down training."],
                    "feedback": "Say why it matters.",
                }
            )
        )
    )
    grade = study.grade(WHY_SCALE, "It keeps the dot products small.")
    assert (grade.grader, grade.verdict, grade.rating, grade.warnings) == ("llm", "partial", "hard", ())
    (covered,) = grade.covered
    assert card.answer[covered.start : covered.end] == quote
    assert grade.feedback.startswith("Say why it matters.")


@pytest.mark.parametrize(
    "reply",
    [
        Reply(content="Looks partly right to me."),
        Reply(content=json.dumps({"verdict": "correct", "covered": ["softmax is a sigmoid"], "missed": []})),
        Reply(content=json.dumps({"verdict": "correct", "covered": [], "missed": [], "extra": 1})),
        Reply(status=500, error="boom"),
    ],
)
def test_any_llm_failure_falls_back_to_the_offline_grade_with_a_warning(bundled_settings, server, reply):  # noqa: F811
    study = _llm_study(bundled_settings, server.base_url)
    server.script(reply)
    grade = study.grade(WHY_SCALE, "It normalises the attention weights so they sum to one.")
    assert (grade.grader, grade.verdict) == ("offline", "wrong")
    (warning,) = grade.warnings
    assert warning.startswith("LLM grading failed (") and warning.endswith("); graded offline")


def test_an_unreachable_endpoint_falls_back(bundled_settings):
    study = _llm_study(bundled_settings, closed_port_url())
    grade = study.grade(WHY_SCALE, "I don't know")  # no model is asked about no answer
    assert (grade.grader, grade.verdict, grade.warnings) == ("offline", "wrong", ())
    grade = study.grade(WHY_SCALE, "It keeps the dot products from getting large so gradients stay stable.")
    assert grade.grader == "offline" and "unreachable" in grade.warnings[0]


def test_the_grade_record_is_frozen(study):
    grade = study.grade(WHY_SCALE, "I don't know")
    with pytest.raises(dataclasses.FrozenInstanceError):
        grade.verdict = "correct"  # type: ignore[misc]
