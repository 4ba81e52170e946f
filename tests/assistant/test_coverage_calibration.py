"""The deck-derived coverage threshold: exact values on hand-made vectors (no model)."""

from __future__ import annotations

import numpy as np

from assistant.coverage_calibration import DeckThreshold, deck_threshold, own_answer_similarities
from ingest.chunk_vectors import ChunkVectors


def unit(angle: float) -> np.ndarray:
    return np.array([np.cos(angle), np.sin(angle)], dtype=np.float32)


def vectors(tmp_path, cards: dict[str, list[np.ndarray]]) -> ChunkVectors:
    with ChunkVectors.writer(tmp_path / "v", "r1") as out:
        for card_id, rows in cards.items():
            for i, row in enumerate(rows):
                out.add(f"{card_id}#{i}", row)
    assert out.vectors is not None
    return out.vectors


def test_question_against_its_last_chunk_for_cards_of_three_chunks_or_more(tmp_path):
    got = vectors(
        tmp_path,
        {
            "a": [unit(0.0), unit(1.0), unit(np.pi / 3)],  # last chunk 60 degrees away: cos 0.5
            "b": [unit(0.0), unit(0.0)],  # two chunks: no answer-alone view, left out
            "c": [unit(0.0), unit(2.0), unit(2.0), unit(0.0)],  # cos 1.0
        },
    )
    assert np.round(own_answer_similarities(got), 6).tolist() == [0.5, 1.0]


def test_threshold_is_the_quantile_rounded_down(tmp_path):
    angles = np.arccos(np.linspace(0.30, 0.79, 50))  # similarities 0.30, 0.31, ..., 0.79
    got = vectors(tmp_path, {f"c{i:02d}": [unit(0.0), unit(1.0), unit(a)] for i, a in enumerate(angles)})
    # The 20th percentile of 0.30..0.79 (linear interpolation) is 0.398: rounded down, 0.39.
    assert deck_threshold(got) == DeckThreshold(0.39, 50, "deck")
    assert deck_threshold(got, quantile=0.5).threshold == 0.54


def test_small_deck_keeps_the_fallback(tmp_path):
    got = vectors(tmp_path, {f"c{i}": [unit(0.0), unit(1.0), unit(0.5)] for i in range(19)})
    assert deck_threshold(got, fallback=0.42) == DeckThreshold(0.42, 0, "fallback")


def test_empty_store_keeps_the_fallback(tmp_path):
    assert deck_threshold(vectors(tmp_path, {})) == DeckThreshold(0.42, 0, "fallback")
