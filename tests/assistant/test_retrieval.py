"""Hybrid retrieval: its fusion on a scripted index, then the bundled decks with the real MiniLM (slow)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

import assistant.retrieval as retrieval
from assistant.retrieval import HybridRetriever
from ingest.cards import Card
from ingest.errors import RetrievalError


class ScriptedStore:
    """Dense results as scripted."""

    def __init__(self, dense: dict[str, list[float]], floor: float) -> None:
        self.dense, self.floor = dense, floor

    def nearest_cards(self, embedding, n, answerable=None, left_out=0):
        return list(self.dense.items()), self.floor


class ScriptedCards:
    """Every card asked for."""

    def get(self, card_ids):
        return {cid: Card(cid, "deck.csv", f"Question {cid}?", "Answer.") for cid in card_ids}


class ScriptedVectors:
    """Chunk similarities as scripted; records which cards are scored."""

    def __init__(self, sims: dict[str, list[float]]) -> None:
        self.sims = sims
        self.reads: list[list[str]] = []

    def similarities(self, card_ids, embedding):
        self.reads.append(list(card_ids))
        return {cid: self.sims[cid] for cid in card_ids}


class ScriptedLexical:
    ids = frozenset()
    left_out = 0

    def __init__(self, hits: list[tuple[str, float]]) -> None:
        self.hits = hits

    def search(self, question, n):
        return [(f"{cid}#0", score) for cid, score in self.hits][:n]


def scripted(sims_c: list[float]) -> tuple[HybridRetriever, ScriptedVectors]:
    """Dense finds A and B; BM25 finds C, D and A best, then E; C, D and E only by BM25.

    Normalised BM25: C 1.0, D 0.9, A 0.8, E 0.1. Fused A = (0.9 + 0.2 * 0.8) / 1.2 + 0.2 * 0.8
    = 1.0433, B = (0.5 + 0.2 * 0.4) / 1.2 = 0.4833. With floor 0.3 a BM25-only card can reach
    at most 0.3 + 0.2 * bm25: C 0.5, D 0.48, E 0.32.
    """
    store = ScriptedStore({"A": [0.9, 0.8], "B": [0.5, 0.4]}, 0.3)
    vectors = ScriptedVectors({"C": sims_c, "D": [0.29, 0.2], "E": [0.1, 0.0]})
    lexical = ScriptedLexical([("C", 10.0), ("D", 9.0), ("A", 8.0), ("E", 1.0)])
    encoder = SimpleNamespace(encode=lambda texts: np.ones((len(texts), 2), dtype=np.float32))
    snapshot = SimpleNamespace(lexical=lexical, vectors=vectors, cards=ScriptedCards(), model_id=None)
    index = SimpleNamespace(embedder=encoder, store=store, snapshot=snapshot, serving=None)
    return HybridRetriever(index), vectors  # type: ignore[arg-type]


def test_bm25_only_cards_are_read_until_none_can_reach_the_top_k(monkeypatch) -> None:
    monkeypatch.setattr(retrieval, "_BATCH", 1)
    retriever, vectors = scripted([0.3, 0.1])  # C: 0.2667 + 0.2 = 0.4667, below B
    hits = retriever.search("q", k=2)
    assert [(h.card_id, round(h.score, 4), h.similarity) for h in hits] == [
        ("A", 1.0433, 0.9),
        ("B", 0.4833, 0.5),
    ]
    # C could reach 0.5 > 0.4833 and is read; D at most 0.48 cannot, so D and E are never read.
    assert vectors.reads == [["C"]]


def test_a_bm25_only_card_that_reaches_the_top_k_raises_the_bar(monkeypatch) -> None:
    monkeypatch.setattr(retrieval, "_BATCH", 1)
    retriever, vectors = scripted([0.3, 0.3])  # C: 0.3 + 0.2 = 0.5, above B
    hits = retriever.search("q", k=2)
    assert [(h.card_id, round(h.score, 4)) for h in hits] == [("A", 1.0433), ("C", 0.5)]
    assert vectors.reads == [["C"]]  # the bar is now 0.5; D's 0.48 cannot reach it


def test_an_excluded_card_is_ranked_as_if_absent_and_does_not_set_the_bm25_scale(monkeypatch) -> None:
    monkeypatch.setattr(retrieval, "_BATCH", 1)
    retriever, vectors = scripted([0.3, 0.1])
    # Without C, BM25 is normalised by D's 9.0: A's lexical score is 8 / 9, not 0.8, so
    # A = (0.9 + 0.2 * 0.8) / 1.2 + 0.2 * 8 / 9 = 1.0611. D could reach 0.3 + 0.2 = 0.5 and is
    # read (0.275 + 0.2 = 0.475, under B); E could reach 0.32 and is not.
    hits = retriever.search("q", k=2, excluding={"C"})
    assert [(h.card_id, round(h.score, 4), round(h.lexical, 4)) for h in hits] == [
        ("A", 1.0611, 0.8889),
        ("B", 0.4833, 0.0),
    ]
    assert vectors.reads == [["D"]]
    # A dense card held out leaves the ranking too.
    assert [h.card_id for h in retriever.search("q", k=2, excluding={"A"})] == ["B", "C"]


def test_reading_everything_gives_the_same_ranking(monkeypatch) -> None:
    monkeypatch.setattr(retrieval, "_BATCH", 100)
    retriever, vectors = scripted([0.3, 0.1])
    monkeypatch.setattr(retrieval, "_MAX_BATCHES", 100)
    assert [h.card_id for h in retriever.search("q", k=4)] == ["A", "B", "C", "D"]
    assert vectors.reads == [["C", "D", "E"]]  # k = 4: the bar is -inf until four cards are scored


def test_at_most_max_batches_are_read(monkeypatch) -> None:
    monkeypatch.setattr(retrieval, "_BATCH", 1)
    monkeypatch.setattr(retrieval, "_MAX_BATCHES", 1)
    retriever, vectors = scripted([0.3, 0.1])
    assert [h.card_id for h in retriever.search("q", k=4)] == ["A", "B", "C"]
    assert vectors.reads == [["C"]]


def test_lexical_mode_reads_only_the_top_k_for_their_similarity() -> None:
    retriever, vectors = scripted([0.3, 0.1])
    vectors.sims["A"] = [0.9, 0.8]
    hits = retriever.search("q", k=2, mode="lexical")
    assert [(h.card_id, h.score, h.similarity) for h in hits] == [("C", 1.0, 0.3), ("D", 0.9, 0.29)]
    assert vectors.reads == [["C", "D"]]


@pytest.mark.slow
def test_each_card_appears_once_and_scores_are_ordered(study):
    hits = study.retrieve("what are queries keys and values in attention", k=10)
    ids = [h.card_id for h in hits]
    assert len(ids) == 10 == len(set(ids))
    assert [h.rank for h in hits] == list(range(1, 11))
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:], strict=False))


@pytest.mark.parametrize(
    ("question", "card_id"),
    [
        ("What is the query vector?", "d33e3f45-53d6-4d4d-860c-b337569cd772"),
        (
            "How does layer normalization differ from batch normalization?",
            "392b5967-6688-4ace-ad73-f61d5bf6c2a0",
        ),
        ("What is the computational complexity of self-attention?", "0cd84c0a-2434-41c5-941f-d3e47a46f00e"),
    ],
)
@pytest.mark.slow
def test_a_cards_own_question_ranks_it_first(study, question, card_id):
    assert study.retrieve(question, k=3)[0].card_id == card_id


@pytest.mark.slow
def test_verbatim_questions_of_every_answered_card_rank_it_first(study):
    cards = study.cards()
    misses = [c.question for c in cards if study.retrieve(c.question, k=1)[0].card_id != c.card_id]
    assert misses == []


@pytest.mark.slow
def test_practice_prompts_are_never_retrieved(study):
    practice = {c.card_id for c in study.cards(include_practice=True) if c.is_practice}
    assert len(practice) == 6
    hits = study.retrieve("x_i orthogonal to x_j zero influence on the output y_i", k=20)
    assert practice.isdisjoint(h.card_id for h in hits)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["dense", "lexical", "hybrid"])
def test_every_mode_finds_the_layer_norm_card(study, mode):
    hits = study.retriever.search("layer normalization versus batch normalization", k=5, mode=mode)
    assert "392b5967-6688-4ace-ad73-f61d5bf6c2a0" in [h.card_id for h in hits]


@pytest.mark.slow
def test_empty_question_is_refused(study):
    with pytest.raises(RetrievalError, match="the question is empty"):
        study.retrieve("   ")
