"""The coverage judge's second opinion while a tuned model serves: the base model's similarity.

A model tuned on the deck pulls on-topic questions towards the cards, which separates covered
questions from on-topic uncovered ones better, but also lifts some off-topic questions over the
threshold (issue 19: one off-topic question's similarity rose to 0.62). The base model was not
pulled, so it judges those better. This judge embeds the question with the base model and
compares it with every chunk of the cards the tuned ranking put first, as the base model would
chunk them (:func:`ingest.chunking.chunk_card`); the best cosine is the base model's similarity.
Its bar is the base model's own threshold on the deck, recorded when the tune switched
(:attr:`ingest.active_model.Serving.base_threshold`).

Only the first ``cards`` hits are read: a card the tuned ranking did not put near the top is not
what would be answered from. Their chunk vectors are kept (by card id and content hash), so a
warm question costs one extra embedding of the question.

Example:
    >>> second = BaseModelJudge(Embedder("all-MiniLM-L6-v2"), bar=0.42)
    >>> second("How do I normalize a database schema?", hits)
    (0.21, 0.42)
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from assistant.answers import Hit
from ingest.cards import Card
from ingest.chunking import chunk_card
from ingest.embedder import Embedder

#: Hits whose chunks the base model compares the question with.
CARDS = 5
#: Cards whose base-model chunk vectors are kept.
CACHE_CARDS = 4096


class BaseModelJudge:
    """``(question, hits) -> (the base model's best similarity, the base model's threshold)``.

    Args:
        embedder: The base model.
        bar: The base model's coverage threshold on this deck.
        cards: How many of the hits are read.
    """

    def __init__(self, embedder: Embedder, bar: float, cards: int = CARDS) -> None:
        self.embedder = embedder
        self.bar = bar
        self.cards = cards
        self._vectors: dict[tuple[str, str], np.ndarray] = {}
        self._lock = threading.Lock()

    def __call__(self, question: str, hits: Sequence[Hit]) -> tuple[float, float]:
        top = [h.card for h in hits[: self.cards]]
        if not top:
            return -1.0, self.bar
        query = self.embedder.encode([question])[0]
        best = max(float(np.max(self._chunk_vectors(card) @ query)) for card in top)
        return best, self.bar

    def _chunk_vectors(self, card: Card) -> np.ndarray:
        key = (card.card_id, card.content_hash)
        with self._lock:
            found = self._vectors.get(key)
        if found is not None:
            return found
        chunks = chunk_card(card, self.embedder.count_tokens, self.embedder.max_tokens)
        vectors = self.embedder.encode([c.text for c in chunks])
        with self._lock:
            if len(self._vectors) >= CACHE_CARDS:
                self._vectors.clear()
            self._vectors[key] = vectors
        return vectors
