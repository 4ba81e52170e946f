"""The grading figures, the baselines and the graded-answer files (fast: no model)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from evals.grading_baselines import best_threshold, keyword_rule_passes
from evals.grading_metrics import by_category, grading_figures, plain_figures
from evals.grading_set import CATEGORIES, DEV_GRADING_FILE, GRADING_FILE, GradedLine, load_graded
from ingest.cards import Card
from ingest.errors import ConfigError


def test_figures_on_a_small_example():
    gold = ["correct", "correct", "partial", "wrong", "wrong", "wrong"]
    verdicts = ["correct", "partial", "wrong", "correct", "partial", "wrong"]
    figures = grading_figures(gold, verdicts)
    # binary: the 5 answers graded correct or wrong; a pass is any verdict but wrong
    assert figures["binary accuracy"]["mean"] == pytest.approx(3 / 5) and figures["binary accuracy"]["n"] == 5
    assert figures["strict binary accuracy"]["mean"] == pytest.approx(3 / 5)
    assert figures["three-way accuracy"]["mean"] == pytest.approx(2 / 6)
    assert figures["false-pass rate"]["mean"] == pytest.approx(1 / 3) and figures["false-pass rate"]["n"] == 3
    assert figures["wrong-not-failed rate"]["mean"] == pytest.approx(2 / 3)
    assert (figures["false passes"], figures["wrong answers"]) == (1, 3)
    assert figures["confusion"] == {
        "correct": {"correct": 1, "partial": 1, "wrong": 0},
        "partial": {"correct": 0, "partial": 0, "wrong": 1},
        "wrong": {"correct": 1, "partial": 1, "wrong": 1},
    }
    low, high = figures["three-way accuracy"]["low"], figures["three-way accuracy"]["high"]
    assert 0.0 <= low < 2 / 6 < high <= 1.0


def test_by_category():
    out = by_category(["correct", "wrong", "wrong"], ["correct", "correct", "wrong"], ["typo", "idk", "idk"])
    assert out["typo"]["mean"] == 1.0 and out["idk"]["mean"] == 0.5 and out["idk"]["n"] == 2


def test_keyword_rule():
    key = "Softmax normalizes the attention scores into probabilities, ensuring that the weights sum to 1"
    assert (
        keyword_rule_passes(key, "Softmax normalizes the attention scores into probabilities!") is False
    )  # 1 of 2
    said = "softmax normalizes the attention scores into probabilities, ensuring that the weights  sum to 1"
    assert keyword_rule_passes(key, said) is True
    assert keyword_rule_passes("x, y, z", "X or Y") is True  # 2 of 3 >= 60 %
    assert keyword_rule_passes("x, y, z, w", "x or y") is False  # 2 of 4 < 60 %


def test_best_threshold_is_chosen_on_the_given_data_lowest_on_ties():
    assert best_threshold([0.2, 0.5, 0.7, 0.9], [False, False, True, True]) == 0.7
    assert best_threshold([0.2, 0.5], [True, True]) == 0.2
    assert best_threshold([0.2, 0.5], [False, False]) > 0.5  # nothing passes


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_evaluation_set_covers_what_the_issue_asks_for():
    lines = _lines(GRADING_FILE)
    for line in lines:
        GradedLine.model_validate(line)
    assert len(lines) >= 150
    assert len({line["card_id"] for line in lines}) >= 40
    assert set(Counter(line["category"] for line in lines)) == set(CATEGORIES)
    labels = Counter(line["label"] for line in lines)
    assert labels["wrong"] >= 15 and labels["correct"] >= 15 and labels["partial"] >= 15
    assert len({line["id"] for line in lines}) == len(lines)


def test_the_development_set_uses_other_cards_and_other_answers():
    dev, held_out = _lines(DEV_GRADING_FILE), _lines(GRADING_FILE)
    assert not {line["card_id"] for line in dev} & {line["card_id"] for line in held_out}
    typed = {"idk", "empty"}
    dev_answers = {line["answer"] for line in dev if line["category"] not in typed}
    assert not dev_answers & {line["answer"] for line in held_out if line["category"] not in typed}


def test_an_unknown_card_or_a_malformed_line_is_named(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text(
        json.dumps({"id": "a", "card_id": "nope", "answer": "x", "label": "correct", "category": "typo"})
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="line 1: unknown card 'nope'"):
        load_graded(path, {})
    path.write_text(
        json.dumps({"id": "a", "card_id": "c", "answer": "x", "label": "right", "category": "typo"}) + "\n"
    )
    with pytest.raises(ConfigError, match="line 1"):
        load_graded(path, {"c": Card("c", "d.txt", "q", "a")})


def test_plain_figures():
    gold = ["correct", "wrong", "wrong", "partial", "correct"]
    said = ["partial", "correct", "wrong", "wrong", "wrong"]
    assert plain_figures(gold, said) == {"binary": 0.5, "three_way": 0.2, "false_passes": 1.0, "wrong": 2.0}
