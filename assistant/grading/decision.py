"""From evidence to a verdict: the offline grader's rules, pure arithmetic over :class:`Evidence`.

1. **No answer.** Empty, or a form of "I don't know": wrong, score 0.
2. **Key points, one by one.** A point's coverage is ``w * semantic + (1 - w) * lexical``
   (a formula's may instead be its symbol overlap, whichever is higher). At or above the point
   threshold it is covered, unless its best-matching part of the answer flips its polarity:
   then it is contradicted, and missed. A table row ("Recurrent: O(N)") is covered when the
   answer gives its value for its label, and contradicted when it gives another value. A point
   about a subject whose role the answer swapped with another subject's ("Layer norm
   normalizes across the batch") is contradicted too.
3. **Score.** A point's credit is ``min(1, coverage / threshold)²``, 0 when contradicted; the
   score blends the mean credit over key points with the best point's credit,
   ``(1 - core_weight) * mean + core_weight * best``, plus ``lift_weight`` times the answer's
   lift (its cosine with the card's answer minus its cosine with the card's question), clipped
   to [0, 1], unless a point is contradicted. The verdict is correct at or above
   ``correct_at``, partial at or above ``partial_at``, wrong below; with
   ``partial_needs_point``, an answer that covers no key point is wrong, not partial.
   Polarity is checked on points whose coverage reaches ``flip_floor`` times the point
   threshold; a table row whose value the answer gives is
   settled by that value.
4. **Overrides.** An answer whose cosine with the card's whole answer is below
   ``off_topic_below`` is wrong; so is one that another card (not a duplicate) fits better by
   more than ``neighbour_margin``. A contradiction caps the verdict: correct becomes partial,
   partial becomes wrong (or, with ``contradiction_is_wrong``, any verdict becomes wrong).
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.grading.evidence import Evidence, PointEvidence
from assistant.grading.params import GradingParams
from assistant.grading.record import KeyPoint, Verdict


@dataclass(frozen=True)
class PointFinding:
    """A key point's coverage and what became of it."""

    evidence: PointEvidence
    coverage: float
    covered: bool
    contradicted: bool

    @property
    def point(self) -> KeyPoint:
        return self.evidence.point


@dataclass(frozen=True)
class Decision:
    """The offline verdict with its reasons.

    Attributes:
        verdict: correct, partial or wrong.
        score: In [0, 1].
        points: One finding per key point.
        reason: Why the verdict was forced or capped: ``"no answer"``, ``"off topic"``,
            ``"neighbour"``, ``"contradiction"``, or ``""``.
    """

    verdict: Verdict
    score: float
    points: tuple[PointFinding, ...]
    reason: str = ""

    @property
    def covered(self) -> tuple[KeyPoint, ...]:
        return tuple(f.point for f in self.points if f.covered)

    @property
    def missed(self) -> tuple[KeyPoint, ...]:
        return tuple(f.point for f in self.points if not f.covered)

    @property
    def contradicted(self) -> tuple[KeyPoint, ...]:
        return tuple(f.point for f in self.points if f.contradicted)


def point_coverage(evidence: PointEvidence, params: GradingParams) -> float:
    """``w * semantic + (1 - w) * lexical``; a formula's symbol overlap if higher; 1 for a table
    row whose value the answer gives."""
    if evidence.row:
        return 1.0
    w = params.semantic_weight
    value = w * evidence.semantic + (1 - w) * evidence.lexical
    return max(value, evidence.symbols) if evidence.symbols is not None else value


def decide(evidence: Evidence, params: GradingParams) -> Decision:
    """The verdict ``params`` give ``evidence``."""
    findings = []
    for point in evidence.points:
        value = point_coverage(point, params)
        reached = value >= params.point_threshold
        flipped = point.sentence_flipped if params.sentence_polarity else point.flipped
        swapped = params.role_check and point.role_swapped
        near = value >= params.flip_floor * params.point_threshold
        # a table row whose value the answer gives is settled by that value
        contradicted = point.row is not True and ((near and flipped) or point.row is False or swapped)
        findings.append(PointFinding(point, value, reached and not contradicted, contradicted))
    points = tuple(findings)
    if evidence.no_answer:
        return Decision("wrong", 0.0, points, "no answer")
    score = _score(points, params.point_threshold, params.core_weight)
    if not any(f.contradicted for f in points):  # closeness is no agreement when a point is reversed
        score = min(1.0, max(0.0, score + params.lift_weight * evidence.lift))
    verdict: Verdict = (
        "correct" if score >= params.correct_at else "partial" if score >= params.partial_at else "wrong"
    )
    if verdict == "partial" and params.partial_needs_point and not any(f.covered for f in points):
        verdict = "wrong"
    if evidence.similarity < params.off_topic_below:
        return Decision("wrong", score, points, "off topic")
    if evidence.neighbour is not None and evidence.neighbour_margin > params.neighbour_margin:
        return Decision("wrong", score, points, "neighbour")
    if any(f.contradicted for f in points) or (params.role_check and evidence.swapped_roles):
        capped: Verdict = "partial" if verdict == "correct" and not params.contradiction_is_wrong else "wrong"
        return Decision(capped, score, points, "contradiction")
    return Decision(verdict, score, points)


def _score(points: tuple[PointFinding, ...], threshold: float, core_weight: float = 0.0) -> float:
    """``(1 - core_weight) * mean + core_weight * best`` of the points' credits, a point's credit
    being ``min(1, coverage / threshold)²`` (0 when contradicted)."""
    if not points:
        return 0.0
    values = [0.0 if f.contradicted else min(1.0, f.coverage / threshold) ** 2 for f in points]
    return (1 - core_weight) * sum(values) / len(values) + core_weight * max(values)
