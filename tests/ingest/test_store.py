"""Reading chunks back from :class:`CardStore`: every chunk once, in listing order, with its vector.

The pages are made tiny here (ids listed 7 at a time, read 3 at a time) so that a store of 20
chunks crosses every page boundary the real sizes (5,000 and 500) would cross at scale.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from ingest import store as store_module
from ingest.cards import Card, Chunk
from ingest.store import CardStore

N = 20


def card(i: int) -> Card:
    return Card(card_id=f"c{i:02d}", source="deck.csv", question=f"question {i}", answer=f"answer {i}")


def vector(i: int) -> np.ndarray:
    """A distinct unit vector per chunk (Chroma's cosine space keeps unit vectors exactly)."""
    return np.eye(N, dtype=np.float32)[i]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CardStore:
    monkeypatch.setattr(store_module, "_PAGE", 7)
    monkeypatch.setattr(store_module, "_READ_PAGE", 3)
    s = CardStore(tmp_path / "data", "cards")
    cards = {card(i).card_id: card(i) for i in range(N)}
    chunks = [Chunk(f"c{i:02d}#0", f"c{i:02d}", 0, 1, f"text {i}") for i in range(N)]
    s.upsert(cards, chunks, np.stack([vector(i) for i in range(N)]))
    return s


def listing(s: CardStore) -> list[str]:
    return [cid for page in s._id_pages() for cid in page]


def test_every_chunk_is_read_once_in_listing_order(store: CardStore) -> None:
    read = list(store.iter_chunks())
    assert [c.chunk_id for c in read] == listing(store)
    assert sorted(c.chunk_id for c in read) == [f"c{i:02d}#0" for i in range(N)]
    assert {c.chunk_id: (c.text, c.card.answer) for c in read}["c13#0"] == ("text 13", "answer 13")
    assert all(c.vector is None for c in read)


def test_with_vectors_each_chunk_carries_its_own_stored_vector(store: CardStore) -> None:
    read = list(store.iter_chunks(with_vectors=True))
    assert len(read) == N
    for c in read:
        assert c.vector is not None and c.vector.dtype == np.float32
        np.testing.assert_array_equal(c.vector, vector(int(c.chunk_id[1:3])))


def test_a_chunk_deleted_after_its_id_was_listed_is_left_out(
    store: CardStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = listing(store)

    def pages_then_delete() -> Iterator[list[str]]:
        yield listed[:7]
        store.delete_chunks([listed[2], listed[8]])  # one already read, one not yet
        yield listed[7:]

    monkeypatch.setattr(store, "_id_pages", pages_then_delete)
    read = [c.chunk_id for c in store.iter_chunks(with_vectors=True)]
    expected = [cid for cid in listed if cid != listed[8]]
    assert read == expected
