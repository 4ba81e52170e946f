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
