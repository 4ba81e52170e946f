"""The Evaluate tab's handler: the same evaluation as ``study eval``, over the bundled store."""

from __future__ import annotations

import json

import pytest

from ui.evaluation import run_evaluation, set_choices

pytestmark = pytest.mark.slow


def test_set_choices_are_the_bundled_sets():
    assert set_choices() == [
        "verbatim",
        "paraphrase",
        "leave-one-out",
        "out-of-scope",
        "uncovered",
        "numeric",
    ]


def test_run_writes_the_report_and_returns_headline_plots_and_files(study, tmp_path):
    out = tmp_path / "report"
    view = run_evaluation(study, ["paraphrase", "out-of-scope"], False, out)
    labels = [row[0] for row in view.headline]
    assert "paraphrase hit@1" in labels and "out-of-scope abstained" in labels
    results = json.loads((out / "results.json").read_text())
    hit1 = results["headline"]["paraphrase hit@1"]
    assert view.headline[labels.index("paraphrase hit@1")] == [
        "paraphrase hit@1",
        f"{hit1['mean']:.3f} [{hit1['low']:.3f}, {hit1['high']:.3f}]",
        str(hit1["n"]),
    ]
    assert [p.name for p in view.files] == ["report.html", "report.md", "results.json", "per_question.csv"]
    assert view.plots and all(p.parent == out / "plots" and p.suffix == ".png" for p in view.plots)
    assert view.summary.startswith("Evaluated in ")
    assert "Asked in your own words (87 questions)" in view.summary


def test_a_failing_run_is_a_message(study, tmp_path):
    view = run_evaluation(study, ["no-such-set"], False, tmp_path / "r")
    assert view.summary.startswith(
        '<div class="error" role="alert"><p class="error-title">Could not evaluate'
    )
    assert view.headline == [] and view.files == []
