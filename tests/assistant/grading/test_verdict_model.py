"""The verdict model: its arithmetic on a hand-built model, the rules it never overrules, the
shipped file, and clear errors for a malformed one."""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pytest

from assistant.grading.decision import decide
from assistant.grading.evidence import Evidence, PointEvidence
from assistant.grading.features import NAMES, feature_vector
from assistant.grading.params import GradingParams
from assistant.grading.record import KeyPoint
from assistant.grading.verdict_model import MODEL_FILE, load_verdict_model, parse_model
from ingest.cards import Card
from ingest.errors import GradingError

CARD = Card("c", "d.txt", "Why?", "Alpha beta gamma. Delta epsilon zeta.")
P1, P2 = KeyPoint("Alpha beta gamma.", 0, 17), KeyPoint("Delta epsilon zeta.", 18, 37)
N = len(NAMES)


def model_data(pass_weight: float, correct_weight: float, on: str = "similarity") -> dict:
    """A model that reads one feature: logit = weight * (x - 0.5) / 0.25 on both heads."""
    index = NAMES.index(on)
    weights = [0.0] * N
    return {
        "about": "hand-built",
        "fitted_on": "test",
        "answers": 10,
        "params": dataclasses.asdict(GradingParams()),
        "names": list(NAMES),
        "mean": [0.5] * N,
        "scale": [0.25] * N,
        "heads": {
            "pass": {"weights": weights[:index] + [pass_weight] + weights[index + 1 :], "bias": 0.0},
            "correct": {"weights": weights[:index] + [correct_weight] + weights[index + 1 :], "bias": -1.0},
        },
        "pass_at": 0.5,
        "correct_at": 0.6,
        "regularization": 0.3,
    }


def evidence(similarity: float, flipped: bool = False) -> Evidence:
    points = (
        PointEvidence(P1, 0.6, 0.5, None, "u", flipped, flipped),
        PointEvidence(P2, 0.3, 0.0, None, "u", False),
    )
    return Evidence(CARD, "an answer of five words", False, points, similarity, question_similarity=0.3)


def test_the_heads_are_logistic_regressions_over_standardized_features():
    model = parse_model(model_data(2.0, 3.0))
    x = np.zeros(N)
    x[NAMES.index("similarity")] = 0.75  # z = 1
    p_pass, p_correct = model.probabilities(x)
    assert p_pass == pytest.approx(1 / (1 + math.exp(-2.0)))
    assert p_correct == pytest.approx(1 / (1 + math.exp(-2.0)))  # 3 * 1 - 1
    assert model.verdict(x) == ("correct", pytest.approx(0.8807970779778823))
    x[NAMES.index("similarity")] = 0.5  # z = 0: P(pass) 0.5, P(correct) 0.269
    assert model.verdict(x) == ("partial", pytest.approx(1 / (1 + math.e)))
    x[NAMES.index("similarity")] = 0.25  # z = -1
    assert model.verdict(x)[0] == "wrong"


def test_the_model_decides_and_keeps_the_rules_points():
    model = parse_model(model_data(2.0, 3.0))
    e = evidence(0.75)
    rules = decide(e, GradingParams())
    decided = model.apply(e, rules)
    assert (decided.verdict, decided.score) == ("correct", pytest.approx(0.8807970779778823))
    assert decided.points == rules.points and decided.reason == ""


@pytest.mark.parametrize(
    ("e", "reason"),
    [
        (Evidence(CARD, "", True, ()), "no answer"),
        (evidence(0.1), "off topic"),  # under off_topic_below
        (evidence(0.75, flipped=True), "contradiction"),  # the first point is denied
    ],
)
def test_the_model_never_overrules_an_absolute_rule(e, reason):
    model = parse_model(model_data(50.0, 50.0, on="no_answer"))  # would pass everything it decides
    rules = decide(e, GradingParams())
    assert (rules.verdict, rules.reason) == ("wrong", reason)
    assert model.apply(e, rules) == rules


def test_the_features_follow_their_names():
    e = evidence(0.75)
    x = feature_vector(e, decide(e, GradingParams()))
    named = dict(zip(NAMES, x, strict=True))
    assert named["similarity"] == 0.75 and named["question_similarity"] == 0.3
    assert named["lift"] == pytest.approx(0.45)
    assert named["points"] == 2.0 and named["neighbour_margin"] == -0.5
    assert named["semantic_max"] == 0.6 and named["lexical_mean"] == 0.25
    assert named["coverage_max"] == pytest.approx(0.55) and named["coverage_min"] == pytest.approx(0.15)
    assert named["log_words"] == pytest.approx(math.log(6))
    assert named["log_length_ratio"] == pytest.approx(math.log(6) - math.log(7))
    assert named["flipped"] == 0.0 and named["no_answer"] == 0.0


def test_the_shipped_model_was_fitted_on_the_development_set_with_the_grader_s_parameters():
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert data["fitted_on"] == "evals/data/dev_grading.jsonl" and data["answers"] == 240
    model = load_verdict_model()
    assert model.names == NAMES
    # a change to the rules' parameters changes the features: refit (python -m evals.fit_verdict_model)
    assert model.params == GradingParams()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"names": list(reversed(NAMES))}, "fitted on other features"),
        ({"mean": [0.0]}, "wrong length"),
        ({"scale": [0.0] * N}, "scale that is not positive"),
        ({"heads": {"pass": {"weights": [0.0] * N, "bias": 0.0}}}, "heads 'pass' and 'correct'"),
        ({"pass_at": 1.5}, "not a verdict model"),
        ({"params": {"no_such_threshold": 1}}, "unknown grading parameters"),
    ],
)
def test_a_malformed_model_is_refused_with_the_reason(change, message):
    with pytest.raises(GradingError, match=message):
        parse_model({**model_data(1.0, 1.0), **change}, "m.json")


def test_an_unreadable_model_file_names_the_file(tmp_path):
    path = tmp_path / "m.json"
    path.write_text("{not json")
    with pytest.raises(GradingError, match=r"cannot read the verdict model .*m\.json"):
        load_verdict_model(path)


def test_a_correct_answer_covers_the_points_it_comes_near():
    # coverage = 0.5 * semantic + 0.5 * lexical: 0.3 (under the 0.45 bar, over 0.6 * 0.45 = 0.27)
    # and 0.2 (under both)
    points = (
        PointEvidence(P1, 0.6, 0.0, None, "u", False),
        PointEvidence(P2, 0.4, 0.0, None, "u", False),
    )
    e = Evidence(CARD, "an answer of five words", False, points, 0.75, question_similarity=0.3)
    rules = decide(e, GradingParams())
    assert rules.covered == ()
    correct = parse_model(model_data(2.0, 3.0)).apply(e, rules)
    assert correct.verdict == "correct"
    assert correct.covered == (P1,) and correct.missed == (P2,)
    partial = parse_model(model_data(2.0, 0.0)).apply(e, rules)  # P(correct) 0.27: partial
    assert partial.verdict == "partial" and partial.covered == ()
