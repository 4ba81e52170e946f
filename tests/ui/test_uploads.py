"""Uploads: safe names, size limit, refusal of anything that is not a readable text deck."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import IngestError
from tests.ui.conftest import SMALL_DECK
from ui.uploads import MAX_FILES, MAX_NAME_CHARS, safe_name, stage_uploads


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("my_deck.csv", "my_deck.csv"),
        ("Deck (v2).txt", "Deck (v2).txt"),
        ("café notes.txt", "café notes.txt"),
        ("a;b|c*?.csv", "a_b_c__.csv"),
        ("deck..v2.csv", "deck..v2.csv"),
    ],
)
def test_safe_names(name, expected):
    assert safe_name(name) == expected


@pytest.mark.parametrize(
    "name",
    ["", "  ", ".", "..", "../deck.csv", "../../etc/passwd", "a/b.csv", "a\\b.csv", ".hidden", "x\x00.csv"],
)
def test_names_that_could_leave_the_folder_are_refused(name):
    with pytest.raises(IngestError):
        safe_name(name)


def test_long_names_keep_their_suffix():
    name = safe_name("x" * 300 + ".csv")
    assert len(name) == MAX_NAME_CHARS and name.endswith(".csv")


def write(folder: Path, name: str, data: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def test_good_deck_is_copied_under_its_name(tmp_path):
    source = write(tmp_path / "gradio" / "abc123", "flash.csv", SMALL_DECK)
    staged = stage_uploads([source], tmp_path / "uploads", 5_000_000)
    assert staged.refused == []
    assert staged.paths == [(tmp_path / "uploads" / "flash.csv").resolve()]
    assert staged.paths[0].read_text() == SMALL_DECK


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary file, not a text deck"),
        ("empty.txt", b"", "file is empty"),
        ("notes.txt", b"just some prose without any cards in it", "no recognisable cards"),
        ("big.csv", ("Question;Answer\n" + "Why?;Because.\n" * 200).encode(), "over the 1,000-byte limit"),
    ],
)
def test_what_is_not_a_readable_deck_is_refused_with_its_reason(tmp_path, name, data, reason):
    source = write(tmp_path / "in", name, data)
    staged = stage_uploads([source], tmp_path / "uploads", 1_000)
    assert staged.paths == []
    [refused] = staged.refused
    assert refused.name == name and reason in refused.reason
    assert str(tmp_path) not in refused.reason  # named as the user knows it, not by its temp path
    assert not (tmp_path / "uploads" / name).exists()


def test_same_name_twice_in_one_upload_keeps_the_first(tmp_path):
    a = write(tmp_path / "a", "deck.csv", SMALL_DECK)
    b = write(tmp_path / "b", "deck.csv", SMALL_DECK)
    staged = stage_uploads([a, b], tmp_path / "uploads", 5_000_000)
    assert len(staged.paths) == 1
    assert [str(r) for r in staged.refused] == ["deck.csv: another file named deck.csv is in this upload"]


def test_too_many_files_are_refused(tmp_path):
    files = [write(tmp_path / "in", f"d{i}.csv", SMALL_DECK) for i in range(MAX_FILES + 2)]
    staged = stage_uploads(files, tmp_path / "uploads", 5_000_000)
    assert len(staged.paths) == MAX_FILES
    assert [r.reason for r in staged.refused] == [f"more than {MAX_FILES} files in one upload"] * 2


def test_nothing_is_written_outside_the_uploads_folder(tmp_path):
    source = write(tmp_path / "in", "deck.csv", SMALL_DECK)
    before = {p for p in tmp_path.rglob("*")}
    stage_uploads([source, "../../escape.csv"], tmp_path / "uploads", 5_000_000)
    new = {p for p in tmp_path.rglob("*")} - before
    assert new == {tmp_path / "uploads", tmp_path / "uploads" / "deck.csv"}


def test_an_anki_package_upload_is_kept_and_a_zip_bomb_refused(tmp_path):
    import zipfile

    from tests.support.anki_decks import build_collection, export_package

    col = build_collection(tmp_path / "c.anki2", reviews=0)
    package = export_package(col, tmp_path / "My deck.apkg")
    col.close()
    bomb = tmp_path / "bomb.apkg"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("collection.anki2", bytes(150_000_000))
    staged = stage_uploads([package, bomb], tmp_path / "uploads", 5_000_000)
    assert staged.paths == [(tmp_path / "uploads" / "My deck.apkg").resolve()]
    assert [r.name for r in staged.refused] == ["bomb.apkg"]
    assert "times its packed size" in staged.refused[0].reason
    assert str(tmp_path) not in staged.refused[0].reason
