"""Hybrid retrieval: dense MiniLM plus BM25, fused by reciprocal rank, one hit per card.

Both retrievers rank chunks; a card takes the best rank of any of its chunks in each list, and
the two card rankings are fused with reciprocal-rank fusion (Cormack et al., 2009):
``score(card) = Σ_r 1 / (rrf_k + rank_r(card))``. RRF needs no score calibration between the
two retrievers, which is why it is used instead of a weighted sum of raw scores.

Every hit also carries its dense cosine similarity, which the abstention threshold reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from assistant.answers import Hit
from assistant.errors import RetrievalError
from ingest.cards import Card
from ingest.index import CardIndex

Mode = Literal["hybrid", "dense", "lexical"]


class HybridRetriever:
    """Searches a :class:`CardIndex` and returns ranked, de-duplicated card hits.

    Args:
        index: The card index.
        rrf_k: The RRF constant; 60 is the value from the original paper.
        depth: How many chunks each retriever returns before fusion.

    Example:
        >>> retriever = HybridRetriever(index)
        >>> [h.card_id for h in retriever.search("why scale by sqrt(d_k)?", k=3)]
        ['003_...', '004_...', '000_...']
    """

    def __init__(self, index: CardIndex, rrf_k: int = 60, depth: int = 40) -> None:
        self.index = index
        self.rrf_k = rrf_k
        self.depth = depth

    def search(self, question: str, k: int = 5, mode: Mode = "hybrid") -> list[Hit]:
        """The ``k`` best cards for ``question``.

        Raises:
            RetrievalError: when the question is empty.
        """
        if not question.strip():
            raise RetrievalError("the question is empty")
        if k < 1:
            raise RetrievalError(f"k must be at least 1, got {k}")
        embedding = self.index.embedder.encode([question])[0]
        dense = self._dense(embedding) if mode != "lexical" else []
        lexical = self._lexical(question) if mode != "dense" else []
        return self._fuse(dense, lexical, embedding, k)

    def _dense(self, embedding: np.ndarray) -> list[tuple[Card, float]]:
        """Cards in order of their best chunk's cosine similarity."""
        best: dict[str, tuple[Card, float]] = {}
        for chunk, sim in self.index.store.query(embedding, self.depth):
            if chunk.card.card_id not in best:
                best[chunk.card.card_id] = (chunk.card, sim)
        return list(best.values())

    def _lexical(self, question: str) -> list[tuple[str, float]]:
        """Card ids in order of their best chunk's BM25 score."""
        best: dict[str, float] = {}
        for chunk_id, score in self.index.lexical.search(question, self.depth):
            best.setdefault(chunk_id.rsplit("#", 1)[0], score)
        return list(best.items())

    def _fuse(
        self,
        dense: Sequence[tuple[Card, float]],
        lexical: Sequence[tuple[str, float]],
        embedding: np.ndarray,
        k: int,
    ) -> list[Hit]:
        fused: dict[str, float] = {}
        for ranking in ([c.card_id for c, _ in dense], [cid for cid, _ in lexical]):
            for rank, card_id in enumerate(ranking, 1):
                fused[card_id] = fused.get(card_id, 0.0) + 1.0 / (self.rrf_k + rank)
        top = sorted(fused, key=lambda cid: (-fused[cid], cid))[:k]
        cards = {c.card_id: (c, sim) for c, sim in dense}
        missing = [cid for cid in top if cid not in cards]
        cards.update(self.index.store.similarities(missing, embedding))
        bm25 = dict(lexical)
        return [
            Hit(cards[cid][0], fused[cid], cards[cid][1], bm25.get(cid, 0.0), rank)
            for rank, cid in enumerate(top, 1)
            if cid in cards
        ]
