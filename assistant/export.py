"""Exporting the store's cards: an Anki package (``study export --anki``) or semicolon CSV (``--csv``).

Every card becomes one note of a two-field note type (Front: the question, Back: the answer),
whatever its origin, in the deck its metadata names (``deck``, kept from an Anki import) or else
a deck named after its source file; its tags are kept. The note's GUID is the card id, so a
package exported, edited in Anki and imported again updates the same cards. A card cut from a
Cloze note is exported as the Basic card it became. Scheduling (due dates, intervals) is not
exported yet: it comes with the study mode.
"""

from __future__ import annotations

import html
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from ingest.anki_package import ExportNote, write_package
from ingest.cards import Card
from ingest.errors import ExportError, IngestError
from ingest.parsers.semicolon_csv import to_csv


def select_cards(cards: Iterable[Card], deck: str | None) -> list[Card]:
    """The cards of ``deck``: a source file name, or an Anki deck name with its sub-decks.

    Raises:
        ExportError: when ``deck`` is named and no card belongs to it.
    """
    cards = list(cards)
    if deck is None:
        return cards
    chosen = [c for c in cards if deck in (c.source, _stem(c.source)) or _in_deck(c, deck)]
    if not chosen:
        known = sorted({c.metadata.get("deck") or _stem(c.source) for c in cards})
        raise ExportError(f"no cards in deck {deck!r}; decks: {', '.join(known[:20]) or 'none'}")
    return chosen


def export_anki(cards: Sequence[Card], path: Path) -> int:
    """Write ``cards`` as an Anki package at ``path``; returns the number of notes.

    Raises:
        ExportError: when there is no card or the file cannot be written.
    """
    if not cards:
        raise ExportError("no cards to export")
    try:
        write_package(path, [to_note(c) for c in cards])
    except IngestError as exc:
        raise ExportError(str(exc)) from None
    return len(cards)


def export_csv(cards: Sequence[Card], path: Path) -> int:
    """Write ``cards`` as semicolon CSV with their ids at ``path``; returns the number of rows.

    Raises:
        ExportError: when there is no card or the file cannot be written.
    """
    if not cards:
        raise ExportError("no cards to export")
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(to_csv(cards))
        os.replace(tmp, path)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write ({exc.strerror or exc})") from None
    return len(cards)


def to_note(card: Card) -> ExportNote:
    """The Anki note for ``card`` (its text as HTML, line breaks as ``<br>``)."""
    deck = card.metadata.get("deck") or _stem(card.source)
    tags = tuple(card.metadata.get("tags", "").split())
    return ExportNote(card.card_id, to_html(card.question), to_html(card.answer), tags, deck)


def to_html(text: str) -> str:
    """Plain text as an Anki field: escaped, with ``<br>`` for line breaks."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def _stem(source: str) -> str:
    return source.rsplit(".", 1)[0] if "." in source else source


def _in_deck(card: Card, deck: str) -> bool:
    name = card.metadata.get("deck", "")
    return name == deck or name.startswith(f"{deck}::")
