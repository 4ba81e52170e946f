"""Shared fixtures: one real index of the bundled decks per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parent.parent
CARDS = REPO / "data" / "cards"


@pytest.fixture(scope="session")
def bundled_settings(tmp_path_factory: pytest.TempPathFactory):
    """Settings whose data dir holds the bundled decks, ingested with the real MiniLM."""
    from assistant.settings import load_settings

    return load_settings(data_dir=tmp_path_factory.mktemp("study-data"), cards_dir=CARDS)


@pytest.fixture(scope="session")
def study(bundled_settings):
    """A :class:`StudyAssistant` over the bundled decks (ingested on first use)."""
    from assistant.api import StudyAssistant

    return StudyAssistant(bundled_settings)
