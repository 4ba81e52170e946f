"""``study eval --sets grading``: the grading report through ``StudyAssistant.grade`` (slow)."""

from __future__ import annotations

import json

import pytest

from assistant.cli import build_parser
from evals.grading_eval import evaluate_grading, summary_lines

WHY_SCALE = "8ad94581-5c54-4d7c-ac43-7b62b2a470b3"
WHY_SOFTMAX = "ae480e38-fb59-4f88-ad8c-1b9d0558abde"
TYPOS = (
    "scalng by sqrt d_k stops the dot prodcts from becomming too large. "
    "Otherwise gradients destabilize and trainig slows down."
)


def test_grading_is_a_set_the_eval_command_accepts():
    args = build_parser().parse_args(["eval", "--sets", "grading", "--report", "out"])
    assert args.sets == ["grading"]


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


@pytest.mark.slow
def test_the_report_scores_both_sets_with_the_baselines(study, tmp_path):
    dev = tmp_path / "dev.jsonl"
    held_out = tmp_path / "eval.jsonl"
    _write(
        dev,
        [
            {
                "id": "d1",
                "card_id": WHY_SOFTMAX,
                "answer": "It turns the scores into probabilities that add up to one.",
                "label": "correct",
                "category": "paraphrase",
            },
            {
                "id": "d2",
                "card_id": WHY_SOFTMAX,
                "answer": "I don't know",
                "label": "wrong",
                "category": "idk",
            },
        ],
    )
    _write(
        held_out,
        [
            {
                "id": "g1",
                "card_id": WHY_SCALE,
                "label": "correct",
                "category": "typo",
                "answer": TYPOS,
            },
            {
                "id": "g2",
                "card_id": WHY_SCALE,
                "label": "wrong",
                "category": "misconception",
                "answer": "It normalises the attention weights so they sum to one.",
            },
            {"id": "g3", "card_id": WHY_SCALE, "label": "wrong", "category": "empty", "answer": ""},
        ],
    )
    results = evaluate_grading(study, tmp_path / "report", eval_file=held_out, dev_file=dev)
    figures = results["sets"]["evaluation"]
    assert (figures["n"], figures["cards"], figures["grader mode"]) == (3, 1, ["offline"])
    grader = figures["grader"]
    assert grader["three-way accuracy"]["mean"] == 1.0 and grader["binary accuracy"]["n"] == 3
    assert (grader["false passes"], grader["wrong answers"]) == (0, 2)
    assert grader["confusion"]["wrong"] == {"correct": 0, "partial": 0, "wrong": 2}
    # the cosine threshold is the development set's: above the "I don't know" answer's cosine
    dev_rows = {row["id"]: row for row in results["per_answer"]["development"]}
    threshold = results["cosine threshold"]
    assert dev_rows["d2"]["cosine"] < threshold and threshold == pytest.approx(
        dev_rows["d1"]["cosine"], abs=1e-4
    )
    assert [row["verdict"] for row in results["per_answer"]["evaluation"]] == ["correct", "wrong", "wrong"]
    saved = json.loads((tmp_path / "report" / "grading.json").read_text(encoding="utf-8"))
    assert saved["sets"]["evaluation"]["n"] == 3
    markdown = (tmp_path / "report" / "grading.md").read_text(encoding="utf-8")
    assert "| false-pass rate |" in markdown and "keyword rule (DeepTutor)" in markdown
    assert summary_lines(results)[0] == "grading, evaluation set (eval.jsonl: 3 answers, 1 cards)"
