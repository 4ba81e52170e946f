"""Study mode through :class:`StudyAssistant` over a real ingested store (slow: real MiniLM, real Chroma)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
import pytest

from assistant.study import CardState

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class GradeLike:
    verdict: str
    score: float
    rating: str


@pytest.fixture
def sa(bundled_settings, tmp_path):
    """The session's ingested store, with a study database of this test's own."""
    from assistant.api import StudyAssistant

    return StudyAssistant(
        bundled_settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 's.db'}"})
    )


def test_a_quiz_loop_due_question_review(sa):
    queue = sa.due(n=3)
    assert [d.is_new for d in queue] == [True, True, True]
    assert [d.card.source for d in queue] == ["000_e99f669388c05c9c.txt"] * 3
    first = queue[0]
    assert first.question == first.card.question and first.card.answer
    state = sa.review(first.card_id, "good", answer="my answer", grade=GradeLike("partial", 0.5, "hard"))
    assert isinstance(state, CardState) and state.state == "learning" and state.reviews == 1
    assert sa.card_state(first.card_id) == state
    assert first.card_id not in [d.card_id for d in sa.due(n=3)]  # not due for another 10 minutes
    in_ten = sa.due(n=3, now=datetime.now(UTC) + timedelta(minutes=11))
    assert in_ten[0].card_id == first.card_id and not in_ten[0].is_new
    logged = sa.study.history()
    assert (logged[0].rating, logged[0].overridden_from, logged[0].verdict) == ("good", "hard", "partial")
    progress = sa.progress()
    assert (progress.reviews_total, progress.overrides, progress.new_available) == (1, 1, 117)
    assert sa.progress(user="someone-else").reviews_total == 0


def test_fsrs_rating_and_deck_filter_through_the_api(sa):
    deck = "003_97bb6d8cf1568471"
    queue = sa.due(n=20, deck=deck)
    assert len(queue) == 10 and {d.card.source for d in queue} == {deck + ".txt"}
    at = datetime(2026, 6, 1, 10, tzinfo=UTC)
    state = sa.review(queue[0].card_id, fsrs.Rating.Easy, user="ann", at=at)
    direct, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(fsrs.Card(card_id=1), fsrs.Rating.Easy, at)
    assert (state.state, state.stability, state.difficulty) == ("review", direct.stability, direct.difficulty)
    # FSRS's default fuzz draws the 8-day interval from [6, 11) days and rounds it: 6 to 11
    assert direct.due == at + timedelta(days=8) and (state.due - at) in [
        timedelta(days=d) for d in range(6, 12)
    ]
    assert sa.card_state(queue[0].card_id) is None  # the default user is another student
    assert sa.due(n=5, deck="no-such-deck") == []
    practice = sa.due(n=200, kind="practice")
    assert practice and {d.card.kind for d in practice} == {"practice"}


def test_start_up_does_not_open_the_study_database(bundled_settings, tmp_path):
    code = (
        "import sys\nfrom assistant.api import StudyAssistant\n"
        "sa = StudyAssistant()\n"
        "print('sqlalchemy' in sys.modules, 'fsrs' in sys.modules, sa._study is None)\n"
        "sa.card_state('x')\nprint('sqlalchemy' in sys.modules, 'fsrs' in sys.modules)\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "STUDY_DATA_DIR": str(bundled_settings.data_dir),
        "STUDY_DATABASE_URL": f"sqlite:///{tmp_path / 'lazy.db'}",
        "STUDY_MODE": "offline",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["False False True", "True True"]


def test_reingest_keeps_schedule_and_removed_cards_leave_the_queue(bundled_settings, tmp_path):
    from assistant.api import StudyAssistant

    start = tmp_path / "start"
    start.mkdir()
    (start / "003.txt").write_bytes((bundled_settings.cards_dir / "003_97bb6d8cf1568471.txt").read_bytes())
    sa = StudyAssistant(
        bundled_settings.model_copy(update={"data_dir": tmp_path / "data", "cards_dir": start})
    )
    deck = tmp_path / "mine.csv"
    deck.write_text(
        "Question;Answer\nWhat is a zorblax gate?;It routes tokens by hashing.\n"
        "What is a quux head?;An attention head that only looks back.\n",
        encoding="utf-8",
    )
    sa.ingest([deck])
    ids = {d.question: d.card_id for d in sa.due(n=50, deck="mine")}
    zorblax, quux = ids["What is a zorblax gate?"], ids["What is a quux head?"]
    at = datetime.now(UTC) - timedelta(days=30)
    sa.review(zorblax, "easy", at=at)
    sa.review(quux, "again", at=at)
    before = sa.card_state(zorblax)
    deck.write_text(
        "Question;Answer\nWhat is a zorblax gate?;It routes tokens to experts by hashing them.\n",
        encoding="utf-8",
    )  # the answer changed; quux is removed
    report = sa.ingest([deck])
    assert (report.counts()["updated"], report.counts()["removed"]) == (1, 1)
    assert sa.card_state(zorblax) == before  # the schedule is kept
    assert sa.card_state(quux) is not None and len(sa.study.history(card_id=quux)) == 1  # history kept
    due = [d.card_id for d in sa.due(n=50, deck="mine")]
    assert due == [zorblax]  # due again after 30 days; quux, though overdue, left the queue
    state = sa.review(zorblax, "good")
    assert state.reviews == 2
    hashes = [r.content_hash for r in sa.study.history(card_id=zorblax)]
    assert hashes[0] != hashes[1]  # the log records which version of the card was answered
