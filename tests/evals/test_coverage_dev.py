"""Coverage on the development questions, over the bundled decks and over a held-out part of them
treated as a new user's deck (slow: real model, real Chroma).

The held-out decks have no calibration set: their threshold is derived from their own cards
(:mod:`assistant.coverage_calibration`). The expected counts are the ones measured when the
judge was committed (docs/coverage.md); a change in them is a change in behaviour.
"""

from __future__ import annotations

import shutil

import pytest

from assistant.coverage_calibration import DeckThreshold
from evals.coverage_dev import coverage_table, dev_questions
from tests.conftest import CARDS

pytestmark = pytest.mark.slow


def test_groups_follow_the_cards_in_the_store():
    groups = dev_questions({"0cd84c0a-2434-41c5-941f-d3e47a46f00e"})
    assert {g: len(q) for g, q in groups.items()} == {
        "in-scope": 2,
        "other-deck": 137,
        "off-topic": 30,
        "uncovered": 48,
    }


def test_bundled_decks(study):
    assert coverage_table(study) == {
        "in-scope": {"n": 139, "full": 133, "partial": 6, "none": 0},
        "other-deck": {"n": 0, "full": 0, "partial": 0, "none": 0},
        "off-topic": {"n": 30, "full": 0, "partial": 2, "none": 28},
        "uncovered": {"n": 48, "full": 2, "partial": 14, "none": 32},
    }
    assert study.coverage.derived == DeckThreshold(0.42, 118, "deck")


def _new_users_deck(tmp_path, pattern: str):
    from assistant.api import StudyAssistant
    from ingest.settings import load_settings

    deck = tmp_path / "deck"
    deck.mkdir()
    for path in sorted(CARDS.glob(pattern)):
        shutil.copy(path, deck / path.name)
    return StudyAssistant(load_settings(data_dir=tmp_path / "data", cards_dir=deck, mode="offline"))


def test_held_out_lecture_deck_as_a_new_users_deck(tmp_path):
    study = _new_users_deck(tmp_path, "004_*")
    # The lecture deck (48 cards) alone: its own threshold, 0.44.
    assert coverage_table(study) == {
        "in-scope": {"n": 100, "full": 86, "partial": 10, "none": 4},
        "other-deck": {"n": 39, "full": 27, "partial": 7, "none": 5},
        "off-topic": {"n": 30, "full": 0, "partial": 0, "none": 30},
        "uncovered": {"n": 48, "full": 2, "partial": 8, "none": 38},
    }
    assert study.coverage.derived == DeckThreshold(0.44, 48, "deck")


def test_held_out_small_decks_as_a_new_users_deck(tmp_path):
    study = _new_users_deck(tmp_path, "00[0-3]_*")
    # The four smaller decks (70 cards) alone: their own threshold, 0.41.
    assert coverage_table(study) == {
        "in-scope": {"n": 94, "full": 78, "partial": 11, "none": 5},
        "other-deck": {"n": 45, "full": 15, "partial": 7, "none": 23},
        "off-topic": {"n": 30, "full": 0, "partial": 2, "none": 28},
        "uncovered": {"n": 48, "full": 1, "partial": 10, "none": 37},
    }
    assert study.coverage.derived == DeckThreshold(0.41, 70, "deck")
