"""Abstention metrics: the CRAG truthfulness score and the risk-coverage curve.

An item is one judged question: whether it could be answered from the cards, whether the
assistant abstained, and whether its answer was right. ``abstention_metrics`` scores a list of
items the CRAG way (+1 correct, 0 abstained, -1 wrong); ``risk_coverage`` sweeps the abstention
threshold over a confidence score and reports the selective risk at each coverage.

Example:
    >>> crag_score(AbstentionItem(answerable=False, abstained=True, correct=False))
    1
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from evals.metrics import PrecisionRecall, set_precision_recall


@dataclass(frozen=True)
class AbstentionItem:
    """One judged question: could it be answered, did we abstain, was it right.

    ``correct`` is only read when the item is answerable and was answered.
    """

    answerable: bool
    abstained: bool
    correct: bool


@dataclass(frozen=True)
class AbstentionReport:
    """CRAG-style scores. ``accuracy + hallucination + missing == 1``.

    Attributes:
        individual_scores: Per item +1, 0 or -1.
        score: Mean of ``individual_scores`` (``accuracy - hallucination``).
        accuracy: Share scoring +1.
        hallucination: Share scoring -1.
        missing: Share scoring 0, i.e. abstained on an answerable item.
        abstain_rate: Share abstained, for any reason.
        abstention: Precision/recall of abstaining, positive = unanswerable.
    """

    individual_scores: tuple[int, ...]
    score: float
    accuracy: float
    hallucination: float
    missing: float
    abstain_rate: float
    abstention: PrecisionRecall


def crag_score(item: AbstentionItem) -> int:
    """CRAG truthfulness score of one item.

    Answerable: correct answer +1, abstained 0 (CRAG's "I don't know"), wrong
    answer -1. Unanswerable (out of scope): abstaining is the right answer, +1;
    any answer is a hallucination, -1.
    """
    if not item.answerable:
        return 1 if item.abstained else -1
    if item.abstained:
        return 0
    return 1 if item.correct else -1


def abstention_metrics(items: Sequence[AbstentionItem]) -> AbstentionReport:
    """Scores a list of items with ``crag_score`` plus abstention precision/recall.

    Abstention precision and recall use the same empty-set convention as
    ``citation_scores``: no unanswerable items gives recall 1.0; never
    abstaining gives precision 1.0 only if no item was unanswerable.

    Raises:
        ValueError: If ``items`` is empty.
    """
    if not items:
        raise ValueError("no items to score")
    scores = tuple(crag_score(it) for it in items)
    n = len(items)
    abstained = {i for i, it in enumerate(items) if it.abstained}
    unanswerable = {i for i, it in enumerate(items) if not it.answerable}
    return AbstentionReport(
        individual_scores=scores,
        score=sum(scores) / n,
        accuracy=scores.count(1) / n,
        hallucination=scores.count(-1) / n,
        missing=scores.count(0) / n,
        abstain_rate=len(abstained) / n,
        abstention=set_precision_recall(abstained, unanswerable),
    )


@dataclass(frozen=True)
class RiskCoveragePoint:
    """One operating point: answer iff confidence >= ``threshold``.

    ``coverage`` is the share of items answered, ``risk`` the share of the
    answered items that are wrong.
    """

    threshold: float
    coverage: float
    risk: float


@dataclass(frozen=True)
class RiskCoverage:
    """Points by decreasing threshold (increasing coverage) and the area under them."""

    points: tuple[RiskCoveragePoint, ...]
    aurc: float


def risk_coverage(
    confidence: Sequence[float],
    answerable: Sequence[bool],
    correct: Sequence[bool],
) -> RiskCoverage:
    """Risk-coverage curve of a confidence-threshold abstention policy.

    For each distinct confidence t (e.g. the top-1 retrieval score), items
    with confidence >= t are answered. An answered item is wrong if it is
    unanswerable or its answer is incorrect. The area is the step sum
    ``sum_j risk_j * (coverage_j - coverage_{j-1})`` with ``coverage_0 = 0``;
    with distinct confidences it equals Geifman et al.'s AURC, the mean of the
    selective risk after accepting each item in turn.

    Args:
        confidence: Per-item confidence, higher means more sure.
        answerable: Per-item flag: the gold set has an answer.
        correct: Per-item correctness if answered (ignored when unanswerable).

    Returns:
        A ``RiskCoverage``.

    Raises:
        ValueError: If the sequences are empty or differ in length.
    """
    n = len(confidence)
    if n == 0 or len(answerable) != n or len(correct) != n:
        raise ValueError(
            "confidence, answerable and correct must be non-empty and equally long, "
            f"got {n}, {len(answerable)}, {len(correct)}"
        )
    if any(math.isnan(s) for s in confidence):
        raise ValueError("confidence contains NaN")
    wrong = [not (a and c) for a, c in zip(answerable, correct, strict=True)]
    points, aurc, prev_cov = [], 0.0, 0.0
    for t in sorted(set(confidence), reverse=True):
        kept = [w for s, w in zip(confidence, wrong, strict=True) if s >= t]
        cov, risk = len(kept) / n, sum(kept) / len(kept)
        points.append(RiskCoveragePoint(t, cov, risk))
        aurc += risk * (cov - prev_cov)
        prev_cov = cov
    return RiskCoverage(tuple(points), aurc)
