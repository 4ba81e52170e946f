"""A store after a tune: the deck registry, the coverage judges and the grader's neighbour search
all work on the tuned model's collection, and nothing mixes the vectors of two models."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ingest.deck_threshold import deck_threshold
from ingest.settings import load_settings
from tests.ingest.decks import seed_text

pytestmark = pytest.mark.slow

QUESTION = "Why are attention scores divided by the square root of the key dimension?"


def test_decks_coverage_and_grading_follow_the_switch_to_the_tuned_model(tmp_path: Path):
    from assistant.api import StudyAssistant

    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "a.txt").write_text(seed_text("000"))
    (decks / "b.txt").write_text(seed_text("001"))
    settings = load_settings(
        data_dir=tmp_path / "data", mode="offline", auto_tune=False, tune_budget_s=6, tune_threads=1
    )
    sa = StudyAssistant(settings)
    sa.ingest([decks])
    before = {d.name: d for d in sa.decks()}
    assert sorted(before) == ["a.txt", "b.txt"] and all(d.cards for d in before.values())
    b_cards = {c.card_id for c in sa.cards(include_practice=True) if c.source == "b.txt"}
    base_vectors = sa.index.snapshot.vectors
    base_threshold = deck_threshold(base_vectors)
    assert base_threshold.source == "deck"
    assert sa.coverage().threshold == base_threshold.threshold and sa.coverage().second is None
    query = sa.base_embedder.encode([QUESTION])[0]
    base_sims = base_vectors.similarities(sorted(c.card_id for c in sa.cards()), query)
    graded = sa.retrieve(QUESTION, k=1)[0].card
    answer = graded.answer.split(". ")[0]  # the first sentence of the card's answer
    grade_before = sa.grade(graded.card_id, answer)

    sa.tune()
    serving = sa.index.serving
    assert serving is not None and serving.tuned and serving.collection != settings.collection
    assert serving.base_threshold == base_threshold.threshold

    # The deck registry is the base collection's: the decks keep their rows after the switch.
    assert {d.name: d for d in sa.decks()} == before

    # Coverage: the threshold stays the base model's (the tuned model's own-answer similarities
    # are inflated by its training on those pairs); the base model is the second judge.
    judge = sa.coverage()
    assert judge.threshold == base_threshold.threshold
    assert sa.coverage.derived is not None and sa.coverage.derived.source == "base model at the switch"
    assert judge.second is not None and judge.second(QUESTION, [])[1] == base_threshold.threshold
    hits = sa.retrieve(QUESTION, k=5)
    base_best = max(base_sims[h.card_id][0] for h in hits)
    assert judge.second(QUESTION, hits)[0] == pytest.approx(base_best, abs=1e-4)

    # The grader's neighbour search hands in a base-model vector; the ranking re-embeds the
    # question with the tuned model instead of comparing it with the tuned vectors.
    base = sa.base_embedder
    assert base is not sa.index.embedder
    embedded = sa.retriever.search_embedded(QUESTION, query, k=5, embedder=base)
    plain = sa.retriever.search(QUESTION, k=5)
    assert [(h.card_id, round(h.similarity, 5)) for h in embedded] == [
        (h.card_id, round(h.similarity, 5)) for h in plain
    ]
    tuned_query = sa.index.embedder.encode([QUESTION])[0]
    assert float(np.abs(tuned_query - query).max()) > 1e-3
    # The grader's cosines stay the base model's (its thresholds were calibrated on it).
    sa._grader = None  # built afresh while the tuned model serves
    grade_after = sa.grade(graded.card_id, answer)
    assert (grade_after.verdict, grade_after.score) == (grade_before.verdict, grade_before.score)

    # Removing a deck removes it from the serving collection and from the lexical index.
    removed = sa.remove("b.txt")
    assert removed.name == "b.txt"
    assert [d.name for d in sa.decks()] == ["a.txt"]
    assert sa.index.store.card_states("b.txt") == {}
    assert not [i for i in sa.index.lexical.ids if i.rsplit("#", 1)[0] in b_cards]
    assert sa.index.store.name == serving.collection
