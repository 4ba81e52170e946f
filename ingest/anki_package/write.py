"""Writing a legacy Anki package (``collection.anki2``, schema 11) that every Anki version imports."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ingest.errors import IngestError

_FIELD_SEP = "\x1f"


@dataclass(frozen=True)
class ExportSchedule:
    """A card's schedule to write, so Anki keeps its due date.

    ``state`` is ``"learning"``, ``"review"`` or ``"relearning"``; ``due`` and ``last_review``
    are aware datetimes; ``stability``, ``difficulty`` and ``desired_retention`` (FSRS's memory
    state) go into the card's ``data`` field, which Anki reads when FSRS is on.
    """

    state: str
    due: datetime
    interval_days: int
    reps: int
    lapses: int
    stability: float | None = None
    difficulty: float | None = None
    desired_retention: float | None = None
    last_review: datetime | None = None


@dataclass(frozen=True)
class ExportNote:
    """A note to write: its GUID, its two fields (HTML), its tags, its deck name and, for a card
    studied here, its schedule (None: a new card)."""

    guid: str
    front: str
    back: str
    tags: tuple[str, ...] = ()
    deck: str = "Default"
    schedule: ExportSchedule | None = None


#: The note type every exported note uses: two fields, one card.
EXPORT_NOTETYPE = "Basic (Study Assistant)"


def write_package(path: Path, notes: Sequence[ExportNote]) -> None:
    """Write ``notes`` as a legacy ``.apkg`` (``collection.anki2``, schema 11) at ``path``.

    The file appears whole or not at all (written beside it, then renamed).

    Raises:
        IngestError: when ``path`` cannot be written.
    """
    data = _legacy_collection(notes)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f, zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("collection.anki2", data)
            archive.writestr("media", "{}")
        os.replace(tmp, path)
    except OSError as exc:
        raise IngestError(f"{path}: cannot write the package ({exc.strerror or exc})") from None


def _legacy_collection(notes: Sequence[ExportNote]) -> bytes:
    now_ms = int(time.time() * 1000)
    now = now_ms // 1000
    crt = _creation_day(notes, now)
    model_id = now_ms
    deck_ids = {name: now_ms + 1 + i for i, name in enumerate(sorted({n.deck for n in notes} - {"Default"}))}
    deck_ids["Default"] = 1
    db = sqlite3.connect(":memory:")
    db.executescript(_SCHEMA_11)
    db.execute(
        "INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, '{}')",
        (
            crt,
            now_ms,
            now_ms,
            json.dumps(_CONF),
            json.dumps({str(model_id): _model(model_id, now)}),
            json.dumps({str(i): _deck(i, name, now) for name, i in deck_ids.items()}),
            json.dumps(_dconf()),
        ),
    )
    note_rows, card_rows = [], []
    for i, note in enumerate(notes):
        nid = cid = now_ms + 1000 + i
        sort_field = _strip_html(note.front)
        csum = int(hashlib.sha1(sort_field.encode()).hexdigest()[:8], 16)
        tags = f" {' '.join(note.tags)} " if note.tags else ""
        note_rows.append(
            (nid, note.guid, model_id, now, tags, note.front + _FIELD_SEP + note.back, sort_field, csum)
        )
        card_rows.append(
            (cid, nid, deck_ids[note.deck], now, *_card_schedule(note.schedule, i + 1, crt, now))
        )
    db.executemany("INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')", note_rows)
    db.executemany(
        "INSERT INTO cards VALUES (?, ?, ?, 0, ?, -1, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?)", card_rows
    )
    db.commit()
    data = db.serialize()
    db.close()
    return data


_DAY = 86400
_CARD_TYPE = {"learning": 1, "review": 2, "relearning": 3}


def _creation_day(notes: Sequence[ExportNote], now: int) -> int:
    """The collection's creation time: UTC midnight of today or of the earliest due or review,
    so that every review card's due day (counted from it) is 0 or more."""
    times = [now]
    for note in notes:
        if note.schedule is not None:
            times.append(int(note.schedule.due.timestamp()))
            if note.schedule.last_review is not None:
                times.append(int(note.schedule.last_review.timestamp()))
    earliest = min(times)
    return earliest - earliest % _DAY


