"""A review is committed before ``review()`` returns: SIGKILL mid-loop loses at most the one in progress.
Concurrent sessions (processes and threads) on one SQLite database lose and corrupt nothing."""

from __future__ import annotations

import signal
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.assistant.study.durability import check_log_against, returned_reviews, start_worker, wait_for_lines
from tests.assistant.study.support import bundled_cards, make_study


def kill_mid_loop(tmp_path, database_url, user: str, rounds: int, assistant: bool = False, data_dir=None):
    """Run a review loop in a subprocess and SIGKILL it at a varying moment, ``rounds`` times."""
    cards = bundled_cards()
    data_dir = data_dir or tmp_path
    out = tmp_path / f"{user}.jsonl"
    ids = [c.card_id for c in cards if not c.is_practice][:7]
    study = make_study(data_dir, cards, database_url=database_url)
    for round_ in range(rounds):
        before = len(returned_reviews(out))
        proc = start_worker(
            {
                "data_dir": str(data_dir),
                "database_url": database_url,
                "user": user,
                "card_ids": ids,
                "reviews": 0,
                "out": str(out),
                "assistant": assistant,
            }
        )
        wait_for_lines(out, before + 20, proc)
        time.sleep(0.013 * (round_ * 7 % 11))  # kill at a different point of the loop each round
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
        returned = returned_reviews(out)
        assert len(returned) >= before + 20
        check_log_against(study, user, returned, in_progress=round_ + 1)
    return study


def test_sigkill_mid_loop_loses_no_returned_review_sqlite(tmp_path):
    study = kill_mid_loop(tmp_path, None, "killed", rounds=3)
    with sqlite3.connect(tmp_path / "study.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert len(study.history(user="killed")) >= 60


@pytest.mark.slow
def test_sigkill_mid_quiz_through_the_study_assistant(tmp_path, bundled_settings, study):
    """The same through ``StudyAssistant`` over the real ingested store, in a subprocess."""
    kill_mid_loop(
        tmp_path,
        f"sqlite:///{tmp_path / 'sa.db'}",
        "sa-killed",
        rounds=1,
        assistant=True,
        data_dir=bundled_settings.data_dir,
    )


def concurrent_sessions(tmp_path, database_url, user_prefix: str, workers: int = 4, reviews: int = 30):
    """``workers`` processes review the same 3 cards at once (shared user) plus their own user."""
    cards = bundled_cards()
    ids = [c.card_id for c in cards if not c.is_practice][:3]
    start_at = time.time() + 6  # every worker has imported and opened the database by then
    procs, outs = [], []
    for w in range(workers):
        user = f"{user_prefix}-shared" if w < workers - 1 else f"{user_prefix}-alone"
        out = tmp_path / f"{user_prefix}-{w}.jsonl"
        outs.append((user, out))
        procs.append(
            start_worker(
                {
                    "data_dir": str(tmp_path),
                    "database_url": database_url,
                    "user": user,
                    "card_ids": ids,
                    "reviews": reviews,
                    "out": str(out),
                    "start_at": start_at,
                }
            )
        )
    for proc in procs:
        assert proc.wait(timeout=180) == 0, proc.stderr.read().decode() if proc.stderr else ""
    study = make_study(tmp_path, cards, database_url=database_url)
    shared = [r for user, out in outs if user.endswith("shared") for r in returned_reviews(out)]
    alone = [r for user, out in outs if user.endswith("alone") for r in returned_reviews(out)]
    assert len(shared) == (workers - 1) * reviews and len(alone) == reviews
    check_log_against(study, f"{user_prefix}-shared", shared, in_progress=0)
    check_log_against(study, f"{user_prefix}-alone", alone, in_progress=0)
    assert (
        sum(study.card_state(i, user=f"{user_prefix}-shared").reviews for i in ids) == (workers - 1) * reviews
    )
    assert len({r["pid"] for r in shared}) == workers - 1
    return study


def test_concurrent_processes_sqlite(tmp_path):
    concurrent_sessions(tmp_path, None, "proc")


def test_concurrent_threads_share_one_study(tmp_path):
    cards = bundled_cards()
    study = make_study(tmp_path, cards)
    ids = [c.card_id for c in cards[:2]]

    def session(t: int) -> list[dict]:
        seen = []
        for i in range(15):
            cid = ids[(i + t) % 2]
            state = study.review(cid, ("good", "again", "hard")[(i + t) % 3], user="threads")
            seen.append({"card_id": cid, "at": state.last_review.isoformat(), "reviews": state.reviews})
        return seen

    with ThreadPoolExecutor(6) as pool:
        returned = [r for seen in pool.map(session, range(6)) for r in seen]
    assert len(returned) == 90
    check_log_against(study, "threads", returned, in_progress=0)
