"""The assistant's own records: retrieval hits, citations, tool calls and answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ingest.cards import Card


@dataclass(frozen=True)
class Hit:
    """One retrieved card.

    Attributes:
        card: The card.
        score: Fused rank score (reciprocal-rank fusion); hits are ordered by it.
        similarity: Best cosine similarity between the question and any chunk of the card; the
            abstention threshold applies to the top hit's value.
        lexical: Best BM25 score of any chunk of the card (0 when no term matched).
        rank: 1-based position.
    """

    card: Card
    score: float
    similarity: float
    lexical: float
    rank: int

    @property
    def card_id(self) -> str:
        return self.card.card_id

    @property
    def source(self) -> str:
        return self.card.source

    @property
    def question(self) -> str:
        return self.card.question

    @property
    def answer(self) -> str:
        return self.card.answer

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready view."""
        return {
            "card_id": self.card_id,
            "source": self.source,
            "question": self.question,
            "answer": self.answer,
            "score": round(self.score, 6),
            "similarity": round(self.similarity, 6),
            "rank": self.rank,
        }


@dataclass(frozen=True)
class Citation:
    """A card an answer cites as ``[n]``. ``score`` is the card's relevance (cosine similarity)."""

    n: int
    card_id: str
    source: str
    question: str
    answer: str
    score: float

    @classmethod
    def from_hit(cls, n: int, hit: Hit) -> Citation:
        return cls(n, hit.card_id, hit.source, hit.question, hit.answer, round(hit.similarity, 6))


@dataclass(frozen=True)
class ToolCall:
    """A call of a tool made while answering; ``result`` comes from the tool, never a model."""

    name: str
    arguments: dict[str, Any]
    result: Any


#: ``Answer.coverage``'s values: the cards answer all of the question, part of it, or none of it.
COVERAGE_LEVELS = ("full", "partial", "none")


@dataclass(frozen=True)
class Answer:
    """What ``ask`` returns.

    Attributes:
        question: The question as answered (cut to the length limit if it was longer).
        text: The answer, with inline ``[n]`` markers.
        abstained: True when no card was relevant enough; ``text`` then says so. Always equal
            to ``coverage == "none"``.
        citations: The cards the markers point at, numbered from 1.
        mode: ``"offline"`` or ``"llm"``.
        tool_calls: Worked-example runs.
        nearest: On abstention, the nearest cards (not cited: they were not relevant enough).
        warnings: Things the user should know (question cut, a citation removed ...).
        coverage: How much of the question the cards cover: ``"full"``, ``"partial"`` (the
            answer gives what they hold and ``missing`` names what they lack) or ``"none"``.
            Left out, it follows ``abstained`` (``"none"`` or ``"full"``).
        missing: For ``"partial"``, the question's words that no card uses.

    Raises:
        ValueError: when ``coverage`` is not one of the three, or disagrees with ``abstained``.
    """

    question: str
    text: str
    abstained: bool
    citations: tuple[Citation, ...] = ()
    mode: str = "offline"
    tool_calls: tuple[ToolCall, ...] = ()
    nearest: tuple[Hit, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
    coverage: str | None = None
    missing: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.coverage is None:
            object.__setattr__(self, "coverage", "none" if self.abstained else "full")
        if self.coverage not in COVERAGE_LEVELS:
            raise ValueError(f"coverage must be one of {COVERAGE_LEVELS}, got {self.coverage!r}")
        if self.abstained != (self.coverage == "none"):
            raise ValueError(f"abstained={self.abstained} disagrees with coverage={self.coverage!r}")

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` shape."""
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "coverage": self.coverage,
            "missing": list(self.missing),
            "mode": self.mode,
            "citations": [asdict(c) for c in self.citations],
            "tool_calls": [asdict(t) for t in self.tool_calls],
            "nearest": [h.to_dict() for h in self.nearest],
            "warnings": list(self.warnings),
        }
