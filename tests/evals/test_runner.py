"""The runner's plumbing with a deterministic fake assistant (no model): hold-outs, answers,
numbers, the judge hook and caching. Retrieval quality is measured only with the real model."""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

import numpy as np

from assistant.answers import Answer, Citation, Hit, ToolCall
from evals.runner import EvalConfig, run_eval
from ingest.cards import Card

CARDS = [
    Card("07e12560-0ea3-417f-9064-483ff009ebc4", "a.csv", "What follows self-attention?", "An add & norm."),
    Card("1e85830c-a08d-4cab-896a-eb216d592095", "b.txt", "After self-attention, what comes?", "Add & norm."),
    Card("x-unlabelled", "c.txt", "Unlabelled card?", "Yes."),
]


class FakeRetriever:
    def __init__(self) -> None:
        self.searches: list[tuple[str, int, str, tuple[str, ...]]] = []

    def search(
        self, question: str, k: int = 5, mode: str = "hybrid", excluding: Sequence[str] = ()
    ) -> list[Hit]:
        self.searches.append((question, k, mode, tuple(excluding)))
        order = CARDS if "follows" in question else list(reversed(CARDS))
        order = [c for c in order if c.card_id not in excluding]
        return [Hit(c, 0.9 - 0.1 * i, 0.8 - 0.1 * i, 0.0, i + 1) for i, c in enumerate(order)][:k]


class FakeStudy:
    def __init__(self) -> None:
        self.settings = SimpleNamespace(abstain_threshold=0.37, top_k=2)
        self.retriever = FakeRetriever()
        self.index = SimpleNamespace(embedder=SimpleNamespace(encode=self.encode))
        self.encoded: list[str] = []
        self.answerer = SimpleNamespace(answer=self.compose, threshold=0.37)
        self.excluded: list[object] = []

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        self.encoded += texts
        return np.zeros((len(texts), 2), dtype=np.float32)

    def cards(self, include_practice: bool = False) -> list[Card]:
        return list(CARDS)

    def clean_question(self, question: str) -> tuple[str, list[str]]:
        return " ".join(question.split()), []

    def compose(self, question: str, hits: list[Hit], excluding: object = ()) -> Answer:
        self.excluded.append(excluding)
        citations = (Citation.from_hit(1, hits[0]),)
        return Answer(question, f"{hits[0].answer} [1]", False, citations)

    def ask(self, question: str) -> Answer:
        if question not in {c.question for c in CARDS}:  # the numeric questions
            call = ToolCall("worked_example", {"kind": "softmax"}, {"outputs": {"probabilities": [0.5, 0.5]}})
            return Answer(question, "p = 0.5000, 0.5000", False, tool_calls=(call,))
        return self.compose(question, self.retriever.search(question, 2))


class Judge:
    model = "fake-judge"

    def __init__(self) -> None:
        self.seen: list[tuple[str, list[str]]] = []

    def judge(self, question: str, answer: str, sources: list[str]) -> float:
        self.seen.append((question, list(sources)))
        return 0.75


def test_leave_one_out_filters_the_held_out_card_and_reuses_rankings() -> None:
    study = FakeStudy()
    run = run_eval(study, EvalConfig(sets=("verbatim", "leave-one-out"), baselines=False))  # type: ignore[arg-type]
    by_key = {(o.query.set, o.query.qid): o for o in run.outcomes}
    held = by_key[("leave-one-out", CARDS[0].card_id)]
    assert held.query.gold == (CARDS[1].card_id,) and held.query.held_out == CARDS[0].card_id
    assert held.ranked_ids()[:2] == [CARDS[1].card_id, CARDS[2].card_id]  # the held-out card is gone
    assert held.cited == (CARDS[1].card_id,)  # composed from the remaining hits
    assert {CARDS[0].card_id} in study.excluded  # and the judge is told which card is held out
    assert by_key[("verbatim", CARDS[0].card_id)].ranked_ids()[0] == CARDS[0].card_id
    hybrid = [s for s in study.retriever.searches if s[1] == 30]
    # One pool search per question text and held-out card; a leave-one-out search leaves its
    # card out of the ranking itself (the real retriever then never scales BM25 by it).
    assert len(hybrid) == len({(s[0], s[3]) for s in hybrid}) == 5
    assert sorted(s[3] for s in hybrid if s[3]) == [(CARDS[0].card_id,), (CARDS[1].card_id,)]
    assert run.notes == ["leave-one-out: 1 card(s) have no duplicate label and were left out"]
    assert sorted(study.encoded) == sorted(c.question for c in CARDS)  # each question encoded once


def test_numbers_come_from_the_tool_and_the_judge_sees_the_cited_cards() -> None:
    study, judge = FakeStudy(), Judge()
    run = run_eval(study, EvalConfig(sets=("numeric", "verbatim"), baselines=False), judge=judge)  # type: ignore[arg-type]
    numeric = [o for o in run.outcomes if o.query.set == "numeric"]
    assert len(numeric) == 22
    assert all(o.numbers_from_tool and o.tool_kind == "softmax" for o in numeric)
    assert numeric[0].numbers == (0.5, 0.5)  # the tool's outputs, not the text's rounded numbers
    verbatim = [o for o in run.outcomes if o.query.set == "verbatim"]
    assert all(o.faithfulness == 0.75 for o in verbatim)
    assert all(o.faithfulness is None for o in numeric)  # no card cited: nothing to judge against
    assert judge.seen[0] == (CARDS[0].question, [f"{CARDS[0].question}\n{CARDS[0].answer}"])
    assert run.judge == "judged by fake-judge"
    assert {"encode_questions_s", "questions_s", "total_s"} <= set(run.timing)
