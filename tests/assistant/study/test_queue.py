"""What comes up: due cards (most overdue first), then new ones within the limit; filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assistant.study.queue import QueueFilter, build_queue, card_tags
from assistant.study.records import CardState
from ingest.cards import Card
from ingest.errors import StudyError

NOW = datetime(2026, 5, 10, 12, 0, tzinfo=UTC)

CARDS = [
    Card("a1", "alpha.csv", "Qa1", "Aa1"),
    Card("a2", "alpha.csv", "Qa2", "Aa2", metadata={"tags": "softmax, scaling"}),
    Card("a3", "alpha.csv", "Qa3", "Aa3", kind="note"),
    Card("a4", "alpha.csv", "Try it", "", kind="practice"),
    Card("b1", "beta.txt", "Qb1", "Ab1", metadata={"level": "Easy"}),
    Card("b2", "beta.txt", "Qb2", "Ab2"),
]


def state(card_id: str, due: datetime) -> CardState:
    return CardState(card_id, due, "review", 5.0, 5.0, reviews=3)


STATES = {
    "a1": state("a1", NOW - timedelta(days=2)),  # overdue most
    "b1": state("b1", NOW - timedelta(hours=1)),
    "a3": state("a3", NOW + timedelta(minutes=1)),  # not yet due
    "gone": state("gone", NOW - timedelta(days=9)),  # removed from its deck: never offered
}


def ids(queue) -> list[str]:
    return [d.card_id for d in queue]


def test_due_first_most_overdue_first_then_new_in_store_order():
    queue = build_queue(CARDS, STATES, QueueFilter(), n=10, new_allowed=10, now=NOW)
    assert ids(queue) == ["a1", "b1", "a2", "b2"]
    assert [d.is_new for d in queue] == [False, False, True, True]
    assert queue[0].state == STATES["a1"]


def test_n_and_the_daily_new_limit():
    assert ids(build_queue(CARDS, STATES, QueueFilter(), n=3, new_allowed=10, now=NOW)) == ["a1", "b1", "a2"]
    assert ids(build_queue(CARDS, STATES, QueueFilter(), n=10, new_allowed=1, now=NOW)) == ["a1", "b1", "a2"]
    assert ids(build_queue(CARDS, STATES, QueueFilter(), n=10, new_allowed=0, now=NOW)) == ["a1", "b1"]
    assert ids(build_queue(CARDS, STATES, QueueFilter(), n=10, new_allowed=-4, now=NOW)) == ["a1", "b1"]
    assert ids(build_queue(CARDS, STATES, QueueFilter(), n=1, new_allowed=10, now=NOW)) == ["a1"]
    with pytest.raises(StudyError, match="n must be at least 1"):
        build_queue(CARDS, STATES, QueueFilter(), n=0, new_allowed=1, now=NOW)


def test_a_card_becomes_due_at_its_due_time():
    later = NOW + timedelta(minutes=1)
    assert ids(build_queue(CARDS, STATES, QueueFilter(), n=10, new_allowed=0, now=later)) == [
        "a1",
        "b1",
        "a3",
    ]


def test_filters_by_deck_tag_and_kind():
    def only(**where) -> list[str]:
        return ids(build_queue(CARDS, STATES, QueueFilter(**where), n=10, new_allowed=10, now=NOW))

    assert only(deck="beta.txt") == ["b1", "b2"]
    assert only(deck="beta") == ["b1", "b2"]
    assert only(deck="gamma") == []
    assert only(tag="SOFTMAX") == ["a2"]
    assert only(tag="easy") == ["b1"]
    assert only(kind="note") == []  # a3 is not due yet, and not new
    assert only(kind="flashcard") == ["a1", "b1", "a2", "b2"]
    with pytest.raises(StudyError, match="kind 'quiz' is not one of"):
        QueueFilter(kind="quiz")


def test_practice_prompts_only_on_request():
    assert "a4" not in ids(build_queue(CARDS, STATES, QueueFilter(), n=10, new_allowed=10, now=NOW))
    assert ids(build_queue(CARDS, STATES, QueueFilter(practice=True), n=10, new_allowed=10, now=NOW)) == [
        "a1",
        "b1",
        "a2",
        "a4",
        "b2",
    ]
    assert ids(build_queue(CARDS, STATES, QueueFilter(kind="practice"), n=10, new_allowed=10, now=NOW)) == [
        "a4"
    ]


def test_card_tags():
    assert card_tags(CARDS[1]) == {"softmax", "scaling"}
    assert card_tags(CARDS[4]) == {"easy"}
    assert card_tags(CARDS[0]) == set()
