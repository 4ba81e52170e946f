"""``study decks`` and ``study remove`` as text: the deck table and the removal line.

Example:
    >>> print(decks_text([DeckInfo("mine.csv", "/home/me/mine.csv", "semicolon-csv", 3, 0, 1,
    ...                             "2026-12-06T02:52:26Z")]))
    deck      format         cards  practice  lint  last ingest (UTC)    path
    mine.csv  semicolon-csv      3         0     1  2026-12-06 02:52:26  /home/me/mine.csv
    1 deck: 3 cards, 0 practice prompts
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.decks import DeckInfo

#: The table's columns, and whether each is right-aligned (the counts).
COLUMNS = (
    ("deck", False),
    ("format", False),
    ("cards", True),
    ("practice", True),
    ("lint", True),
    ("last ingest (UTC)", False),
    ("path", False),
)
#: Shown for a field the registry does not know (a deck ingested before it existed).
UNKNOWN = "-"


def ingest_time(deck: DeckInfo) -> str:
    """The last ingest as ``2026-12-06 02:52:26`` (UTC), or ``-`` when unknown."""
    return deck.ingested_at.replace("T", " ").removesuffix("Z") if deck.ingested_at else UNKNOWN


def deck_row(deck: DeckInfo) -> list[str]:
    """One deck's cells, in :data:`COLUMNS` order."""
    name = deck.name + (" (removal interrupted)" if deck.removal_interrupted else "")
    return [
        name,
        deck.format or UNKNOWN,
        str(deck.cards),
        str(deck.practice),
        str(deck.lint),
        ingest_time(deck),
        deck.path or UNKNOWN,
    ]


def plural(n: int, word: str) -> str:
    """``1 card``, ``2 cards``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def totals(decks: Sequence[DeckInfo]) -> str:
    """``5 decks: 118 cards, 6 practice prompts``."""
    cards = sum(d.cards for d in decks)
    practice = sum(d.practice for d in decks)
    return f"{plural(len(decks), 'deck')}: {plural(cards, 'card')}, {plural(practice, 'practice prompt')}"


def decks_text(decks: Sequence[DeckInfo]) -> str:
    """The deck table with aligned columns, then the totals; a sentence when there is no deck."""
    if not decks:
        return "no decks in the store (study ingest PATH adds one)"
    rows = [[title for title, _ in COLUMNS], *(deck_row(d) for d in decks)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(width) if right else cell.ljust(width)
            for cell, width, (_, right) in zip(row, widths, COLUMNS, strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join([*lines, totals(decks)])


def removed_text(deck: DeckInfo) -> str:
    """``removed mine.csv: 3 cards and 0 practice prompts``."""
    return f"removed {deck.name}: {plural(deck.cards, 'card')} and {plural(deck.practice, 'practice prompt')}"
