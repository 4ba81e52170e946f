"""Anki packages built by the official ``anki`` package, read back card by card.

Modern (``collection.anki21b``, zstd), legacy (``collection.anki21``) and Anki 2.0
(``collection.anki2`` only) packages of the same collection must give the same cards, field by
field; hazards are refused with their limit and nothing is written to the store.
"""

from __future__ import annotations

import dataclasses
import io
import os
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard

from ingest.anki_package import MAX_FIELD_CHARS, MAX_RATIO, read_package
from ingest.cards import Problem
from ingest.errors import IngestError
from ingest.index import CardIndex
from ingest.parse_options import ParseOptions
from ingest.sources import read_source
from tests.support.anki_decks import anki2_only, build_collection, export_package

LIMIT = 5_000_000
LINT_HTML = ("question: converted HTML markup to plain text", "answer: converted HTML markup to plain text")


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("anki")
    col = build_collection(folder / "collection.anki2")
    modern = export_package(col, folder / "modern.apkg")
    legacy = export_package(col, folder / "legacy.apkg", legacy=True)
    col.close()
    return {"modern": modern, "legacy": legacy, "anki2": anki2_only(legacy, folder / "anki2.apkg")}


def guids(path: Path) -> list[str]:
    return [n.guid for n in read_package(path, 10**8).notes]


@pytest.mark.parametrize("kind", ["modern", "legacy", "anki2"])
def test_cards_match_the_notes_field_by_field(packages: dict[str, Path], kind: str) -> None:
    result, notes = read_source(packages[kind], LIMIT)
    basic, reversed_, cloze, entity = guids(packages[kind])
    assert (result.format, notes, result.problems) == ("anki-package", [], ())
    got = [(c.card_id, c.kind, c.question, c.answer, dict(c.metadata), c.lint) for c in result.cards]
    assert got == [
        (
            basic,
            "flashcard",
            "What is attention?",
            "A weighted sum\nof the values.",
            {
                "guid": basic,
                "uuid": basic,
                "note_type": "Basic",
                "deck": "Transformers",
                "tags": "attention core",
            },
            ("answer: converted HTML markup to plain text", "removed media: heads.png"),
        ),
        (
            reversed_,
            "flashcard",
            "d_k",
            "The dimension of the keys.",
            {
                "guid": reversed_,
                "uuid": reversed_,
                "note_type": "Basic (and reversed card)",
                "deck": "Transformers::Attention",
                "tags": "notation",
            },
            ("removed media: dk.mp3",),
        ),
        (
            f"{cloze}-c1",
            "flashcard",
            "[function] turns scores into weights.",
            "Softmax\n\nSoftmax turns scores into weights.\n\nRow-wise.",
            {"guid": cloze, "uuid": f"{cloze}-c1", "note_type": "Cloze", "deck": "Transformers::Attention"},
            (),
        ),
        (
            f"{cloze}-c2",
            "flashcard",
            "Softmax turns scores into [...].",
            "weights\n\nSoftmax turns scores into weights.\n\nRow-wise.",
            {"guid": cloze, "uuid": f"{cloze}-c2", "note_type": "Cloze", "deck": "Transformers::Attention"},
            ("answer: answer starts with lower-case word 'weights': its first letter may be clipped",),
        ),
        (
            entity,
            "flashcard",
            "Why divide by √d_k?",
            "To keep the softmax from saturating.",
            {
                "guid": entity,
                "uuid": entity,
                "note_type": "Basic",
                "deck": "Transformers",
                "tags": "attention",
            },
            ("question: unescaped HTML entities",),
        ),
    ]


def test_the_three_package_kinds_give_the_same_cards(packages: dict[str, Path]) -> None:
    cards = {
        k: [dataclasses.replace(c, source="") for c in read_source(p, LIMIT)[0].cards]
        for k, p in packages.items()
    }
    assert len(cards["modern"]) == 5
    assert cards["modern"] == cards["legacy"] == cards["anki2"]


def test_the_modern_package_is_read_from_anki21b_not_its_placeholder(packages: dict[str, Path]) -> None:
    with zipfile.ZipFile(packages["modern"]) as z:
        assert {"meta", "collection.anki21b", "collection.anki2"} <= set(z.namelist())
    assert read_package(packages["modern"], 10**8).member == "schema 18"
    assert read_package(packages["legacy"], 10**8).member == "schema 11"


