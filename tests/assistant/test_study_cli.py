"""``study progress`` and ``study optimize`` as the CLI runs them (slow: the real ingested store)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from assistant.cli import main
from tests.assistant.study.support import bundled_cards, make_study

pytestmark = pytest.mark.slow


@pytest.fixture
def env(bundled_settings, study, tmp_path, monkeypatch):
    """The session's ingested data dir, a study database of this test's own, and two reviews by ann."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    for name, value in {
        "STUDY_DATA_DIR": str(bundled_settings.data_dir),
        "STUDY_DATABASE_URL": url,
        "STUDY_MODE": "offline",
    }.items():
        monkeypatch.setenv(name, value)
    cards = bundled_cards()
    seeded = make_study(bundled_settings.data_dir, cards, database_url=url)
    now = datetime.now(UTC)
    seeded.review(cards[0].card_id, "again", user="ann", at=now - timedelta(seconds=20))
    seeded.review(cards[1].card_id, "easy", user="ann", at=now - timedelta(seconds=20))
    return cards


def test_progress_json_for_a_named_user(env, capsys):
    assert main(["progress", "--json", "--user", "ann"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["user"], data["due_today"], data["reviews_total"], data["new_available"]) == (
        "ann",
        1,
        2,
        116,
    )
    assert data["most_missed"][0]["card_id"] == env[0].card_id
    assert data["reviews_per_day"][-1]["reviews"] == 2 and len(data["forecast"]) == 14
    assert main(["progress", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["reviews_total"] == 0  # the default user


def test_progress_text_and_html(env, capsys, tmp_path):
    assert main(["progress", "--user", "ann"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("user ann: 1 due today, 116 new card(s) not yet studied")
    assert f"  1x  {env[0].question}" in text
    page = tmp_path / "progress.html"
    assert main(["progress", "--user", "ann", "--html", str(page)]) == 0
    assert capsys.readouterr().out.strip() == f"progress written to {page}"
    html = page.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 4 and "Study progress: ann" in html


def test_optimize_with_too_little_data(env, capsys):
    assert main(["optimize", "--user", "ann"]) == 0
    assert capsys.readouterr().out.strip() == (
        "study: too little data to optimize: 0 of the 512 reviews the FSRS optimizer needs (reviews at least "
        "a day after the card's previous one; 2 reviews in all); keeping the default parameters"
    )


def test_errors_are_one_line_messages(env, capsys, tmp_path):
    assert main(["progress", "--user", " "]) == 1
    assert capsys.readouterr().err.strip() == "study: user name ' ' must be 1 to 200 characters"
    assert main(["progress", "--html", str(tmp_path / "missing" / "p.html")]) == 1
    assert capsys.readouterr().err.startswith("study: cannot write ")
