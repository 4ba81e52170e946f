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
from ingest.store import CardState, CardStore

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
    c13 = next(c for c in read if c.chunk_id == "c13#0")
    assert (c13.card_id, c13.kind, c13.text, c13.card) == ("c13", "flashcard", "text 13", card(13))
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


ATTENTION = Card("k", "deck.csv", "What is attention?", "A weighted sum.", metadata={"level": "2"})
ATTENTION_CHUNKS = [
    Chunk("k#0", "k", 0, 2, "What is attention?"),
    Chunk("k#1", "k", 1, 2, "What is attention?\nA weighted sum."),
]


def raw_records(s: CardStore) -> dict[str, tuple[dict[str, object], str | None]]:
    """Each record's metadata and document, as Chroma holds them."""
    got = s._collection.get(include=["metadatas", "documents"])
    rows = zip(got["ids"], got["metadatas"], got["documents"], strict=True)
    return {cid: (meta, doc) for cid, meta, doc in rows}


def written_before(s: CardStore, card: Card, chunks: list[Chunk]) -> None:
    """Write as stores were written before 2026-12-04: texts as documents, the card on every chunk."""
    s._collection.upsert(
        ids=[c.chunk_id for c in chunks],
        embeddings=np.stack([vector(i) for i in range(len(chunks))]),
        documents=[c.text for c in chunks],
        metadatas=[
            {**card.to_record(), "content_hash": card.content_hash, "chunk_index": c.index, "n_chunks": 2}
            for c in chunks
        ],
    )


def test_chunk_0_holds_the_card_and_every_chunk_its_text_as_metadata(tmp_path: Path) -> None:
    s = CardStore(tmp_path / "data", "cards")
    s.upsert({"k": ATTENTION}, ATTENTION_CHUNKS, np.stack([vector(0), vector(1)]))
    common = {
        "card_id": "k",
        "source": "deck.csv",
        "kind": "flashcard",
        "content_hash": ATTENTION.content_hash,
    }
    assert raw_records(s) == {
        "k#0": (
            {
                **common,
                "question": "What is attention?",
                "answer": "A weighted sum.",
                "meta": '{"level": "2"}',
                "lint": "[]",
                "chunk_index": 0,
                "n_chunks": 2,
                "text": "What is attention?",
            },
            None,
        ),
        "k#1": (
            {**common, "chunk_index": 1, "n_chunks": 2, "text": "What is attention?\nA weighted sum."},
            None,
        ),
    }
    read = sorted(s.iter_chunks(), key=lambda c: c.chunk_id)
    assert [(c.chunk_id, c.card_id, c.index, c.n_chunks, c.text) for c in read] == [
        ("k#0", "k", 0, 2, "What is attention?"),
        ("k#1", "k", 1, 2, "What is attention?\nA weighted sum."),
    ]
    assert [c.card for c in read] == [ATTENTION, None]
    assert s.cards() == [ATTENTION]
    assert s.card_states("deck.csv") == {"k": CardState(ATTENTION.content_hash, True, ("k#0", "k#1"))}


def test_a_store_written_before_reads_the_same(tmp_path: Path) -> None:
    s = CardStore(tmp_path / "data", "cards")
    written_before(s, ATTENTION, ATTENTION_CHUNKS)
    read = sorted(s.iter_chunks(), key=lambda c: c.chunk_id)
    assert [(c.chunk_id, c.card_id, c.kind, c.text) for c in read] == [
        ("k#0", "k", "flashcard", "What is attention?"),
        ("k#1", "k", "flashcard", "What is attention?\nA weighted sum."),
    ]
    assert [c.card for c in read] == [ATTENTION, None]
    assert s.cards() == [ATTENTION]
    assert s.card_states("deck.csv") == {"k": CardState(ATTENTION.content_hash, True, ("k#0", "k#1"))}


def test_rewriting_a_card_stored_before_clears_its_fields_from_chunks_after_0(tmp_path: Path) -> None:
    assert_rewrite_clears_the_card_fields(CardStore(tmp_path / "data", "cards"))


def assert_rewrite_clears_the_card_fields(s: CardStore) -> None:
    """A card written as before, then written again: chunk 1 keeps only its own fields."""
    written_before(s, ATTENTION, ATTENTION_CHUNKS)
    new = Card("k", "deck.csv", "What is attention?", "A weighted average.")
    chunks = [ATTENTION_CHUNKS[0], Chunk("k#1", "k", 1, 2, "What is attention?\nA weighted average.")]
    s.upsert({"k": new}, chunks, np.stack([vector(0), vector(1)]), stored={"k"})
    meta, document = raw_records(s)["k#1"]
    assert meta == {
        "card_id": "k",
        "source": "deck.csv",
        "kind": "flashcard",
        "content_hash": new.content_hash,
        "chunk_index": 1,
        "n_chunks": 2,
        "text": "What is attention?\nA weighted average.",
    }
    assert document == "What is attention?\nA weighted sum."  # Chroma keeps a document the upsert leaves out
    read = sorted(s.iter_chunks(), key=lambda c: c.chunk_id)
    assert [c.text for c in read] == ["What is attention?", "What is attention?\nA weighted average."]
    assert s.cards() == [new]
