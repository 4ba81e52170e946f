"""When an ingest tunes the model: the first ingest of a deck, then 20 % of the cards changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ingest.active_model import Serving
from ingest.index import CardIndex
from ingest.retune import CARDS_NAME, pending_path, should_tune
from ingest.settings import load_settings


def _deck(folder: Path, n: int, changed: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [f"What is term {i}?;Term {i} is {'a changed' if i < changed else 'an'} idea." for i in range(n)]
    (folder / "deck.csv").write_text("Question;Answer\n" + "\n".join(rows) + "\n")
    return folder


def test_the_rule(tmp_path: Path, make_index: Callable[..., CardIndex]):
    settings = load_settings(data_dir=tmp_path / "data", auto_tune=True)
    index = make_index()
    assert should_tune(settings, index) is None  # an empty store has nothing to tune on

    index.ingest([_deck(tmp_path / "cards", 10)])
    assert should_tune(settings, index) == "the deck has not been tuned on yet"
    assert should_tune(settings.model_copy(update={"auto_tune": False}), index) is None

    model = tmp_path / "model"
    model.mkdir()
    tuned_on = sorted(f"{c.card_id}:{c.content_hash}" for c in index.cards())
    (model / CARDS_NAME).write_text(json.dumps(tuned_on))
    index.serving = Serving("cards-tabc", str(model), "abc", "all-MiniLM-L6-v2")
    assert should_tune(settings, index) is None

    index.ingest([_deck(tmp_path / "cards", 10, changed=1)])
    assert should_tune(settings, index) is None  # 1 of 10 changed
    index.ingest([_deck(tmp_path / "cards", 10, changed=2)])
    assert should_tune(settings, index) == "20% of the cards changed since the last tune"
    assert should_tune(settings.model_copy(update={"tune_after_changed": 0.3}), index) is None

    pending_path(settings).parent.mkdir(parents=True, exist_ok=True)
    pending_path(settings).write_text("{}")
    assert should_tune(settings.model_copy(update={"tune_after_changed": 0.3}), index) == (
        "a tune was left unfinished"
    )
