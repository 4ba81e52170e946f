"""The local cards' file: written a card at a time, read back by id through ``mmap``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.cards import Card
from ingest.errors import StoreError
from ingest.local_cards import LocalCards
from tests.support.threads import errors_of_concurrent_calls

CARDS = [
    Card("a", "deck.csv", "What is a head?", "One attention.", metadata={"uuid": "1"}),
    Card("b", "quiz.md", "Qué es d_k? «clé»", "La dimension des clés.\nDeux lignes.", kind="recall"),
    Card("c", "deck.csv", "Why √d_k?", "To keep the softmax soft.", lint=("short answer",)),
]


def write(directory: Path, revision: str = "r1", cards: list[Card] = CARDS) -> LocalCards:
    with LocalCards.writer(directory, revision) as out:
        for card in cards:
            out.add(card)
    assert out.cards is not None
    return out.cards


def test_cards_come_back_equal_by_id_and_unknown_ids_are_left_out(tmp_path: Path) -> None:
    cards = write(tmp_path / "cards")
    assert cards.get(["c", "missing", "a"]) == {"c": CARDS[2], "a": CARDS[0]}
    assert list(cards.get(["c", "missing", "a"])) == ["c", "a"]  # in the order asked
    assert cards.get([]) == {}
    assert len(cards) == 3 and cards.card_ids == ["a", "b", "c"]


def test_saved_cards_load_back_for_their_revision_only(tmp_path: Path) -> None:
    write(tmp_path / "cards", "r1")
    loaded = LocalCards.load(tmp_path / "cards", "r1")
    assert loaded is not None and loaded.revision == "r1"
    assert loaded.get(["a", "b", "c"]) == {c.card_id: c for c in CARDS}
    assert LocalCards.load(tmp_path / "cards", "r2") is None
    assert LocalCards.load(tmp_path / "nothing-here", "r1") is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cards"]  # no temporary folder left
    lines = (tmp_path / "cards" / "cards.jsonl").read_bytes().splitlines()
    assert [json.loads(line)["card_id"] for line in lines] == ["a", "b", "c"]  # one card per line


def test_no_cards_at_all(tmp_path: Path) -> None:
    write(tmp_path / "cards", cards=[])
    loaded = LocalCards.load(tmp_path / "cards", "r1")
    assert loaded is not None and len(loaded) == 0
    assert loaded.get(["a"]) == {}


def test_a_failed_write_keeps_what_was_saved(tmp_path: Path) -> None:
    write(tmp_path / "cards", "r1")
    with (
        pytest.raises(RuntimeError, match="store went away"),
        LocalCards.writer(tmp_path / "cards", "r2") as out,
    ):
        out.add(CARDS[0])
        raise RuntimeError("store went away")
    assert LocalCards.load(tmp_path / "cards", "r2") is None
    loaded = LocalCards.load(tmp_path / "cards", "r1")
    assert loaded is not None and len(loaded) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cards"]


def test_a_damaged_copy_is_an_error_naming_the_folder_or_the_card(tmp_path: Path) -> None:
    write(tmp_path / "cards")
    data = tmp_path / "cards" / "cards.jsonl"
    whole = data.read_bytes()
    data.write_bytes(whole[:20])  # cut short
    with pytest.raises(StoreError, match=r"local cards in .*cards are cut short: 20 bytes of \d+"):
        LocalCards.load(tmp_path / "cards", "r1")
    data.write_bytes(whole.replace(b'"card_id": "b"', b'"card_id": "x"'))  # same length, another card's id
    loaded = LocalCards.load(tmp_path / "cards", "r1")
    assert loaded is not None
    with pytest.raises(StoreError, match=r"local card b is unreadable: its line holds card x"):
        loaded.get(["b"])
    data.write_bytes(whole.replace(b'"card_id": "c"', b'"card_id"; "c"'))
    loaded = LocalCards.load(tmp_path / "cards", "r1")
    assert loaded is not None and loaded.get(["a"]) == {"a": CARDS[0]}
    with pytest.raises(StoreError, match=r"local card c is unreadable: JSONDecodeError"):
        loaded.get(["c"])
    (tmp_path / "cards" / "index.json").write_text("{not json")
    with pytest.raises(StoreError, match=r"local cards in .*cards are unreadable"):
        LocalCards.load(tmp_path / "cards", "r1")


def test_racing_writes_leave_one_whole_save_and_every_writer_its_own_cards(tmp_path: Path) -> None:
    """Two threads rewrite the folder 40 times each, for two revisions with different answers."""
    answers = {"even": "Even.", "odd": "Odd, and longer."}

    def write_many(revision: str) -> None:
        cards = [Card(c.card_id, c.source, c.question, answers[revision]) for c in CARDS]
        for _ in range(40):
            got = write(tmp_path / "cards", revision, cards)
            # whichever write landed, this writer reads back what it wrote
            assert got.revision == revision and got.get(["b"])["b"].answer == answers[revision]

    assert errors_of_concurrent_calls(write_many, answers) == []
    landed = [c for r in answers if (c := LocalCards.load(tmp_path / "cards", r)) is not None]
    assert len(landed) == 1
    assert landed[0].get(["a"])["a"].answer == answers[landed[0].revision]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cards"]
