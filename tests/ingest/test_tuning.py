"""Tuning the embedding model on a deck: the pairs, the sampling, and a seeded, repeatable tune."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from ingest.cards import Card
from ingest.embedder import Embedder, resolve_model_path
from ingest.errors import IngestError
from ingest.tuning import (
    PROVENANCE_NAME,
    SECONDS_PER_PAIR_EPOCH,
    TuneConfig,
    card_set_hash,
    model_id_for,
    sample_pairs,
    training_pairs,
    tune,
)

ANSWERED = Card(
    "a1",
    "deck.csv",
    "What does softmax do?",
    "It turns scores into probabilities. The outputs are positive and sum to one. Short one.",
)
ONE_SENTENCE = Card("b2", "deck.csv", "What is d_k?", "The dimension of the keys.")
PRACTICE = Card("c3", "deck.csv", "Explain layer norm in your own words.", "", kind="practice")


def test_pairs_are_each_question_with_its_answer_and_each_longer_sentence():
    assert training_pairs([ONE_SENTENCE, ANSWERED, PRACTICE]) == [
        (ANSWERED.question, ANSWERED.answer),
        (ANSWERED.question, "It turns scores into probabilities."),
        (ANSWERED.question, "The outputs are positive and sum to one."),
        (ONE_SENTENCE.question, "The dimension of the keys."),
    ]


def test_practice_prompts_are_no_training_data_and_leave_the_hash_alone():
    assert PRACTICE.is_practice
    assert training_pairs([PRACTICE]) == []
    assert card_set_hash([ANSWERED, PRACTICE]) == card_set_hash([ANSWERED])
    assert card_set_hash([ANSWERED]) != card_set_hash([ANSWERED, ONE_SENTENCE])


def test_the_model_id_follows_the_base_the_cards_and_the_settings():
    cards = card_set_hash([ANSWERED])
    first = model_id_for("all-MiniLM-L6-v2", cards, TuneConfig())
    assert first == model_id_for("all-MiniLM-L6-v2", cards, TuneConfig())
    assert first != model_id_for("other-model", cards, TuneConfig())
    assert first != model_id_for("all-MiniLM-L6-v2", cards, TuneConfig(seed=1))
    assert first != model_id_for("all-MiniLM-L6-v2", card_set_hash([ONE_SENTENCE]), TuneConfig())


def test_pairs_within_the_budget_are_all_kept():
    pairs = [(f"q{i}", f"a{i}") for i in range(10)]
    assert sample_pairs(pairs, TuneConfig(budget_s=100.0)) == pairs


def test_over_the_budget_the_whole_answers_come_first_then_sampled_sentences():
    pairs = []
    for i in range(20):
        pairs += [(f"q{i}", f"answer {i}"), (f"q{i}", f"sentence {i}.1"), (f"q{i}", f"sentence {i}.2")]
    config = TuneConfig(epochs=1, budget_s=30 * SECONDS_PER_PAIR_EPOCH)  # room for 30 of the 60
    kept = sample_pairs(pairs, config)
    assert len(kept) == 30
    assert {p for p in kept if p[1].startswith("answer")} == {(f"q{i}", f"answer {i}") for i in range(20)}
    assert sample_pairs(pairs, config) == kept  # seeded
    assert sample_pairs(pairs, TuneConfig(epochs=1, budget_s=config.budget_s, seed=2)) != kept


def test_a_deck_without_answers_is_refused(tmp_path: Path):
    with pytest.raises(IngestError, match="no answered cards"):
        tune([PRACTICE], "unused", "all-MiniLM-L6-v2", tmp_path, TuneConfig())


def _small_deck() -> list[Card]:
    """The first ten cards of the first seed deck."""
    from ingest.parsers import parse_text
    from tests.ingest.decks import seed_text

    return parse_text(seed_text("000"), "000.txt").cards[:10]


@pytest.fixture
def one_thread():
    """Training on one thread: on a machine shared with other jobs, two threads wait on each other."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.mark.slow
def test_tuning_twice_with_one_seed_gives_the_same_vectors(tmp_path: Path, one_thread: None):
    cards = _small_deck()
    config = TuneConfig(epochs=1, batch_size=8)
    base = resolve_model_path("all-MiniLM-L6-v2")
    one, report = tune(cards, base, "all-MiniLM-L6-v2", tmp_path / "a", config)
    two, _ = tune(cards, base, "all-MiniLM-L6-v2", tmp_path / "b", config)
    assert one.model_id == two.model_id and one.path != two.path
    texts = [c.question for c in cards] + [c.answer for c in cards]
    first, second = Embedder(str(one.path)).encode(texts), Embedder(str(two.path)).encode(texts)
    assert np.array_equal(first, second)
    untuned = Embedder("all-MiniLM-L6-v2").encode(texts)
    assert float(np.abs(first - untuned).max()) > 1e-3  # it did learn something

    assert report.pairs_used == report.pairs_available == len(training_pairs(cards))
    assert report.steps == -(-report.pairs_used // 8) and not report.stopped_at_budget
    assert [p["step"] for p in report.loss_curve] == list(range(1, report.steps + 1))
    assert all(p["loss"] > 0 for p in report.loss_curve)
    saved = json.loads((one.path / PROVENANCE_NAME).read_text())
    assert saved["base_model"] == "all-MiniLM-L6-v2"
    assert saved["cards_hash"] == card_set_hash(cards)
    assert saved["settings"] == {
        "epochs": 1,
        "learning_rate": 2e-5,
        "batch_size": 8,
        "seed": 13,
        "budget_s": 480.0,
        "max_tokens": 128,
        "mini_batch": 8,
    }
    assert saved["train_seconds"] > 0 and saved["date"].startswith("20")
    again, reused = tune(cards, base, "all-MiniLM-L6-v2", tmp_path / "a", config)
    assert reused.reused and again.path == one.path  # found, not trained again