def test_the_review_log_is_read_for_the_study_mode(packages: dict[str, Path]) -> None:
    reviews = read_package(packages["modern"], 10**8).reviews
    assert len(reviews) == 3
    assert {r.ease for r in reviews} == {3}
    assert {r.note_guid for r in reviews} <= set(guids(packages["modern"]))
    card_ids = {c.card_id for c in read_source(packages["modern"], LIMIT)[0].cards}
    assert {r.card_id for r in reviews} <= card_ids


def test_other_note_types_map_fields_by_name(tmp_path: Path) -> None:
    col = build_collection(tmp_path / "c.anki2", reviews=0)
    vocab = col.models.copy(col.models.by_name("Basic"))
    vocab["name"] = "Vocab"
    for name in ("Word", "Meaning"):
        col.models.add_field(vocab, col.models.new_field(name))
    col.models.update_dict(vocab)
    note = col.new_note(col.models.by_name("Vocab"))
    note["Front"], note["Back"], note["Word"], note["Meaning"] = "", "ignored", "Aufmerksamkeit", "attention"
    col.add_note(note, col.decks.id("German"))
    package = export_package(col, tmp_path / "vocab.apkg")
    col.close()
    default, _ = read_source(package, LIMIT)
    assert [p.reason for p in default.problems] == [f"note {note.guid}: its question field is empty; skipped"]
    mapped, _ = read_source(
        package, LIMIT, ParseOptions(question_fields=("Word",), answer_fields=("Meaning",))
    )
    card = next(c for c in mapped.cards if c.card_id == note.guid)
    assert (card.question, card.answer, card.metadata["deck"]) == ("Aufmerksamkeit", "attention", "German")
    assert mapped.problems == ()


def test_a_reimported_package_updates_its_cards_in_place(
    tmp_path: Path, make_index: Callable[..., CardIndex]
) -> None:
    col = build_collection(tmp_path / "c.anki2", reviews=0)
    first = export_package(col, tmp_path / "deck.apkg")
    index = make_index()
    report = index.ingest([first])
    assert (report.added, report.problems) == (5, [])
    nid = col.find_notes('"deck:Transformers" "tag:core"')[0]
    note = col.get_note(nid)
    note["Back"] = "A weighted average of the values."
    col.update_note(note)
    export_package(col, tmp_path / "deck.apkg")
    col.close()
    report = index.ingest([tmp_path / "deck.apkg"])
    assert report.counts() == {"added": 0, "updated": 1, "unchanged": 4, "removed": 0, "skipped": 0}
    assert report.updated_ids == [note.guid]
    assert {c.card_id: c.answer for c in index.cards()}[note.guid] == "A weighted average of the values."


# -- hazards ------------------------------------------------------------------------------------


def zip_with(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def modern_db(package: Path) -> bytes:
    with zipfile.ZipFile(package) as z:
        db = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(z.read("collection.anki21b"))).read()
    return db[:18] + b"\x01\x01" + db[20:]  # out of WAL mode, so that it opens in memory


def with_db(package: Path, out: Path, db: bytes) -> Path:
    return zip_with(out, {"meta": b"\x08\x03", "collection.anki21b": zstandard.ZstdCompressor().compress(db)})


def test_a_zip_bomb_is_refused_by_its_ratio(tmp_path: Path) -> None:
    bomb = zip_with(tmp_path / "bomb.apkg", {"collection.anki2": bytes(150_000_000)})
    with pytest.raises(IngestError) as err:
        read_source(bomb, LIMIT)
    assert str(err.value).startswith(
        f"{bomb}: the collection unpacks to over {MAX_RATIO} times its packed size"
    )


def test_a_collection_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = zip_with(tmp_path / "big.apkg", {"collection.anki2": bytes(3_000_000)})
    with pytest.raises(IngestError) as err:
        read_source(big, LIMIT, ParseOptions(max_package_bytes=1_000_000))
    assert (
        str(err.value) == f"{big}: collection.anki2 unpacks to 3,000,000 bytes, over the 1,000,000-byte limit"
    )


