"""The ingest pipeline before the store: finding files, parsing them, and the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.cards import Problem
from ingest.pipeline import IngestReport, expand_paths, parse_files
from tests.ingest.decks import SEED_FILES, SEEDS, USER_DECKS, copy_seeds
from tests.ingest.test_parsers import BROKEN_CSV
from tests.ingest.test_reader import PNG

LIMIT = 5_000_000
MISCOUNT = "the header claims 47 cards, 48 question/answer pairs were found"


def test_report_counts_summary_and_dict() -> None:
    report = IngestReport(
        added_ids=["a", "b", "c"],
        unchanged_ids=["d"],
        removed_ids=["e"],
        problems=[Problem("/x/bad.txt", None, "file is empty"), Problem("deck.csv", 4, "broken CSV row")],
        warnings=[Problem("deck.txt", 1, "header miscount", skipped=False)],
        sources={"deck.csv": "semicolon-csv"},
    )
    assert report.counts() == {"added": 3, "updated": 0, "unchanged": 1, "removed": 1, "skipped": 2}
    assert report.summary() == "added 3, updated 0, unchanged 1, removed 1, skipped 2"
    assert report.changed is True
    assert report.to_dict() == {
        "added": 3,
        "updated": 0,
        "unchanged": 1,
        "removed": 1,
        "skipped": 2,
        "added_ids": ["a", "b", "c"],
        "updated_ids": [],
        "removed_ids": ["e"],
        "problems": ["/x/bad.txt: file is empty", "deck.csv:4: broken CSV row"],
        "warnings": ["deck.txt:1: header miscount"],
        "sources": {"deck.csv": "semicolon-csv"},
    }


def test_report_with_only_unchanged_cards_has_not_changed() -> None:
    report = IngestReport(unchanged_ids=["a"], problems=[Problem("x", None, "why")])
    assert (report.changed, report.summary()) == (
        False,
        "added 0, updated 0, unchanged 1, removed 0, skipped 1",
    )


def test_expand_paths_reads_folders_sorted_and_skips_hidden_files(tmp_path: Path) -> None:
    folder = copy_seeds(tmp_path / "cards")
    (folder / ".hidden.txt").write_text("Question;Answer\nq;a\n")
    (folder / "sub").mkdir()
    extra = tmp_path / "extra.csv"
    extra.write_text("Question;Answer\nq;a\n")
    report = IngestReport()
    files = expand_paths([folder, extra, tmp_path / "missing"], report)
    assert files == [folder / p.name for p in sorted(SEED_FILES.values())] + [extra]
    assert report.problems == [Problem(str(tmp_path / "missing"), None, "no such file or folder")]


def test_parse_files_on_the_seeds(tmp_path: Path) -> None:
    folder = copy_seeds(tmp_path / "cards")
    report = IngestReport()
    parsed = parse_files(expand_paths([folder], report), LIMIT, report)
    assert report.sources == {SEED_FILES[k].name: SEEDS[k].format for k in sorted(SEEDS)}
    assert {name: len(cards) for name, cards in parsed.items()} == {
        SEED_FILES[k].name: SEEDS[k].answered + SEEDS[k].practice for k in sorted(SEEDS)
    }
    assert report.problems == []
    assert report.warnings == [Problem("004_fcda2a779abf61b9.txt", 1, MISCOUNT, skipped=False)]


BAD_FILES = {
    "empty": (b"", "file is empty"),
    "whitespace": (b" \n\n\t \r\n", "file is empty"),
    "binary": (PNG + b"\x00" * 200, "binary file, not a text deck"),
    "no-cards": (
        b"Some notes I took.\nNothing here is a card.\n",
        "no recognisable cards (not a known deck format)",
    ),
    "oversized": (
        b"Question;Answer\n" + b"What is x?;y\n" * 2500,
        "file is 32,516 bytes, over the 25,000-byte limit",
    ),
}


@pytest.mark.parametrize("bad", sorted(BAD_FILES))
@pytest.mark.parametrize("key", sorted(SEEDS))
def test_a_bad_file_is_skipped_and_the_good_ones_are_read(tmp_path: Path, key: str, bad: str) -> None:
    folder = copy_seeds(tmp_path / "cards")
    data, reason = BAD_FILES[bad]
    broken = folder / SEED_FILES[key].name
    broken.write_bytes(data)
    report = IngestReport()
    parsed = parse_files(expand_paths([folder], report), 25_000, report)
    assert report.problems == [Problem(str(broken), None, reason)]
    good = sorted(k for k in SEEDS if k != key)
    assert {name: len(cards) for name, cards in parsed.items()} == {
        SEED_FILES[k].name: SEEDS[k].answered + SEEDS[k].practice for k in good
    }
    assert report.sources == {SEED_FILES[k].name: SEEDS[k].format for k in good}


def test_broken_rows_are_reported_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(BROKEN_CSV)
    report = IngestReport()
    parsed = parse_files([path], LIMIT, report)
    assert len(parsed["mine.csv"]) == 4
    assert [str(p) for p in report.problems] == [
        "mine.csv:3: broken CSV row: 1 field(s), the header has 3",
        "mine.csv:4: broken CSV row: unexpected end of data",
        "mine.csv:7: row has an empty question",
    ]
    # the card with a bad id is kept under a hash id: a warning, not a skip
    assert [str(p) for p in report.warnings] == ["mine.csv:5: id 'not-a-uuid' is not a UUID; using a hash id"]


def test_decoding_notes_are_warnings(tmp_path: Path) -> None:
    path = tmp_path / "mine.txt"
    path.write_bytes(USER_DECKS["flashcard-export"][0].encode("cp1252"))
    report = IngestReport()
    parsed = parse_files([path], LIMIT, report)
    assert len(parsed["mine.txt"]) == 3
    assert report.problems == []
    assert report.warnings == [
        Problem(str(path), None, "file is not valid UTF-8; decoded as cp1252", skipped=False)
    ]


def test_duplicate_uuid_in_a_second_file_is_skipped(tmp_path: Path) -> None:
    folder = copy_seeds(tmp_path / "cards")
    (folder / "zz_mine.csv").write_text(
        "Question;Answer;UUID\n"
        "My own copy?;Mine.;72db265c-41e3-4ecf-be84-e6696a339ddc\n"
        "Something new?;Yes.;5e8a1c2d-3b4f-4a6e-9d7c-8f9e0a1b2c3d\n"
    )
    report = IngestReport()
    parsed = parse_files(expand_paths([folder], report), LIMIT, report)
    assert [c.card_id for c in parsed["zz_mine.csv"]] == ["5e8a1c2d-3b4f-4a6e-9d7c-8f9e0a1b2c3d"]
    assert report.problems == [
        Problem(
            "zz_mine.csv",
            None,
            "duplicate card id 72db265c-41e3-4ecf-be84-e6696a339ddc (first seen in"
            " 000_e99f669388c05c9c.txt): 'My own copy?'",
        )
    ]
    assert len(parsed["000_e99f669388c05c9c.txt"]) == 57


def test_second_file_with_the_same_name_is_skipped(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    copy_seeds(one)
    two.mkdir()
    (two / SEED_FILES["001"].name).write_bytes(SEED_FILES["001"].read_bytes())
    report = IngestReport()
    parsed = parse_files(expand_paths([one, two], report), LIMIT, report)
    assert len(parsed) == 5
    assert report.problems == [
        Problem(
            str(two / SEED_FILES["001"].name),
            None,
            f"another file named {SEED_FILES['001'].name} was read first",
        )
    ]
