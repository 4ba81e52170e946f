"""Coverage verdicts on the development questions with a tuned model, per threshold, with and
without the base model as second judge (development files only, never the evaluation sets).

Run: ``.venv/bin/python bench/dev_coverage_tuned.py [--data-dir DIR]``; without ``--data-dir``
the bundled decks are ingested and tuned in a temporary store first. Results go to
``bench/results/dev_coverage_tuned.json``.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
RESULTS = REPO / "bench" / "results" / "dev_coverage_tuned.json"
DATA = REPO / "evals" / "data"
THRESHOLDS = (0.40, 0.42, 0.44, 0.46, 0.49)


def questions() -> list[tuple[str, str]]:
    """(kind, question): in-scope and out-of-scope calibration rows, dev paraphrases, uncovered."""
    rows = [json.loads(line) for line in (DATA / "calibration.jsonl").open()]
    rows += [dict(json.loads(line), in_scope=True) for line in (DATA / "dev_paraphrases.jsonl").open()]
    out = [("in_scope" if r.get("in_scope") else "out_of_scope", r["question"]) for r in rows]
    return out + [
        ("uncovered", json.loads(line)["question"]) for line in (DATA / "dev_uncovered.jsonl").open()
    ]


def main() -> None:
    from assistant.api import StudyAssistant
    from ingest.settings import load_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="a store a tuned model serves already")
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="dev-coverage-"))
    sa = StudyAssistant(load_settings(data_dir=data_dir, mode="offline", auto_tune=False))
    if args.data_dir is None:
        sa.load_bundled_if_fresh()
        sa.tune()
    serving = sa.index.serving
    assert serving is not None and serving.tuned, "no tuned model serves this store"
    asked = questions()
    hits = {q: sa.retrieve(q, 5) for _, q in asked}
    judge = sa.coverage()
    second = judge.second
    results: dict[str, object] = {"model": sa.model_in_use, "load": os.getloadavg(), "rows": []}
    for threshold in THRESHOLDS:
        for use_second in (True, False):
            judge.threshold, judge.second = threshold, (second if use_second else None)
            levels = collections.Counter((kind, judge.judge(q, hits[q]).level) for kind, q in asked)
            results["rows"].append(  # type: ignore[attr-defined]
                {
                    "threshold": threshold,
                    "second_judge": use_second,
                    **{f"{k}:{lvl}": n for (k, lvl), n in sorted(levels.items())},
                }
            )
    RESULTS.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
