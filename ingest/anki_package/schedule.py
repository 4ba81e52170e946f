"""Reading an Anki collection's schedule: its review log, its cards' schedules, its creation day.

Used by :mod:`ingest.anki_package.read`; the study mode imports what it reads
(:mod:`assistant.study.anki_import`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import NamedTuple


class CardNote(NamedTuple):
    """An Anki card's id as the parser makes it (GUID, ``GUID-cN`` for Cloze), its note's GUID
    and its template ordinal."""

    card_id: str
    guid: str
    ord: int


@dataclass(frozen=True)
class Review:
    """One review-log entry (``revlog`` row), for importing the schedule into the study mode.

    ``ease`` is the button (1 again ... 4 easy; 0 for a manual reschedule), ``interval`` the
    interval it gave (days when positive, seconds when negative), ``kind`` the card's type when
    it was answered (0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled).

    ``card_id`` is the id of the card it reviewed as :mod:`ingest.parsers.anki_notes` makes
    it (the note's GUID, ``GUID-cN`` for a Cloze card), so the study mode can match the two.
    """

    review_id_ms: int
    card_id: str
    note_guid: str
    card_ord: int
    ease: int
    interval: int
    last_interval: int
    factor: int
    time_ms: int
    kind: int


@dataclass(frozen=True)
class CardSchedule:
    """A card's schedule as Anki keeps it (only cards that are not new are read).

    ``kind`` is Anki's card type (1 learning, 2 review, 3 relearning), ``queue`` its queue (1
    learning due at ``due`` epoch seconds, 2 review and 3 day-learning due on day ``due``
    counted from the collection's creation, below 0 suspended or buried). ``left`` holds the
    learning steps still to go (``left % 1000``). ``data`` is the card's JSON ``data`` field,
    which holds the FSRS memory state (``{"s": ..., "d": ..., "dr": ...}``) when Anki had FSRS
    on. A card in a filtered deck (``original_deck`` not 0) keeps its own due in ``original_due``.
    """

    card_id: str
    note_guid: str
    card_ord: int
    kind: int
    queue: int
    due: int
    interval: int
    factor: int
    reps: int
    lapses: int
    left: int
    original_due: int
    original_deck: int
    data: str


def read_reviews(db: sqlite3.Connection, card_note: dict[int, CardNote], tables: set[str]) -> list[Review]:
    if "revlog" not in tables:
        return []
    reviews = []
    query = "SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY id"
    for rid, cid, ease, ivl, last, factor, ms, kind in db.execute(query):
        if cid in card_note:
            card_id, guid, ord_ = card_note[cid]
            reviews.append(Review(rid, card_id, guid, ord_, ease, ivl, last, factor, ms, kind))
    return reviews


def read_schedules(db: sqlite3.Connection, card_note: dict[int, CardNote]) -> list[CardSchedule]:
    query = (
        "SELECT id, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, data "
        "FROM cards WHERE type != 0 ORDER BY id"
    )
    found = []
    for cid, kind, queue, due, ivl, factor, reps, lapses, left, odue, odid, data in db.execute(query):
        if cid in card_note:
            card_id, guid, ord_ = card_note[cid]
            found.append(
                CardSchedule(
                    card_id,
                    guid,
                    ord_,
                    kind,
                    queue,
                    due,
                    ivl,
                    factor,
                    reps,
                    lapses,
                    left,
                    odue,
                    odid,
                    str(data or ""),
                )
            )
    return found


def read_created(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT crt FROM col").fetchone()
    return int(row[0]) if row and row[0] is not None else 0
