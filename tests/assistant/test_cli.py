"""The ``study`` console script, run as a user runs it (slow: subprocesses load the model)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

STUDY = Path(sys.executable).with_name("study")


def run(args: list[str], data_dir: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STUDY_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [str(STUDY), *args], capture_output=True, text=True, env=env, input=stdin, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def data_dir(bundled_settings, study):
    """The session's data dir, already ingested by the ``study`` fixture."""
    return bundled_settings.data_dir


def test_ask_json(data_dir):
    out = run(["ask", "Why divide by sqrt(d_k)?", "--json", "-k", "3"], data_dir)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= {"question", "answer", "abstained", "mode", "citations", "tool_calls"}
    assert data["abstained"] is False and data["mode"] == "offline" and data["tool_calls"] == []
    assert set(data["citations"][0]) == {"n", "card_id", "source", "question", "answer", "score"}
    assert "[1]" in data["answer"]
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("question", ["", "   "])
def test_blank_question_exits_2_with_one_line(data_dir, question):
    out = run(["ask", question], data_dir)
    assert out.returncode == 2
    assert out.stderr.strip() == "study: the question is empty"


def test_over_long_question_is_cut_not_crashed(data_dir):
    out = run(["ask", "softmax " * 2000, "--json"], data_dir)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert len(data["question"]) == 1000
    assert data["warnings"] == ["question cut to its first 1000 characters (the limit)"]


def test_ingest_twice_reports_nothing_changed(data_dir):
    out = run(["ingest"], data_dir)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "added 0, updated 0, unchanged 124, removed 0, skipped 0"


def test_ingest_bad_file_names_it_and_the_reason(data_dir, tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    out = run(["ingest", str(bad)], data_dir)
    assert out.returncode == 1
    assert f"skipped {bad}: file is empty" in out.stdout
    assert "Traceback" not in out.stderr


def test_cards_lint_lists_the_repairs(data_dir):
    out = run(["cards", "--lint"], data_dir)
    assert out.returncode == 0
    assert "lint: answer: repaired mojibake" in out.stdout
    assert "its first letter may be clipped" in out.stdout


def test_chat_answers_then_quits(data_dir):
    out = run(["chat"], data_dir, stdin="What is the value vector?\nquit\n")
    assert out.returncode == 0, out.stderr
    assert "[1]" in out.stdout
