"""``study ingest``, ``study decks`` and ``study remove`` as a new user runs them, on a fresh
store (slow: subprocesses load the model)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.parsers import parse_text

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
MY_DECK = (
    "Question;Answer\n"
    "What is a zorblax gate?;A zorblax gate routes tokens to experts by hashing.\n"
    "What does a flumph layer do?;A flumph layer averages neighbouring token vectors.\n"
)
TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


def study(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    """``study ARGS`` from this checkout, as the console script runs it."""
    env = {**os.environ, "STUDY_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
        check=False,
    )


def test_a_new_users_deck_on_a_fresh_store_then_list_and_remove_it(tmp_path):
    data_dir = tmp_path / "data"
    deck = tmp_path / "my_deck.csv"
    deck.write_text(MY_DECK, encoding="utf-8")

    out = study(["ingest", str(deck)], data_dir)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "read my_deck.csv (semicolon-csv)",
        "added 2, updated 0, unchanged 0, removed 0, skipped 0",
    ]
    out = study(["cards", "--json"], data_dir)
    cards = parse_text(MY_DECK, "my_deck.csv").cards
    assert sorted(c["card_id"] for c in json.loads(out.stdout)) == sorted(c.card_id for c in cards)

    out = study(["decks"], data_dir)
    assert out.returncode == 0, out.stderr
    header, row, total = out.stdout.splitlines()
    [when] = TIME.findall(row)
    assert header == "deck         format         cards  practice  lint  last ingest (UTC)    path"
    assert row == f"my_deck.csv  semicolon-csv      2         0     0  {when}  {deck.resolve()}"
    assert total == "1 deck: 2 cards, 0 practice prompts"
    out = study(["decks", "--json"], data_dir)
    assert json.loads(out.stdout) == [
        {
            "name": "my_deck.csv",
            "path": str(deck.resolve()),
            "format": "semicolon-csv",
            "cards": 2,
            "practice": 0,
            "lint": 0,
            "ingested_at": when.replace(" ", "T") + "Z",
            "removal_interrupted": False,
        }
    ]

    out = study(["remove", "other.csv"], data_dir)
    assert out.returncode == 1
    assert out.stderr == "study: no deck named 'other.csv' in the store; its decks are my_deck.csv\n"
    out = study(["remove", "my_deck.csv"], data_dir)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "removed my_deck.csv: 2 cards and 0 practice prompts\n"
    out = study(["decks"], data_dir)
    assert out.stdout == "no decks in the store (study ingest PATH adds one)\n"
    out = study(["cards"], data_dir)  # emptied, not fresh: the bundled decks stay out
    assert out.stdout == "0 card(s)\n"


def test_study_ingest_with_no_path_on_a_fresh_store_reports_the_bundled_decks_added(tmp_path):
    out = study(["ingest"], tmp_path / "data")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "added 124, updated 0, unchanged 0, removed 0, skipped 0"
