"""The LangChain recipe's chunk-to-card mapping and its Embeddings adapter (no model)."""

from __future__ import annotations

import numpy as np

from evals.tutorial_baseline import MiniLMEmbeddings, map_chunks, shingles
from ingest.cards import Card

CARDS = [
    Card("a", "deck.csv", "What is attention?", "A weighted sum of the value vectors."),
    Card("b", "deck.csv", "What is layer norm?", "It normalises each token's features."),
]


def test_shingles() -> None:
    # "The" is an article and drops out: [cat, sat, on, mat]
    assert shingles("The cat sat on the mat.") == {("cat", "sat", "on"), ("sat", "on", "mat")}
    assert shingles("two words") == set()


def test_chunks_map_to_the_card_sharing_most_trigrams() -> None:
    chunks = [
        "What is attention?;A weighted sum of the value vectors.;uuid-1",  # all of card a
        "value vectors.\nWhat is layer norm?;It normalises each",  # 1 trigram of a, 4 of b
        "Name | Mastery | Learn",  # header text: no shared trigram
    ]
    assert map_chunks(chunks, CARDS) == ["a", "b", None]


def test_ties_go_to_the_first_card() -> None:
    twins = [Card("x", "s", "q one two", "three"), Card("y", "s", "q one two", "three")]
    assert map_chunks(["q one two three"], twins) == ["x"]


class FakeEmbedder:
    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32)


def test_embeddings_adapter_speaks_lists_of_floats() -> None:
    adapter = MiniLMEmbeddings(FakeEmbedder())  # type: ignore[arg-type]
    assert adapter.embed_documents(["ab", "c"]) == [[2.0, 1.0], [1.0, 1.0]]
    assert adapter.embed_query("abc") == [3.0, 1.0]
    assert all(isinstance(x, float) for x in adapter.embed_query("x"))
