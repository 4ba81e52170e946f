"""``study optimize``: too little data keeps the defaults; enough data fits, saves and uses parameters."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from assistant.study.fsrs_adapter import DEFAULT_PARAMETERS
from tests.assistant.study.support import make_study

T0 = datetime(2025, 1, 1, 9, tzinfo=UTC)


def simulate(study, cards, n_cards: int, per_card: int, user: str | None = None) -> None:
    """A student's history: each card reviewed ``per_card`` times, when due (a day apart at least)."""
    rng = random.Random(7)
    for card in cards[:n_cards]:
        at = T0 + timedelta(minutes=rng.randrange(600))
        for _ in range(per_card):
            roll = rng.random()
            rating = "again" if roll < 0.15 else "hard" if roll < 0.3 else "good"
            state = study.review(card.card_id, rating, user=user, at=at, elapsed_s=rng.uniform(2, 20))
            at = max(state.due, at + timedelta(days=1)) + timedelta(hours=rng.randrange(30))


def test_too_little_data_says_so_and_keeps_the_defaults(tmp_path, cards):
    study = make_study(tmp_path, cards, fuzz_intervals=False)
    simulate(study, cards, n_cards=10, per_card=4)
    result = study.optimize()
    assert (result.fitted, result.reviews, result.counted, result.needed) == (False, 40, 30, 512)
    assert result.parameters == DEFAULT_PARAMETERS
    assert result.message.startswith("too little data to optimize: 30 of the 512 reviews")
    assert result.message.endswith("keeping the default parameters")
    assert study.db.parameters("default") is None


@pytest.mark.slow
def test_enough_data_fits_saves_and_schedules_with_the_fitted_parameters(tmp_path, cards):
    study = make_study(tmp_path, cards, fuzz_intervals=False)
    simulate(study, cards, n_cards=80, per_card=9, user="ann")
    result = study.optimize(user="ann")
    assert (result.fitted, result.reviews, result.counted) == (True, 720, 640)
    logs = [
        fsrs.ReviewLog(
            r.card_key, fsrs.Rating[r.rating.capitalize()], r.reviewed_at, round(r.elapsed_s * 1000)
        )
        for r in study.history(user="ann")
    ]
    direct = tuple(fsrs.Optimizer(logs).compute_optimal_parameters())
    assert result.parameters == direct != DEFAULT_PARAMETERS
    assert study.db.parameters("ann") == direct
    assert study.db.parameters("default") is None  # per user
    later = T0 + timedelta(days=400)
    state = study.review(cards[100].card_id, "good", user="ann", at=later)
    expected, _ = fsrs.Scheduler(direct, enable_fuzzing=False).review_card(
        fsrs.Card(card_id=1), fsrs.Rating.Good, later
    )
    assert (state.stability, state.difficulty, state.due) == (
        expected.stability,
        expected.difficulty,
        expected.due,
    )
    default_state = study.review(cards[100].card_id, "good", at=later)
    assert default_state.stability != state.stability
