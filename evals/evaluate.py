"""One call from an assistant to a written report: run, score, record provenance, compare, write.

The ``study eval`` command and the CI test both go through :func:`evaluate`.

Example:
    >>> outcome = evaluate(study, EvalConfig(deck_files=deck_files(settings.cards_dir)), Path("eval-report"))
    >>> outcome.results["headline"]["paraphrase hit@1"]["mean"]
    0.8275862068965517
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evals.compare import Comparison, compare
from evals.judge import FaithfulnessJudge
from evals.output import write_outputs
from evals.provenance import provenance
from evals.runner import EvalConfig, EvalRun, run_eval
from evals.scoring import score_run
from ingest.embedder import resolve_model_path

if TYPE_CHECKING:
    from assistant.api import StudyAssistant


@dataclass(frozen=True)
class Evaluation:
    """A finished evaluation: its figures, its run, the comparison (if any), the files written and
    the wall time from start to written report."""

    results: dict[str, Any]
    run: EvalRun
    comparison: Comparison | None
    paths: dict[str, Path]
    seconds: float


def deck_files(paths: Iterable[Path]) -> tuple[Path, ...]:
    """The files named by ``paths`` (folders are walked; hidden files skipped), sorted."""
    files: set[Path] = set()
    for path in paths:
        if path.is_dir():
            files |= {p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")}
        elif path.is_file():
            files.add(path)
    return tuple(sorted(files))


def evaluate(
    study: StudyAssistant,
    config: EvalConfig,
    out_dir: Path,
    *,
    previous: Mapping[str, Any] | None = None,
    judge: FaithfulnessJudge | None = None,
    judge_note: str = "skipped: not requested",
    progress: bool = False,
) -> Evaluation:
    """Run ``config`` on ``study`` and write the report into ``out_dir``.

    Args:
        study: The assistant over the store to evaluate.
        config: What to run.
        out_dir: The report directory (created if needed).
        previous: An earlier run's ``results.json``, to compare with.
        judge: Optional faithfulness judge.
        judge_note: What the report says about the judge when there is none.
        progress: Show a progress bar on stderr.

    Raises:
        ConfigError: For a malformed gold file, an unknown set, or an unwritable directory.
    """
    start = time.perf_counter()
    run = run_eval(study, config, progress=progress, judge=judge, judge_note=judge_note)
    results = score_run(run)
    if "numeric" in config.sets:
        from evals.numeric_requests import add_to_results

        mark = time.perf_counter()
        add_to_results(results, study)
        results["timing"]["numeric_requests_s"] = time.perf_counter() - mark
    serving = study.index.serving
    tuned = serving is not None and serving.tuned
    model_path = serving.model if tuned and serving else resolve_model_path(study.settings.embedding_model)
    results["provenance"] = provenance(study.settings, run, model_path)
    results["provenance"]["model"]["in_use"] = study.model_in_use
    if run.model_variants is not None:
        results["model_variants"] = run.model_variants
    comparison = compare(previous, results) if previous is not None else None
    if comparison is not None:
        results["comparison"] = comparison.to_dict()
    results["timing"]["scoring_s"] = (
        time.perf_counter()
        - start
        - results["timing"]["total_s"]
        - results["timing"].get("numeric_requests_s", 0.0)
    )
    paths = write_outputs(out_dir, results, run, comparison)
    return Evaluation(results, run, comparison, paths, time.perf_counter() - start)
