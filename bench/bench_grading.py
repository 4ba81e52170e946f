"""Grading benchmark: warm offline ``StudyAssistant.grade`` over the development answers.

Measures, in one warm process over a store of the bundled decks (a fresh temporary one unless
``--data-dir`` names an ingested one):

* ``grade``: ``sa.grade(card_id, answer)`` in offline mode, cycling through the answers of
  ``evals/data/dev_grading.jsonl`` (every answer's card, and the cards the neighbour check
  meets, are prepared once in the warm-up: key points split and encoded);
* ``encode_answer``: one MiniLM encoding of the answer's units alone, the floor of the above.

Each figure is over ``--runs`` timed calls (default 200, at least 50) after warm-up: wall time
(p50, p95, min) and the p50 of the process's CPU time per call. The machine's load average is
recorded beside them: on a shared machine the wall time includes waiting for a core. Results go to
``bench/results/grading.json``. Target: ``grade`` p50 at most 50 ms.

Run: ``.venv/bin/python bench/bench_grading.py``.
"""

from __future__ import annotations

import argparse
import itertools
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
RESULTS = REPO / "bench" / "results" / "grading.json"
TARGET_GRADE_P50_MS = 50.0


def timings_ms(call: Callable[[], object], runs: int) -> dict[str, float | int]:
    """p50/p95/min wall time of ``runs`` calls of ``call``, in milliseconds, and the p50 of the
    process's CPU time per call (all threads: on a shared machine the wall time also holds the
    waits for a core, the CPU time does not)."""
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    times.sort()
    return {
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(0.95 * (len(times) - 1))],
        "min_ms": times[0],
        "cpu_p50_ms": statistics.median(cpu),
        "n": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--data-dir", type=Path, help="an existing data dir (default: a fresh temporary one)")
    args = parser.parse_args()
    if args.runs < 50:
        parser.error("--runs must be at least 50")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    sys.path.insert(0, str(REPO))
    import torch

    from assistant.api import StudyAssistant
    from assistant.grading.units import answer_units
    from evals.grading_set import DEV_GRADING_FILE, load_graded
    from ingest.settings import load_settings

    torch_threads = torch.get_num_threads()
    load_before = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="study-bench-grading-") as tmp:
        data_dir = args.data_dir or Path(tmp)
        sa = StudyAssistant(load_settings(data_dir=data_dir, mode="offline"))
        items = load_graded(DEV_GRADING_FILE, {c.card_id: c for c in sa.cards()})
        for item in items:  # warm-up: every card prepared, the neighbours too
            sa.grade(item.card.card_id, item.answer)
        cycle = itertools.cycle(items)

        def grade_next() -> None:
            item = next(cycle)
            sa.grade(item.card.card_id, item.answer)

        grade = timings_ms(grade_next, args.runs)
        units = itertools.cycle([answer_units(i.answer) for i in items if i.answer.strip()])
        encode = timings_ms(lambda: sa.index.embedder.encode(next(units)), args.runs)
    result = {
        "benchmark": "grading",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_1_5_15_before": load_before,
            "load_average_1_5_15_after": [round(x, 2) for x in os.getloadavg()],
            "torch_threads": torch_threads,
        },
        "answers": len(items),
        "answers_file": DEV_GRADING_FILE.name,
        "grade": grade,
        "encode_answer": encode,
        "targets": {"grade_p50_ms_max": TARGET_GRADE_P50_MS},
        "meets_targets": grade["p50_ms"] <= TARGET_GRADE_P50_MS,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
