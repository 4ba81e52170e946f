"""The retrieval systems run beside the assistant, on the same questions, in the same run.

- ``assistant``: the hybrid retriever ``ask`` uses (best-chunk cosine + 0.2 x normalised BM25).
  It *is* the issue's "hybrid" row: the assistant retrieves with nothing else.
- ``dense``: MiniLM cosine alone, best chunk per card (``HybridRetriever`` mode ``"dense"``).
- ``bm25``: BM25 alone over the same chunks (mode ``"lexical"``).
- ``rrf``: the textbook hybrid, reciprocal-rank fusion (k = 60) of the dense and BM25 lists,
  for contrast with the assistant's weighted sum.
- ``langchain_tutorial``: the LangChain tutorial recipe (:mod:`evals.tutorial_baseline`).

Example:
    >>> [r.card_id for r in rrf([["a", "b"], ["b", "c"]])]
    ['b', 'a', 'c']
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from assistant.retrieval import HybridRetriever, Mode
from evals.records import ASSISTANT, Ranked

DENSE, BM25, RRF, TUTORIAL = "dense", "bm25", "rrf", "langchain_tutorial"
#: Every system, the assistant first.
SYSTEMS = (ASSISTANT, DENSE, BM25, RRF, TUTORIAL)
#: The conventional RRF constant (Cormack et al., 2009).
RRF_K = 60

_MODES: dict[str, Mode] = {ASSISTANT: "hybrid", DENSE: "dense", BM25: "lexical"}


def rank(
    retriever: HybridRetriever, question: str, system: str, pool: int, excluding: Collection[str] = ()
) -> tuple[Ranked, ...]:
    """``system``'s best ``pool`` cards for ``question`` (assistant, dense or bm25), ranked as if
    the cards in ``excluding`` were not in the store."""
    hits = retriever.search(question, k=pool, mode=_MODES[system], excluding=excluding)
    return tuple(Ranked(h.card_id, h.score, h.similarity) for h in hits)


def rrf(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> tuple[Ranked, ...]:
    """Reciprocal-rank fusion: a card scores the sum of ``1 / (k + rank)`` over the lists.

    Ties are broken by card id, so the order is deterministic.

    Args:
        rankings: Card ids per system, best first (1-based ranks).
        k: The RRF constant.
    """
    scores: dict[str, float] = {}
    for ranked in rankings:
        for r, card_id in enumerate(ranked, 1):
            scores[card_id] = scores.get(card_id, 0.0) + 1.0 / (k + r)
    order = sorted(scores, key=lambda c: (-scores[c], c))
    return tuple(Ranked(c, scores[c]) for c in order)


def without(ranking: Sequence[Ranked], card_id: str | None, depth: int) -> tuple[Ranked, ...]:
    """The first ``depth`` cards of ``ranking`` with ``card_id`` (the held-out card) removed."""
    return tuple(r for r in ranking if r.card_id != card_id)[:depth]
