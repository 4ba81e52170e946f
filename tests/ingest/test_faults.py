"""Faults: ingests killed with SIGKILL, two ingests at once, and asks during an ingest.

These run the real ``study`` command (real MiniLM, real Chroma) and are marked slow.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ingest.index import CardIndex
from ingest.parsers import parse_text
from ingest.settings import load_settings
from tests.ingest.synthetic import write_corpus
from tests.ingest.test_index import assert_consistent

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
STUDY = Path(sys.executable).with_name("study")


def env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "STUDY_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}


def expected_ids(decks: Path) -> set[str]:
    return {
        c.card_id
        for p in sorted(decks.iterdir())
        for c in parse_text(p.read_text(encoding="utf-8"), p.name).cards
    }


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    """The bundled decks plus 150 synthetic cards, so that an ingest takes long enough to be killed."""
    folder = tmp_path / "decks"
    shutil.copytree(REPO / "data" / "cards", folder)
    write_corpus(folder, 150, per_file=75)
    return folder


def test_sigkill_at_random_points_then_a_plain_rerun_leaves_exactly_the_right_cards(tmp_path, decks):
    data_dir = tmp_path / "data"
    rng = random.Random(7)
    for _ in range(5):
        proc = subprocess.Popen(
            [str(STUDY), "ingest", str(decks)],
            env=env(data_dir),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(3.0, 20.0))  # from model load to the last writes
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    done = subprocess.run(
        [str(STUDY), "ingest", str(decks)],
        env=env(data_dir),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    index = CardIndex.from_settings(load_settings(data_dir=data_dir))
    stored = [c.card_id for c in index.cards(include_practice=True)]
    assert len(stored) == len(set(stored))
    assert set(stored) == expected_ids(decks)
    assert_consistent(index)
    again = subprocess.run(
        [str(STUDY), "ingest", str(decks)],
        env=env(data_dir),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert "added 0, updated 0" in again.stdout and ", removed 0, skipped 0" in again.stdout


def test_two_ingests_at_once_both_succeed_and_the_store_is_whole(tmp_path, decks):
    data_dir = tmp_path / "data"
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "mine.csv").write_text("Question;Answer\nWhat is a zorblax?;A made-up routing gate.\n")
    first = subprocess.Popen(
        [str(STUDY), "ingest", str(decks)],
        env=env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)
    second = subprocess.Popen(
        [str(STUDY), "ingest", str(mine)],
        env=env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out1, err1 = first.communicate(timeout=600)
    out2, err2 = second.communicate(timeout=600)
    assert first.returncode == 0 and second.returncode == 0, (err1, err2)
    assert "added 1," in out2
    index = CardIndex.from_settings(load_settings(data_dir=data_dir))
    assert {c.card_id for c in index.cards(include_practice=True)} == expected_ids(decks) | expected_ids(mine)
    assert_consistent(index)


def test_asks_during_an_ingest_get_answers_from_a_consistent_store(tmp_path):
    """One process, as in the UI: a thread ingests 300 cards while questions are asked."""
    from assistant.api import StudyAssistant

    study = StudyAssistant(load_settings(data_dir=tmp_path / "data"))
    assert len(study.cards()) == 118  # a fresh store: the bundled decks load on first use
    decks = tmp_path / "more"
    write_corpus(decks, 300, per_file=150, seed=3)
    errors: list[BaseException] = []

    def ingest() -> None:
        try:
            study.ingest([decks])
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    worker = threading.Thread(target=ingest)
    worker.start()
    answers = 0
    while worker.is_alive():
        answer = study.ask("Why divide by sqrt(d_k)?")
        assert not answer.abstained
        for citation in answer.citations:
            assert citation.answer and citation.question
        answers += 1
    worker.join()
    assert errors == []
    assert answers >= 3
    assert len(study.cards()) == 118 + 300
    assert_consistent(study.index)