def test_a_zstd_bomb_inside_anki21b_is_refused(tmp_path: Path) -> None:
    packed = zstandard.ZstdCompressor().compress(bytes(50_000_000))
    bomb = zip_with(tmp_path / "zbomb.apkg", {"meta": b"\x08\x03", "collection.anki21b": packed})
    with pytest.raises(IngestError, match=f"over {MAX_RATIO} times its packed size"):
        read_source(bomb, LIMIT)


def test_a_corrupt_database_is_refused(tmp_path: Path, packages: dict[str, Path]) -> None:
    db = bytearray(modern_db(packages["modern"]))
    db[4096:] = bytes(len(db) - 4096)  # every page but the first zeroed
    corrupt = with_db(packages["modern"], tmp_path / "corrupt.apkg", bytes(db))
    with pytest.raises(IngestError, match=f"^{corrupt}: corrupt Anki collection"):
        read_source(corrupt, LIMIT)
    garbage = zip_with(tmp_path / "garbage.apkg", {"collection.anki2": b"not sqlite at all" * 100})
    with pytest.raises(IngestError, match=r"corrupt Anki collection \(file is not a database\)"):
        read_source(garbage, LIMIT)


def test_a_note_with_a_10_mb_field_is_refused(tmp_path: Path, packages: dict[str, Path]) -> None:
    db = sqlite3.connect(":memory:")
    db.deserialize(modern_db(packages["modern"]))
    guid = db.execute("SELECT guid FROM notes ORDER BY id LIMIT 1").fetchone()[0]
    db.execute("UPDATE notes SET flds = ? WHERE guid = ?", (os.urandom(5_000_000).hex() + "\x1fback", guid))
    db.commit()
    huge = with_db(packages["modern"], tmp_path / "huge.apkg", db.serialize())
    with pytest.raises(IngestError) as err:
        read_source(huge, LIMIT)
    assert str(err.value) == (
        f"{huge}: note {guid} field 1 is 10,000,000 characters, over the "
        f"{MAX_FIELD_CHARS:,}-character limit; package refused"
    )


@pytest.mark.parametrize("name", ["../evil", "/etc/passwd", "a/../../b", "..\\win", "C:/x"])
def test_a_member_path_that_escapes_is_refused(tmp_path: Path, packages: dict[str, Path], name: str) -> None:
    with zipfile.ZipFile(packages["legacy"]) as z:
        members = {n: z.read(n) for n in z.namelist()}
    evil = zip_with(tmp_path / "evil.apkg", {**members, name: b"x"})
    with pytest.raises(IngestError) as err:
        read_source(evil, LIMIT)
    assert str(err.value) == f"{evil}: unsafe member name {name!r} (path traversal); package refused"


def test_a_package_of_only_the_placeholder_is_refused(tmp_path: Path, packages: dict[str, Path]) -> None:
    with zipfile.ZipFile(packages["modern"]) as z:
        placeholder = z.read("collection.anki2")
    only = zip_with(tmp_path / "only.apkg", {"collection.anki2": placeholder})
    with pytest.raises(IngestError, match="only Anki's 'please update' placeholder"):
        read_source(only, LIMIT)


def test_a_newer_package_version_is_refused(tmp_path: Path) -> None:
    newer = zip_with(tmp_path / "newer.apkg", {"meta": b"\x08\x09", "collection.anki21b": b""})
    with pytest.raises(IngestError, match="package version 9 is not supported"):
        read_source(newer, LIMIT)


def test_a_refused_package_writes_nothing_and_keeps_what_is_stored(
    tmp_path: Path, packages: dict[str, Path], make_index: Callable[..., CardIndex]
) -> None:
    index = make_index()
    assert index.ingest([packages["modern"]]).added == 5
    before = sorted((c.card_id, c.content_hash) for c in index.cards())
    bomb = zip_with(tmp_path / "modern.apkg", {"collection.anki2": bytes(150_000_000)})
    report = index.ingest([bomb])
    assert report.counts() == {"added": 0, "updated": 0, "unchanged": 0, "removed": 0, "skipped": 1}
    assert report.problems[0].source == str(bomb) and "zip bomb" in report.problems[0].reason
    assert sorted((c.card_id, c.content_hash) for c in index.cards()) == before
    assert isinstance(report.problems[0], Problem)
