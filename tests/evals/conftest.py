"""A tiny hand-built run (no model): four cards, two paraphrases, two off-topic questions.

Every figure of it is computed by hand in ``test_scoring.py``:

- p1 (gold c1): assistant [c1, c2], dense [c2, c1]; answered from c1 with c1's own answer.
- p2 (gold c2, c3): assistant [c4, c3, c2], dense [c3]; answered "the cat sat", citing c4.
- o1 (off-topic): abstained, top-1 similarity 0.2.
- o2 (off-topic): answered citing c1, top-1 similarity 0.45.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from evals.records import Outcome, Query, Ranked
from evals.runner import EvalConfig, EvalRun
from ingest.cards import Card
from tests.support.llm_fixtures import no_llm_environment, server  # noqa: F401 (fixtures for the tests here)

CARDS = [
    Card("c1", "deck.csv", "What is attention?", "A weighted sum of values."),
    Card("c2", "deck.csv", "Why scale the dot products?", "To keep the softmax out of saturation."),
    Card("c3", "other.txt", "Why divide scores by sqrt(d_k)?", "A cat sat on a hat."),
    Card("c4", "other.txt", "How does layer norm work?", "It normalises each token's features."),
]


def ranked(ids: Sequence[str], sims: Sequence[float] | None = None) -> tuple[Ranked, ...]:
    sims = sims or [0.9 - 0.1 * i for i in range(len(ids))]
    return tuple(Ranked(cid, s, s) for cid, s in zip(ids, sims, strict=True))


def outcomes() -> list[Outcome]:
    p1 = Query("paraphrase", "p1", "what does attention compute?", ("c1",), "A weighted sum of values.")
    p2 = Query("paraphrase", "p2", "why the square root?", ("c2", "c3"), "a cat sat on a hat")
    o1 = Query("out-of-scope", "o1", "What is the capital of Australia?", answerable=False)
    o2 = Query("out-of-scope", "o2", "What is a primary key?", answerable=False)
    return [
        Outcome(
            p1,
            {"assistant": ranked(["c1", "c2"], [0.8, 0.6]), "dense": ranked(["c2", "c1"])},
            0.8,
            "A weighted sum of values. [1]",
            False,
            ("c1",),
        ),
        Outcome(
            p2,
            {"assistant": ranked(["c4", "c3", "c2"], [0.5, 0.45, 0.4]), "dense": ranked(["c3"])},
            0.5,
            "the cat sat [1]",
            False,
            ("c4",),
        ),
        Outcome(o1, {"assistant": ranked(["c4"], [0.2])}, 0.2, "I can't answer that from your cards.", True),
        Outcome(
            o2, {"assistant": ranked(["c1"], [0.45])}, 0.45, "A weighted sum of values. [1]", False, ("c1",)
        ),
    ]


def make_run(
    outs: list[Outcome] | None = None, duplicates: dict[str, tuple[str, ...]] | None = None
) -> EvalRun:
    return EvalRun(
        outcomes=outs if outs is not None else outcomes(),
        systems=("assistant", "dense"),
        cards=list(CARDS),
        duplicates=duplicates or {},
        threshold=0.37,
        config=EvalConfig(sets=("paraphrase", "out-of-scope"), baselines=True),
        notes=["a note"],
        timing={"total_s": 1.0},
        tutorial=None,
        judge="skipped: not requested",
    )


@pytest.fixture
def run() -> EvalRun:
    return make_run()
