"""Tuning benchmark: tune + re-embed of the bundled decks, warm ``ask`` before and after, and
(with ``--large N``) a tune of N synthetic cards within its time budget, with peak memory.

Results go to ``bench/results/tune.json``, with the machine's load average at the start and the
end: the 2 cores may be shared, and the figures scale with what else runs.

Run: ``.venv/bin/python bench/bench_tune.py [--threads 1] [--large 10000]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
RESULTS = REPO / "bench" / "results" / "tune.json"
QUESTIONS = [
    "Why divide by sqrt(d_k)?",
    "how do layer norm and batch norm differ",
    "what is the difference between self attention and cross attention",
    "why do transformers need positional encodings",
    "what does the decoder mask do",
    "what are residual connections for",
]


def warm_ask_ms(sa, rounds: int = 5) -> float:  # type: ignore[no-untyped-def]
    """Median milliseconds of ``ask`` over the questions, after one warm-up round."""
    for q in QUESTIONS:
        sa.ask(q)
    times = []
    for _ in range(rounds):
        for q in QUESTIONS:
            t0 = time.perf_counter()
            sa.ask(q)
            times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 2)


def bundled(threads: int) -> dict[str, object]:
    from assistant.api import StudyAssistant
    from ingest.settings import load_settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp), mode="offline", auto_tune=False, tune_threads=threads)
        t0 = time.perf_counter()
        sa = StudyAssistant(settings)
        sa.load_bundled_if_fresh()  # the bundled decks, embedded by the base model
        ingest_s = time.perf_counter() - t0
        n_cards = len(sa.cards(include_practice=True))
        base_ms = warm_ask_ms(sa)
        load_before = os.getloadavg()
        t0 = time.perf_counter()
        outcome = sa.tune()
        tune_total = time.perf_counter() - t0
        tuned_ms = warm_ask_ms(sa)
        return {
            "cards": n_cards,
            "base_ingest_s": round(ingest_s, 2),
            "ingest_ms_per_card": round(ingest_s * 1000 / n_cards, 1),
            "tune_and_reembed_s": round(tune_total, 2),
            "train_s": outcome.tune.train_seconds,
            "reembed_s": outcome.reembed_seconds,
            "reembedded_chunks": outcome.reembedded_chunks,
            "pairs": outcome.tune.pairs_used,
            "steps": outcome.tune.steps,
            "loss_first_last": [outcome.tune.loss_curve[0]["loss"], outcome.tune.loss_curve[-1]["loss"]],
            "warm_ask_p50_ms_base": base_ms,
            "warm_ask_p50_ms_tuned": tuned_ms,
            "model": outcome.serving.describe(),
            "tune_threads": outcome.threads,
            "load_before_tune": load_before,
            "load_after_tune": os.getloadavg(),
        }


def first_run() -> dict[str, object]:
    """What ``make run`` does on a fresh store, without the web server: the bundled decks are
    ingested, the background tune starts, and the clock runs until the tuned model serves."""
    from assistant.api import StudyAssistant
    from ingest.settings import load_settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp), mode="offline", auto_tune=True)
        load_start = os.getloadavg()
        t0 = time.perf_counter()
        sa = StudyAssistant(settings)
        sa.load_bundled_if_fresh()
        ingest_s = time.perf_counter() - t0
        assert sa.start_background_tune() and sa.background_tune is not None
        t1 = time.perf_counter()
        during = sa.ask(QUESTIONS[0])
        first_answer_ms = (time.perf_counter() - t1) * 1000
        code = sa.background_tune.wait(timeout=1800)
        serving_s = time.perf_counter() - t0
        sa.ask(QUESTIONS[0])
        return {
            "bundled_ingest_s": round(ingest_s, 2),
            "first_answer_during_tune_ms": round(first_answer_ms, 1),
            "note_during_tune": during.warnings[0] if during.warnings else None,
            "child_exit": code,
            "tuned_serving_after_s": round(serving_s, 2),
            "model": sa.model_in_use,
            "load_start": load_start,
            "load_end": os.getloadavg(),
        }


def large(n: int, threads: int) -> dict[str, object]:
    """Tune (training only) on ``n`` synthetic cards with the default budget."""
    import torch

    from ingest.cards import Card
    from ingest.embedder import resolve_model_path
    from ingest.retune import training_threads, tune_config
    from ingest.settings import load_settings
    from ingest.tuning import tune
    from tests.ingest.synthetic import synthetic_cards

    used_threads = training_threads(threads)
    torch.set_num_threads(used_threads)
    cards = [Card(cid, "synthetic.csv", q, a) for q, a, cid in synthetic_cards(n, seed=1)]
    config = tune_config(load_settings())
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        _, report = tune(
            cards, resolve_model_path("all-MiniLM-L6-v2"), "all-MiniLM-L6-v2", Path(tmp), config, True
        )
        seconds = time.perf_counter() - t0
    return {
        "cards": n,
        "budget_s": config.budget_s,
        "tune_s": round(seconds, 2),
        "train_s": report.train_seconds,
        "pairs_available": report.pairs_available,
        "pairs_used": report.pairs_used,
        "steps": report.steps,
        "stopped_at_budget": report.stopped_at_budget,
        "threads": used_threads,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=0, help="training threads (0: the cores not busy)")
    parser.add_argument("--large", type=int, default=0, help="also tune N synthetic cards")
    parser.add_argument("--skip-bundled", action="store_true")
    parser.add_argument("--first-run", action="store_true", help="also time make run's first tune")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the JSON goes")
    args = parser.parse_args()
    out: dict[str, object] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_start": os.getloadavg(),
        },
        "threads": args.threads,
    }
    if not args.skip_bundled:
        out["bundled"] = bundled(args.threads)
    if args.first_run:
        out["first_run"] = first_run()
    if args.large:
        out["large"] = large(args.large, args.threads)
    out["load_end"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2))
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
