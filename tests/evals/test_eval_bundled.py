"""The full eval on the bundled decks, every set and every baseline (slow: real model and stores).

The headline figures must stay at or above the floors committed in ``evals/floors.json``, so
that a change cannot quietly make retrieval or abstention worse; the outputs must be complete
and well-formed; ``--compare`` and the command line are exercised end to end.
"""

from __future__ import annotations

import base64
import copy
import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from evals.baselines import SYSTEMS
from evals.compare import compare, flatten
from evals.evaluate import deck_files, evaluate
from evals.output import CSV_COLUMNS, write_outputs
from evals.runner import BUNDLED_SETS, EvalConfig
from tests.support.floors import outside_limits

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
FLOORS = json.loads((REPO / "evals" / "floors.json").read_text(encoding="utf-8"))
STUDY = Path(sys.executable).with_name("study")
PNG = b"\x89PNG\r\n\x1a\n"
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?!data:|#)""", re.IGNORECASE)
SIZES = {
    "verbatim": 118,
    "paraphrase": 87,
    "leave-one-out": 118,
    "out-of-scope": 32,
    "uncovered": 48,
    "numeric": 22,
}


@pytest.fixture(scope="module")
def offline_study(bundled_settings, study):
    """The session's assistant when it answers offline (the floors are for the offline answerer)."""
    if getattr(study, "mode", "offline") == "offline":
        return study
    from assistant.api import StudyAssistant

    return StudyAssistant(bundled_settings.model_copy(update={"mode": "offline"}))


@pytest.fixture(scope="module")
def evaluation(offline_study, bundled_settings, tmp_path_factory):
    config = EvalConfig(deck_files=deck_files([bundled_settings.cards_dir]))
    return evaluate(offline_study, config, tmp_path_factory.mktemp("eval-report"))


def test_headline_figures_stay_above_their_floors(evaluation) -> None:
    below, above = outside_limits(evaluation.results, FLOORS)
    assert not below, f"below the committed floor (measured, floor): {below}"
    assert not above, f"above the committed ceiling (measured, ceiling): {above}"


def test_every_set_and_system_ran(evaluation) -> None:
    results = evaluation.results
    assert list(results["sets"]) == list(BUNDLED_SETS)
    assert {name: fig["n"] for name, fig in results["sets"].items()} == SIZES
    assert results["systems"] == list(SYSTEMS)
    for name in ("verbatim", "paraphrase", "leave-one-out"):
        assert list(results["sets"][name]["retrieval"]) == list(SYSTEMS)
        assert set(results["sets"][name]["paired_tests"]) == set(SYSTEMS) - {"assistant"}
    assert results["sets"]["leave-one-out"]["n_answerable"] == 83  # 35 probes have no duplicate
    assert results["notes"] == []


def test_whole_eval_runs_within_two_minutes(evaluation) -> None:
    assert evaluation.seconds <= 120, evaluation.results["timing"]


def test_results_json_is_complete(evaluation) -> None:
    results = json.loads(evaluation.paths["json"].read_text(encoding="utf-8"))
    assert {"systems", "threshold", "headline", "sets", "mixtures", "judge", "timing", "provenance"} <= set(
        results
    )
    provenance = results["provenance"]
    assert {"date", "model", "corpus", "query_sets", "settings", "eval", "libraries", "machine"} <= set(
        provenance
    )
    assert provenance["corpus"]["cards"] == 118 and len(provenance["corpus"]["hash"]) == 64
    assert set(provenance["query_sets"]) == set(SIZES)
    assert provenance["libraries"]["ir-measures"] and provenance["libraries"]["langchain-text-splitters"]
    assert not any("key" in k for k in provenance["settings"])
    assert results["judge"].startswith("skipped")
    for path, figure in flatten(results).items():
        if figure.get("low") is not None:
            assert figure["low"] - 1e-12 <= figure["mean"] <= figure["high"] + 1e-12, path
            assert figure["n"] > 0, path


def test_per_question_csv(evaluation) -> None:
    with evaluation.paths["csv"].open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
        rows = list(reader)
    assert len(rows) == sum(SIZES.values())
    verbatim = [r for r in rows if r["set"] == "verbatim"]
    assert all(r["gold_rank"] == "1" and r["top5_ids"].split(";")[0] == r["gold_ids"] for r in verbatim)
    assert all(len(r["top5_scores"].split(";")) == 5 for r in verbatim)
    assert {r["failure"] for r in rows} <= {"", *evaluation.results["sets"]["verbatim"]["failures"]}


