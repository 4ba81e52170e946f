"""What the offline grader observes about an answer, before any threshold is applied.

Gathering the evidence costs one call to the embedding model (the answer's units) and one
search of the retriever; deciding on it (:mod:`assistant.grading.decision`) is pure arithmetic,
so the thresholds can be calibrated on a development set without encoding anything again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from assistant.grading.card_view import CardView, CardViews
from assistant.grading.cues import is_no_answer
from assistant.grading.formula import symbol_coverage
from assistant.grading.polarity import denies
from assistant.grading.record import KeyPoint
from assistant.grading.roles import swapped_roles
from assistant.grading.table import row_agreement
from assistant.grading.units import answer_sentences, answer_units
from assistant.grading.words import content_stems, coverage

if TYPE_CHECKING:
    from assistant.retrieval import HybridRetriever
    from ingest.cards import Card
    from ingest.embedder import Embedder

#: Cards whose questions have at least this cosine ask the same thing (duplicates across decks).
SAME_QUESTION_AT = 0.8
#: Cards whose answers have at least this cosine say the same thing.
SAME_ANSWER_AT = 0.75
#: How many cards the retriever is asked for in the neighbour check.
NEIGHBOURS = 6


@dataclass(frozen=True)
class PointEvidence:
    """One key point against the answer.

    Attributes:
        point: The key point.
        semantic: Best cosine between the point and a unit (sentence, clause) of the answer.
        lexical: Share of the point's content words the answer holds (typo-tolerant).
        symbols: For a formula, the share of its symbols the answer's formula holds in order.
        unit: The answer's unit that matched best.
        flipped: The unit's polarity differs from the point's (negation or an opposite word).
        sentence_flipped: The same, for the whole sentence of the answer that holds the unit.
        row: For a table row, whether the answer gives the card's value for its label
            (``None``: no row, or the answer does not speak of it).
        role_swapped: The point is about a subject whose role the answer swapped with another's.
    """

    point: KeyPoint
    semantic: float
    lexical: float
    symbols: float | None
    unit: str
    flipped: bool
    sentence_flipped: bool = False
    row: bool | None = None
    role_swapped: bool = False


@dataclass(frozen=True)
class Evidence:
    """Everything observed about one answer to one card.

    Attributes:
        card: The card.
        answer: The student's answer.
        no_answer: Empty, or a form of "I don't know".
        points: One per key point of the card.
        similarity: Cosine between the whole answer and the card's whole answer.
        question_similarity: Cosine between the whole answer and the card's question (an answer
            that only restates the question's topic sits as close to the question as to the
            answer; one that says what the card says sits closer to the answer).
        neighbour: The best-fitting other card that is not a duplicate of this one, if any.
        neighbour_margin: How much better that card's answer fits (cosine difference).
        swapped_roles: The card's subjects whose attributes the answer exchanged
            (:mod:`assistant.grading.roles`).
    """

    card: Card
    answer: str
    no_answer: bool
    points: tuple[PointEvidence, ...] = ()
    similarity: float = 0.0
    neighbour: Card | None = None
    neighbour_margin: float = -1.0
    swapped_roles: frozenset[str] = frozenset()
    question_similarity: float = 0.0

    @property
    def lift(self) -> float:
        """How much closer the answer sits to the card's answer than to its question."""
        return self.similarity - self.question_similarity


class EvidenceGatherer:
    """Observes answers against cards with the embedding model, the card's words and the retriever."""

    def __init__(self, embedder: Embedder, retriever: HybridRetriever | None = None) -> None:
        self.embedder = embedder
        self.retriever = retriever
        self.views = CardViews(embedder)

    def gather(self, card: Card, answer: str) -> Evidence:
        view = self.views.get(card)
        if is_no_answer(answer):
            points = tuple(PointEvidence(p, 0.0, 0.0, None, "", False, False) for p in view.points)
            return Evidence(card, answer, True, points)
        units = answer_units(answer)
        vectors = self.embedder.encode(units)
        similarity = float(vectors[0] @ view.answer_vector)
        neighbour, margin = self._neighbour(view, units[0], vectors[0], similarity)
        swapped = swapped_roles([p.text for p in view.points], answer)
        points = self._points(view, units, vectors, answer, swapped)
        return Evidence(
            card,
            answer,
            False,
            points,
            similarity,
            neighbour,
            margin,
            swapped,
            question_similarity=float(vectors[0] @ view.question_vector),
        )

    def _points(
        self, view: CardView, units: list[str], vectors: np.ndarray, answer: str, swapped: frozenset[str]
    ) -> tuple[PointEvidence, ...]:
        answer_stems = content_stems(answer)
        texts = [p.text for p in view.points]
        sentences = answer_sentences(answer)
        cosines = view.point_vectors @ vectors.T  # (points, units)
        found = []
        for i, point in enumerate(view.points):
            best = int(np.argmax(cosines[i]))
            found.append(
                PointEvidence(
                    point=point,
                    semantic=float(cosines[i, best]),
                    lexical=coverage(view.point_stems[i], answer_stems),
                    symbols=symbol_coverage(point.text, answer) if point.formula else None,
                    unit=units[best],
                    flipped=denies(point.text, units[best], view.card.answer),
                    sentence_flipped=denies(
                        point.text, _sentence_of(units[best], sentences), view.card.answer
                    ),
                    row=row_agreement(point.text, answer, texts),
                    role_swapped=bool(swapped & set(view.point_stems[i][:2])),
                )
            )
        return tuple(found)

    def _neighbour(
        self, view: CardView, answer: str, vector: np.ndarray, own: float
    ) -> tuple[Card | None, float]:
        """The retrieved card, not a duplicate of this one, whose answer fits ``answer`` best."""
        if self.retriever is None:
            return None, -1.0
        best_card, best_margin = None, -1.0
        for hit in self.retriever.search_embedded(answer, vector, k=NEIGHBOURS, embedder=self.embedder):
            if hit.card_id == view.card.card_id or hit.card.is_practice or not hit.card.answer.strip():
                continue
            other = self.views.get(hit.card)
            if (
                float(other.question_vector @ view.question_vector) >= SAME_QUESTION_AT
                or float(other.answer_vector @ view.answer_vector) >= SAME_ANSWER_AT
            ):
                continue
            margin = float(other.answer_vector @ vector) - own
            if margin > best_margin:
                best_card, best_margin = hit.card, margin
        return best_card, best_margin


def _sentence_of(unit: str, sentences: list[str]) -> str:
    """The sentence of the answer that holds ``unit`` (the unit itself if none does)."""
    return next((s for s in sentences if unit in s), unit)
