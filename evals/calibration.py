"""Choosing the abstention threshold from data.

The threshold applies to the best card's cosine similarity. It is chosen on the development
questions, none of them in the evaluation sets: ``evals/data/calibration.jsonl`` (40 in-scope
questions in students' words and 30 out-of-scope questions) and
``evals/data/dev_paraphrases.jsonl`` (99 more in-scope paraphrases, written apart from both;
questions too close to an evaluation paraphrase, more than half their words shared, were taken
out). It is the highest value, rounded down to two decimals, at which at least ``min_answered``
of the 139 in-scope questions are still answered. The default asks for all of them: the product
promises that in-scope questions are answered (at least 95 %), a student whose real question is
declined is failed outright, and the off-topic questions that matter ("What is the capital of
Australia?") score far below any threshold in question. Taking the lowest of n in-scope scores
is the split-conformal rule: a new in-scope question *like these* falls below it with
probability at most 1 / (n + 1), under 1 %; questions written by someone else may sit lower.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
#: Lines ``{"question", "relevant", "in_scope"}``; ``in_scope`` is true where it is left out.
CALIBRATION_FILES = (DATA / "calibration.jsonl", DATA / "dev_paraphrases.jsonl")


@dataclass(frozen=True)
class Calibration:
    """The chosen threshold and what it does on the calibration questions."""

    threshold: float
    answered_in_scope: float
    abstained_out_of_scope: float
    n_in_scope: int
    n_out_of_scope: int


def choose_threshold(in_scope: Sequence[float], min_answered: float = 1.0) -> float:
    """Highest threshold (2 decimals, rounded down) answering ``min_answered`` of ``in_scope``.

    Example:
        >>> choose_threshold([0.378, 0.467, 0.6, 0.7])
        0.37
        >>> choose_threshold([0.378, 0.467, 0.6, 0.7], min_answered=0.75)
        0.46
    """
    if not in_scope:
        raise ValueError("no in-scope scores to calibrate on")
    if not 0.0 < min_answered <= 1.0:
        raise ValueError(f"min_answered must be in (0, 1], got {min_answered}")
    ordered = sorted(in_scope)
    may_abstain = math.floor(len(ordered) * (1.0 - min_answered) + 1e-9)
    return math.floor(ordered[may_abstain] * 100) / 100


def calibrate(
    score: Callable[[str], float],
    paths: Sequence[Path] = CALIBRATION_FILES,
    min_answered: float = 1.0,
) -> Calibration:
    """Score every calibration question with ``score`` (best-card similarity) and choose."""
    rows = [
        json.loads(line)
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    inside = [score(r["question"]) for r in rows if r.get("in_scope", True)]
    outside = [score(r["question"]) for r in rows if not r.get("in_scope", True)]
    threshold = choose_threshold(inside, min_answered)
    return Calibration(
        threshold=threshold,
        answered_in_scope=sum(s >= threshold for s in inside) / len(inside),
        abstained_out_of_scope=sum(s < threshold for s in outside) / len(outside) if outside else 0.0,
        n_in_scope=len(inside),
        n_out_of_scope=len(outside),
    )
