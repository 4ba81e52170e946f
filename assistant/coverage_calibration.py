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

from collections.abc import Callable

from assistant.coverage import CoverageJudge, CoverageRules
from assistant.coverage_second import BaseModelJudge
from assistant.deck_terms import DeckTerms
from ingest.active_model import Serving
from ingest.chunk_vectors import ChunkVectors
from ingest.deck_threshold import (
    FALLBACK,
    MAX_CARDS,
    MIN_CARDS,
    QUANTILE,
    DeckThreshold,
    deck_threshold,
    own_answer_similarities,
)
from ingest.embedder import Embedder
from ingest.index import CardIndex

__all__ = [
    "FALLBACK",
    "MAX_CARDS",
    "MIN_CARDS",
    "QUANTILE",
    "DeckCoverage",
    "DeckThreshold",
    "deck_threshold",
    "own_answer_similarities",
]


class DeckCoverage:
    """The coverage judge for a store as it is now: rebuilt when the store's revision changes.

    Args:
        index: The card index.
        threshold: A fixed threshold (the user set ``STUDY_ABSTAIN_THRESHOLD``); None derives
            it from the deck (:func:`deck_threshold`).
        rules: The judge's other constants.
        base_embedder: The base model, for the second judge while a tuned model serves
            (:mod:`assistant.coverage_second`); None judges with the serving model alone.

    The judge is rebuilt when the store's revision or the serving model changes. The threshold
    is derived from the serving model's vectors while the base model serves; while a tuned
    model serves it is the base model's, recorded at the switch (see :meth:`_derive`), and the
    base model is the second judge.

    Example:
        >>> judges = DeckCoverage(index)
        >>> judges().threshold
        0.42
    """

    def __init__(
        self,
        index: CardIndex,
        threshold: float | None = None,
        rules: CoverageRules | None = None,
        base_embedder: Callable[[], Embedder] | None = None,
    ) -> None:
        self.index = index
        self.fixed = threshold
        self.rules = rules or CoverageRules()
        self.base_embedder = base_embedder
        self._judge: CoverageJudge | None = None
        self._key: tuple[str, str | None] | None = None
        self._second: BaseModelJudge | None = None
        self.derived: DeckThreshold | None = None

    def __call__(self) -> CoverageJudge:
        snapshot = self.index.last_snapshot
        serving = self.index.serving
        key = (snapshot.revision, serving.model_id if serving else None)
        if self._judge is None or self._key != key:
            if self.fixed is None:
                self.derived = self._derive(snapshot.vectors, serving)
                threshold = self.derived.threshold
            else:
                threshold = self.fixed
            terms = DeckTerms(snapshot.lexical)
            self._judge = CoverageJudge(threshold, terms, self.rules, self._second_judge(serving))
            self._key = key
        return self._judge

    @staticmethod
    def _derive(vectors: ChunkVectors, serving: Serving | None) -> DeckThreshold:
        """The deck's threshold from the serving vectors; while a tuned model serves, the base
        model's, recorded at the switch: the tuned model was trained on the very question and
        answer pairs the quantile reads, so its own-answer similarities are inflated (0.49
        instead of 0.42 on the bundled decks, which turned away 11 of 139 in-scope development
        questions instead of 3; docs/retrieval.md)."""
        if serving is not None and serving.tuned and serving.base_threshold is not None:
            return DeckThreshold(serving.base_threshold, 0, "base model at the switch")
        return deck_threshold(vectors)

    def _second_judge(self, serving: Serving | None) -> BaseModelJudge | None:
        """The base model's opinion while a tuned model serves (kept while the model serves)."""
        if serving is None or not serving.tuned or self.base_embedder is None:
            self._second = None
            return None
        bar = serving.base_threshold if serving.base_threshold is not None else FALLBACK
        if self._second is None or self._second.bar != bar:
            self._second = BaseModelJudge(self.base_embedder(), bar)
        return self._second
