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
    """A :class:`StudyAssistant` over the bundled decks, ingested here (the store is fresh)."""
    from assistant.api import StudyAssistant

    sa = StudyAssistant(bundled_settings)
    sa.load_bundled_if_fresh()
    return sa


# ---- What was skipped, in one line at the very end of the run --------------------------------

#: Set by ``.ci/run``: CI installs every system package, so any skip there fails the run.
FORBID_SKIPS = "STUDY_TESTS_FORBID_SKIPS"


def skipped_groups(reasons: list[str]) -> str:
    """One line naming each group of skipped tests, how many, why and how to enable them.

    >>> skipped_groups(["[browser] chromium is not installed (make system-deps)"] * 2 + ["other"])
    'SKIPPED 3 tests: 2 browser (chromium is not installed (make system-deps)); 1 other (other)'
    """
    counts: dict[tuple[str, str], int] = {}
    for reason in reasons:
        group, _, why = reason.partition("] ")
        key = (group[1:], why) if reason.startswith("[") and why else ("other", reason)
        counts[key] = counts.get(key, 0) + 1
    parts = [f"{n} {group} ({why})" for (group, why), n in sorted(counts.items())]
    return f"SKIPPED {len(reasons)} tests: " + "; ".join(parts)


def _skip_reasons(session: pytest.Session) -> list[str]:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return []
    reasons = []
    for report in reporter.stats.get("skipped", []):
        longrepr = report.longrepr
        message = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reasons.append(message.removeprefix("Skipped: "))
    return reasons


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reasons = _skip_reasons(session)
    if reasons and os.environ.get(FORBID_SKIPS) == "1" and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    session.config._study_skip_line = skipped_groups(reasons) if reasons else ""  # type: ignore[attr-defined]


def pytest_unconfigure(config: pytest.Config) -> None:
    line = getattr(config, "_study_skip_line", "")
    if line:
        forbidden = os.environ.get(FORBID_SKIPS) == "1"
        print(("FAILED: skips are not allowed here. " if forbidden else "") + line, flush=True)
