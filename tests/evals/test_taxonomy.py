"""Failure tags, gold ranks and correctness, one hand-made question per case."""

from __future__ import annotations

import pytest

from evals.records import Outcome, Query
from evals.taxonomy import TAGS, failure, gold_rank, is_correct, looks_alike, numbers_correct, top1_correct
from tests.evals.conftest import CARDS, ranked

CARDS_BY_ID = {c.card_id: c for c in CARDS}


def outcome(gold=("c1",), ids=("c1",), abstained=False, cited=("c1",), answerable=True, **kw) -> Outcome:
    query = Query("paraphrase", "q", "question?", tuple(gold), answerable=answerable,
                  expected_numbers=kw.pop("expected", None))  # fmt: skip
    return Outcome(query, {"assistant": ranked(list(ids))}, 0.5, "answer", abstained, tuple(cited), **kw)


@pytest.mark.parametrize(
    ("kwargs", "tag"),
    [
        ({}, None),
        ({"answerable": False, "gold": (), "abstained": True, "cited": ()}, None),
        ({"answerable": False, "gold": ()}, "missed_abstention"),
        ({"abstained": True, "cited": ()}, "wrong_abstention"),
        ({"gold": (), "expected": (1.0,), "numbers": (2.0,), "numbers_from_tool": True}, "wrong_number"),
        ({"gold": (), "expected": (1.0,), "numbers": (1.0,), "numbers_from_tool": True}, None),
        ({"tool_kind": "softmax"}, "unwanted_example"),
        ({"ids": ("c2", "c1")}, "wrong_top1"),
        ({"ids": ("c2", "c3", "c4", "x5", "x6", "c1")}, "missed_top_k"),
        ({"ids": ("c2",)}, "missed_top_k"),
    ],
)
def test_failure_tags(kwargs: dict, tag: str | None) -> None:
    assert tag is None or tag in TAGS
    assert failure(outcome(**kwargs), CARDS_BY_ID, {}) == tag


def test_duplicate_confusion_by_label_or_by_question() -> None:
    # c4 is labelled a duplicate of c1 but is not gold here
    assert failure(outcome(ids=("c4", "c1")), CARDS_BY_ID, {"c1": ("c4",)}) == "duplicate_confusion"
    # c2 and c3 ask about scaling: [why, scale, dot, products] vs [why, divide, scores, by, sqrtdk]
    # share only "why" -> token F1 2*(1/4)(1/5)/(1/4+1/5) = 2/9 < 0.5: not alike
    assert not looks_alike("c2", "c3", CARDS_BY_ID, {})
    assert looks_alike("c1", "c1", CARDS_BY_ID, {})  # same question, F1 1
    assert looks_alike("x", "c1", CARDS_BY_ID, {"c1": ("x",)})  # labels work for unknown cards too


def test_gold_rank_and_correctness() -> None:
    o = outcome(gold=("c3",), ids=("c1", "c2", "c3"), cited=("c1",))
    assert gold_rank(o) == 3
    assert gold_rank(o, system="dense") is None  # the system did not rank
    assert not is_correct(o) and not top1_correct(o)
    assert is_correct(outcome()) and top1_correct(outcome())
    assert not is_correct(outcome(tool_kind="attention"))  # a worked example to a card question


def test_numbers_tolerance_depends_on_their_source() -> None:
    expected = (0.7310585786300049,)
    tool = outcome(gold=(), expected=expected, numbers=(0.73105858,), numbers_from_tool=True)
    assert numbers_correct(tool)  # |diff| = 1.4e-9 <= 1e-6 * 0.73
    assert not numbers_correct(outcome(gold=(), expected=expected, numbers=(0.7311,), numbers_from_tool=True))
    assert numbers_correct(outcome(gold=(), expected=expected, numbers=(0.7311,)))  # text rounds to 4 places
    assert not numbers_correct(outcome(gold=(), expected=expected, numbers=(0.732,)))
