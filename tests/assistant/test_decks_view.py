"""The text of ``study decks`` and ``study remove``."""

from __future__ import annotations

from assistant.decks_view import decks_text, removed_text
from ingest.decks import DeckInfo

MINE = DeckInfo("mine.csv", "/home/me/mine.csv", "semicolon-csv", 1, 0, 1, "2026-12-06T02:52:26Z")
OLD = DeckInfo("old_export.txt", None, None, 48, 2, 0, None)
HALF = DeckInfo("big.csv", "/d/big.csv", "semicolon-csv", 700, 0, 0, "2026-12-06T03:00:00Z", True)


def test_the_table_aligns_columns_and_marks_what_is_unknown() -> None:
    assert decks_text([MINE, OLD]).splitlines() == [
        "deck            format         cards  practice  lint  last ingest (UTC)    path",
        "mine.csv        semicolon-csv      1         0     1  2026-12-06 02:52:26  /home/me/mine.csv",
        "old_export.txt  -                 48         2     0  -                    -",
        "2 decks: 49 cards, 2 practice prompts",
    ]


def test_an_interrupted_removal_is_named_in_the_table() -> None:
    row = decks_text([HALF]).splitlines()[1]
    cells = "big.csv (removal interrupted)  semicolon-csv    700         0     0"
    assert row == f"{cells}  2026-12-06 03:00:00  /d/big.csv"


def test_no_decks_and_the_removal_line() -> None:
    assert decks_text([]) == "no decks in the store (study ingest PATH adds one)"
    assert removed_text(MINE) == "removed mine.csv: 1 card and 0 practice prompts"
    assert removed_text(OLD) == "removed old_export.txt: 48 cards and 2 practice prompts"
