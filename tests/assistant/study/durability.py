"""Durability and concurrency checks: run review workers, compare what they saw with the database."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from assistant.study import Study
from assistant.study.fsrs_adapter import FsrsScheduler

REPO = Path(__file__).resolve().parents[3]


def start_worker(config: dict) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.assistant.study.review_worker", json.dumps(config)],
        cwd=REPO,
        env=env,
        stderr=subprocess.PIPE,
    )


def returned_reviews(out: Path) -> list[dict]:
    """The reviews a worker saw returned (a line cut short by a kill is ignored)."""
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    found = []
    for line in lines:
        with contextlib.suppress(ValueError):
            found.append(json.loads(line))
    return found


def wait_for_lines(out: Path, n: int, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while len(returned_reviews(out)) < n:
        if proc.poll() is not None:
            raise AssertionError(f"worker ended early: {proc.stderr.read().decode() if proc.stderr else ''}")
        if time.time() > deadline:
            raise AssertionError(f"worker wrote fewer than {n} reviews in {timeout} s")
        time.sleep(0.02)


def check_log_against(study: Study, user: str, returned: list[dict], in_progress: int) -> None:
    """Every returned review is in the log; at most ``in_progress`` more are; states replay exactly.

    Per card, no two returned reviews saw the same review count (none was lost or applied twice;
    with nothing in progress the counts are exactly 1..n), and the saved state equals FSRS
    replaying the card's logged reviews in order.
    """
    log = study.history(user=user)
    logged = {(r.card_id, r.reviewed_at) for r in log}
    for r in returned:
        assert (r["card_id"], datetime.fromisoformat(r["at"])) in logged, r
    assert len(returned) <= len(log) <= len(returned) + in_progress
    counts: dict[str, list[int]] = defaultdict(list)
    for r in returned:
        counts[r["card_id"]].append(r["reviews"])
    per_card: dict[str, list] = defaultdict(list)
    for r in log:
        per_card[r.card_id].append(r)
    replay = FsrsScheduler(study.settings.desired_retention, fuzz=False)
    for card_id, reviews in per_card.items():
        seen = sorted(counts[card_id])
        assert len(set(seen)) == len(seen), card_id  # two reviews that saw the same count: one was lost
        assert not seen or seen[-1] <= len(reviews)
        assert len(seen) <= len(reviews) <= len(seen) + in_progress
        if in_progress == 0:
            assert seen == list(range(1, len(reviews) + 1))
        state = None
        for r in reviews:
            state = replay.review(state, card_id, r.rating, r.reviewed_at)
        saved = study.card_state(card_id, user=user)
        assert saved is not None and state is not None
        assert saved.reviews == len(reviews)
        assert (saved.state, saved.step, saved.stability, saved.difficulty, saved.last_review) == (
            state.state,
            state.step,
            state.stability,
            state.difficulty,
            state.last_review,
        )
        if not study.settings.fuzz_intervals:
            assert saved.due == state.due
