"""Decks: what one ingested source file holds, listed and removed as a whole.

A deck is known by its source's file name, the ``source`` of each of its cards (two files of
the same name are the same deck: the second ingest replaces the first's cards). Its cards,
practice prompts and lint notes are counted from the store itself, so the listing is never
out of step with it; the path, format and time of its last ingest come from the deck
registry (:mod:`ingest.deck_registry`).

Removing a deck holds the ingest lock, marks the deck's row ``removing``, deletes its cards
500 at a time (each request leaves a card whole or gone), then drops the row and rebuilds the
local indexes (BM25, chunk vectors, card copy). The store's revision changes before the first
delete, so a removal killed half way leaves whole cards and local indexes that are rebuilt on
next use; the deck is then listed as an interrupted removal, and removing it again finishes.

Example:
    >>> [d.name for d in list_decks(index.store)]
    ['000_e99f669388c05c9c.txt', '001_43092e04bfd5a145.txt', ...]
    >>> remove_deck(index, "001_43092e04bfd5a145.txt").cards
    12
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.deck_registry import REMOVING, field
from ingest.errors import DeckError
from ingest.lock import exclusive

if TYPE_CHECKING:
    from ingest.index import CardIndex
    from ingest.store import CardStore


@dataclass(frozen=True)
class DeckInfo:
    """One deck as the store holds it.

    Attributes:
        name: The source file's name, as every card of the deck records it.
        path: Where the file was read from at its last ingest (None for a deck ingested before
            the registry existed, or by a client that recorded none).
        format: The format detected in the file (``semicolon-csv`` ...), or None as for ``path``.
        cards: Answerable cards in the store.
        practice: Practice prompts (questions with no answer) in the store.
        lint: Cards (practice prompts included) with lint notes.
        ingested_at: End of its last ingest, ISO 8601 in UTC (``2026-12-06T02:52:26Z``), or None.
        removal_interrupted: A removal of the deck began and did not finish; removing it again
            finishes it.
    """

    name: str
    path: str | None
    format: str | None
    cards: int
    practice: int
    lint: int
    ingested_at: str | None
    removal_interrupted: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The fields, JSON-ready."""
        return asdict(self)


def list_decks(store: CardStore) -> list[DeckInfo]:
    """Every deck in the store, by name: one read of each card's first chunk and of the registry."""
    answered: Counter[str] = Counter()
    practice: Counter[str] = Counter()
    lint: Counter[str] = Counter()
    for card in store.iter_cards():
        (practice if card.is_practice else answered)[card.source] += 1
        lint[card.source] += bool(card.lint)
    rows = store.deck_rows() or {}
    removing = {name for name, row in rows.items() if row.get("state") == REMOVING}
    names = sorted(set(answered) | set(practice) | removing)
    return [
        DeckInfo(
            name=name,
            path=field(rows, name, "path"),
            format=field(rows, name, "format"),
            cards=answered[name],
            practice=practice[name],
            lint=lint[name],
            ingested_at=field(rows, name, "ingested_at"),
            removal_interrupted=name in removing,
        )
        for name in names
    ]


def find_deck(decks: list[DeckInfo], name: str) -> DeckInfo:
    """The deck called ``name``, or the one named by the file name of the path ``name``.

    Raises:
        DeckError: naming ``name`` and listing the decks there are.
    """
    for key in (name, Path(name).name):
        for deck in decks:
            if deck.name == key:
                return deck
    known = f"its decks are {', '.join(d.name for d in decks)}" if decks else "it holds no deck"
    raise DeckError(f"no deck named {name!r} in the store; {known}")


def remove_deck(index: CardIndex, name: str) -> DeckInfo:
    """Remove the deck ``name`` (or the deck of the file ``name``) from the store and from the
    local indexes; other decks are untouched.

    Returns:
        The deck as it was before removal.

    Raises:
        DeckError: when the store holds no such deck (the message lists the decks it holds).
    """
    with exclusive(index.lock_path):
        index.follow_pointer()  # a tune may have switched the serving collection meanwhile
        store = index.store
        deck = find_deck(list_decks(store), name)
        card_ids = sorted(store.card_states(deck.name))
        store.put_deck_rows(
            {
                deck.name: {
                    "path": deck.path or "",
                    "format": deck.format or "",
                    "ingested_at": deck.ingested_at or "",
                    "state": REMOVING,
                }
            }
        )
        # Mark the store dirty before deleting, as an ingest does: if this process dies half
        # way, the saved local indexes no longer match the revision and are rebuilt on next use.
        store.bump_revision()
        store.delete_source_cards(deck.name, card_ids)
        store.bump_revision()
        store.delete_deck_row(deck.name)
        index.refresh_snapshot()
    return deck
