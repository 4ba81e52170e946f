"""The offline grader: the student's answer against the card's own words, with no LLM.

Cosine between the answer and the card is not enough: a wrong answer on the same topic sits
close to the card. The grade is built from several signals:

1. **No answer.** Empty, or a form of "I don't know": wrong at once.
2. **Key points, one by one.** The card's answer is split into key points
   (:mod:`assistant.grading.keypoints`). Each is matched against the answer's sentences and
   clauses; its coverage is ``w * cosine + (1 - w) * lexical``, where ``cosine`` is the best
   MiniLM cosine between the point and a unit of the answer and ``lexical`` the share of the
   point's content words that the answer holds, typo-tolerant (:mod:`assistant.grading.words`).
   A point that is a formula or a table row may also be covered by symbol overlap
   (:mod:`assistant.grading.formula`).
3. **Contradiction.** A point whose best unit flips its polarity (a negation, or a word
   swapped for its opposite: :mod:`assistant.grading.cues`) is not covered, and it is missed.
4. **A neighbouring card.** The retriever is asked which cards the answer is about; when one
   that is not a duplicate of this card fits the answer better (its answer's cosine with the
   student's is higher by a margin), the answer belongs to that card: wrong.
5. **Off topic.** An answer whose cosine with the card's whole answer is very low is wrong.

The score is the mean over key points of ``min(1, coverage / threshold)²``, zero for a point
that was contradicted; its thresholds give the verdict (:class:`GradingParams`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from assistant.grading.card_view import CardView, CardViews
from assistant.grading.cues import flips, is_no_answer
from assistant.grading.formula import symbol_coverage
from assistant.grading.params import GradingParams
from assistant.grading.record import KeyPoint, Verdict
from assistant.grading.units import answer_units
from assistant.grading.words import content_stems, coverage

if TYPE_CHECKING:
    from assistant.retrieval import HybridRetriever
    from ingest.cards import Card
    from ingest.embedder import Embedder


@dataclass(frozen=True)
class PointMatch:
    """How one key point fared: its coverage, its best unit of the answer, and whether it flipped."""

    point: KeyPoint
    semantic: float
    lexical: float
    coverage: float
    unit: str
    contradicted: bool
    covered: bool


@dataclass(frozen=True)
class Assessment:
    """The offline grader's finding, before it becomes a :class:`~assistant.grading.record.Grade`.

    Attributes:
        verdict: correct, partial or wrong.
        score: In [0, 1].
        matches: One per key point.
        similarity: Cosine of the answer and the card's whole answer.
        reason: Why the verdict was forced, if it was: ``"no answer"``, ``"neighbour"``,
            ``"off topic"``, ``"contradiction"``, or ``""``.
        neighbour: The card the answer fits better, for ``"neighbour"``.
    """

    verdict: Verdict
    score: float
    matches: tuple[PointMatch, ...] = ()
    similarity: float = 0.0
    reason: str = ""
    neighbour: Card | None = None
    features: dict[str, float] = field(default_factory=dict)

    @property
    def covered(self) -> tuple[KeyPoint, ...]:
        return tuple(m.point for m in self.matches if m.covered)

    @property
    def missed(self) -> tuple[KeyPoint, ...]:
        return tuple(m.point for m in self.matches if not m.covered)


class OfflineGrader:
    """Grades typed answers with the embedding model and the card's words.

    Args:
        embedder: The project's embedder (the one the assistant already loaded).
        retriever: For the neighbour check; ``None`` skips it.
        params: Thresholds (defaults: calibrated on the development answers).
    """

    def __init__(
        self,
        embedder: Embedder,
        retriever: HybridRetriever | None = None,
        params: GradingParams | None = None,
    ) -> None:
        self.embedder = embedder
        self.retriever = retriever
        self.params = params or GradingParams()
        self.views = CardViews(embedder)

    def assess(self, card: Card, answer: str) -> Assessment:
        """Grade ``answer`` against ``card`` (which must have an answer)."""
        view = self.views.get(card)
        if is_no_answer(answer):
            matches = tuple(PointMatch(p, 0.0, 0.0, 0.0, "", False, False) for p in view.points)
            return Assessment("wrong", 0.0, matches, reason="no answer")
        units = answer_units(answer)
        vectors = self.embedder.encode(units)
        similarity = float(vectors[0] @ view.answer_vector)
        matches = self._match(view, units, vectors, answer)
        score = _score(matches, self.params.point_threshold)
        verdict = self._verdict(score)
        features = {"score": score, "similarity": similarity}
        if similarity < self.params.off_topic_below:
            return Assessment("wrong", score, matches, similarity, "off topic", features=features)
        neighbour, margin = self._neighbour(view, answer, vectors[0], similarity)
        features["neighbour_margin"] = margin
        if neighbour is not None:
            return Assessment("wrong", score, matches, similarity, "neighbour", neighbour, features)
        if any(m.contradicted for m in matches):
            capped: Verdict = "partial" if verdict == "correct" else "wrong"
            return Assessment(capped, score, matches, similarity, "contradiction", features=features)
        return Assessment(verdict, score, matches, similarity, features=features)

    def _verdict(self, score: float) -> Verdict:
        if score >= self.params.correct_at:
            return "correct"
        return "partial" if score >= self.params.partial_at else "wrong"

    def _match(
        self, view: CardView, units: list[str], vectors: np.ndarray, answer: str
    ) -> tuple[PointMatch, ...]:
        p = self.params
        answer_stems = content_stems(answer)
        cosines = view.point_vectors @ vectors.T  # (points, units)
        matches = []
        for i, point in enumerate(view.points):
            best = int(np.argmax(cosines[i]))
            semantic = float(cosines[i, best])
            lexical = coverage(view.point_stems[i], answer_stems)
            value = p.semantic_weight * semantic + (1 - p.semantic_weight) * lexical
            if point.formula:
                value = max(value, symbol_coverage(point.text, answer))
            unit = units[best]
            reached = value >= p.point_threshold
            contradicted = reached and flips(point.text, unit)
            matches.append(
                PointMatch(point, semantic, lexical, value, unit, contradicted, reached and not contradicted)
            )
        return tuple(matches)

    def _neighbour(
        self, view: CardView, answer: str, vector: np.ndarray, own: float
    ) -> tuple[Card | None, float]:
        """The non-duplicate card whose answer fits ``answer`` better by the margin, if any."""
        if self.retriever is None:
            return None, 0.0
        best_card, best_margin = None, -1.0
        for hit in self.retriever.search(answer, k=self.params.neighbours):
            if hit.card_id == view.card.card_id or hit.card.is_practice or not hit.card.answer.strip():
                continue
            other = self.views.get(hit.card)
            if float(other.answer_vector @ view.answer_vector) >= self.params.duplicate_at:
                continue
            margin = float(other.answer_vector @ vector) - own
            if margin > best_margin:
                best_card, best_margin = hit.card, margin
        if best_card is not None and best_margin > self.params.neighbour_margin:
            return best_card, best_margin
        return None, best_margin


def _score(matches: tuple[PointMatch, ...], threshold: float) -> float:
    """Mean over key points of ``min(1, coverage / threshold)²``; a contradicted point counts 0."""
    if not matches:
        return 0.0
    values = [0.0 if m.contradicted else min(1.0, m.coverage / threshold) ** 2 for m in matches]
    return float(np.mean(values))
