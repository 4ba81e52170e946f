"""Fitting the verdict model: the JSON it writes loads, it separates what the features separate,
and its cross-validation keeps every answer to a card in one fold."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.grading.decision import decide
from assistant.grading.evidence import Evidence, PointEvidence
from assistant.grading.features import NAMES, feature_vector
from assistant.grading.params import GradingParams
from assistant.grading.record import KeyPoint
from assistant.grading.verdict_model import parse_model
from evals.fit_verdict_model import cross_validate, fit
from ingest.cards import Card

POINT = KeyPoint("Alpha beta gamma.", 0, 17)
LEVEL = {"wrong": 0.3, "partial": 0.55, "correct": 0.85}


def answer(card: int, label: str, jitter: float) -> Evidence:
    c = Card(f"c{card}", "d.txt", "Why?", "Alpha beta gamma.")
    s = LEVEL[label] + jitter
    return Evidence(
        c,
        f"answer {card} {label}",
        False,
        (PointEvidence(POINT, s, s, None, "u", False),),
        s,
        question_similarity=0.3,
    )


def dataset() -> tuple[list[Evidence], list[str], list[str]]:
    evidence, labels = [], []
    for card in range(10):
        for j, label in enumerate(("wrong", "partial", "correct", "wrong")):
            evidence.append(answer(card, label, 0.01 * ((card + j) % 3)))
            labels.append(label)
    return evidence, labels, [e.card.card_id for e in evidence]


def test_a_fitted_model_loads_and_separates_what_the_features_separate():
    evidence, labels, _ = dataset()
    decisions = [decide(e, GradingParams()) for e in evidence]
    x = np.stack([feature_vector(e, d) for e, d in zip(evidence, decisions, strict=True)])
    data = fit(x, labels, GradingParams())
    assert data["names"] == list(NAMES) and data["answers"] == 40 and data["regularization"] == 0.3
    model = parse_model(data)
    said = [model.apply(e, d).verdict for e, d in zip(evidence, decisions, strict=True)]
    assert said == labels


def test_cross_validation_by_card():
    evidence, labels, groups = dataset()
    decisions = [decide(e, GradingParams()) for e in evidence]
    result = cross_validate(evidence, decisions, labels, groups, GradingParams(), folds=5, repeats=2)
    assert result == {"binary": 1.0, "three_way": 1.0, "false_passes": 0.0, "wrong": 20.0}


def test_a_head_needs_both_kinds():
    x = np.zeros((3, len(NAMES)))
    with pytest.raises(ValueError, match="the pass head needs answers of both kinds"):
        fit(x, ["correct", "partial", "correct"], GradingParams())
