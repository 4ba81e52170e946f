"""Figures for graded answers: binary and three-way accuracy, the false-pass rate, a confusion matrix.

Definitions (each figure with its 95 % bootstrap interval and n, :func:`evals.scoring.ci`):

- **binary accuracy**: over the answers graded by hand ``correct`` or ``wrong`` (partials left
  out), the share where the grader passed the correct ones and failed the wrong ones. A pass is
  a verdict other than ``wrong``: ``partial`` maps to Hard, which FSRS counts as recalled.
- **strict binary accuracy**: the same, but only ``correct`` passes.
- **three-way accuracy**: over every answer, the share whose verdict equals the hand grade.
- **false-pass rate**: over the answers graded ``wrong``, the share the grader called ``correct``.
- **wrong-not-failed rate**: over the same, the share called anything but ``wrong``.
- **confusion**: hand grade -> verdict -> count.

Example:
    >>> figures = grading_figures(["correct", "wrong"], ["correct", "partial"])
    >>> figures["three-way accuracy"]["mean"], figures["false-pass rate"]["mean"]
    (0.5, 0.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from evals.scoring import ci

LABELS = ("correct", "partial", "wrong")


def grading_figures(gold: Sequence[str], verdicts: Sequence[str]) -> dict[str, Any]:
    """Every figure for one grader (a pass/fail baseline gives ``correct`` or ``wrong`` only)."""
    pairs = list(zip(gold, verdicts, strict=True))
    binary = [(g, v) for g, v in pairs if g in ("correct", "wrong")]
    wrong = [v for g, v in pairs if g == "wrong"]
    return {
        "binary accuracy": ci([float((g == "correct") == (v != "wrong")) for g, v in binary]),
        "strict binary accuracy": ci([float((g == "correct") == (v == "correct")) for g, v in binary]),
        "three-way accuracy": ci([float(g == v) for g, v in pairs]),
        "false-pass rate": ci([float(v == "correct") for v in wrong]),
        "wrong-not-failed rate": ci([float(v != "wrong") for v in wrong]),
        "false passes": sum(v == "correct" for v in wrong),
        "wrong answers": len(wrong),
        "confusion": {g: {v: sum(1 for a, b in pairs if a == g and b == v) for v in LABELS} for g in LABELS},
    }


def plain_figures(gold: Sequence[str], verdicts: Sequence[str]) -> dict[str, float]:
    """Binary accuracy, three-way accuracy, false passes and wrong answers, without intervals
    (the bootstrap is too slow inside a calibration grid or a cross-validation)."""
    pairs = list(zip(gold, verdicts, strict=True))
    binary = [(g == "correct") == (v != "wrong") for g, v in pairs if g != "partial"]
    wrong = [v == "correct" for g, v in pairs if g == "wrong"]
    return {
        "binary": sum(binary) / max(1, len(binary)),
        "three_way": sum(g == v for g, v in pairs) / len(pairs),
        "false_passes": float(sum(wrong)),
        "wrong": float(len(wrong)),
    }


def by_category(
    gold: Sequence[str], verdicts: Sequence[str], categories: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Three-way accuracy per answer category, with n."""
    out: dict[str, dict[str, Any]] = {}
    for category in dict.fromkeys(categories):
        rows = [(g, v) for g, v, c in zip(gold, verdicts, categories, strict=True) if c == category]
        out[category] = ci([float(g == v) for g, v in rows])
    return out
