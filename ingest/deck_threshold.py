"""The coverage threshold's arithmetic: a low quantile of the deck's question-to-own-answer
similarities, read from the local copy of the chunk vectors (see
:mod:`assistant.coverage_calibration`, which explains and uses it).

It lives here, in the lowest layer, because a tune (:mod:`ingest.retune`) records the base
model's threshold before it switches to the tuned model's vectors: the coverage judge's second
opinion needs it once the base model's vectors are gone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ingest.chunk_vectors import ChunkVectors

#: The quantile of the deck's question-to-own-answer similarities taken as the threshold.
QUANTILE = 0.2
#: Fewer usable cards than this and the fallback is kept: a quantile of a handful is noise.
MIN_CARDS = 20
#: Cards read at most; a larger deck is sampled evenly (by chunk order).
MAX_CARDS = 5000
#: The threshold when the deck is too small (the setting's default, chosen on the bundled decks).
FALLBACK = 0.42


@dataclass(frozen=True)
class DeckThreshold:
    """A threshold and where it came from.

    Attributes:
        threshold: The coverage threshold (two decimals, rounded down).
        n_cards: The cards it was derived from (0 for the fallback).
        source: ``"deck"``, ``"fallback"`` or ``"base model at the switch"`` (a tuned model
            serves; see :class:`assistant.coverage_calibration.DeckCoverage`).
    """

    threshold: float
    n_cards: int
    source: str


def own_answer_similarities(vectors: ChunkVectors, max_cards: int = MAX_CARDS) -> np.ndarray:
    """For each card with an answer-alone chunk: cosine(question chunk, last chunk)."""
    first: dict[str, int] = {}
    last: dict[str, tuple[int, int]] = {}
    for row, chunk_id in enumerate(vectors.chunk_ids):
        card_id, _, index = chunk_id.rpartition("#")
        n = int(index)
        if n == 0:
            first[card_id] = row
        if card_id not in last or n > last[card_id][0]:
            last[card_id] = (n, row)
    pairs = [(first[c], row) for c, (n, row) in last.items() if n >= 2 and c in first]
    if len(pairs) > max_cards:
        step = len(pairs) / max_cards
        pairs = [pairs[int(i * step)] for i in range(max_cards)]
    if not pairs:
        return np.zeros(0, dtype=np.float32)
    matrix = vectors.matrix
    questions = np.asarray(matrix[[q for q, _ in pairs]], dtype=np.float32)
    answers = np.asarray(matrix[[a for _, a in pairs]], dtype=np.float32)
    return np.einsum("ij,ij->i", questions, answers)


def deck_threshold(
    vectors: ChunkVectors, quantile: float = QUANTILE, fallback: float = FALLBACK, min_cards: int = MIN_CARDS
) -> DeckThreshold:
    """The deck's coverage threshold (see the module docstring)."""
    sims = own_answer_similarities(vectors)
    if len(sims) < min_cards:
        return DeckThreshold(fallback, 0, "fallback")
    value = float(np.quantile(sims, quantile))
    return DeckThreshold(math.floor(value * 100 + 1e-9) / 100, len(sims), "deck")
