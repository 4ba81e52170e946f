"""Worked-example benchmark: warm ``ask`` of a small example beside the reference run alone.

Measures, in one warm process over a fresh store of the bundled decks:

* ``ask``: ``StudyAssistant.ask("work through attention with 3 tokens and d_k = 4")``, i.e.
  routing, the reference, the concept cards (cached per kind after the first ask), Markdown
  and the JSON tool result;
* ``ask_uncached``: the same with the concept-card cache cleared before every call, i.e.
  with the concept search (one MiniLM query embedding + hybrid search) each time;
* ``run_example``: ``run_example("attention", tokens=3, d_k=4)`` alone, the floor of the above;
* ``route_conceptual``: what routing adds to a question that still goes to the cards;
* ``ask_student_notation``: warm ``ask`` of worked examples written as students write them
  (shared Q/K/V, rows listed one by one, a class in words, LaTeX, a vector to normalise), and
  ``read_request_per_question_ms``: the reader alone on those questions.

Each figure is over ``--runs`` timed calls (default 200, at least 50) after warm-up. Results
go to ``bench/results/examples.json``. Target: ``ask`` p50 at most 20 ms, for the plain question
and for every student-notation one (``meets_target`` checks both).

Run: ``.venv/bin/python bench/bench_examples.py``.
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
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "examples.json"
QUESTION = "work through attention with 3 tokens and d_k = 4"
#: Worked examples written as students write them: the reader's whole work is in these.
STUDENT_QUESTIONS = [
    "Q, K and V are all [[1, 0], [0, 1], [1, 1]], causal. Work through the attention.",
    "the query [1, 1] over the keys [1, 0], [0, 1] and [1, 1]: what are the attention weights?",
    "logits [2.0, 1.0, 0.1], the correct class is the first one, label smoothing 0.1. What's the loss?",
    r"softmax of $\begin{bmatrix} 1 & 2 & 3 \end{bmatrix}$ with temperature 0.5",
    "apply layer normalization to the vector [1, 2, 3, 4]",
]
CONCEPTUAL = [
    "Why divide by sqrt(d_k)?",
    "what is the query vector?",
    "How does layer norm differ from batch norm?",
]
TARGET_ASK_P50_MS = 20.0


def timings_ms(call: Callable[[], object], runs: int, warmup: int = 5) -> dict[str, float | int]:
    """p50/p95/min of ``runs`` timed calls of ``call``, in milliseconds, after ``warmup`` calls."""
    for _ in range(warmup):
        call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(0.95 * (len(times) - 1))],
        "min_ms": times[0],
        "n": runs,
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
    from assistant.examples.catalog import run_example
    from assistant.examples.routing import route
    from ingest.settings import load_settings

    with tempfile.TemporaryDirectory(prefix="study-bench-examples-") as tmp:
        sa = StudyAssistant(load_settings(data_dir=Path(tmp)))
        answer = sa.ask(QUESTION)
        assert answer.tool_calls and answer.tool_calls[0].arguments["kind"] == "attention", answer.text
        ask = timings_ms(lambda: sa.ask(QUESTION), args.runs)

        def uncached() -> object:
            sa.examples.clear_cache()
            return sa.ask(QUESTION)

        ask_uncached = timings_ms(uncached, args.runs)
        for q in STUDENT_QUESTIONS:
            assert sa.ask(q).tool_calls, q
        student = {q: timings_ms(lambda q=q: sa.ask(q), args.runs) for q in STUDENT_QUESTIONS}
        reading = timings_ms(lambda: [route(q) for q in STUDENT_QUESTIONS], args.runs)
        reference = timings_ms(lambda: run_example("attention", tokens=3, d_k=4), args.runs)
        routing = timings_ms(lambda: [route(q) for q in CONCEPTUAL], args.runs)
    result = {
        "benchmark": "examples",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "question": QUESTION,
        "ask": ask,
        "ask_uncached": ask_uncached,
        "run_example": reference,
        "route_conceptual_per_question_ms": routing["p50_ms"] / len(CONCEPTUAL),
        "ask_beyond_run_example_p50_ms": ask["p50_ms"] - reference["p50_ms"],
        "ask_student_notation": student,
        "ask_student_notation_worst_p50_ms": max(t["p50_ms"] for t in student.values()),
        "read_request_per_question_ms": reading["p50_ms"] / len(STUDENT_QUESTIONS),
        "targets": {"ask_p50_ms_max": TARGET_ASK_P50_MS},
        "meets_target": max(ask["p50_ms"], *(t["p50_ms"] for t in student.values())) <= TARGET_ASK_P50_MS,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
