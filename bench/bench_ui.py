"""UI load benchmark: concurrent chats through ``gradio_client`` against a launched study UI.

Each round starts ``--chats`` clients at the same moment, each asking a different student
paraphrase through ``/chat`` (the endpoint the chat box uses, streaming included) and timing
it from the call to the final message. An answer counts as correct when its sources are the
cards the assistant cites for the same question asked alone, and its first source is a gold
card of that paraphrase. After the rounds the server must still answer. For scale, the same
chats are also timed one at a time. Results go to
``bench/results/ui.json``.

The server is ``study ui`` in its own process over a fresh store of the bundled decks, so
that the clients do not share its interpreter. Run: ``.venv/bin/python bench/bench_ui.py``
(``--rounds 5 --chats 10``). ``tests/ui/test_load.py`` runs one round of the same code
against an in-process server.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "ui.json"
PARAPHRASES = REPO / "evals" / "data" / "paraphrases.jsonl"
_CARD_ID = re.compile(r'<p class="src-id">card ([^<]+)</p>')


@dataclass(frozen=True)
class Question:
    """A paraphrase, its gold cards, and the cards the assistant cites for it when asked alone."""

    text: str
    gold: frozenset[str]
    expected: tuple[str, ...]


@dataclass(frozen=True)
class ChatResult:
    """One timed chat."""

    question: Question
    seconds: float
    cited: tuple[str, ...]
    linked: bool
    error: str | None = None

    @property
    def correct(self) -> bool:
        return (
            self.error is None
            and self.linked
            and self.cited == self.question.expected
            and bool(self.cited)
            and self.cited[0] in self.question.gold
        )


def _client(url: str) -> Any:
    from gradio_client import Client

    return Client(url, verbose=False, analytics_enabled=False, download_files=False)


def select_questions(url: str, n: int) -> list[Question]:
    """The first ``n`` paraphrases (in file order) whose answer, asked alone through ``/ask``,
    cites a gold card first."""
    client = _client(url)
    chosen = []
    for line in PARAPHRASES.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        answer = client.predict(item["question"], 5, api_name="/ask")
        cited = tuple(c["card_id"] for c in answer["citations"])
        if not answer["abstained"] and cited and cited[0] in item["relevant"]:
            chosen.append(Question(item["question"], frozenset(item["relevant"]), cited))
        if len(chosen) == n:
            return chosen
    raise RuntimeError(f"only {len(chosen)} paraphrases are answered from a gold card; {n} wanted")


def _cited_ids(messages: list[dict[str, Any]]) -> tuple[tuple[str, ...], bool]:
    texts = [part.get("text", "") for m in messages if m["role"] == "assistant" for part in m["content"]]
    joined = "\n".join(texts)
    return tuple(_CARD_ID.findall(joined)), 'class="cite"' in joined


def run_chats(url: str, questions: list[Question], timeout: float = 120.0) -> list[ChatResult]:
    """Ask every question through ``/chat`` at the same moment, one client per chat."""
    clients = [_client(url) for _ in questions]
    start = threading.Barrier(len(questions))
    results: list[ChatResult | None] = [None] * len(questions)

    def chat(i: int) -> None:
        question = questions[i]
        start.wait()
        began = time.perf_counter()
        try:
            job = clients[i].submit(question.text, [], 5, True, api_name="/chat")
            _, messages = job.result(timeout=timeout)
            cited, linked = _cited_ids(messages)
            results[i] = ChatResult(question, time.perf_counter() - began, cited, linked)
        except Exception as exc:  # any failure is a result to report, not a crash of the bench
            results[i] = ChatResult(question, time.perf_counter() - began, (), False, repr(exc))

    threads = [threading.Thread(target=chat, args=(i,)) for i in range(len(questions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [r for r in results if r is not None]


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100), linear between closest ranks."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = int(pos), min(int(pos) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def summarise(results: list[ChatResult]) -> dict[str, Any]:
    """Latency percentiles (ms) and correctness of a set of chats."""
    ms = [r.seconds * 1000 for r in results]
    return {
        "chats": len(results),
        "correct": sum(r.correct for r in results),
        "errors": [r.error for r in results if r.error],
        "min_ms": round(min(ms), 1),
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "max_ms": round(max(ms), 1),
        "mean_ms": round(statistics.fmean(ms), 1),
    }


def server_is_up(url: str) -> bool:
    """The page loads and one more question is answered with a citation."""
    import httpx

    if httpx.get(url, timeout=10).status_code != 200:
        return False
    return bool(_client(url).predict("Why divide by sqrt(d_k)?", 3, api_name="/ask").get("citations"))


def _serve(data_dir: Path, port: int) -> subprocess.Popen[str]:
    """``study ui`` in its own process (it ingests the bundled decks into an empty store)."""
    env = {**os.environ, "STUDY_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    study = Path(sys.executable).with_name("study")
    return subprocess.Popen(
        [str(study), "ui", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _wait_up(url: str, proc: subprocess.Popen[str], timeout: float = 300) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"study ui exited with code {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"study ui did not come up in {timeout:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--chats", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    sys.path.insert(0, str(REPO))
    from ui.options import UIOptions

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory(prefix="study-bench-ui-") as work:
        server = _serve(Path(work), port)
        try:
            _wait_up(url, server)
            questions = select_questions(url, args.chats)
            run_chats(url, questions[:2])  # warm-up: first requests pay for lazy imports
            one_at_a_time = summarise([run_chats(url, [q])[0] for q in questions])
            rounds = [summarise(run_chats(url, questions)) for _ in range(args.rounds)]
            up = server_is_up(url)
        finally:
            server.terminate()
            server.wait(timeout=30)
    result = {
        "benchmark": "ui",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "setup": {
            "concurrent_chats": args.chats,
            "rounds": args.rounds,
            "server": "study ui in its own process, bundled decks, offline mode",
            "client": "/chat via gradio_client, one client per chat, all started together",
            "queue_concurrency_limit": UIOptions().concurrency_limit,
        },
        "one_chat_at_a_time": one_at_a_time,
        "rounds": rounds,
        "median_round": {
            "p50_ms": statistics.median(r["p50_ms"] for r in rounds),
            "p95_ms": statistics.median(r["p95_ms"] for r in rounds),
        },
        "all_correct": all(r["correct"] == r["chats"] for r in rounds),
        "server_up_after": up,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
