"""``study eval`` is wired in without slowing ``study --help``; the judge hook is skipped offline."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.cli import build_parser
from evals.judge import FaithfulnessJudge, load_judge
from ingest.settings import Settings


def test_eval_is_a_subcommand_with_its_options() -> None:
    args = build_parser().parse_args(
        [
            "eval",
            "--gold",
            "g.jsonl",
            "--sets",
            "paraphrase",
            "numeric",
            "--report",
            "out",
            "--compare",
            "old.json",
        ]
    )
    assert args.command == "eval" and args.sets == ["paraphrase", "numeric"]
    assert (str(args.gold), str(args.report), str(args.compare)) == ("g.jsonl", "out", "old.json")
    defaults = build_parser().parse_args(["eval"])
    assert (defaults.report.name, defaults.mode, defaults.judge, defaults.sets) == (
        "eval-report",
        None,
        False,
        None,
    )
    assert build_parser().parse_args(["eval", "--mode", "offline"]).mode == "offline"


def test_unknown_set_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        build_parser().parse_args(["eval", "--sets", "bogus"])
    assert info.value.code == 2
    assert "invalid choice: 'bogus'" in capsys.readouterr().err


def test_building_the_parser_imports_nothing_heavy_from_evals() -> None:
    code = (
        "import sys, json; import assistant.cli as c; c.build_parser(); "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('evals') or m in "
        "('matplotlib', 'langchain_text_splitters', 'ir_measures'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(out.stdout) == ["evals", "evals.cli", "evals.records"]


def test_judge_is_skipped_offline() -> None:
    judge, note = load_judge(Settings(mode="offline"))
    assert judge is None
    assert note == "skipped: the assistant runs offline (no LLM endpoint configured)"


def test_judge_protocol() -> None:
    class Judge:
        model = "fake-judge"

        def judge(self, question: str, answer: str, sources: list[str]) -> float:
            return 1.0

    assert isinstance(Judge(), FaithfulnessJudge)
    assert not isinstance(object(), FaithfulnessJudge)


def test_the_tuned_model_is_printed_beside_the_base_model_with_raw_and_holm_p(capsys) -> None:
    from evals.cli import _print_base_model

    def fig(mean: float) -> dict[str, float]:
        return {"mean": mean}

    results = {
        "systems": ["assistant", "base_model"],
        "paired_tests_family_size": 30,
        "sets": {
            "paraphrase": {
                "retrieval": {
                    "assistant": {"hit@1": fig(0.851), "rr@10": fig(0.912)},
                    "base_model": {"hit@1": fig(0.828), "rr@10": fig(0.893)},
                },
                "paired_tests": {
                    "base_model": {
                        "hit@1": {"p_value": 0.7575, "p_holm": 1.0},
                        "rr@10": {"p_value": 0.388},
                    }
                },
            },
            "out-of-scope": {"abstention": {}},
        },
        "model_variants": {"folds": 5, "timing": {"kfold_tune_s": 655.2}},
    }
    _print_base_model(results)
    assert capsys.readouterr().out == (
        "\ntuned model beside the base model (paired randomization test, p; "
        "Holm-adjusted over all 30 paired tests):\n"
        "  paraphrase     hit@1  base 0.828 -> tuned 0.851 p=0.7575 (Holm 1.0000)\n"
        "  paraphrase     rr@10  base 0.893 -> tuned 0.912 p=0.3880\n"
        "  leave-one-out through 5-fold tuned models (655 s to tune and embed)\n"
    )
