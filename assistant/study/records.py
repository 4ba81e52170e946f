"""The study records: a card's saved schedule, one entry of the review log, a card in the queue.

They are plain frozen dataclasses with no database or FSRS types in them, so that the API, the
CLI and the UI can pass them around and print them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ingest.cards import Card

#: The user whose progress the CLI and the API use unless one is named.
DEFAULT_USER = "default"

#: FSRS's ratings, worst first, in the words the API takes (``"again"`` ... ``"easy"``).
RATINGS = ("again", "hard", "good", "easy")

#: FSRS's learning states, in the words the records use.
STATES = ("learning", "review", "relearning")


@dataclass(frozen=True)
class CardState:
    """A card's saved schedule for one user.

    Attributes:
        card_id: The card.
        due: When it is next due (UTC).
        state: ``"learning"``, ``"review"`` or ``"relearning"``.
        stability: FSRS stability in days (None before the first review).
        difficulty: FSRS difficulty, 1 to 10 (None before the first review).
        reviews: How many reviews it has had.
        lapses: How many times it was forgotten (rated ``again``) while in review.
        step: The learning or relearning step, None in review.
        last_review: When it was last reviewed (UTC).
    """

    card_id: str
    due: datetime
    state: str
    stability: float | None
    difficulty: float | None
    reviews: int
    lapses: int = 0
    step: int | None = None
    last_review: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        """The state as JSON-ready values (times in ISO 8601)."""
        return {
            "card_id": self.card_id,
            "due": self.due.isoformat(),
            "state": self.state,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "reviews": self.reviews,
            "lapses": self.lapses,
            "step": self.step,
            "last_review": self.last_review.isoformat() if self.last_review else None,
        }


@dataclass(frozen=True)
class Review:
    """One entry of the append-only review log.

    Attributes:
        user: Whose review it was.
        card_id: The card reviewed.
        card_key: The database's integer key of the (user, card) schedule (FSRS's card id).
        source: The card's deck at the time.
        content_hash: The card's content hash at the time (the answer the student saw).
        rating: The rating saved: ``"again"`` ... ``"easy"``.
        reviewed_at: When (UTC).
        state_before: The card's state before the review; None for a new card.
        overridden_from: The rating the grade proposed, when the student chose another.
        verdict: The grade's verdict (``correct``/``partial``/``wrong``), if graded.
        score: The grade's score, if graded.
        answer: What the student typed, if anything.
        elapsed_s: How long the student took, if known.
        due_after: When the card became due by this review.
        stability_after: Its stability after the review.
        difficulty_after: Its difficulty after the review.
        anki_revlog_id: For a review imported from an Anki package, the id of its Anki review
            log entry (None for a review made here).
    """

    user: str
    card_id: str
    card_key: int
    source: str
    content_hash: str
    rating: str
    reviewed_at: datetime
    state_before: str | None
    overridden_from: str | None = None
    verdict: str | None = None
    score: float | None = None
    answer: str | None = None
    elapsed_s: float | None = None
    due_after: datetime | None = None
    stability_after: float | None = None
    difficulty_after: float | None = None
    anki_revlog_id: int | None = None

    @property
    def overridden(self) -> bool:
        """True when the student replaced the grade's rating with another."""
        return self.overridden_from is not None

    @property
    def imported(self) -> bool:
        """True for a review imported from an Anki package's review log."""
        return self.anki_revlog_id is not None


@dataclass(frozen=True)
class ImportedReview:
    """One review from an Anki package's review log, as the study log keeps it."""

    anki_revlog_id: int
    rating: str
    reviewed_at: datetime
    state_before: str | None
    due_after: datetime
    elapsed_s: float | None = None
    stability_after: float | None = None
    difficulty_after: float | None = None


@dataclass(frozen=True)
class ImportedCard:
    """A card's schedule and reviews from an Anki package, for one user's study database.

    ``source`` and ``content_hash`` are the store's card's (as for a review made here).
    """

    state: CardState
    source: str
    content_hash: str
    reviews: tuple[ImportedReview, ...]


@dataclass(frozen=True)
class DueCard:
    """A card the queue offers, with its saved schedule (None for a new card)."""

    card: Card
    state: CardState | None

    @property
    def card_id(self) -> str:
        return self.card.card_id

    @property
    def question(self) -> str:
        return self.card.question

    @property
    def is_new(self) -> bool:
        return self.state is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "card_id": self.card.card_id,
            "source": self.card.source,
            "kind": self.card.kind,
            "question": self.card.question,
            "new": self.is_new,
            "state": self.state.to_dict() if self.state else None,
        }
