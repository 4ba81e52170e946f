"""The coverage threshold, derived from the deck itself: no calibration set needed.

Every card is a small labelled example of coverage: its question is covered by its own answer.
The card's answer-alone chunk (the last chunk of a card with at least three, see
:func:`ingest.chunking.chunk_card`) holds the answer without the question's words, so the cosine
similarity between the card's question and that chunk is how close a covered question sits to
an explanation written in other words: a student's paraphrase meets the card's question view
too and scores at least about as high. The threshold is a low quantile of these similarities
over the deck:

    threshold = quantile(similarity(question_i, answer_alone_i) for each card i, QUANTILE)

With ``QUANTILE = 0.2`` the bundled decks give 0.42, the value the hand calibration on 139
development questions chose; the two held-out parts of them, each treated as a new user's deck,
give 0.44 and 0.41 (see docs/coverage.md and ``tests/evals/test_coverage_dev.py``). The
quantile was chosen on development questions only.

It costs one dot product per card, read from the local copy of the chunk vectors, and is
computed once per store revision. A deck with fewer than ``MIN_CARDS`` usable cards keeps the
fallback (the ``abstain_threshold`` setting's default).

Example:
    >>> deck_threshold(index.snapshot.vectors).threshold
    0.42
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from assistant.coverage import CoverageJudge, CoverageRules
from assistant.deck_terms import DeckTerms
from ingest.chunk_vectors import ChunkVectors
from ingest.index import CardIndex

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
        source: ``"deck"`` or ``"fallback"``.
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


class DeckCoverage:
    """The coverage judge for a store as it is now: rebuilt when the store's revision changes.

    Args:
        index: The card index.
        threshold: A fixed threshold (the user set ``STUDY_ABSTAIN_THRESHOLD``); None derives
            it from the deck (:func:`deck_threshold`).
        rules: The judge's other constants.

    Example:
        >>> judges = DeckCoverage(index)
        >>> judges().threshold
        0.42
    """

    def __init__(
        self, index: CardIndex, threshold: float | None = None, rules: CoverageRules | None = None
    ) -> None:
        self.index = index
        self.fixed = threshold
        self.rules = rules or CoverageRules()
        self._judge: CoverageJudge | None = None
        self._revision: str | None = None
        self.derived: DeckThreshold | None = None

    def __call__(self) -> CoverageJudge:
        snapshot = self.index.last_snapshot
        if self._judge is None or self._revision != snapshot.revision:
            if self.fixed is None:
                self.derived = deck_threshold(snapshot.vectors)
                threshold = self.derived.threshold
            else:
                threshold = self.fixed
            self._judge = CoverageJudge(threshold, DeckTerms(snapshot.lexical), self.rules)
            self._revision = snapshot.revision
        return self._judge
