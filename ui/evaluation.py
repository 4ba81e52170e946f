"""The Evaluate tab's handler: run ``study eval``'s evaluation and return what the tab shows.

A thin layer over :func:`evals.evaluate.evaluate`, the same call as ``study eval``: the query
sets go through the assistant (and the retrieval baselines, when asked), and the report files
are written into a fresh folder that the UI can serve for download.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from assistant.api import StudyAssistant
from ingest.errors import StudyAssistantError
from ui.render import error_html
from ui.report import md_text
from ui.store_lock import StoreLock

#: Columns of the headline table.
HEADLINE_COLUMNS = ["figure", "value [95 % CI]", "n"]


def set_choices() -> list[str]:
    """The bundled query sets a run can choose from (the user's gold file is not offered yet)."""
    from evals.records import SET_NAMES

    return [name for name in SET_NAMES if name != "gold"]


@dataclass(frozen=True)
class EvalView:
    """What the Evaluate tab shows after a run.

    Attributes:
        summary: Markdown: time taken, the plain-language findings and the run's notes.
        headline: Rows of the headline table (:data:`HEADLINE_COLUMNS`).
        plots: The report's plots (PNG).
        files: The report files to download: HTML, Markdown, JSON, CSV.
    """

    summary: str
    headline: list[list[str]] = field(default_factory=list)
    plots: list[Path] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def run_evaluation(
    sa: StudyAssistant,
    sets: Sequence[str],
    baselines: bool,
    out_dir: Path,
    *,
    lock: StoreLock | None = None,
    progress: bool = False,
) -> EvalView:
    """Evaluate the assistant over its current store and write the report into ``out_dir``.

    The run reads the store (``lock``, for reading): no ingest changes it half way, while other
    sessions' questions, which only read too, go on being answered (the run's timings then
    include their share of the CPU).

    Args:
        sa: The assistant to evaluate.
        sets: Query sets to run; none means every bundled set.
        baselines: Rank the questions with the retrieval baselines too (slower).
        out_dir: A new folder for the report.
        lock: Held for reading for the whole run (``None``: nothing is held).
        progress: Show the evaluation's progress bar (a UI tracks it).
    """
    from evals.evaluate import deck_files, evaluate
    from evals.report_blocks import fmt_figure
    from evals.runner import EvalConfig
    from evals.summary import plain_summary

    settings = sa.settings
    decks = [settings.cards_dir, settings.data_dir / "uploads"]
    config = EvalConfig(
        sets=tuple(sets) or tuple(set_choices()),
        deck_files=deck_files(p for p in decks if p.exists()),
        baselines=baselines,
    )
    start = time.perf_counter()
    try:
        with lock.reading() if lock is not None else nullcontext():
            evaluation = evaluate(sa, config, out_dir, progress=progress)
    except StudyAssistantError as exc:
        return EvalView(error_html(str(exc), "Could not evaluate"))
    results = evaluation.results
    headline = [[label, fmt_figure(fig), str(fig.get("n", ""))] for label, fig in results["headline"].items()]
    lines = [f"Evaluated in {time.perf_counter() - start:.0f} s.", ""]
    lines += [f"- {md_text(sentence)}" for sentence in plain_summary(results)]
    notes = results.get("notes", [])
    if notes:
        lines += ["", "**Notes**", "", *(f"- {md_text(str(note))}" for note in notes)]
    order = ("html", "markdown", "json", "csv")
    files = [evaluation.paths[k] for k in order if k in evaluation.paths]
    plots = sorted((out_dir / "plots").glob("*.png"))
    return EvalView("\n".join(lines) + "\n", headline, plots, files)
