"""Fixtures of the quiz tests: a study database of the test's own over the session's ingested store."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.api import StudyAssistant
from ingest.settings import load_settings

REPO = Path(__file__).resolve().parents[3]


@dataclass
class QuizEnv:
    """A fresh study database (``url``) over the session's store, and an assistant that uses it."""

    sa: StudyAssistant
    url: str
    env: dict[str, str]

    def command(self, *args: str) -> tuple[str, list[str]]:
        """``study quiz ARGS`` as the program and its arguments, run from this worktree."""
        return sys.executable, ["-m", "assistant.cli", "quiz", *args]


@pytest.fixture
def quiz_env(bundled_settings, study, tmp_path) -> QuizEnv:
    url = f"sqlite:///{tmp_path / 'quiz.db'}"
    settings = load_settings(
        data_dir=bundled_settings.data_dir,
        cards_dir=bundled_settings.cards_dir,
        database_url=url,
        mode="offline",
    )
    sa = StudyAssistant(settings)
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "STUDY_DATA_DIR": str(bundled_settings.data_dir),
        "STUDY_CARDS_DIR": str(bundled_settings.cards_dir),
        "STUDY_DATABASE_URL": url,
        "STUDY_MODE": "offline",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "PYTHONWARNINGS": "ignore",
        "TERM": "dumb",
    }
    return QuizEnv(sa, url, env)
