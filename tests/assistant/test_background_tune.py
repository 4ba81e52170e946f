"""The first run's background tune: answers keep coming from the base model, with a note, until
the child process switches to the tuned model; then the next answer uses it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.background_tune import child_environment
from ingest.embedder import Embedder
from ingest.settings import load_settings
from tests.ingest.decks import seed_text


def test_the_child_gets_the_store_settings_explicitly(tmp_path: Path):
    settings = load_settings(
        data_dir=tmp_path, collection="mine", tune_budget_s=30, chroma_host="h", chroma_port=9
    )
    env = child_environment(settings)
    assert env["STUDY_DATA_DIR"] == str(tmp_path)
    assert env["STUDY_COLLECTION"] == "mine"
    assert env["STUDY_TUNE_BUDGET_S"] == "30.0"
    assert (env["STUDY_CHROMA_HOST"], env["STUDY_CHROMA_PORT"]) == ("h", "9")
    assert str(Path(__file__).resolve().parents[2]) in env["PYTHONPATH"].split(":")


@pytest.mark.slow
def test_answers_note_the_adapting_until_the_tuned_model_serves(tmp_path: Path):
    from assistant.api import StudyAssistant

    deck = tmp_path / "cards"
    deck.mkdir()
    (deck / "small.txt").write_text("\n".join(seed_text("000").splitlines()[:16]) + "\n")
    settings = load_settings(
        data_dir=tmp_path / "data",
        cards_dir=deck,
        mode="offline",
        auto_tune=True,
        tune_budget_s=6,
        tune_threads=1,
    )
    sa = StudyAssistant(settings)
    assert "not tuned" in sa.model_in_use
    assert sa.start_background_tune()
    during = sa.ask("What is self-attention?")
    assert during.warnings[0].startswith("Still adapting to your deck (the deck has not been tuned on yet")
    assert sa.index.serving is not None and not sa.index.serving.tuned

    assert sa.background_tune is not None and sa.background_tune.wait(timeout=900) == 0
    after = sa.ask("What is self-attention?")
    assert not any(w.startswith("Still adapting") for w in after.warnings)
    assert sa.index.serving is not None and sa.index.serving.tuned
    assert "tuned on this deck" in sa.model_in_use
    assert after.citations and after.citations[0].question == during.citations[0].question
    assert sa.tune_reason() is None  # nothing left to do

    # A card added after the tune is embedded by the tuned model, into the tuned collection.
    more = tmp_path / "more.csv"
    more.write_text("Question;Answer\nWhat is a zorblax?;A made-up routing gate for tests.\n")
    assert sa.ingest([more]).added == 1
    added = [c for c in sa.index.store.iter_chunks(with_vectors=True) if c.card_id.startswith("more")]
    assert added
    tuned = Embedder(sa.index.serving.model).encode([c.text for c in added])
    assert float(np.abs(np.stack([c.vector for c in added]) - tuned).max()) < 1e-4
    base = Embedder("all-MiniLM-L6-v2").encode([c.text for c in added])
    assert float(np.abs(base - tuned).max()) > 1e-3
