"""One loaded model, each text encoded once: a caching front for the store's :class:`Embedder`.

The eval asks the same question of up to five systems (the assistant, dense, BM25, RRF and
the LangChain recipe), and leave-one-out asks every card's question again. Encoding the texts
in one batch up front and serving every later ``encode`` from the cache keeps the run within
its time budget and guarantees that every system sees the same query vector.

Example:
    >>> with cached_queries(study) as cache:
    ...     cache.prime(["why scale by sqrt(d_k)?"])
    ...     study.retrieve("why scale by sqrt(d_k)?")     # no second encoding
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from assistant.api import StudyAssistant
    from ingest.embedder import Embedder


class CachingEmbedder:
    """Wraps an :class:`Embedder`; ``encode`` serves cached vectors and batch-encodes the rest.

    Every attribute other than ``encode`` and ``prime`` is the wrapped embedder's, so it can
    stand in for it anywhere.
    """

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._cache: dict[str, np.ndarray] = {}
        self.encoded = 0  # texts actually sent to the model

    def __getattr__(self, name: str) -> Any:
        return getattr(self.embedder, name)

    def prime(self, texts: Sequence[str], progress: bool = False) -> None:
        """Encode every text not yet cached, in one batch."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            vectors = self.embedder.encode(todo, progress=progress)
            self._cache.update(zip(todo, vectors, strict=True))
            self.encoded += len(todo)

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Unit-normalised embeddings, shape ``(len(texts), dim)``, from the cache where possible."""
        self.prime(texts, progress)
        return np.stack([self._cache[t] for t in texts]) if texts else self.embedder.encode([])


@contextmanager
def cached_queries(study: StudyAssistant) -> Iterator[CachingEmbedder]:
    """Put a :class:`CachingEmbedder` in front of ``study``'s embedder for the ``with`` block.

    The assistant is restored afterwards, so a caller's instance is left as it was found.
    """
    index = study.index
    original = index.embedder
    cache = CachingEmbedder(original)
    index.embedder = cache  # type: ignore[assignment]
    try:
        yield cache
    finally:
        index.embedder = original
