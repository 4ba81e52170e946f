"""Shared fixtures: one real index of the bundled decks per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# A `study ingest` run by a test (or its subprocesses) does not tune the model on its deck unless
# the test asks for it (tests/ingest/test_retune.py does): a tune takes a minute or more.
os.environ.setdefault("STUDY_AUTO_TUNE", "false")

REPO = Path(__file__).resolve().parent.parent
CARDS = REPO / "data" / "cards"


@pytest.fixture(scope="session")
def bundled_settings(tmp_path_factory: pytest.TempPathFactory):
    """Settings whose data dir holds the bundled decks, ingested with the real MiniLM."""
    from ingest.settings import load_settings

    # Offline explicitly: a developer's own OPENAI_API_KEY or STUDY_LLM_* must not switch the
    # shared assistant to LLM mode under tests that assert offline answers.
    return load_settings(data_dir=tmp_path_factory.mktemp("study-data"), cards_dir=CARDS, mode="offline")


@pytest.fixture(scope="session")
def study(bundled_settings):
    """A :class:`StudyAssistant` over the bundled decks (ingested on first use)."""
    from assistant.api import StudyAssistant

    return StudyAssistant(bundled_settings)
