"""The BM25 index: exact rankings against bm25s's own retrieval, limits, and saving."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.lexical import LexicalIndex
from tests.support.threads import errors_of_concurrent_calls

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


def test_the_id_set() -> None:
    index = LexicalIndex.build(CHUNKS)
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


def bm25s_index(texts: list[str]):  # type: ignore[no-untyped-def]
    """bm25s building its own index from the same tokens, all texts at once."""
    import bm25s

    from ingest.lexical import _tokenizer

    tokenizer = _tokenizer()
    retriever = bm25s.BM25()
    tokens = tokenizer.tokenize(texts, update_vocab=True, return_as="ids", show_progress=False)
    retriever.index((tokens, tokenizer.get_vocab_dict()), show_progress=False)
    return retriever


@pytest.mark.parametrize("page", [1, 7, 2000])
def test_the_paged_build_is_the_index_bm25s_builds(monkeypatch: pytest.MonkeyPatch, page: int) -> None:
    import numpy as np

    import ingest.lexical
    from tests.ingest.synthetic import synthetic_cards

    monkeypatch.setattr(ingest.lexical, "_PAGE", page)
    monkeypatch.setattr(ingest.lexical, "_BLOCK", 37 if page < 2000 else 1 << 20)
    texts = [t for q, a, _ in synthetic_cards(60, seed=3) for t in (f"{q}\n{a}", a, q)]
    texts += ["", "the of and", "Scores are divided by the square root of d_k. d_k d_k"]
    built = LexicalIndex.build((f"c{i}#0", t) for i, t in enumerate(texts))
    expected = bm25s_index(texts)
    ours = built._retriever  # type: ignore[attr-defined]
    assert ours.scores["num_docs"] == expected.scores["num_docs"] == 183
    for part in ("data", "indices", "indptr"):
        assert ours.scores[part].dtype == expected.scores[part].dtype
        assert np.array_equal(ours.scores[part], expected.scores[part]), part
    assert ours.vocab_dict == expected.vocab_dict
    assert ours.unique_token_ids_set == expected.unique_token_ids_set


def test_the_paged_build_searches_and_reloads_like_bm25s(tmp_path: Path) -> None:
    texts = [text for _, text in CHUNKS]
    built = LexicalIndex.build(CHUNKS, "r1")
    built.save(tmp_path / "lex")
    loaded = LexicalIndex.load(tmp_path / "lex", "r1")
    assert loaded is not None
    expected = bm25s_index(texts)
    tokenizer = built._tokenizer  # type: ignore[attr-defined]
    words = ["scaled attention d_k"]
    query = tokenizer.tokenize(words, update_vocab=False, return_as="ids", show_progress=False)[0]
    for index in (built, loaded):
        scores = index._retriever.get_scores_from_ids(query)  # type: ignore[attr-defined]
        assert scores.tolist() == expected.get_scores_from_ids(query).tolist()
    assert [cid for cid, _ in loaded.search("scaled attention d_k", 5)] == ["a#1", "a#0", "c#0"]


def test_saves_that_race_never_fail_or_leave_a_broken_index(tmp_path: Path) -> None:
    indexes = [LexicalIndex.build(CHUNKS, f"r{i}") for i in range(2)]

    def save_many(index: LexicalIndex) -> None:
        for _ in range(40):
            index.save(tmp_path / "lex")

    assert errors_of_concurrent_calls(save_many, indexes) == []
    revision = json.loads((tmp_path / "lex" / "chunks.json").read_text())["revision"]
    loaded = LexicalIndex.load(tmp_path / "lex", revision)
    assert loaded is not None and loaded.chunk_ids == [cid for cid, _ in CHUNKS]
    assert [p.name for p in tmp_path.iterdir()] == ["lex"]  # no temporary folder left behind


def test_chunks_with_no_indexable_word_build_an_index_that_finds_nothing() -> None:
    index = LexicalIndex.build([("a#0", "the of and"), ("b#0", ""), ("c#0", "softmax weights")])
    assert index.chunk_ids == ["a#0", "b#0", "c#0"]
    assert index.search("attention", 5) == []  # an unknown word is not the empty chunks' token
    assert index.search("the", 5) == []
    assert [cid for cid, _ in index.search("softmax attention", 5)] == ["c#0"]