def test_reports_are_written_and_html_is_self_contained(evaluation) -> None:
    page = evaluation.paths["html"].read_text(encoding="utf-8")
    assert not EXTERNAL.search(page)
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 4 and all(base64.b64decode(i).startswith(PNG) for i in images)
    markdown = evaluation.paths["markdown"].read_text(encoding="utf-8")
    assert markdown.startswith("# How well the assistant knows your cards")
    assert "## In plain words" in markdown and "## What went wrong" in markdown
    plots = evaluation.paths["markdown"].parent / "plots"
    assert sorted(p.name for p in plots.iterdir()) == [
        "gold_rank.png", "recall_at_k.png", "risk_coverage.png", "top1_scores.png",
    ]  # fmt: skip


def test_compare_shows_a_drop(evaluation, tmp_path: Path) -> None:
    old = copy.deepcopy(evaluation.results)
    hit1 = old["sets"]["paraphrase"]["retrieval"]["assistant"]["hit@1"]
    hit1["mean"] = min(1.0, hit1["high"] + 0.05)  # an earlier run that was clearly better
    old["provenance"]["corpus"]["hash"] = "0" * 64
    comparison = compare(old, evaluation.results)
    (row,) = comparison.changed
    assert row.path == "paraphrase / retrieval / assistant / hit@1" and row.outside_ci and row.delta < 0
    assert comparison.warnings == (
        "the cards differ (corpus hash changed): figures are over different cards",
    )
    paths = write_outputs(tmp_path, evaluation.results, evaluation.run, comparison)
    markdown = paths["markdown"].read_text(encoding="utf-8")
    assert "## Compared with the earlier run" in markdown
    assert "| paraphrase / retrieval / assistant / hit@1 |" in markdown


def _study(args: list[str], data_dir: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STUDY_DATA_DIR": str(data_dir), "STUDY_MODE": "offline", "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [str(STUDY), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300, check=False
    )


def test_cli_with_a_gold_file_and_compare(
    evaluation, offline_study, bundled_settings, tmp_path: Path
) -> None:
    cards = offline_study.cards()
    gold = tmp_path / "gold.jsonl"
    lines = [
        {
            "id": "by-id",
            "question": "why do we divide by the square root of d_k?",
            "relevant": [cards[0].card_id],
        },
        {"question": "my own wording", "relevant": [f"  {cards[1].question.upper()} "]},
        {"question": "Who painted the Mona Lisa?", "relevant": [], "expect_abstain": True},
        {"question": "compute softmax of [0, 0]", "relevant": [], "expected_numbers": [0.5, 0.5]},
    ]
    gold.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    args = ["eval", "--sets", "numeric", "gold", "--gold", str(gold), "--no-baselines", "--no-progress",
            "--report", "out", "--compare", str(evaluation.paths["json"])]  # fmt: skip
    out = _study(args, bundled_settings.data_dir, tmp_path)
    assert out.returncode == 0, out.stderr
    assert "numeric accuracy" in out.stdout and "gold hit@1" in out.stdout
    assert "compared with the run of" in out.stdout
    assert "query set 'gold' differs between the runs" in out.stdout
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert list(results["sets"]) == ["numeric", "gold"]
    assert results["sets"]["gold"]["n"] == 4 and results["systems"] == ["assistant"]
    assert results["comparison"]["figures_compared"] > 0
    assert "Traceback" not in out.stderr


def test_cli_names_the_malformed_gold_line(bundled_settings, tmp_path: Path) -> None:
    gold = tmp_path / "bad.jsonl"
    gold.write_text(
        '{"question": "ok", "relevant": ["x"]}\n{"question": "q", "relevant": "x"}\n', encoding="utf-8"
    )
    out = _study(["eval", "--gold", str(gold), "--report", "out"], bundled_settings.data_dir, tmp_path)
    assert out.returncode == 1
    assert out.stderr.strip() == (
        f"study: {gold}: 1 problem(s): line 2: 'relevant': Input should be a valid list (got 'x')"
    )
