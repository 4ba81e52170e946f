"""The offline grader's score aggregation and verdict rules, on hand-built evidence (no model)."""

from __future__ import annotations

import pytest

from assistant.grading.decision import decide
from assistant.grading.evidence import Evidence, PointEvidence
from assistant.grading.params import GradingParams
from assistant.grading.record import KeyPoint
from ingest.cards import Card

CARD = Card("c", "d.txt", "Why?", "Alpha beta gamma. Delta epsilon zeta.")
P1, P2 = KeyPoint("Alpha beta gamma.", 0, 17), KeyPoint("Delta epsilon zeta.", 18, 37)
BASE = dict(
    semantic_weight=0.5,
    point_threshold=0.5,
    correct_at=0.7,
    partial_at=0.1,
    off_topic_below=0.0,
    neighbour_margin=9.0,
    core_weight=0.0,
    partial_needs_point=False,
    lift_weight=0.0,
)


def evidence(first: tuple[float, float], second: tuple[float, float], sim=0.5, qsim=0.5) -> Evidence:
    points = (PointEvidence(P1, *first, None, "u", False), PointEvidence(P2, *second, None, "u", False))
    return Evidence(CARD, "an answer", False, points, sim, question_similarity=qsim)


def test_core_weight_lets_a_fully_covered_central_point_pass():
    e = evidence((0.6, 0.4), (0.2, 0.0))  # coverage 0.5 (credit 1) and 0.1 (credit 0.04)
    mean = decide(e, GradingParams(**BASE))
    assert (mean.verdict, mean.score) == ("partial", pytest.approx(0.52))
    blended = decide(e, GradingParams(**{**BASE, "core_weight": 0.5}))
    assert (blended.verdict, blended.score) == ("correct", pytest.approx(0.76))
    assert [k.text for k in blended.covered] == ["Alpha beta gamma."]


def test_partial_needs_a_covered_point():
    e = evidence((0.4, 0.4), (0.0, 0.0))  # coverage 0.4 < 0.5: credit 0.64, nothing covered
    assert (decide(e, GradingParams(**BASE)).verdict, decide(e, GradingParams(**BASE)).score) == (
        "partial",
        pytest.approx(0.32),
    )
    strict = decide(e, GradingParams(**{**BASE, "partial_needs_point": True}))
    assert (strict.verdict, strict.covered) == ("wrong", ())


def test_lift_adds_the_answer_s_closeness_to_the_card_over_the_question():
    e = evidence((0.6, 0.4), (0.2, 0.0), sim=0.6, qsim=0.3)
    assert e.lift == pytest.approx(0.3)
    lifted = decide(e, GradingParams(**{**BASE, "lift_weight": 1.0}))
    assert (lifted.verdict, lifted.score) == ("correct", pytest.approx(0.82))
    restated = evidence((0.0, 0.0), (0.0, 0.0), sim=0.3, qsim=0.8)  # closer to the question
    assert decide(restated, GradingParams(**{**BASE, "lift_weight": 1.0})).score == 0.0  # clipped
