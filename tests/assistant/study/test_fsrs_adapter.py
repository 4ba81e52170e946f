"""The schedule is exactly the ``fsrs`` package's for the same ratings and review times."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from assistant.study.fsrs_adapter import DEFAULT_PARAMETERS, FsrsScheduler, counted_reviews, to_utc
from tests.assistant.study.support import make_study

T0 = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
#: (minutes after T0, rating): learning steps, graduation, a lapse, relearning, long intervals.
SESSION = [
    (0, "good"),
    (10, "good"),
    (60 * 24 * 3, "easy"),
    (60 * 24 * 20, "again"),
    (60 * 24 * 20 + 10, "hard"),
    (60 * 24 * 21, "good"),
    (60 * 24 * 40, "good"),
    (60 * 24 * 90, "hard"),
    (60 * 24 * 200, "good"),
]


def fsrs_directly(scheduler: fsrs.Scheduler) -> list[fsrs.Card]:
    card = fsrs.Card(card_id=1)
    out = []
    for minutes, rating in SESSION:
        card, _ = scheduler.review_card(
            card, fsrs.Rating[rating.capitalize()], T0 + timedelta(minutes=minutes)
        )
        out.append(card)
    return out


def assert_same(state, card: fsrs.Card) -> None:
    assert state.due == card.due
    assert state.state == card.state.name.lower()
    assert state.stability == card.stability
    assert state.difficulty == card.difficulty
    assert state.step == card.step
    assert state.last_review == card.last_review


@pytest.mark.parametrize("retention", [0.9, 0.8])
def test_saved_schedule_equals_fsrs_driven_directly(tmp_path, cards, retention):
    expected = fsrs_directly(fsrs.Scheduler(desired_retention=retention, enable_fuzzing=False))
    study = make_study(tmp_path, cards, desired_retention=retention, fuzz_intervals=False)
    card_id = cards[0].card_id
    for n, ((minutes, rating), card) in enumerate(zip(SESSION, expected, strict=True), start=1):
        returned = study.review(card_id, rating, at=T0 + timedelta(minutes=minutes))
        saved = study.card_state(card_id)
        assert returned == saved  # what review() returns is what the database holds
        assert_same(saved, card)
        assert saved.reviews == n
    assert saved.lapses == 1  # the one "again" in the review state
    assert saved.state == "review"
    assert saved.due == expected[-1].due


def test_fuzzed_schedule_equals_fsrs_with_the_same_random_draws(tmp_path, cards):
    random.seed(1234)
    expected = fsrs_directly(fsrs.Scheduler(enable_fuzzing=True))
    random.seed(1234)
    study = make_study(tmp_path, cards, fuzz_intervals=True)
    for (minutes, rating), card in zip(SESSION, expected, strict=True):
        study.review(cards[1].card_id, rating, at=T0 + timedelta(minutes=minutes))
        assert_same(study.card_state(cards[1].card_id), card)
    unfuzzed = fsrs_directly(fsrs.Scheduler(enable_fuzzing=False))
    assert [c.due for c in expected] != [c.due for c in unfuzzed]  # fuzz did move a long interval


def test_rating_accepts_fsrs_rating_enum(tmp_path, cards):
    study = make_study(tmp_path, cards, fuzz_intervals=False)
    state = study.review(cards[0].card_id, fsrs.Rating.Easy, at=T0)
    direct, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(fsrs.Card(card_id=1), fsrs.Rating.Easy, T0)
    assert_same(state, direct)
    assert state.state == "review" and state.due == T0 + timedelta(days=8)


def test_retrievability_is_fsrs():
    scheduler = FsrsScheduler(0.9, fuzz=False)
    state = scheduler.review(None, "c", "easy", T0)
    later = T0 + timedelta(days=30)
    card = fsrs.Card(card_id=1)
    card, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(card, fsrs.Rating.Easy, T0)
    assert scheduler.retrievability(state, later) == fsrs.Scheduler().get_card_retrievability(card, later)
    assert 0 < scheduler.retrievability(state, later) < 1


def test_defaults_and_utc():
    assert tuple(fsrs.Scheduler().parameters) == DEFAULT_PARAMETERS
    naive = datetime(2026, 1, 1, 12, 0)
    assert to_utc(naive) == datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert to_utc(datetime.fromisoformat("2026-01-01T14:00:00+02:00")) == datetime(
        2026, 1, 1, 12, 0, tzinfo=UTC
    )


def test_counted_reviews_counts_as_the_optimizer_does():
    day = timedelta(days=1)
    rows = [
        (1, "good", T0, None),
        (1, "good", T0 + timedelta(hours=23), None),  # same day: not counted
        (1, "good", T0 + 2 * day, None),
        (1, "again", T0 + 5 * day, None),  # counted, counted
        (2, "good", T0, None),
        (2, "good", T0 + day, None),  # counted
    ]
    assert counted_reviews(rows) == 3
