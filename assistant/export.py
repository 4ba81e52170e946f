"""Exporting the store's cards: an Anki package (``study export --anki``) or semicolon CSV (``--csv``).

Every card becomes one note of a two-field note type (Front: the question, Back: the answer),
whatever its origin, in the deck its metadata names (``deck``, kept from an Anki import) or else
a deck named after its source file; its tags are kept. The note's GUID is the card id, so a
package exported, edited in Anki and imported again updates the same cards. A card cut from a
Cloze note is exported as the Basic card it became.

A card with a study schedule (``states``, from the study database) is written as a scheduled
Anki card: its state (learning, review, relearning), due date, interval (from its last review
to its due date), reviews and lapses, and FSRS's memory state in the card's ``data`` field
(``{"s": stability, "d": difficulty, "dr": desired retention, "lrt": last review}``). Other
cards are new cards.
"""

from __future__ import annotations

import html
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from pathlib import Path

from assistant.study.records import CardState
from ingest.anki_package import ExportNote, ExportSchedule, write_package
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


def export_anki(
    cards: Sequence[Card],
    path: Path,
    states: Mapping[str, CardState] | None = None,
    desired_retention: float | None = None,
) -> int:
    """Write ``cards`` as an Anki package at ``path``; returns the number of notes.

    ``states`` (card id -> saved schedule) makes those cards scheduled in Anki.

    Raises:
        ExportError: when there is no card or the file cannot be written.
    """
    if not cards:
        raise ExportError("no cards to export")
    states = states or {}
    try:
        write_package(path, [to_note(c, states.get(c.card_id), desired_retention) for c in cards])
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


def to_note(card: Card, state: CardState | None = None, desired_retention: float | None = None) -> ExportNote:
    """The Anki note for ``card`` (its text as HTML, line breaks as ``<br>``), scheduled by ``state``."""
    deck = card.metadata.get("deck") or _stem(card.source)
    tags = tuple(card.metadata.get("tags", "").split())
    schedule = to_schedule(state, desired_retention) if state is not None else None
    return ExportNote(card.card_id, to_html(card.question), to_html(card.answer), tags, deck, schedule)


def to_schedule(state: CardState, desired_retention: float | None = None) -> ExportSchedule:
    """The Anki schedule of a saved study state: its interval runs from its last review to its due."""
    if state.last_review is not None:
        interval = round((state.due - state.last_review) / timedelta(days=1))
    else:
        interval = round(state.stability or 0)
    return ExportSchedule(
        state=state.state,
        due=state.due,
        interval_days=max(interval, 0),
        reps=state.reviews,
        lapses=state.lapses,
        stability=state.stability,
        difficulty=state.difficulty,
        desired_retention=desired_retention,
        last_review=state.last_review,
    )


def to_html(text: str) -> str:
    """Plain text as an Anki field: escaped, with ``<br>`` for line breaks."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def _stem(source: str) -> str:
    return source.rsplit(".", 1)[0] if "." in source else source


def _in_deck(card: Card, deck: str) -> bool:
    name = card.metadata.get("deck", "")
    return name == deck or name.startswith(f"{deck}::")
