"""The quiz session's steps and the explanation after a miss, over the real store (slow)."""

from __future__ import annotations

import pytest

from assistant.examples.render import to_markdown
from assistant.quiz import session
from assistant.quiz.explain import example_kind, explain, to_text
from ingest.errors import StudyError

pytestmark = pytest.mark.slow

NUMERIC = "3f56c0ef-e4b8-4ad3-a483-8372a778c8ad"  # "What do we do after scaling ...?" (a formula)
WORDS = "003_97bb6d8cf1568471-b7a067a493a6"  # "What problem does scaling ... solve?" (no formula)


def card(sa, card_id):
    return next(c for c in sa.cards() if c.card_id == card_id)


def test_a_numeric_card_is_explained_with_its_worked_example(quiz_env):
    sa = quiz_env.sa
    numeric = card(sa, NUMERIC)
    grade = sa.grade(NUMERIC, "I don't know")
    e = explain(sa, numeric, grade)
    assert e.kind == "attention" and e.cites_card_first
    assert e.answer.text == sa.ask(numeric.question).text
    text = to_text(e)
    assert text.startswith(f"The card ({numeric.source}): {numeric.question}\n")
    assert text.endswith("Worked example (attention):\n" + to_markdown(sa.example("attention")).rstrip())


def test_a_card_in_words_gets_no_worked_example(quiz_env):
    sa = quiz_env.sa
    words = card(sa, WORDS)
    assert any(h.card_id == WORDS for h in sa.examples.concept_hits("attention"))  # explains attention...
    assert example_kind(sa, words, sa.grade(WORDS, "?")) is None  # ...but holds no formula
    e = explain(sa, words)
    assert (e.kind, e.example) == (None, None)
    assert "Worked example" not in to_text(e)


def test_session_steps_and_their_errors(quiz_env):
    sa = quiz_env.sa
    with pytest.raises(StudyError, match="the number of cards must be 1 to 500, got 0"):
        session.start(sa, 0)
    state = session.show(session.start(sa, 2, user="steps"), now=100.0)
    with pytest.raises(StudyError, match="answer the card before rating it"):
        session.save(sa, state)
    state = session.submit(sa, state, "?", now=112.5)
    assert (state.answer, state.elapsed_s, state.grade.verdict) == ("I don't know", 12.5, "wrong")
    with pytest.raises(StudyError, match="rating 'x' is not one of again, hard, good, easy"):
        session.save(sa, state, "x")
    state, saved = session.save(sa, state, "e")
    assert (saved.reviews, state.position, state.turns[-1].rating, state.turns[-1].overridden) == (
        1,
        1,
        "easy",
        True,
    )
    log = sa.study.history(user="steps")
    assert [(r.rating, r.overridden_from, r.elapsed_s) for r in log] == [("easy", "again", 12.5)]
