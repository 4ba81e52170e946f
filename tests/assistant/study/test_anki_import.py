"""Importing an Anki package's review history: packages built and studied with the official
``anki`` package (its own scheduler answers the cards), imported into a real SQLite study
database, compared with what Anki says: due dates (± 1 day), FSRS memory states, review counts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
import pytest
from anki.collection import Collection

from assistant.study import Study
from assistant.study.anki_import import HistoryImport, import_packages
from ingest.cards import Card
from ingest.sources import read_source
from tests.assistant.study.support import make_study
from tests.support.anki_decks import anki_due, answer, build_collection, export_package, studied_collection

LIMIT = 10**8
DAY = timedelta(days=1)


def revlog(col: Collection, cid: int) -> list[tuple[int, int]]:
    """(id, ease) of the card's answers in Anki's own review log (manual entries left out)."""
    return [
        (int(r), int(e))
        for r, e in col.db.all("SELECT id, ease FROM revlog WHERE cid = ? AND ease > 0 ORDER BY id", cid)
    ]


def ingest(package: Path, study: Study, user: str = "default") -> list[HistoryImport]:
    """What ``sa.ingest`` does after the store took the package's cards (the study's catalog)."""
    cards = study.catalog.cards(include_practice=True)
    return import_packages({package.name: "anki-package"}, {package.name: package}, cards, study, user, LIMIT)


def package_cards(package: Path) -> list[Card]:
    return list(read_source(package, LIMIT)[0].cards)


@pytest.fixture(scope="module", params=["modern", "legacy"])
def fsrs_package(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp(f"fsrs-{request.param}")
    col, ids = studied_collection(folder / "c.anki2", fsrs_on=True)
    package = export_package(col, folder / "deck.apkg", legacy=request.param == "legacy")
    yield col, ids, package
    col.close()


@pytest.fixture(scope="module")
def sm2_package(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("sm2")
    col, ids = studied_collection(folder / "c.anki2", fsrs_on=False)
    package = export_package(col, folder / "deck.apkg")
    yield col, ids, package
    col.close()


IMPORTED = {"review", "learning", "relearning"}


def test_fsrs_memory_state_due_dates_and_counts_match_anki(tmp_path, fsrs_package):
    col, ids, package = fsrs_package
    study = make_study(tmp_path, package_cards(package))
    assert ingest(package, study) == [HistoryImport("deck.apkg", "default", 4, 6, 0)]
    states = study.db.states("default")
    expected_ids = sorted(k for k in ids if k != "reverse" and col.get_card(ids[k]).type != 0)
    assert sorted(states) == expected_ids
    for card_id, state in states.items():
        card = col.get_card(ids[card_id])
        assert state.state == {1: "learning", 2: "review", 3: "relearning"}[card.type]
        assert abs(state.due - anki_due(col, ids[card_id])) <= DAY, card_id
        assert state.stability == pytest.approx(card.memory_state.stability, rel=1e-6)
        assert state.difficulty == pytest.approx(card.memory_state.difficulty, rel=1e-6)
        assert (state.reviews, state.lapses) == (card.reps, card.lapses)
        log = revlog(col, ids[card_id])
        assert state.last_review == datetime.fromtimestamp(log[-1][0] / 1000, UTC)
    assert sorted(s.reviews for s in states.values()) == [1, 1, 2, 2]
    assert [s.lapses for s in states.values() if s.state == "relearning"] == [1]
    # the manual reschedule moved the review card 20 days out (Anki's "set due date")
    review = next(s for s in states.values() if s.state == "review" and s.reviews == 1)
    assert abs(review.due - (datetime.now(UTC) + 20 * DAY)) <= DAY


def test_reviews_are_logged_as_imported_with_their_anki_ids(tmp_path, fsrs_package):
    col, ids, package = fsrs_package
    study = make_study(tmp_path, package_cards(package))
    ingest(package, study)
    history = study.history()
    assert len(history) == 6
    assert all(r.imported and not r.overridden for r in history)
    expected = sorted(
        (rid, card_id, ["again", "hard", "good", "easy"][ease - 1])
        for card_id, cid in ids.items()
        if card_id != "reverse"
        for rid, ease in revlog(col, cid)
    )
    assert sorted((r.anki_revlog_id, r.card_id, r.rating) for r in history) == expected
    firsts = [r for r in history if r.state_before is None]
    assert len(firsts) == 4  # one first review per card: counted as a new card that day
    assert {r.source for r in history} == {"deck.apkg"}


def test_reimporting_the_same_package_adds_nothing(tmp_path, fsrs_package):
    _, _, package = fsrs_package
    study = make_study(tmp_path, package_cards(package))
    ingest(package, study)
    before = (study.db.states("default"), study.history())
    assert ingest(package, study) == [HistoryImport("deck.apkg", "default", 0, 0, 0)]
    assert (study.db.states("default"), study.history()) == before
    assert study.db.count_reviews("default") == 6


def test_an_updated_package_adds_only_its_new_reviews_and_users_are_separate(tmp_path):
    col, ids = studied_collection(tmp_path / "c.anki2", fsrs_on=True)
    first = export_package(col, tmp_path / "deck.apkg")
    study = make_study(tmp_path / "data", package_cards(first))
    ingest(first, study, user="ana")
    new_card = next(k for k in ids if k != "reverse" and col.get_card(ids[k]).type == 0)
    answer(col, ids[new_card], 4)
    second = export_package(col, tmp_path / "deck2.apkg")
    second = second.rename(tmp_path / "deck.apkg")
    assert ingest(second, study, user="ana") == [HistoryImport("deck.apkg", "ana", 1, 1, 0)]
    assert study.db.count_reviews("ana") == 7
    state = study.card_state(new_card, user="ana")
    assert state is not None and state.state == "review"
    assert abs(state.due - anki_due(col, ids[new_card])) <= DAY
    assert study.db.states("default") == {}
    col.close()


def test_a_schedule_studied_here_later_is_kept_on_reimport(tmp_path, fsrs_package):
    _, _, package = fsrs_package
    study = make_study(tmp_path, package_cards(package), fuzz_intervals=False)
    ingest(package, study)
    card_id = next(k for k, s in study.db.states("default").items() if s.state == "review")
    later = datetime.now(UTC) + timedelta(minutes=5)
    mine = study.review(card_id, "good", at=later)
    assert mine.reviews == study.db.states("default")[card_id].reviews
    ingest(package, study)
    assert study.card_state(card_id) == mine
    assert study.db.count_reviews("default") == 7


def test_without_a_memory_state_the_log_is_replayed_with_fsrs(tmp_path, sm2_package):
    col, ids, package = sm2_package
    study = make_study(tmp_path, package_cards(package))
    assert ingest(package, study) == [HistoryImport("deck.apkg", "default", 4, 6, 0)]
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    for card_id, state in study.db.states("default").items():
        card = col.get_card(ids[card_id])
        assert card.memory_state is None  # SM-2: Anki kept no memory state
        replayed = fsrs.Card(card_id=1)
        for rid, ease in revlog(col, ids[card_id]):
            at = datetime.fromtimestamp(rid / 1000, UTC)
            replayed, _ = scheduler.review_card(replayed, fsrs.Rating(ease), at)
        assert (state.stability, state.difficulty) == (replayed.stability, replayed.difficulty)
        assert abs(state.due - anki_due(col, ids[card_id])) <= DAY, card_id
        assert state.reviews == card.reps


def test_a_package_without_reviews_never_opens_the_study_database(tmp_path):
    col = build_collection(tmp_path / "c.anki2", reviews=0)
    package = export_package(col, tmp_path / "deck.apkg")
    col.close()
    study = make_study(tmp_path / "data", package_cards(package))
    assert ingest(package, study) == []
    assert study._db is None
    assert not (tmp_path / "data" / "study.db").exists()


def test_cards_not_in_the_store_are_left_out(tmp_path, fsrs_package):
    _, _, package = fsrs_package
    cards = [c for c in package_cards(package) if not c.card_id.endswith("-c1")]
    study = make_study(tmp_path, cards)
    assert ingest(package, study) == [HistoryImport("deck.apkg", "default", 3, 4, 1)]
    assert len(study.db.states("default")) == 3
    assert not any(card_id.endswith("-c1") for card_id in study.db.states("default"))


def test_a_review_log_made_before_imports_gets_its_new_column(tmp_path, fsrs_package):
    import sqlite3

    _, _, package = fsrs_package
    db = sqlite3.connect(tmp_path / "study.db")
    db.execute(
        "CREATE TABLE study_reviews (id INTEGER PRIMARY KEY, user_name VARCHAR(200) NOT NULL, "
        "card_id VARCHAR(300) NOT NULL, card_key INTEGER NOT NULL, source VARCHAR(500) NOT NULL, "
        "content_hash VARCHAR(64) NOT NULL, rating VARCHAR(8) NOT NULL, overridden BOOLEAN NOT NULL, "
        "overridden_from VARCHAR(8), verdict VARCHAR(12), score FLOAT, answer TEXT, elapsed_s FLOAT, "
        "reviewed_at DATETIME NOT NULL, state_before VARCHAR(12), due_after DATETIME NOT NULL, "
        "stability_after FLOAT, difficulty_after FLOAT, saved_at DATETIME NOT NULL)"
    )
    db.commit()
    db.close()
    study = make_study(tmp_path, package_cards(package))
    assert ingest(package, study) == [HistoryImport("deck.apkg", "default", 4, 6, 0)]
    assert ingest(package, study) == [HistoryImport("deck.apkg", "default", 0, 0, 0)]
    assert study.db.count_reviews("default") == 6


@pytest.mark.slow
def test_import_on_postgresql_once_per_user(tmp_path, fsrs_package, postgres_url):
    col, ids, package = fsrs_package
    study = make_study(tmp_path, package_cards(package), database_url=postgres_url)
    user = f"pg-{uuid.uuid4().hex[:8]}"
    assert ingest(package, study, user) == [HistoryImport("deck.apkg", user, 4, 6, 0)]
    assert ingest(package, study, user) == [HistoryImport("deck.apkg", user, 0, 0, 0)]
    assert study.db.count_reviews(user) == 6
    for card_id, state in study.db.states(user).items():
        assert abs(state.due - anki_due(col, ids[card_id])) <= DAY, card_id
    assert not (tmp_path / "study.db").exists()
