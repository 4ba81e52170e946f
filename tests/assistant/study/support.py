"""Helpers for the study tests: the bundled decks' cards (parsed, no store) and a Study over them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from assistant.study import Study
from ingest.cards import Card
from ingest.parsers import parse_text
from ingest.reader import read_text
from ingest.settings import load_settings

CARDS_DIR = Path(__file__).resolve().parents[3] / "data" / "cards"


def bundled_cards() -> list[Card]:
    """Every card of the bundled decks, as the parsers read them, in the store's order."""
    cards = []
    for path in sorted(CARDS_DIR.iterdir()):
        cards += parse_text(read_text(path, 5_000_000)[0], path.name).cards
    return sorted(cards, key=lambda c: (c.source, c.card_id))


class ListCatalog:
    """A card catalog over a list of cards (the role the store plays for :class:`Study`)."""

    def __init__(self, cards: Sequence[Card]) -> None:
        self.items = list(cards)

    def cards(self, include_practice: bool = False) -> list[Card]:
        return [c for c in self.items if include_practice or not c.is_practice]


def make_study(data_dir: Path, cards: Sequence[Card], **settings: object) -> Study:
    """A :class:`Study` with its own database in ``data_dir`` (or ``database_url``) over ``cards``."""
    return Study(load_settings(data_dir=data_dir, **settings), ListCatalog(cards))
