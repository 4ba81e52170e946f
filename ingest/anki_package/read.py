"""Reading an Anki package: the collection member, its limits, and the notes in either schema."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import zstandard
from pydantic import BaseModel, ConfigDict, ValidationError

from ingest.anki_package.schedule import (
    CardNote,
    CardSchedule,
    Review,
    read_created,
    read_reviews,
    read_schedules,
)
from ingest.errors import IngestError

#: A field longer than this is not a flashcard's; the package is refused.
MAX_FIELD_CHARS = 1_000_000
#: Unpacking more than this many bytes per packed byte is a zip bomb, once past ``_RATIO_FLOOR``.
MAX_RATIO = 200
_RATIO_FLOOR = 10_000_000
#: Reading the collection may take this long before it is given up.
MAX_READ_SECONDS = 60.0
_CHUNK = 1 << 20
_FIELD_SEP = "\x1f"
_PLACEHOLDER = "Please update to the latest Anki version"
_COLLECTION_BY_VERSION = {1: "collection.anki2", 2: "collection.anki21", 3: "collection.anki21b"}


@dataclass(frozen=True)
class NoteType:
    """A note type: its name, whether it is a Cloze type, and its field names in order."""

    name: str
    is_cloze: bool
    fields: tuple[str, ...]


@dataclass(frozen=True)
class AnkiNote:
    """One note as the package stores it (fields still HTML).

    ``decks`` maps each of its cards' template ordinal (the cloze number - 1 for a Cloze
    note) to the card's deck name (``Parent::Child``).
    """

    guid: str
    notetype: NoteType | None
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    decks: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AnkiCollection:
    """What a package holds: its notes (in note-id order), its review log (oldest first), the
    schedules of its cards that are not new, and when the collection was created (``crt``,
    epoch seconds: Anki counts review due days from it)."""

    member: str
    notes: tuple[AnkiNote, ...]
    reviews: tuple[Review, ...]
    schedules: tuple[CardSchedule, ...] = ()
    created: int = 0


# -- reading --------------------------------------------------------------------------------------


def is_package(head: bytes) -> bool:
    """True for bytes that start like a zip archive (an Anki package is one)."""
    return head.startswith(b"PK\x03\x04")


def read_package(path: Path, max_bytes: int) -> AnkiCollection:
    """Read the notes, note types, decks and review log of the package at ``path``.

    Raises:
        IngestError: naming ``path`` and the reason (and the limit, for a refused hazard).
    """
    data = _collection_bytes(path, max_bytes)
    if data[18:20] == b"\x02\x02":  # WAL mode, which an in-memory database cannot open
        data = data[:18] + b"\x01\x01" + data[20:]
    db = sqlite3.connect(":memory:")
    try:
        db.deserialize(data)
        _guard(db, path)
        return _read_collection(db, path)
    except sqlite3.Error as exc:
        if "interrupted" in str(exc):
            raise IngestError(f"{path}: reading the collection took over {MAX_READ_SECONDS:.0f} s") from None
        raise IngestError(f"{path}: corrupt Anki collection ({exc})") from None
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path}: corrupt Anki collection (text that is not UTF-8: {exc.reason})") from None
    finally:
        db.close()


def _collection_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            for name in names:
                _check_member_name(path, name)
            member = _collection_member(path, archive, set(names))
            info = archive.getinfo(member)
            packed = _read_member(path, archive, info, max_bytes)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression method
        raise IngestError(f"{path}: corrupt package ({exc})") from None
    except OSError as exc:
        raise IngestError(f"{path}: cannot read package ({exc.strerror or exc})") from None
    if member.endswith(".anki21b"):
        return _unzstd(path, packed, max_bytes)
    return packed


def _check_member_name(path: Path, name: str) -> None:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name):
        raise IngestError(f"{path}: unsafe member name {name!r} (path traversal); package refused")


def _collection_member(path: Path, archive: zipfile.ZipFile, names: set[str]) -> str:
    if "meta" in names:
        meta = archive.read("meta")[:64]
        version = _proto_varint(meta, 1) or 0
        member = _COLLECTION_BY_VERSION.get(version)
        if member is None:
            raise IngestError(f"{path}: package version {version} is not supported (made by a newer Anki?)")
    else:
        member = "collection.anki21" if "collection.anki21" in names else "collection.anki2"
    if member not in names:
        raise IngestError(f"{path}: not an Anki package (no {member})")
    return member


def _read_member(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int) -> bytes:
    if info.file_size > max_bytes:
        raise IngestError(
            f"{path}: {info.filename} unpacks to {info.file_size:,} bytes, over the {max_bytes:,}-byte limit"
        )
    out = io.BytesIO()
    with archive.open(info) as member:
        _copy_limited(path, member.read, out, max_bytes, max(info.compress_size, 1))
    return out.getvalue()


def _unzstd(path: Path, packed: bytes, max_bytes: int) -> bytes:
    out = io.BytesIO()
    try:
        with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(packed)) as reader:
            _copy_limited(path, reader.read, out, max_bytes, max(len(packed), 1))
    except zstandard.ZstdError as exc:
        raise IngestError(f"{path}: corrupt package (zstd: {exc})") from None
    return out.getvalue()


def _copy_limited(
    path: Path, read: Callable[[int], bytes], out: io.BytesIO, max_bytes: int, packed: int
) -> None:
    """Copy until the end, refusing past ``max_bytes`` or past :data:`MAX_RATIO` (a zip bomb)."""
    total = 0
    while chunk := read(_CHUNK):
        total += len(chunk)
        if total > max_bytes:
            raise IngestError(
                f"{path}: the collection unpacks to over {max_bytes:,} bytes (the limit); package refused"
            )
        if total > _RATIO_FLOOR and total > MAX_RATIO * packed:
            raise IngestError(
                f"{path}: the collection unpacks to over {MAX_RATIO} times its packed size "
                f"({packed:,} bytes packed); a zip bomb? package refused"
            )
        out.write(chunk)


def _guard(db: sqlite3.Connection, path: Path) -> None:
    """No untrusted schema code, and a deadline on every statement."""
    db.execute("PRAGMA trusted_schema = OFF")
    db.create_collation("unicase", lambda a, b: (a.casefold() > b.casefold()) - (a.casefold() < b.casefold()))
    deadline = time.monotonic() + MAX_READ_SECONDS
    db.set_progress_handler(lambda: int(time.monotonic() > deadline), 100_000)


def _tables(db: sqlite3.Connection) -> set[str]:
    return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _read_collection(db: sqlite3.Connection, path: Path) -> AnkiCollection:
    tables = _tables(db)
    missing = {"col", "notes", "cards"} - tables
    if missing:
        raise IngestError(f"{path}: not an Anki collection (no {', '.join(sorted(missing))} table)")
    if {"notetypes", "fields", "decks"} <= tables:
        notetypes, decks = _modern_notetypes(db), _modern_decks(db)
    else:
        notetypes, decks = _legacy_notetypes_and_decks(db, path)
    card_decks: dict[int, dict[int, str]] = {}
    for nid, ord_, did in db.execute("SELECT nid, ord, did FROM cards ORDER BY nid, ord"):
        card_decks.setdefault(nid, {})[int(ord_)] = decks.get(did, "Default")
    notes = []
    by_id: dict[int, AnkiNote] = {}
    for nid, guid, mid, tags, flds in db.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"):
        fields = tuple(str(flds).split(_FIELD_SEP))
        for n, value in enumerate(fields):
            if len(value) > MAX_FIELD_CHARS:
                raise IngestError(
                    f"{path}: note {guid} field {n + 1} is {len(value):,} characters, over the "
                    f"{MAX_FIELD_CHARS:,}-character limit; package refused"
                )
        note = AnkiNote(
            str(guid), notetypes.get(mid), fields, tuple(str(tags).split()), card_decks.get(nid, {})
        )
        notes.append(note)
        by_id[nid] = note
    if len(notes) == 1 and notes[0].fields[0].startswith(_PLACEHOLDER):
        raise IngestError(f"{path}: the package holds only Anki's 'please update' placeholder, no deck")
    card_note = _card_notes(db, by_id)
    return AnkiCollection(
        _member_kind(tables),
        tuple(notes),
        tuple(read_reviews(db, card_note, tables)),
        tuple(read_schedules(db, card_note)),
        read_created(db),
    )


def _member_kind(tables: set[str]) -> str:
    return "schema 18" if "notetypes" in tables else "schema 11"


def _card_notes(db: sqlite3.Connection, notes: dict[int, AnkiNote]) -> dict[int, CardNote]:
    """Anki card id -> (the card id as the parser makes it, its note, its template ordinal)."""
    found = {}
    for cid, nid, ord_ in db.execute("SELECT id, nid, ord FROM cards"):
        note = notes.get(nid)
        if note is not None:
            cloze = note.notetype is not None and note.notetype.is_cloze
            found[cid] = CardNote(f"{note.guid}-c{ord_ + 1}" if cloze else note.guid, note.guid, int(ord_))
    return found


def _modern_notetypes(db: sqlite3.Connection) -> dict[int, NoteType]:
    fields: dict[int, list[tuple[int, str]]] = {}
    for ntid, ord_, name in db.execute("SELECT ntid, ord, name FROM fields"):
        fields.setdefault(ntid, []).append((ord_, str(name)))
    notetypes = {}
    for ntid, name, config in db.execute("SELECT id, name, config FROM notetypes"):
        names = tuple(n for _, n in sorted(fields.get(ntid, [])))
        kind = _proto_varint(bytes(config or b""), 1) or 0
        notetypes[ntid] = NoteType(str(name), kind == 1, names)
    return notetypes


def _modern_decks(db: sqlite3.Connection) -> dict[int, str]:
    return {
        did: str(name).replace(_FIELD_SEP, "::") for did, name in db.execute("SELECT id, name FROM decks")
    }


class _LegacyField(BaseModel):
    # Anki's JSON carries many more keys (fonts, sizes ...); only these are read.
    model_config = ConfigDict(extra="ignore")
    name: str
    ord: int | None = None


class _LegacyNoteType(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str
    type: int = 0
    flds: list[_LegacyField]


class _LegacyDeck(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str


def _legacy_notetypes_and_decks(
    db: sqlite3.Connection, path: Path
) -> tuple[dict[int, NoteType], dict[int, str]]:
    row = db.execute("SELECT models, decks FROM col").fetchone()
    if row is None:
        raise IngestError(f"{path}: corrupt Anki collection (empty col table)")
    try:
        models = {int(k): _LegacyNoteType.model_validate(v) for k, v in json.loads(row[0]).items()}
        decks = {int(k): _LegacyDeck.model_validate(v).name for k, v in json.loads(row[1]).items()}
    except (ValueError, TypeError, AttributeError, ValidationError) as exc:
        reason = str(exc).splitlines()[0]
        raise IngestError(f"{path}: corrupt Anki collection (note types or decks: {reason})") from None
    notetypes = {}
    for mid, m in models.items():
        ordered = sorted(enumerate(m.flds), key=lambda p: p[1].ord if p[1].ord is not None else p[0])
        notetypes[mid] = NoteType(m.name, m.type == 1, tuple(f.name for _, f in ordered))
    return notetypes, decks


def _proto_varint(blob: bytes, field_no: int) -> int | None:
    """The value of varint field ``field_no`` at the top level of a protobuf message, if present."""
    i = 0
    while i < len(blob):
        key, i = _varint(blob, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(blob, i)
            if number == field_no:
                return value
        elif wire == 2:
            size, i = _varint(blob, i)
            i += size
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        else:
            return None
    return None


def _varint(blob: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while i < len(blob) and shift < 64:
        byte = blob[i]
        i += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, i
        shift += 7
    return value, len(blob) + 1