def _card_schedule(
    schedule: ExportSchedule | None, position: int, crt: int, now: int
) -> tuple[int, int, int, int, int, int, int, int, str]:
    """The card's (type, queue, due, ivl, factor, reps, lapses, left, data) columns."""
    if schedule is None:
        return 0, 0, position, 0, 0, 0, 0, 0, ""
    kind = _CARD_TYPE.get(schedule.state, 2)
    due_at = int(schedule.due.timestamp())
    day = (due_at - crt) // _DAY
    if kind == 2:
        queue, due, left = 2, day, 0
    elif due_at < now - now % _DAY + _DAY:  # due today: intraday learning, due in epoch seconds
        queue, due, left = 1, due_at, 1
    else:  # learning due on a later day
        queue, due, left = 3, day, 1
    return (
        kind,
        queue,
        due,
        max(schedule.interval_days, 1 if kind != 1 else 0),
        2500,
        schedule.reps,
        schedule.lapses,
        left,
        _memory_data(schedule),
    )


def _memory_data(schedule: ExportSchedule) -> str:
    """The card's ``data`` JSON: FSRS's memory state, the desired retention, the last review."""
    data: dict[str, float | int] = {}
    if schedule.stability is not None and schedule.difficulty is not None:
        data["s"] = round(schedule.stability, 4)
        data["d"] = round(min(max(schedule.difficulty, 1.0), 10.0), 3)
    if schedule.desired_retention is not None:
        data["dr"] = round(schedule.desired_retention, 2)
    if schedule.last_review is not None:
        data["lrt"] = int(schedule.last_review.timestamp())
    return json.dumps(data, separators=(",", ":")) if data else ""


def _strip_html(text: str) -> str:
    return re.sub(r"<[^>]*>", "", text).replace("&nbsp;", " ").strip()


def _model(model_id: int, now: int) -> dict[str, object]:
    def fld(name: str, ord_: int) -> dict[str, object]:
        return {"name": name, "ord": ord_, "sticky": False, "rtl": False, "font": "Arial", "size": 20}

    template = {
        "name": "Card 1",
        "ord": 0,
        "qfmt": "{{Front}}",
        "afmt": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}",
        "bqfmt": "",
        "bafmt": "",
        "did": None,
    }
    return {
        "id": model_id,
        "name": EXPORT_NOTETYPE,
        "type": 0,
        "mod": now,
        "usn": -1,
        "sortf": 0,
        "did": None,
        "tmpls": [template],
        "flds": [fld("Front", 0), fld("Back", 1)],
        "css": ".card { font-family: arial; }",
        "latexPre": "",
        "latexPost": "",
        "req": [[0, "any", [0]]],
        "tags": [],
        "vers": [],
    }


def _deck(deck_id: int, name: str, now: int) -> dict[str, object]:
    return {
        "id": deck_id,
        "name": name,
        "mod": now,
        "usn": -1,
        "lrnToday": [0, 0],
        "revToday": [0, 0],
        "newToday": [0, 0],
        "timeToday": [0, 0],
        "collapsed": False,
        "browserCollapsed": False,
        "desc": "",
        "dyn": 0,
        "conf": 1,
        "extendNew": 0,
        "extendRev": 0,
    }


_CONF = {"nextPos": 1, "curDeck": 1, "activeDecks": [1], "schedVer": 2, "sortType": "noteFld"}


def _dconf() -> dict[str, object]:
    return {
        "1": {
            "id": 1,
            "name": "Default",
            "mod": 0,
            "usn": 0,
            "maxTaken": 60,
            "autoplay": True,
            "timer": 0,
            "replayq": True,
            "dyn": False,
            "new": {
                "bury": False,
                "delays": [1.0, 10.0],
                "initialFactor": 2500,
                "ints": [1, 4, 0],
                "order": 1,
                "perDay": 20,
            },
            "rev": {
                "bury": False,
                "ease4": 1.3,
                "ivlFct": 1.0,
                "maxIvl": 36500,
                "perDay": 200,
                "hardFactor": 1.2,
            },
            "lapse": {"delays": [10.0], "leechAction": 1, "leechFails": 8, "minInt": 1, "mult": 0.0},
        }
    }


_SCHEMA_11 = """
CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL,
  scm integer NOT NULL, ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL,
  ls integer NOT NULL, conf text NOT NULL, models text NOT NULL, decks text NOT NULL,
  dconf text NOT NULL, tags text NOT NULL);
CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL,
  sfld integer NOT NULL, csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL,
  ord integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL,
  queue integer NOT NULL, due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL,
  reps integer NOT NULL, lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL,
  odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL,
  ease integer NOT NULL, ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL,
  time integer NOT NULL, type integer NOT NULL);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
"""
