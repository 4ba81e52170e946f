"""Eval benchmark: wall time of ``study eval`` on the bundled decks, all sets and all baselines.

Two runs, each a fresh ``study eval`` process as a user starts it: ``cold`` on an empty data
directory (the bundled decks are ingested first) and ``warm`` on the store the cold run left.
The target is 120 s on a 2-core machine. The load average is recorded beside each run, because
other work on the machine slows the encoder down. Results go to ``bench/results/eval.json``.

Run: ``.venv/bin/python bench/bench_eval.py``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STUDY = Path(sys.executable).with_name("study")
RESULTS = REPO / "bench" / "results" / "eval.json"
TARGET_S = 120.0


def run_once(data_dir: Path, report: Path) -> dict[str, object]:
    env = {
        **os.environ,
        "STUDY_DATA_DIR": str(data_dir),
        "STUDY_MODE": "offline",
        "HF_HUB_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    out = subprocess.run(
        [str(STUDY), "eval", "--report", str(report), "--no-progress"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"study eval failed:\n{out.stderr}")
    results = json.loads((report / "results.json").read_text(encoding="utf-8"))
    return {
        "wall_s": wall,
        "within_target": wall <= TARGET_S,
        "load_average_before": load_before,
        "load_average_after": os.getloadavg()[0],
        "stages_s": results["timing"],
    }


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        cold = run_once(data_dir, Path(tmp) / "cold")
        warm = run_once(data_dir, Path(tmp) / "warm")
    report = {
        "benchmark": "eval",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "target_s": TARGET_S,
        "cold": cold,
        "warm": warm,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    return 0 if cold["within_target"] and warm["within_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
