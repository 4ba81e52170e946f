"""Learn-ahead: once a session has no other card left, cards in their learning steps that FSRS
makes due within the window come back, earliest due first (slow: the real store and database)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from assistant.api import StudyAssistant
from assistant.quiz import session
from ingest.settings import load_settings

pytestmark = pytest.mark.slow


def play(sa, state, ratings):
    """Answer "I don't know" to each card shown and save ``ratings`` in turn; the cards shown."""
    shown = []
    for rating in ratings:
        assert not state.done, f"the session ended after {shown}"
        shown.append(state.current.card_id)
        state = session.submit(sa, session.show(state), "?")
        state, _ = session.save(sa, state, rating)
    return state, shown


def test_an_again_card_comes_back_in_due_order_and_a_graduated_one_does_not(quiz_env):
    sa = quiz_env.sa
    assert sa.settings.learn_ahead_minutes == 20.0  # the default
    month_ago = datetime.now(UTC) - timedelta(days=30)
    d, a, b, c = (x.card_id for x in sa.due(4, user="ahead"))
    sa.review(d, "easy", user="ahead", at=month_ago)  # a card in review, due again by now
    state = session.start(sa, 4, user="ahead")
    assert [x.card_id for x in state.queue] == [d, a, b, c]  # the due card, then the new ones
    # d: a review card rated good (days away); a: again (1 min); b: good, its 10-minute learning
    # step; c: easy (days away). Then a comes back, then b (due before a's next step), then a.
    state, shown = play(sa, state, ["good", "again", "good", "easy", "good", "good", "good"])
    assert shown == [d, a, b, c, a, b, a]
    assert state.done and len(state.queue) == 7
    assert [sa.card_state(x, user="ahead").state for x in (d, a, b, c)] == ["review"] * 4
    assert sa.card_state(a, user="ahead").reviews == 3 and sa.card_state(d, user="ahead").reviews == 2
    assert "Session over: 7 card(s) reviewed and saved for ahead" in session.summary(state)


def test_the_session_ends_when_nothing_is_due_within_the_window(quiz_env):
    sa = quiz_env.sa
    first = sa.due(1, user="window")[0].card_id
    state, shown = play(sa, session.start(sa, 1, user="window"), ["good"])  # due in 10 minutes
    assert shown == [first] and state.current.card_id == first  # within 20 minutes: it is back
    used_up = dataclasses.replace(state, queue=state.queue[:1], learn_ahead_s=5 * 60.0)
    now = datetime.now(UTC)
    assert session.learn_ahead(sa, used_up, now=now).done  # not due within 5 minutes: over
    later = session.learn_ahead(sa, used_up, now=now + timedelta(minutes=6))
    assert [x.card_id for x in later.queue] == [first, first]


def test_learn_ahead_zero_turns_it_off(quiz_env):
    s = quiz_env.sa.settings
    off = StudyAssistant(
        load_settings(data_dir=s.data_dir, cards_dir=s.cards_dir, database_url=s.database_url,
                      mode="offline", learn_ahead_minutes=0)
    )  # fmt: skip
    first = off.due(1, user="off")[0].card_id
    state, shown = play(off, session.start(off, 1, user="off"), ["again"])
    assert shown == [first] and state.done  # the again card waits for the next session
    assert off.card_state(first, user="off").state == "learning"
