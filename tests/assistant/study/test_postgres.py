"""The study database on a real PostgreSQL server on loopback (started and stopped by the tests)."""

from __future__ import annotations

import signal
import time
import uuid
from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from tests.assistant.study.durability import check_log_against, returned_reviews, start_worker, wait_for_lines
from tests.assistant.study.support import bundled_cards, make_study
from tests.assistant.study.test_durability import concurrent_sessions
from tests.assistant.study.test_fsrs_adapter import SESSION, T0, assert_same, fsrs_directly

pytestmark = pytest.mark.slow


def test_schedule_and_log_roundtrip_exactly(tmp_path, cards, postgres_url):
    study = make_study(tmp_path, cards, database_url=postgres_url, fuzz_intervals=False)
    user = f"pg-{uuid.uuid4().hex[:8]}"
    expected = fsrs_directly(fsrs.Scheduler(enable_fuzzing=False))
    for (minutes, rating), card in zip(SESSION, expected, strict=True):
        study.review(
            cards[0].card_id, rating, answer="ünïcode ✓", user=user, at=T0 + timedelta(minutes=minutes)
        )
        assert_same(study.card_state(cards[0].card_id, user=user), card)
    log = study.history(user=user)
    assert [r.rating for r in log] == [r for _, r in SESSION]
    assert log[0].answer == "ünïcode ✓" and log[0].reviewed_at.tzinfo is UTC
    assert study.card_state(cards[0].card_id) is None  # another user
    assert not (tmp_path / "study.db").exists()  # nothing went to SQLite


def test_concurrent_processes_postgres(tmp_path, postgres_url):
    concurrent_sessions(tmp_path, postgres_url, f"pgproc-{uuid.uuid4().hex[:6]}")


def test_sigkill_mid_loop_postgres(tmp_path, postgres_url):
    cards = bundled_cards()
    user = f"pgkill-{uuid.uuid4().hex[:6]}"
    out = tmp_path / "out.jsonl"
    ids = [c.card_id for c in cards[:5]]
    proc = start_worker(
        {
            "data_dir": str(tmp_path),
            "database_url": postgres_url,
            "user": user,
            "card_ids": ids,
            "reviews": 0,
            "out": str(out),
        }
    )
    wait_for_lines(out, 25, proc)
    time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL
    study = make_study(tmp_path, cards, database_url=postgres_url)
    check_log_against(study, user, returned_reviews(out), in_progress=1)


def test_progress_and_fitted_parameters_on_postgres(tmp_path, cards, postgres_url):
    study = make_study(tmp_path, cards, database_url=postgres_url)
    user = f"pgprog-{uuid.uuid4().hex[:6]}"
    now = datetime(2026, 3, 3, 12, tzinfo=UTC)
    study.review(cards[0].card_id, "again", user=user, at=now - timedelta(hours=2))
    p = study.progress(user=user, now=now)
    assert (p.due_today, p.reviews_total, p.most_missed[0].card_id) == (1, 1, cards[0].card_id)
    fitted = tuple(x + 0.01 if i == 0 else x for i, x in enumerate(study.scheduler(user).parameters))
    study.db.save_parameters(user, fitted, 600)
    assert study.db.parameters(user) == fitted
    assert study.db.parameters("nobody-" + user) is None
