"""The study core over a real SQLite database: reviews, overrides, users, the queue, removed cards."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from assistant.study.records import DEFAULT_USER
from ingest.errors import StudyError
from tests.assistant.study.support import make_study

T0 = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)


@dataclasses.dataclass(frozen=True)
class GradeLike:
    """Any object with a verdict, a score and a proposed rating will do as a grade."""

    verdict: str
    score: float
    rating: str
    elapsed_s: float | None = None


def test_review_logs_the_grade_and_an_override(tmp_path, cards):
    study = make_study(tmp_path, cards, fuzz_intervals=False)
    card = cards[3]
    study.review(
        card.card_id,
        "good",
        answer="keeps the softmax out of saturation",
        grade=GradeLike("correct", 0.91, "good", elapsed_s=12.5),
        at=T0,
    )
    study.review(
        card.card_id,
        "again",
        answer="no idea",
        grade=GradeLike("partial", 0.4, "hard"),
        at=T0 + timedelta(minutes=10),
        elapsed_s=3.0,
    )
    study.review(card.card_id, "good", at=T0 + timedelta(minutes=20))
    first, second, third = study.history(card_id=card.card_id)
    assert (first.rating, first.overridden, first.overridden_from) == ("good", False, None)
    assert (first.verdict, first.score, first.elapsed_s) == ("correct", 0.91, 12.5)
    assert first.answer == "keeps the softmax out of saturation"
    assert (first.source, first.content_hash, first.state_before) == (card.source, card.content_hash, None)
    assert (second.rating, second.overridden, second.overridden_from) == ("again", True, "hard")
    assert (second.verdict, second.score, second.elapsed_s) == ("partial", 0.4, 3.0)
    assert second.state_before == "learning"
    assert (third.verdict, third.answer, third.overridden) == (None, None, False)
    assert [r.reviewed_at for r in (first, second, third)] == [
        T0,
        T0 + timedelta(minutes=10),
        T0 + timedelta(minutes=20),
    ]
    assert third.due_after == study.card_state(card.card_id).due
    assert study.progress(now=T0 + timedelta(hours=1)).overrides == 1


def test_card_state_is_none_until_reviewed_and_counts_reviews(tmp_path, cards):
    study = make_study(tmp_path, cards)
    assert study.card_state(cards[0].card_id) is None
    study.review(cards[0].card_id, "hard", at=T0)
    study.review(cards[0].card_id, "good", at=T0 + timedelta(minutes=6))
    state = study.card_state(cards[0].card_id)
    assert (state.reviews, state.last_review) == (2, T0 + timedelta(minutes=6))
    assert set(state.to_dict()) >= {"due", "state", "stability", "difficulty", "reviews"}


def test_users_keep_separate_progress(tmp_path, cards):
    study = make_study(tmp_path, cards, fuzz_intervals=False)
    cid = cards[0].card_id
    study.review(cid, "easy", user="ann", at=T0)
    study.review(cid, "again", user="bob", at=T0)
    ann, bob = study.card_state(cid, user="ann"), study.card_state(cid, user="bob")
    assert (ann.state, bob.state) == ("review", "learning")
    assert study.card_state(cid) is None  # the default user never reviewed it
    assert [r.user for r in study.history(user="ann")] == ["ann"]
    assert [r.rating for r in study.history(user="bob")] == ["again"]
    later = T0 + timedelta(hours=1)
    assert cid in [d.card_id for d in study.due(n=200, user="bob", now=later) if not d.is_new]
    assert cid not in [d.card_id for d in study.due(n=200, user="ann", now=later)]
    assert cid in [d.card_id for d in study.due(n=1, now=later)]  # still new for the default user
    assert DEFAULT_USER == "default"
    with pytest.raises(StudyError, match="user name"):
        study.card_state(cid, user="  ")


def test_daily_new_limit_counts_cards_first_seen_today(tmp_path, cards):
    study = make_study(tmp_path, cards, new_per_day=3, fuzz_intervals=False)
    first = study.due(n=50, now=T0)
    assert sum(d.is_new for d in first) == 3
    assert [d.card_id for d in first] == [c.card_id for c in cards[:3]]
    study.review(first[0].card_id, "easy", at=T0)  # graduates: due in days
    study.review(first[1].card_id, "again", at=T0)  # learning: due in a minute
    queue = study.due(n=50, now=T0 + timedelta(minutes=2))
    assert [(d.card_id, d.is_new) for d in queue] == [(first[1].card_id, False), (cards[2].card_id, True)]
    tomorrow = study.due(n=50, now=T0 + timedelta(days=1))
    assert sum(d.is_new for d in tomorrow) == 3  # a new day, a new allowance


def test_removed_card_keeps_history_and_leaves_the_queue(tmp_path, cards):
    study = make_study(tmp_path, cards, fuzz_intervals=False)
    gone = cards[0]
    study.review(gone.card_id, "again", at=T0)
    later = T0 + timedelta(hours=1)
    assert study.due(n=1, now=later)[0].card_id == gone.card_id
    study.catalog.items.remove(gone)  # the card is removed from its deck
    assert gone.card_id not in [d.card_id for d in study.due(n=500, now=later)]
    assert study.card_state(gone.card_id).reviews == 1
    assert [r.card_id for r in study.history()] == [gone.card_id]
    assert study.progress(now=later).most_missed[0].question is None
    with pytest.raises(StudyError, match="is not in the store"):
        study.review(gone.card_id, "good", at=later)


def test_changed_answer_keeps_the_schedule_and_logs_the_new_hash(tmp_path, cards):
    study = make_study(tmp_path, cards, fuzz_intervals=False)
    old = cards[0]
    study.review(old.card_id, "easy", at=T0)
    before = study.card_state(old.card_id)
    new = dataclasses.replace(old, answer=old.answer + " (revised)")
    study.catalog.items[0] = new
    assert study.card_state(old.card_id) == before
    study.review(old.card_id, "good", at=before.due)
    hashes = [r.content_hash for r in study.history()]
    assert hashes == [old.content_hash, new.content_hash] and hashes[0] != hashes[1]
    assert study.card_state(old.card_id).reviews == 2


def test_bad_input_is_refused_and_nothing_is_saved(tmp_path, cards):
    study = make_study(tmp_path, cards)
    cid = cards[0].card_id
    with pytest.raises(StudyError, match="rating 'fine' is not one of"):
        study.review(cid, "fine")
    with pytest.raises(StudyError, match="rating 7 is not one of"):
        study.review(cid, "good", grade=GradeLike("correct", 1.0, 7))  # type: ignore[arg-type]
    with pytest.raises(StudyError, match="elapsed_s"):
        study.review(cid, "good", elapsed_s=-1.0)
    with pytest.raises(StudyError, match="card 'nope' is not in the store"):
        study.review("nope", "good")
    assert study.history() == [] and study.card_state(cid) is None


def test_sqlite_database_is_in_the_data_dir_in_wal_mode(tmp_path, cards):
    study = make_study(tmp_path, cards)
    assert study._db is None  # opened lazily
    study.review(cards[0].card_id, "good", at=T0)
    with sqlite3.connect(tmp_path / "study.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("SELECT count(*) FROM study_reviews").fetchone() == (1,)


def test_a_bad_database_url_is_a_config_error(tmp_path, cards):
    from ingest.errors import ConfigError

    with pytest.raises(ConfigError, match="STUDY_DATABASE_URL 'mysql://x/y': only sqlite"):
        _ = make_study(tmp_path, cards, database_url="mysql://x/y").db
    with pytest.raises(ConfigError, match="STUDY_DATABASE_URL is not a database URL"):
        _ = make_study(tmp_path, cards, database_url="not a url").db
    with pytest.raises(ConfigError, match=r"'mysql://ann:\*\*\*@h/db': only sqlite") as err:
        _ = make_study(tmp_path, cards, database_url="mysql://ann:s3cret@h/db").db
    assert "s3cret" not in str(err.value)


def test_an_unreachable_server_is_a_one_line_study_error(tmp_path, cards):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket is closed
    url = f"postgresql+psycopg://ann:s3cret@127.0.0.1:{port}/study"
    with pytest.raises(
        StudyError, match=rf"cannot open the study database .*127.0.0.1:{port}/study: "
    ) as err:
        _ = make_study(tmp_path, cards, database_url=url).db
    assert "s3cret" not in str(err.value) and "\n" not in str(err.value)
