"""Load: 10 concurrent chats through ``gradio_client`` all get correct cited answers, the server
stays up, and the latency percentiles are written to ``artifacts/ui_load.json`` (the benchmark,
``bench/bench_ui.py``, runs more rounds of the same code)."""

from __future__ import annotations

import json

import pytest

from bench.bench_ui import run_chats, select_questions, server_is_up, summarise
from tests.ui.conftest import ARTIFACTS

pytestmark = pytest.mark.slow

CHATS = 10


def test_ten_concurrent_chats_are_all_answered_correctly(study, launch_ui):
    server = launch_ui(study)
    questions = select_questions(server.url, CHATS)
    run_chats(server.url, questions[:2])  # warm-up
    results = run_chats(server.url, questions)
    summary = summarise(results)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "ui_load.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(f"\n{CHATS} concurrent chats: p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms")
    assert summary["errors"] == []
    wrong = [(r.question.text, r.cited, r.question.expected) for r in results if not r.correct]
    assert wrong == []
    assert server_is_up(server.url)
    assert summary["p95_ms"] < 30_000  # generous: a queue that stalls would take far longer
