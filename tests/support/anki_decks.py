"""Real Anki packages built with the official ``anki`` package (AGPL: used by the tests only).

:func:`build_collection` makes a collection with Basic, Basic-and-reversed and Cloze notes, HTML,
an image and a sound reference, tags, two decks and some reviews; :func:`export_package` writes
it as a modern (``collection.anki21b``) or a legacy (``collection.anki21``) package with Anki's
own exporter; :func:`studied_collection` answers some of its cards with Anki's scheduler
(reviews, a lapse, a manual reschedule) and :func:`anki_due` says when Anki has a card due;
:func:`anki2_only` rewrites a legacy package as an Anki 2.0 one (``collection.anki2``,
no ``meta``).
"""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from anki.collection import Collection, ExportAnkiPackageOptions
from anki.generic_pb2 import Empty
from anki.import_export_pb2 import ExportLimit, ImportAnkiPackageOptions, ImportAnkiPackageRequest

#: (note type, fields, tags, deck) of each note, in the order they are added.
NOTES = [
    (
        "Basic",
        ["What is <b>attention</b>?", 'A weighted sum<br>of the values. <img src="heads.png">'],
        ["attention", "core"],
        "Transformers",
    ),
    (
        "Basic (and reversed card)",
        ["d_k", "The dimension of the keys.[sound:dk.mp3]"],
        ["notation"],
        "Transformers::Attention",
    ),
    (
        "Cloze",
        ["{{c1::Softmax::function}} turns scores into {{c2::weights}}.", "Row-wise."],
        [],
        "Transformers::Attention",
    ),
    (
        "Basic",
        ["Why divide by &radic;d_k?", "To keep the softmax from saturating."],
        ["attention"],
        "Transformers",
    ),
]


def build_collection(path: Path, reviews: int = 3) -> Collection:
    """A new collection at ``path`` holding :data:`NOTES`, with ``reviews`` cards answered."""
    col = Collection(str(path))
    for notetype, fields, tags, deck in NOTES:
        note = col.new_note(col.models.by_name(notetype))
        for i, value in enumerate(fields):
            note.fields[i] = value
        note.tags = list(tags)
        col.add_note(note, col.decks.id(deck))
    col.decks.select(col.decks.id("Transformers"))
    for _ in range(reviews):
        card = col.sched.getCard()
        if card is None:
            break
        col.sched.answerCard(card, 3)
    return col


def answer(col: Collection, cid: int, *eases: int) -> None:
    for ease in eases:
        card = col.get_card(cid)
        card.start_timer()
        col.sched.answerCard(card, ease)  # type: ignore[arg-type]


def studied_collection(path: Path, fsrs_on: bool) -> tuple[Collection, dict[str, int]]:
    """The test deck with reviews answered by Anki's scheduler; the Anki card id of each card
    id the parser makes (GUID, GUID-cN), and of the reversed card ("reverse")."""
    col = build_collection(path, reviews=0)
    col.set_config("fsrs", fsrs_on)
    ids: dict[str, int] = {}
    guids = []
    for nid in sorted(col.find_notes("")):  # the notes of NOTES, in order
        note = col.get_note(nid)
        guids.append(note.guid)
        for card in note.cards():
            cloze = note.note_type()["type"] == 1
            key = f"{note.guid}-c{card.ord + 1}" if cloze else note.guid if card.ord == 0 else "reverse"
            ids[key] = card.id
    basic, reversed_, c1, last = ids[guids[0]], ids[guids[1]], ids[f"{guids[2]}-c1"], ids[guids[3]]
    answer(col, basic, 4)  # easy: a review card
    col.sched.set_due_date([basic], "20")  # a manual reschedule: in the log, not a review
    answer(col, reversed_, 3)  # good: still learning
    answer(col, ids["reverse"], 3, 3)  # the reverse card's reviews stay in Anki
    answer(col, c1, 4, 1)  # easy then again: relearning, one lapse
    answer(col, last, 3, 3)  # good, good: graduated
    return col, ids


def anki_due(col: Collection, cid: int) -> datetime:
    """When Anki says the card is due: its time for intraday learning, else its day from today."""
    card = col.get_card(cid)
    if card.queue == 1:
        return datetime.fromtimestamp(card.due, UTC)
    return datetime.now(UTC) + timedelta(days=card.due - col.sched.today)


def export_package(col: Collection, out: Path, legacy: bool = False) -> Path:
    """Export the whole collection with Anki's own exporter."""
    options = ExportAnkiPackageOptions(
        with_scheduling=True, with_deck_configs=False, with_media=False, legacy=legacy
    )
    col.export_anki_package(out_path=str(out), options=options, limit=ExportLimit(whole_collection=Empty()))
    return out


def anki2_only(legacy_package: Path, out: Path) -> Path:
    """The legacy package's schema-11 collection as ``collection.anki2``, without ``meta``."""
    with zipfile.ZipFile(legacy_package) as src:
        data = src.read("collection.anki21")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        dst.writestr("collection.anki2", data)
        dst.writestr("media", "{}")
    return out


def import_into_new_collection(package: Path, folder: Path, with_scheduling: bool = False) -> Collection:
    """A fresh collection in ``folder`` with ``package`` imported by Anki's importer (keeping
    the cards' scheduling when ``with_scheduling``, as Anki's "Import any learning progress")."""
    col = Collection(str(folder / "imported.anki2"))
    options = ImportAnkiPackageOptions(with_scheduling=with_scheduling)
    request = ImportAnkiPackageRequest(package_path=str(package), options=options)
    col.import_anki_package(request)
    return col


def notes_of(col: Collection) -> list[dict[str, object]]:
    """Every note: guid, note type, fields, tags and the decks of its cards."""
    rows = []
    for nid in sorted(col.find_notes("")):
        note = col.get_note(nid)
        rows.append(
            {
                "guid": note.guid,
                "notetype": note.note_type()["name"],
                "fields": list(note.fields),
                "tags": sorted(note.tags),
                "decks": sorted({col.decks.name(c.did) for c in note.cards()}),
            }
        )
    return rows
