"""The BM25 index: exact rankings against bm25s's own retrieval, limits, and saving."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.lexical import LexicalIndex

CHUNKS = [
    ("a#0", "What is scaled dot-product attention?"),
    ("a#1", "What is scaled dot-product attention?\nScores are divided by the square root of d_k."),
    ("b#0", "Why use layer normalization?"),
    ("b#1", "Why use layer normalization?\nIt keeps activations stable."),
    ("c#0", "What does attention compute?"),
]


def bm25s_ranking(index: LexicalIndex, query: str, n: int) -> list[tuple[str, float]]:
    """bm25s's own top n, as the index searched before it picked the top itself."""
    tokens = index._tokenizer.tokenize([query], update_vocab=False, return_as="ids", show_progress=False)  # type: ignore[attr-defined]
    docs, scores = index._retriever.retrieve(tokens, k=n, show_progress=False, n_threads=0)  # type: ignore[attr-defined]
    return [(index.chunk_ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]


def test_search_ranks_as_bm25s_does_and_keeps_only_matching_chunks() -> None:
    index = LexicalIndex.build(CHUNKS)
    hits = index.search("scaled attention", 10)
    # "scaled" is in a#0 and a#1 only, a#0 the shorter; "attention" also in c#0; b's chunks
    # share no term with the query and are left out.
    assert [cid for cid, _ in hits] == ["a#0", "a#1", "c#0"]
    expected = bm25s_ranking(index, "scaled attention", 5)
    assert [cid for cid, _ in hits] == [cid for cid, _ in expected]
    assert [s for _, s in hits] == pytest.approx([s for _, s in expected])
    assert all(score > 0 for _, score in hits)


def test_search_returns_at_most_n_best_first() -> None:
    index = LexicalIndex.build(CHUNKS)
    assert [cid for cid, _ in index.search("scaled attention", 2)] == ["a#0", "a#1"]
    assert index.search("scaled attention", 0) == []


def test_ties_come_in_index_order() -> None:
    index = LexicalIndex.build([("x#0", "softmax"), ("y#0", "softmax"), ("z#0", "other words")])
    assert [cid for cid, _ in index.search("softmax", 5)] == ["x#0", "y#0"]
    assert [cid for cid, _ in index.search("softmax", 1)] == ["x#0"]


def test_a_question_with_no_known_term_finds_nothing() -> None:
    index = LexicalIndex.build(CHUNKS)
    assert index.search("photosynthesis", 5) == []
    assert index.search("the of and", 5) == []  # stopwords only
    assert LexicalIndex.build([]).search("attention", 5) == []


def test_chunks_of_cards_and_the_id_set() -> None:
    index = LexicalIndex.build(CHUNKS)
    assert index.chunks_of(["b", "a", "missing"]) == ["b#0", "b#1", "a#0", "a#1"]
    assert index.ids == frozenset(cid for cid, _ in CHUNKS)


def test_saved_index_keeps_its_revision_and_left_out_count(tmp_path: Path) -> None:
    index = LexicalIndex.build(CHUNKS, revision="r1", left_out=3)
    index.save(tmp_path / "lexical")
    loaded = LexicalIndex.load(tmp_path / "lexical", "r1")
    assert loaded is not None
    assert (loaded.chunk_ids, loaded.revision, loaded.left_out) == ([c for c, _ in CHUNKS], "r1", 3)
    assert loaded.search("scaled attention", 10) == index.search("scaled attention", 10)
    assert LexicalIndex.load(tmp_path / "lexical", "r2") is None  # another revision: rebuild


def test_a_save_from_before_the_left_out_count_is_rebuilt(tmp_path: Path) -> None:
    LexicalIndex.build(CHUNKS, revision="r1").save(tmp_path / "lexical")
    saved = tmp_path / "lexical" / "chunks.json"
    old = json.loads(saved.read_text())
    del old["left_out"]
    saved.write_text(json.dumps(old))
    assert LexicalIndex.load(tmp_path / "lexical", "r1") is None
