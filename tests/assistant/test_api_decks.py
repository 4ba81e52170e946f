"""Decks through :class:`StudyAssistant`: a new user's own deck on a fresh store, the bundled
decks only when nothing is named, listing and removing decks (real MiniLM, real Chroma)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.api import StudyAssistant
from ingest.deck_registry import is_fresh
from ingest.decks import DeckInfo
from ingest.errors import DeckError
from ingest.parsers import parse_text
from tests.ingest.decks import SEED_FILES
from tests.ingest.test_decks import SEED_LINT

pytestmark = pytest.mark.slow

MY_DECK = (
    "Question;Answer\n"
    "What is a zorblax gate?;A zorblax gate routes tokens to experts by hashing.\n"
    "What does a flumph layer do?;A flumph layer averages neighbouring token vectors.\n"
)
QUIZ = SEED_FILES["003"].name
BUNDLED = sorted(p.name for p in SEED_FILES.values())


@pytest.fixture
def fresh(bundled_settings, tmp_path):
    """The session's settings over an empty data dir of this test's own."""
    return bundled_settings.model_copy(update={"data_dir": tmp_path / "data"})


@pytest.fixture
def own_store(bundled_settings, study, tmp_path) -> StudyAssistant:
    """An assistant over a private copy of the session's store (the bundled decks)."""
    data_dir = tmp_path / "copy"
    shutil.copytree(bundled_settings.data_dir, data_dir)
    return StudyAssistant(bundled_settings.model_copy(update={"data_dir": data_dir}))


def write_deck(tmp_path: Path) -> Path:
    deck = tmp_path / "my_deck.csv"
    deck.write_text(MY_DECK, encoding="utf-8")
    return deck


def test_a_new_users_own_deck_on_a_fresh_store_gives_exactly_that_decks_cards(fresh, tmp_path):
    deck = write_deck(tmp_path)
    sa = StudyAssistant(fresh)
    assert is_fresh(sa.index.store)
    report = sa.ingest([deck])
    assert report.counts() == {"added": 2, "updated": 0, "unchanged": 0, "removed": 0, "skipped": 0}
    expected = sorted(parse_text(MY_DECK, "my_deck.csv").cards, key=lambda c: c.card_id)
    assert sa.cards(include_practice=True) == expected
    [info] = sa.decks()
    assert info == DeckInfo("my_deck.csv", str(deck.resolve()), "semicolon-csv", 2, 0, 0, info.ingested_at)
    answer = sa.ask("what does a zorblax gate do?")
    assert not answer.abstained and answer.citations[0].source == "my_deck.csv"
    # Another assistant on the same store (a later run) does not bring the bundled decks in.
    later = StudyAssistant(fresh)
    assert later.load_bundled_if_fresh() is None
    assert later.cards(include_practice=True) == expected


def test_the_bundled_decks_load_on_a_fresh_store_when_nothing_is_named(fresh):
    sa = StudyAssistant(fresh)
    report = sa.load_bundled_if_fresh()
    assert report is not None
    assert report.counts() == {"added": 124, "updated": 0, "unchanged": 0, "removed": 0, "skipped": 0}
    assert sa.load_bundled_if_fresh() is None
    assert [d.name for d in sa.decks()] == BUNDLED
    # Asking first loads them too.
    other = StudyAssistant(fresh.model_copy(update={"data_dir": fresh.data_dir.parent / "other"}))
    assert other.ask("Why divide by sqrt(d_k)?").citations
    assert len(other.cards()) == 118


def test_remove_a_deck_then_its_cards_are_gone_and_the_others_stay(own_store):
    before = own_store.decks()
    [quiz] = [d for d in before if d.name == QUIZ]
    assert (quiz.cards, quiz.practice, quiz.lint, quiz.format) == (10, 2, SEED_LINT["003"], "recall-quiz")
    others = {c.card_id: c for c in own_store.cards(include_practice=True) if c.source != QUIZ}
    assert own_store.remove(QUIZ) == quiz
    assert {c.card_id: c for c in own_store.cards(include_practice=True)} == others
    assert own_store.decks() == [d for d in before if d.name != QUIZ]
    hits = own_store.retrieve("Why divide by sqrt(d_k)?", k=20)
    assert hits and all(h.source != QUIZ for h in hits)
    with pytest.raises(DeckError) as err:
        own_store.remove(QUIZ)
    assert str(err.value) == (
        f"no deck named '{QUIZ}' in the store; its decks are " + ", ".join(n for n in BUNDLED if n != QUIZ)
    )


def test_removing_every_deck_leaves_an_empty_store_the_bundled_decks_do_not_refill(own_store, tmp_path):
    for deck in own_store.decks():
        own_store.remove(deck.name)
    assert own_store.decks() == [] and own_store.cards(include_practice=True) == []
    answer = own_store.ask("Why divide by sqrt(d_k)?")
    assert answer.abstained and answer.citations == ()
    again = StudyAssistant(own_store.settings)
    assert again.cards(include_practice=True) == []
    deck = write_deck(tmp_path)
    assert again.ingest([deck]).added == 2  # an upload on an emptied store adds only itself
    assert [d.name for d in again.decks()] == ["my_deck.csv"]
