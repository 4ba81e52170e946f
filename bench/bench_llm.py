"""LLM-mode benchmark: the latency the assistant adds on top of the model's own.

The model is the scripted OpenAI-compatible server of ``tests/support`` on loopback. The server
adds up the time it spends on each chat request, from reading it to writing its last byte
(``busy_seconds``): that is "the model's own latency". For every call measured here,

    overhead = wall time of the call - the server's time on the requests the call made

which is everything else: retrieval, the prompt, LangChain, the ``openai`` client, HTTP on
loopback, tool runs and the checks.

Scenarios, in one warm process over a fresh store of the bundled decks, each over ``--runs``
timed calls after warm-up:

* ``ask``: ``StudyAssistant.ask`` in LLM mode on a card question (retrieval, one call,
  checks), from a server that answers at once. Target: overhead p50 at most 50 ms;
* ``ask_beyond_retrieval``: the same, also without the time spent in the hybrid search
  (MiniLM query embedding + BM25), which the offline mode pays too;
* ``stream_paced``: ``StudyAssistant.stream`` from a server that writes one chunk of 4
  characters every 10 ms, as a model at 100 tokens/s would. Target: overhead p50 at most 50 ms;
* ``stream_first_piece``: time to the first text piece, instant server;
* ``ask_with_tool``: a worked-example question: two calls and the reference run between them;
* ``ask_follow_up``: a follow-up with history: the rewrite call, retrieval, the answer call;
* ``answerer``: ``LLMAnswerer.answer`` on fixed hits (the LLM layer alone, no retrieval);
* ``http_floor``: the raw ``openai`` client's ``chat.completions.create`` to the same server;
* ``retrieval`` and ``ask_offline``: for comparison.

Results go to ``bench/results/llm.json``. Run: ``.venv/bin/python bench/bench_llm.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "llm.json"
QUESTION = "Why divide by sqrt(d_k)?"
ANSWER = (
    "Dividing by sqrt(d_k) keeps the dot products from growing with d_k [1]. "
    "Large dot products would push softmax into regions with tiny gradients [2]."
)
TOOL_QUESTION = "work through attention with 3 tokens and d_k = 4"
TARGET_OVERHEAD_P50_MS = 50.0


def _stats(values: list[float], prefix: str = "") -> dict[str, float]:
    values = sorted(values)
    return {
        f"{prefix}p50_ms": statistics.median(values),
        f"{prefix}p95_ms": values[int(0.95 * (len(values) - 1))],
    }


def measure(server: Any, call: Callable[[], object], runs: int, warmup: int = 5) -> dict[str, float | int]:
    """Wall time and overhead (wall time minus the server's time) of ``runs`` calls, in ms."""
    for _ in range(warmup):
        call()
    walls, overheads = [], []
    for _ in range(runs):
        server.busy_seconds = 0.0  # no request is in flight between two calls
        start = time.perf_counter()
        call()
        wall = time.perf_counter() - start
        walls.append(wall * 1000)
        overheads.append((wall - server.busy_seconds) * 1000)
    return {**_stats(walls), **_stats(overheads, "overhead_"), "n": runs}


def first_piece(stream: Callable[[], Iterator[object]], runs: int, warmup: int = 5) -> dict[str, float | int]:
    """Time to the first item of ``stream()``, in ms; each stream is then drained untimed."""
    for _ in range(warmup):
        for _ in stream():
            pass
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        iterator = stream()
        next(iterator)
        times.append((time.perf_counter() - start) * 1000)
        for _ in iterator:
            pass
    return {**_stats(times), "n": runs}


def beyond_search(server: Any, sa: Any, call: Callable[[], object], runs: int) -> dict[str, float | int]:
    """Overhead of ``call()`` minus the time it spent in ``sa.retriever.search``, in ms."""
    search = sa.retriever.search
    spent = [0.0]

    def timed_search(*args: object, **kwargs: object) -> object:
        start = time.perf_counter()
        try:
            return search(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start

    sa.retriever.search = timed_search
    try:
        times = []
        for _ in range(runs):
            spent[0] = server.busy_seconds = 0.0
            start = time.perf_counter()
            call()
            times.append((time.perf_counter() - start - server.busy_seconds - spent[0]) * 1000)
    finally:
        sa.retriever.search = search
    return {**_stats(times), "n": runs}


def scenarios(sa: Any, server: Any, runs: int) -> dict[str, Any]:
    """Every measurement, with ``sa`` in LLM mode against ``server``."""
    import openai

    from assistant.llm.answerer import LLMAnswerer
    from assistant.llm.client import ChatClient
    from assistant.llm.config import resolve_endpoint
    from assistant.llm.tools import tools
    from tests.support.openai_server import MODEL, Reply

    hits = sa.retrieve(QUESTION, k=5)
    client = ChatClient(resolve_endpoint(sa.settings), tools=tools())
    llm = LLMAnswerer(client, sa.settings.abstain_threshold, sa.settings.llm_context_tokens)
    raw = openai.OpenAI(base_url=server.base_url, api_key="x", max_retries=0)
    messages = [{"role": "user", "content": QUESTION}]
    call = {"name": "worked_example", "arguments": {"kind": "attention", "params": {"tokens": 3, "d_k": 4}}}

    def stream_paced() -> object:
        server.script(Reply(content=ANSWER, chunk_chars=4, chunk_delay=0.010))
        return list(sa.stream(QUESTION))

    def with_tool() -> object:
        server.script(Reply(tool_calls=[call]), Reply(content="The weights are in the table [1]."))
        return sa.ask(TOOL_QUESTION)

    def follow_up() -> object:
        server.script(Reply(content="Why do we divide QK^T by sqrt(d_k)?"), Reply(content=ANSWER))
        return sa.ask("why?", history=[{"role": "user", "content": "Do we scale QK^T?"}])

    def http_floor() -> object:
        return raw.chat.completions.create(model=MODEL, messages=messages)  # type: ignore[arg-type]

    return {
        "ask": measure(server, lambda: sa.ask(QUESTION), runs),
        "ask_beyond_retrieval": beyond_search(server, sa, lambda: sa.ask(QUESTION), runs),
        "stream_paced": measure(server, stream_paced, max(50, runs // 4), warmup=2),
        "stream_first_piece": first_piece(lambda: sa.stream(QUESTION), runs),
        "ask_with_tool": measure(server, with_tool, runs),
        "ask_follow_up": measure(server, follow_up, runs),
        "answerer": measure(server, lambda: llm.answer(QUESTION, hits), runs),
        "http_floor": measure(server, http_floor, runs),
        "retrieval": measure(server, lambda: sa.retrieve(QUESTION, k=5), runs),
        "ask_offline": measure(server, lambda: sa.ask(QUESTION, mode="offline"), runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    if args.runs < 50:
        parser.error("--runs must be at least 50")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    sys.path.insert(0, str(REPO))
    from assistant.api import StudyAssistant
    from ingest.settings import load_settings
    from tests.support.openai_server import MODEL, Reply, ScriptedOpenAIServer

    load_at_start = os.getloadavg()[0]
    with (
        tempfile.TemporaryDirectory(prefix="study-bench-llm-") as tmp,
        ScriptedOpenAIServer(default=Reply(content=ANSWER), record=False) as server,
    ):
        overrides = {"llm_base_url": server.base_url, "llm_model": MODEL, "llm_max_retries": 0}
        sa = StudyAssistant(load_settings(data_dir=Path(tmp), **overrides))
        answer = sa.ask(QUESTION)
        assert answer.mode == "llm" and not answer.warnings, answer
        measured = scenarios(sa, server, args.runs)
    result: dict[str, Any] = {
        "benchmark": "llm",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_1min": {"start": load_at_start, "end": os.getloadavg()[0]},
        },
        "model": "scripted OpenAI-compatible server on 127.0.0.1",
        "question": QUESTION,
        **measured,
        "targets": {
            "ask_overhead_p50_ms_max": TARGET_OVERHEAD_P50_MS,
            "stream_paced_overhead_p50_ms_max": TARGET_OVERHEAD_P50_MS,
        },
    }
    result["meets_target"] = (
        result["ask"]["overhead_p50_ms"] <= TARGET_OVERHEAD_P50_MS
        and result["stream_paced"]["overhead_p50_ms"] <= TARGET_OVERHEAD_P50_MS
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
