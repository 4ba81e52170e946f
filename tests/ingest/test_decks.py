"""Decks: listing and removing them, on the real embedded Chroma store with a fake embedder."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest.deck_registry import IN_STORE, is_fresh, timestamp
from ingest.decks import DeckInfo, find_deck, list_decks, remove_deck
from ingest.errors import DeckError
from ingest.index import CardIndex
from ingest.lexical import LexicalIndex
from ingest.local_cards import LocalCards
from ingest.parsers import parse_text
from tests.ingest.decks import SEED_FILES, SEEDS, seed_text
from tests.ingest.test_index import CSV, CSV_CARDS, CSV_CHUNKS, SEED_CHUNKS, assert_consistent, seed_cards

#: Cards with lint notes in each seed deck (practice prompts included), counted by hand from
#: ``study cards --lint``; :func:`test_seed_lint_counts_are_what_the_parsers_give` checks them.
SEED_LINT = {"000": 8, "001": 0, "002": 4, "003": 0, "004": 6}
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def seed_deck(key: str, folder: Path, ingested_at: str) -> DeckInfo:
    """What ``list_decks`` must say of the seed ``key`` read from ``folder``."""
    name = SEED_FILES[key].name
    expected = SEEDS[key]
    return DeckInfo(
        name=name,
        path=str((folder / name).resolve()),
        format=expected.format,
        cards=expected.answered,
        practice=expected.practice,
        lint=SEED_LINT[key],
        ingested_at=ingested_at,
    )


def ingest_timed(index: CardIndex, paths: list[Path]) -> str:
    """Ingest ``paths``; the one timestamp every deck read must carry (checked to be in the run)."""
    before = timestamp(datetime.now(UTC))
    index.ingest(paths)
    after = timestamp(datetime.now(UTC))
    stamps = {row["ingested_at"] for row in (index.store.deck_rows() or {}).values()}
    [stamp] = [s for s in stamps if before <= s <= after]
    assert ISO_UTC.match(stamp)
    return stamp


def test_seed_lint_counts_are_what_the_parsers_give() -> None:
    for key, lint in SEED_LINT.items():
        cards = parse_text(seed_text(key), SEED_FILES[key].name).cards
        assert sum(bool(c.lint) for c in cards) == lint, key


def test_list_decks_after_the_first_ingest(index: CardIndex, cards_dir: Path) -> None:
    stamp = ingest_timed(index, [cards_dir])
    assert list_decks(index.store) == [seed_deck(k, cards_dir, stamp) for k in sorted(SEEDS)]
    rows = index.store.deck_rows()
    assert rows is not None and set(rows) == {SEED_FILES[k].name for k in SEEDS}
    assert rows[CSV] == {
        "path": str((cards_dir / CSV).resolve()),
        "format": "semicolon-csv",
        "ingested_at": stamp,
        "state": IN_STORE,
    }


def test_a_new_ingest_records_the_new_path_and_time_of_the_decks_it_read(
    index: CardIndex, cards_dir: Path, tmp_path: Path
) -> None:
    first = ingest_timed(index, [cards_dir])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(cards_dir / CSV, elsewhere / CSV)
    (tmp_path / "broken").mkdir()
    broken = tmp_path / "broken" / SEED_FILES["001"].name
    broken.write_text("")  # unreadable: the deck keeps its cards and its last row
    second = ingest_timed(index, [elsewhere, broken])
    assert second >= first
    decks = {d.name: d for d in list_decks(index.store)}
    assert decks[CSV] == seed_deck("000", elsewhere, second)
    assert decks[SEED_FILES["001"].name] == seed_deck("001", cards_dir, first)
    assert decks[SEED_FILES["004"].name] == seed_deck("004", cards_dir, first)


def test_a_deck_stored_before_the_registry_is_listed_with_what_the_store_knows(
    index: CardIndex, cards_dir: Path
) -> None:
    index.ingest([cards_dir / CSV])
    index.store._client.delete_collection(index.store._registry_name)  # as a store from before
    assert index.store.deck_rows() is None
    assert list_decks(index.store) == [DeckInfo(CSV, None, None, CSV_CARDS, 0, SEED_LINT["000"], None)]
    assert not is_fresh(index.store)  # it holds cards


def test_remove_a_deck_from_the_store_and_every_local_index(
    index: CardIndex, cards_dir: Path, make_index: Callable[..., CardIndex]
) -> None:
    stamp = ingest_timed(index, [cards_dir])
    before = index.store.revision
    removed = remove_deck(index, CSV)
    assert removed == seed_deck("000", cards_dir, stamp)
    assert index.store.revision != before
    kept = [c for c in seed_cards() if c.source != CSV]
    assert index.store.cards() == sorted(kept, key=lambda c: (c.source, c.card_id))
    assert index.store.count_chunks() == SEED_CHUNKS - CSV_CHUNKS
    assert [d.name for d in list_decks(index.store)] == [
        SEED_FILES[k].name for k in ["001", "002", "003", "004"]
    ]
    assert CSV not in (index.store.deck_rows() or {})
    assert_consistent(index)  # BM25, chunk vectors and card copy hold exactly the rest
    snapshot = index.snapshot
    assert not any(cid.startswith(tuple(c.card_id for c in seed_cards() if c.source == CSV))
                   for cid in snapshot.lexical.chunk_ids)  # fmt: skip
    assert snapshot.cards.get([c.card_id for c in seed_cards() if c.source == CSV]) == {}
    # Saved for the new revision: another process loads them instead of rebuilding.
    revision = index.store.revision
    assert LexicalIndex.load(index.state_dir / "lexical", revision) is not None
    saved = LocalCards.load(index.state_dir / "cards", revision)
    assert saved is not None and sorted(saved.card_ids) == sorted(
        c.card_id for c in kept if not c.is_practice
    )
    # A re-ingest of the remaining decks finds nothing to do, and the removed one comes back whole.
    again = make_index()
    report = again.ingest([cards_dir])
    assert report.counts() == {"added": CSV_CARDS, "updated": 0, "unchanged": 124 - CSV_CARDS, "removed": 0,
                               "skipped": 0}  # fmt: skip
    assert again.store.count_chunks() == SEED_CHUNKS
    assert_consistent(again)


def test_remove_by_the_path_it_was_ingested_from(index: CardIndex, cards_dir: Path) -> None:
    index.ingest([cards_dir])
    removed = remove_deck(index, str(cards_dir / SEED_FILES["003"].name))
    assert (removed.name, removed.cards, removed.practice) == (SEED_FILES["003"].name, 10, 2)
    assert SEED_FILES["003"].name not in {d.name for d in list_decks(index.store)}


def test_an_unknown_deck_is_refused_naming_it_and_the_decks_there_are(
    index: CardIndex, cards_dir: Path
) -> None:
    with pytest.raises(DeckError) as empty:
        remove_deck(index, "mine.csv")
    assert str(empty.value) == "no deck named 'mine.csv' in the store; it holds no deck"
    index.ingest([cards_dir / SEED_FILES["001"].name, cards_dir / SEED_FILES["003"].name])
    chunks = index.store.count_chunks()
    with pytest.raises(DeckError) as err:
        remove_deck(index, "mine.csv")
    assert str(err.value) == (
        "no deck named 'mine.csv' in the store; "
        "its decks are 001_43092e04bfd5a145.txt, 003_97bb6d8cf1568471.txt"
    )
    assert index.store.count_chunks() == chunks


def test_find_deck_prefers_the_exact_name() -> None:
    decks = [DeckInfo("a.csv", None, None, 1, 0, 0, None), DeckInfo("x/a.csv", None, None, 2, 0, 0, None)]
    assert find_deck(decks, "x/a.csv").cards == 2
    assert find_deck(decks, "/home/me/a.csv").cards == 1


def test_a_store_is_fresh_until_a_deck_is_recorded_and_stays_unfresh_when_emptied(
    index: CardIndex, cards_dir: Path, tmp_path: Path
) -> None:
    assert is_fresh(index.store)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    index.ingest([empty])  # read nothing: still fresh
    assert is_fresh(index.store) and index.store.deck_rows() is None
    index.ingest([cards_dir / SEED_FILES["001"].name])
    assert not is_fresh(index.store)
    remove_deck(index, SEED_FILES["001"].name)
    assert index.store.count_chunks() == 0
    assert index.store.deck_rows() == {}
    assert not is_fresh(index.store)
    assert list_decks(index.store) == []
    assert_consistent(index)
