"""The records grading produces: a key point of a card's answer, and the :class:`Grade`.

A grade cites the card it was graded against and quotes that card: every covered or missed
key point is a span of the card's own answer, so a UI can mark it in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ingest.cards import Card

Verdict = Literal["correct", "partial", "wrong"]
Rating = Literal["again", "hard", "good", "easy"]
GraderName = Literal["offline", "llm"]

#: The verdicts, best first.
VERDICTS: tuple[Verdict, ...] = ("correct", "partial", "wrong")
#: The FSRS ratings, worst first (``fsrs.Rating`` 1 to 4).
RATINGS: tuple[Rating, ...] = ("again", "hard", "good", "easy")


@dataclass(frozen=True)
class KeyPoint:
    """One point of a card's answer, quoted exactly: ``card.answer[start:end] == text``.

    Attributes:
        text: The quoted span.
        start: Its first character in the card's answer.
        end: One past its last character.
        formula: True when the span is mostly a formula or a table row (graded by symbol
            overlap as well as by meaning).
    """

    text: str
    start: int
    end: int
    formula: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "formula": self.formula}


@dataclass(frozen=True)
class Grade:
    """A typed answer graded against the student's own card.

    Attributes:
        verdict: ``"correct"``, ``"partial"`` or ``"wrong"``.
        score: In [0, 1]: offline, the verdict model's probability that the answer is correct
            (:mod:`assistant.grading.verdict_model`); from the LLM judge, its own score.
        rating: The FSRS rating the verdict maps to (the ``rating_map`` setting), ``"easy"``
            for a correct answer given within the ``easy_seconds`` setting.
        covered: The card's key points the answer covered, quoted from the card.
        missed: The card's key points it missed (or contradicted), quoted from the card.
        feedback: One or two sentences for the student, citing the card.
        card: The card graded against.
        warnings: What went wrong on the way (an LLM grade that fell back to offline, say).
        grader: ``"offline"`` or ``"llm"``: which grader produced the verdict.
        answer: The student's answer, as graded.
    """

    verdict: Verdict
    score: float
    rating: Rating
    covered: tuple[KeyPoint, ...]
    missed: tuple[KeyPoint, ...]
    feedback: str
    card: Card
    warnings: tuple[str, ...] = ()
    grader: GraderName = "offline"
    answer: str = ""

    @property
    def card_id(self) -> str:
        return self.card.card_id

    @property
    def citation(self) -> str:
        """The card, cited as ``source: question``."""
        return f"{self.card.source}: {self.card.question}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready view."""
        return {
            "verdict": self.verdict,
            "score": round(self.score, 4),
            "rating": self.rating,
            "covered": [k.to_dict() for k in self.covered],
            "missed": [k.to_dict() for k in self.missed],
            "feedback": self.feedback,
            "card": {
                "card_id": self.card.card_id,
                "source": self.card.source,
                "question": self.card.question,
                "answer": self.card.answer,
            },
            "warnings": list(self.warnings),
            "grader": self.grader,
            "answer": self.answer,
        }
