"""Finding the card a grade is against, by id, with a clear error for an unknown or practice card."""

from __future__ import annotations

from ingest.cards import Card
from ingest.errors import GradingError
from ingest.index import CardIndex


def gradable_card(index: CardIndex, card_id: str) -> Card:
    """The answerable card ``card_id`` (read from the local snapshot: no request to the store).

    Raises:
        GradingError: when no card has that id, or it is a practice prompt with no answer.
    """
    if not isinstance(card_id, str) or not card_id.strip():
        raise GradingError("the card id is empty")
    found = index.snapshot.cards.get([card_id])
    if card_id in found:
        return found[card_id]
    for card in index.cards(include_practice=True):  # the error path only: which error is it?
        if card.card_id == card_id:
            raise GradingError(
                f"card {card_id!r} is a practice prompt with no answer to grade against; "
                "grade it yourself and save the rating with review()"
            )
    raise GradingError(f"no card has the id {card_id!r} (see `study cards` or StudyAssistant.cards())")
