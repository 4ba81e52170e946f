"""Reading a source file: encodings, and refusing what is not a readable text deck."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.reader import read_text
from tests.ingest.decks import SEED_FILES, USER_DECKS

LIMIT = 5_000_000
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


def write(tmp_path: Path, data: bytes, name: str = "deck.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("key", sorted(SEED_FILES))
def test_seed_is_read_as_utf8_without_notes(key: str) -> None:
    path = SEED_FILES[key]
    assert read_text(path, LIMIT) == (path.read_text(encoding="utf-8"), [])


@pytest.mark.parametrize("key", sorted(SEED_FILES))
def test_utf8_bom_is_dropped(tmp_path: Path, key: str) -> None:
    text = SEED_FILES[key].read_text(encoding="utf-8")
    assert read_text(write(tmp_path, text.encode("utf-8-sig")), LIMIT) == (text, [])


@pytest.mark.parametrize("key", sorted(SEED_FILES))
def test_utf16_with_bom_is_read_with_a_note(tmp_path: Path, key: str) -> None:
    text = SEED_FILES[key].read_text(encoding="utf-8")
    for encoding in ("utf-16-le", "utf-16-be"):
        bom = b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff"
        path = write(tmp_path, bom + text.encode(encoding))
        assert read_text(path, LIMIT) == (text, ["decoded as UTF-16"])


@pytest.mark.parametrize("name", sorted(USER_DECKS))
def test_cp1252_deck_is_read_with_a_note(tmp_path: Path, name: str) -> None:
    text = USER_DECKS[name][0]
    path = write(tmp_path, text.encode("cp1252"))
    assert read_text(path, LIMIT) == (text, ["file is not valid UTF-8; decoded as cp1252"])


def test_utf8_cut_inside_a_character_keeps_the_text_before_it(tmp_path: Path) -> None:
    data = "Question;Answer\nWhat is α?;A weight ≤".encode()
    path = write(tmp_path, data[:-1])  # "≤" is three bytes: the last one is cut off
    assert read_text(path, LIMIT) == (
        "Question;Answer\nWhat is α?;A weight ",
        ["file ends in the middle of a character (truncated?); the partial character was dropped"],
    )


@pytest.mark.parametrize(
    ("tail", "cut", "kept"),
    [("A weight", 1, "A weigh"), ("A weight 𝛼", 2, "A weight ")],
    ids=["half-a-code-unit", "half-a-surrogate-pair"],
)
def test_utf16_cut_inside_a_character_keeps_the_text_before_it(
    tmp_path: Path, tail: str, cut: int, kept: str
) -> None:
    data = f"Question;Answer\nWhat is α?;{tail}".encode("utf-16")
    path = write(tmp_path, data[:-cut])
    assert read_text(path, LIMIT) == (
        f"Question;Answer\nWhat is α?;{kept}",
        [
            "decoded as UTF-16",
            "file ends in the middle of a character (truncated?); the partial character was dropped",
        ],
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "file is empty"),
        (b"   \n\t\r\n  ", "file is empty"),
        (PNG, "binary file, not a text deck"),
        (PNG[:8] + b"\x00" * 64, "binary file, not a text deck"),
        (bytes(range(1, 9)) * 40, "binary file, not a text deck"),
        ("Question;Answer\n".encode("utf-16-le") + b"\x00\xd8", "binary file, not a text deck"),
        (
            b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xdc" + "cd".encode("utf-16-le"),
            "not valid UTF-16 (illegal encoding)",
        ),
    ],
    ids=[
        "empty",
        "whitespace",
        "png",
        "png-header-and-nuls",
        "control-bytes",
        "utf16-no-bom",
        "utf16-lone-surrogate",
    ],
)
def test_unreadable_files_raise_ingest_error_naming_path_and_reason(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    path = write(tmp_path, data)
    with pytest.raises(IngestError) as err:
        read_text(path, LIMIT)
    assert str(err.value) == f"{path}: {reason}"


def test_oversized_file_names_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path, SEED_FILES["000"].read_bytes())
    with pytest.raises(IngestError) as err:
        read_text(path, 19_791)
    assert str(err.value) == f"{path}: file is 19,792 bytes, over the 19,791-byte limit"
    assert read_text(path, 19_792)[0].startswith("Question;Answer;UUID\n")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as err:
        read_text(tmp_path / "nope.txt", LIMIT)
    assert str(err.value) == f"{tmp_path / 'nope.txt'}: cannot read file (No such file or directory)"
    with pytest.raises(IngestError) as err:
        read_text(tmp_path, LIMIT)
    assert str(err.value) == f"{tmp_path}: cannot read file (Is a directory)"


def test_bytes_cp1252_leaves_undefined_are_read_as_latin1(tmp_path: Path) -> None:
    path = write(tmp_path, b"Question;Answer\nq;a \x81\x9d\n")
    text, notes = read_text(path, 10_000)
    assert text == "Question;Answer\nq;a \x81\x9d\n"
    assert notes == ["file is not valid UTF-8 or cp1252; decoded as Latin-1"]
