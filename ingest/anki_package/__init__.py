"""The one adapter to Anki's package format (``.apkg``, ``.colpkg``): reading notes, writing a package.

A package is a zip. Which member holds the collection follows Anki's own rule: the ``meta``
member (a protobuf holding a version) names it: version 1 ``collection.anki2``, 2
``collection.anki21``, 3 ``collection.anki21b`` (SQLite compressed with zstd). Without ``meta``
it is ``collection.anki21`` when present, else ``collection.anki2``. A modern package also holds
a dummy ``collection.anki2`` whose one note asks the user to update Anki; it is never read as the
deck.

The collection is an SQLite database. Schema 11 (legacy) keeps note types and decks as JSON in
the ``col`` row; schema 18 (current) keeps them in tables, with the note type's kind in a
protobuf blob. Only the few tables needed are read, with the standard library's ``sqlite3``,
from memory (nothing is unpacked to disk).

Hazards are refused with an :class:`IngestError` that names the limit: an unsafe member name,
a collection that unpacks to more than ``max_bytes`` or at a suspicious ratio (a zip bomb), a
corrupt database, a read that runs too long, and a field over :data:`MAX_FIELD_CHARS`.

Writing produces a legacy (schema 11) ``collection.anki2`` package with one Basic-like note type,
which every Anki version imports; a note with an :class:`ExportSchedule` is written as a
scheduled card (due date, interval, FSRS memory state in ``data``). The review log, the
schedules of studied cards and the collection's creation day are read by
:mod:`ingest.anki_package.schedule`, for the study mode's import.
"""

from ingest.anki_package.read import (
    MAX_FIELD_CHARS,
    MAX_RATIO,
    MAX_READ_SECONDS,
    AnkiCollection,
    AnkiNote,
    NoteType,
    is_package,
    read_package,
)
from ingest.anki_package.schedule import CardSchedule, Review
from ingest.anki_package.write import EXPORT_NOTETYPE, ExportNote, ExportSchedule, write_package

__all__ = [
    "EXPORT_NOTETYPE",
    "MAX_FIELD_CHARS",
    "MAX_RATIO",
    "MAX_READ_SECONDS",
    "AnkiCollection",
    "AnkiNote",
    "CardSchedule",
    "ExportNote",
    "ExportSchedule",
    "NoteType",
    "Review",
    "is_package",
    "read_package",
    "write_package",
]
