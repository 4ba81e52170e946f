"""What comes up to study: the cards FSRS says are due, then new cards up to the daily limit.

Only cards currently in the store are offered: a card removed from its deck keeps its history
in the database but leaves the queue. Practice prompts (no gold answer) come up only when asked
for (``practice=True`` or ``kind="practice"``).

Example:
    >>> from ingest.cards import Card
    >>> cards = [Card("a", "d.csv", "Q1", "A1"), Card("b", "d.csv", "Q2", "A2")]
    >>> [d.card_id for d in build_queue(cards, {}, QueueFilter(), n=5, new_allowed=1, now=NOW)]
    ['a']
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from assistant.study.records import CardState, DueCard
from ingest.cards import KINDS, Card
from ingest.errors import StudyError

NOW = datetime(2026, 1, 1, tzinfo=UTC)  # for the doctest only


@dataclass(frozen=True)
class QueueFilter:
    """Which cards may come up.

    Attributes:
        deck: A deck (a card's source file name, with or without its extension).
        tag: A tag: one of the card's ``tags`` metadata (split on commas or spaces), or its ``level``.
        kind: One of :data:`ingest.cards.KINDS`.
        practice: Also offer practice prompts (they have no gold answer; the student grades them).
    """

    deck: str | None = None
    tag: str | None = None
    kind: str | None = None
    practice: bool = False

    def __post_init__(self) -> None:
        if self.kind is not None and self.kind not in KINDS:
            raise StudyError(f"kind {self.kind!r} is not one of {', '.join(KINDS)}")

    def admits(self, card: Card) -> bool:
        if card.is_practice and not (self.practice or self.kind == "practice"):
            return False
        if self.kind is not None and card.kind != self.kind:
            return False
        if self.deck is not None and self.deck not in (card.source, card.source.rsplit(".", 1)[0]):
            return False
        return self.tag is None or self.tag.casefold() in card_tags(card)


def card_tags(card: Card) -> set[str]:
    """The card's tags, lower-cased: its ``tags`` metadata split on commas or spaces, and its ``level``."""
    tags = {t.casefold() for t in re.split(r"[,\s]+", card.metadata.get("tags", "")) if t}
    if card.metadata.get("level"):
        tags.add(card.metadata["level"].casefold())
    return tags


def build_queue(
    cards: Sequence[Card],
    states: Mapping[str, CardState],
    where: QueueFilter,
    n: int,
    new_allowed: int,
    now: datetime,
) -> list[DueCard]:
    """Up to ``n`` cards: those due by ``now`` (most overdue first), then up to ``new_allowed`` new ones.

    New cards come in the order of ``cards`` (the store's: deck, then card id).
    """
    if n < 1:
        raise StudyError(f"n must be at least 1, got {n}")
    admitted = [c for c in cards if where.admits(c)]
    due = sorted(
        (
            DueCard(c, states[c.card_id])
            for c in admitted
            if c.card_id in states and states[c.card_id].due <= now
        ),
        key=lambda d: (d.state.due if d.state else now, d.card_id),
    )[:n]
    room = min(n - len(due), max(0, new_allowed))
    new = [DueCard(c, None) for c in admitted if c.card_id not in states][:room]
    return due + new
