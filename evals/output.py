"""Writing a run to its report directory.

``results.json``: every figure and the provenance. ``per_question.csv``: one row per question
of every set (columns :data:`CSV_COLUMNS`). ``report.md`` with its plots in ``plots/``, and
``report.html``, the same report self-contained (plots embedded as base64 PNG).

Example:
    >>> paths = write_outputs(Path("eval-report"), results, run)
    >>> sorted(paths)
    ['csv', 'html', 'json', 'markdown']
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from evals.compare import Comparison
from evals.records import ASSISTANT, Outcome
from evals.report_blocks import Image
from evals.report_html import to_html
from evals.report_md import to_markdown
from evals.report_model import build_report
from evals.runner import EvalRun
from evals.taxonomy import failure, gold_rank
from ingest.errors import ConfigError

CSV_COLUMNS = (
    "set",
    "qid",
    "question",
    "gold_ids",
    "top5_ids",
    "top5_scores",
    "top1_similarity",
    "gold_rank",
    "answer",
    "abstained",
    "coverage",
    "cited_ids",
    "failure",
)


def csv_row(outcome: Outcome, cards: Mapping[str, Any], duplicates: Mapping[str, Any]) -> dict[str, str]:
    """One question as a CSV row; id lists are joined with ``;``."""
    top = outcome.rankings.get(ASSISTANT, ())[:5]
    rank = gold_rank(outcome) if outcome.query.gold else None
    sim = outcome.top1_similarity
    return {
        "set": outcome.query.set,
        "qid": outcome.query.qid,
        "question": outcome.query.question,
        "gold_ids": ";".join(outcome.query.gold),
        "top5_ids": ";".join(r.card_id for r in top),
        "top5_scores": ";".join(f"{r.score:.4f}" for r in top),
        "top1_similarity": "" if sim is None else f"{sim:.4f}",
        "gold_rank": "" if rank is None else str(rank),
        "answer": outcome.answer,
        "abstained": str(outcome.abstained).lower(),
        "coverage": outcome.coverage or "",
        "cited_ids": ";".join(outcome.cited),
        "failure": failure(outcome, cards, duplicates) or "",
    }


def _write(path: Path, text: str | bytes) -> None:
    try:
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from None


def write_outputs(
    out_dir: Path, results: Mapping[str, Any], run: EvalRun, comparison: Comparison | None = None
) -> dict[str, Path]:
    """Write the four outputs (and the Markdown report's plots) into ``out_dir``.

    Raises:
        ConfigError: If the directory cannot be created or a file cannot be written.
    """
    try:
        (out_dir / "plots").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the report directory {out_dir}: {exc.strerror or exc}") from None
    paths = {
        "json": out_dir / "results.json",
        "csv": out_dir / "per_question.csv",
        "markdown": out_dir / "report.md",
        "html": out_dir / "report.html",
    }
    _write(paths["json"], json.dumps(results, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    cards = {c.card_id: c for c in run.cards}
    try:
        with paths["csv"].open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
            writer.writeheader()
            writer.writerows(csv_row(o, cards, run.duplicates) for o in run.outcomes)
    except OSError as exc:
        raise ConfigError(f"cannot write {paths['csv']}: {exc.strerror or exc}") from None
    blocks = build_report(results, run, comparison)
    for block in blocks:
        if isinstance(block, Image):
            _write(out_dir / "plots" / block.name, block.png)
    _write(paths["markdown"], to_markdown(blocks))
    _write(paths["html"], to_html(blocks, title="Study assistant evaluation"))
    return paths
