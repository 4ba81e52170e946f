"""The caching front: each text is encoded once, in batches; the assistant is restored after."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from evals.embedding_cache import CachingEmbedder, cached_queries


class CountingEmbedder:
    model_name = "fake"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        self.calls.append(list(texts))
        return np.array([[float(len(t)), 0.0] for t in texts], dtype=np.float32).reshape(len(texts), 2)


def test_each_text_is_encoded_once_in_one_batch() -> None:
    inner = CountingEmbedder()
    cache = CachingEmbedder(inner)  # type: ignore[arg-type]
    cache.prime(["ab", "c", "ab"])
    vectors = cache.encode(["c", "ab", "dddd"])
    assert inner.calls == [["ab", "c"], ["dddd"]]  # duplicates and cached texts never re-sent
    assert vectors.tolist() == [[1.0, 0.0], [2.0, 0.0], [4.0, 0.0]]
    assert cache.encoded == 3
    assert cache.model_name == "fake"  # everything else is the wrapped embedder's


def test_the_assistant_gets_its_embedder_back() -> None:
    inner = CountingEmbedder()
    study = SimpleNamespace(index=SimpleNamespace(embedder=inner))
    with cached_queries(study) as cache:  # type: ignore[arg-type]
        assert study.index.embedder is cache
    assert study.index.embedder is inner
