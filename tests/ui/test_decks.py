"""The Decks tab's deck list and remove button, over the real assistant, without a browser."""

from __future__ import annotations

import pytest

from tests.ingest.decks import SEED_FILES
from tests.ingest.test_decks import SEED_LINT
from tests.ui.conftest import SMALL_DECK, RecordingLock
from ui import decks, handlers, render

pytestmark = pytest.mark.slow

BUNDLED = sorted(p.name for p in SEED_FILES.values())
BLOG = SEED_FILES["001"].name


@pytest.fixture
def own_study(copy_store):
    return copy_store()


def test_the_deck_table_lists_every_deck_with_its_counts(own_study):
    lock = RecordingLock()
    rows, names, count = decks.deck_table(own_study, lock=lock)
    assert lock.events == ["MainThread reads", "MainThread done"]
    assert names == BUNDLED
    assert count == "5 decks: 118 cards, 6 practice prompts"
    path = str((own_study.settings.cards_dir / BLOG).resolve())
    [blog] = [r for r in rows if r[0] == BLOG]
    assert blog[:5] == [BLOG, "blog", "2", "0", str(SEED_LINT["001"])]
    assert blog[6] == path
    assert [r[2] for r in rows] == ["57", "2", "1", "10", "48"]
    assert [r[3] for r in rows] == ["0", "0", "4", "2", "0"]


def test_remove_asks_first_then_removes_and_the_tables_follow(own_study):
    assert decks.removal_question(own_study, None) is None
    assert decks.removal_question(own_study, "nope.csv") is None
    question = decks.removal_question(own_study, BLOG)
    assert question == (
        f"Remove **{BLOG}** and its 2 cards and 0 practice prompts from the store? Your study "
        "history is kept; ingesting the file again brings the cards back.\n"
    )
    lock = RecordingLock()
    text = decks.remove_deck(own_study, BLOG, lock=lock)
    assert text == f"Removed **{BLOG}**: 2 cards and 0 practice prompts.\n"
    assert lock.events == ["MainThread writes", "MainThread done"]
    rows, names, count = decks.deck_table(own_study)
    assert names == [n for n in BUNDLED if n != BLOG]
    assert count == "4 decks: 116 cards, 6 practice prompts"
    card_rows, card_count = handlers.cards_table(own_study)
    assert card_count == "116 cards" and all(r[0] != BLOG for r in card_rows)
    assert "| cards | 116 answered and 6 practice prompts in 4 decks |" in handlers.status_markdown(own_study)


def test_removing_an_uploaded_deck_deletes_the_uploaded_copy_too(own_study, tmp_path):
    deck = tmp_path / "flash_attention.csv"
    deck.write_text(SMALL_DECK)
    handlers.ingest(own_study, [deck])
    kept = own_study.settings.data_dir / "uploads" / "flash_attention.csv"
    assert kept.read_text() == SMALL_DECK
    _, names, _ = decks.deck_table(own_study)
    assert "flash_attention.csv" in names
    text = decks.remove_deck(own_study, "flash_attention.csv")
    assert text == (
        "Removed **flash_attention.csv**: 3 cards and 0 practice prompts. Its uploaded copy is deleted too.\n"
    )
    assert not kept.exists()
    assert deck.read_text() == SMALL_DECK  # the user's own file is never touched


def test_nothing_chosen_or_an_unknown_deck_says_why(own_study):
    assert decks.remove_deck(own_study, None) == decks.CHOOSE
    assert decks.remove_deck(own_study, "") == decks.CHOOSE
    text = decks.remove_deck(own_study, "nope.csv")
    assert text == render.error_html(
        "remove failed: no deck named 'nope.csv' in the store; its decks are " + ", ".join(BUNDLED)
    )
    assert len(own_study.cards()) == 118
