"""``sa.ingest`` and ``study ingest`` of an Anki package bring its review history into the study
database (slow: a real store with the real MiniLM); a text deck never opens that database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tests.support.anki_decks import anki_due, export_package, studied_collection

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[3]
DAY = timedelta(days=1)


def test_ingest_imports_the_history_once_and_a_text_deck_opens_no_study_database(bundled_settings, tmp_path):
    from assistant.api import StudyAssistant

    col, ids = studied_collection(tmp_path / "c.anki2", fsrs_on=True)
    package = export_package(col, tmp_path / "deck.apkg")
    sa = StudyAssistant(bundled_settings.model_copy(update={"data_dir": tmp_path / "data"}))
    deck = tmp_path / "mine.csv"
    deck.write_text("Question;Answer\nWhat is a zorblax gate?;A router.\n", encoding="utf-8")
    report = sa.ingest([deck])
    assert report.review_history == []
    assert not (tmp_path / "data" / "study.db").exists()

    report = sa.ingest([package], user="ana")
    assert report.added == 5
    assert report.review_history == [
        "deck.apkg: review history for user 'ana': 4 card schedule(s) saved, 6 review(s) added"
    ]
    assert (tmp_path / "data" / "study.db").exists()
    for card_id in (k for k in ids if k != "reverse" and col.get_card(ids[k]).type != 0):
        state = sa.card_state(card_id, user="ana")
        assert state is not None and abs(state.due - anki_due(col, ids[card_id])) <= DAY
        assert state.reviews == col.get_card(ids[card_id]).reps
    assert sa.card_state(next(iter(ids)), user="default") is None

    again = sa.ingest([package], user="ana")
    assert again.review_history == [
        "deck.apkg: review history for user 'ana': 0 card schedule(s) saved, 0 review(s) added"
    ]
    assert len(sa.study.history(user="ana")) == 6
    col.close()


def test_study_ingest_user_option_and_json_report(bundled_settings, tmp_path):
    col, _ = studied_collection(tmp_path / "c.anki2", fsrs_on=False)
    package = export_package(col, tmp_path / "deck.apkg")
    col.close()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "STUDY_DATA_DIR": str(tmp_path / "data"),
        "STUDY_MODE": "offline",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    run = [sys.executable, "-m", "assistant.cli", "ingest", str(package), "--user", "bo", "--json"]
    out = subprocess.run(run, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["review_history"] == [
        "deck.apkg: review history for user 'bo': 4 card schedule(s) saved, 6 review(s) added"
    ]
    bad = subprocess.run(run[:-3] + ["--user", " "], env=env, capture_output=True, text=True, timeout=600)
    assert bad.returncode != 0
    assert "user name ' ' must be 1 to 200 characters" in bad.stderr + bad.stdout
    assert "Traceback" not in bad.stderr
