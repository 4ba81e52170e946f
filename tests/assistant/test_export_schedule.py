"""``study export --anki`` with the study schedule: the official ``anki`` package imports the
package with its scheduling and sees the due dates (± 1 day), intervals, counts and FSRS memory
states the study database holds; and a deck studied in Anki keeps its due dates through an
import into the study database and an export back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from anki.collection import Collection

from assistant.export import export_anki, to_schedule
from assistant.study import CardState
from assistant.study.anki_import import import_packages
from ingest.cards import Card
from ingest.sources import read_source
from tests.assistant.study.support import make_study
from tests.support.anki_decks import anki_due, export_package, import_into_new_collection, studied_collection

DAY = timedelta(days=1)
NOW = datetime.now(UTC).replace(microsecond=0)
CARDS = [Card(f"q-{n}", "mine.csv", f"Question {n}?", f"Answer {n}.") for n in range(5)]
STATES = {
    "q-0": CardState("q-0", NOW + 10 * DAY, "review", 12.3456, 4.5, 3, 1, None, NOW - 2 * DAY),
    "q-1": CardState("q-1", NOW + timedelta(minutes=10), "learning", 0.4, 6.1, 1, 0, 0, NOW),
    "q-2": CardState("q-2", NOW - 3 * DAY, "review", 30.0, 2.25, 5, 0, None, NOW - 33 * DAY),
    "q-3": CardState("q-3", NOW + 2 * DAY, "relearning", 1.5, 8.0, 7, 2, 0, NOW - DAY),
}


def cards_by_guid(col: Collection) -> dict[str, int]:
    return {col.get_note(col.get_card(cid).nid).guid: cid for cid in col.find_cards("")}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("sched")
    path = folder / "out.apkg"
    assert export_anki(CARDS, path, STATES, 0.9) == 5
    col = import_into_new_collection(path, folder, with_scheduling=True)
    yield col, cards_by_guid(col)
    col.close()


def test_anki_sees_the_due_dates(imported):
    col, ids = imported
    for card_id, state in STATES.items():
        assert abs(anki_due(col, ids[card_id]) - state.due) <= DAY, card_id
    learning = col.get_card(ids["q-1"])
    assert (learning.queue, learning.due) == (1, int((NOW + timedelta(minutes=10)).timestamp()))


def test_anki_sees_the_states_intervals_counts_and_memory_states(imported):
    col, ids = imported
    got = {}
    for card_id in STATES:
        card = col.get_card(ids[card_id])
        memory = card.memory_state
        got[card_id] = (
            card.type,
            card.ivl,
            card.reps,
            card.lapses,
            round(memory.stability, 4),
            round(memory.difficulty, 3),
        )
    assert got == {
        "q-0": (2, 12, 3, 1, 12.3456, 4.5),
        "q-1": (1, 0, 1, 0, 0.4, 6.1),
        "q-2": (2, 30, 5, 0, 30.0, 2.25),
        "q-3": (3, 3, 7, 2, 1.5, 8.0),
    }


def test_a_card_never_studied_stays_new(imported):
    col, ids = imported
    card = col.get_card(ids["q-4"])
    assert (card.type, card.queue, card.reps, card.memory_state) == (0, 0, 0, None)


def test_the_interval_runs_from_the_last_review_to_the_due_date():
    assert to_schedule(STATES["q-0"], 0.9).interval_days == 12
    assert to_schedule(STATES["q-2"]).interval_days == 30
    no_review = CardState("x", NOW + DAY, "review", 7.6, 5.0, 0)
    assert to_schedule(no_review).interval_days == 8


def test_anki_to_study_to_anki_keeps_the_due_dates(tmp_path: Path):
    col, ids = studied_collection(tmp_path / "c.anki2", fsrs_on=True)
    package = export_package(col, tmp_path / "deck.apkg")
    cards = list(read_source(package, 10**8)[0].cards)
    study = make_study(tmp_path / "data", cards)
    import_packages({"deck.apkg": "anki-package"}, {"deck.apkg": package}, cards, study, "default", 10**8)
    states = study.db.states("default")
    assert len(states) == 4
    out = tmp_path / "back.apkg"
    export_anki(cards, out, states, 0.9)
    (tmp_path / "anki").mkdir()
    back = import_into_new_collection(out, tmp_path / "anki", with_scheduling=True)
    back_ids = cards_by_guid(back)
    for card_id in states:
        original, again = col.get_card(ids[card_id]), back.get_card(back_ids[card_id])
        assert abs(anki_due(back, back_ids[card_id]) - anki_due(col, ids[card_id])) <= DAY, card_id
        assert (again.type, again.reps, again.lapses) == (original.type, original.reps, original.lapses)
        assert again.memory_state.stability == pytest.approx(original.memory_state.stability, abs=1e-4)
        assert again.memory_state.difficulty == pytest.approx(original.memory_state.difficulty, abs=1e-3)
    back.close()
    col.close()


def test_exporting_without_a_study_database_creates_none(tmp_path: Path):
    study = make_study(tmp_path, CARDS)
    assert study.saved_states() == {}
    assert not (tmp_path / "study.db").exists()
    study.review("q-0", "easy", at=NOW - DAY)
    assert list(study.saved_states()) == ["q-0"]
    assert study.saved_states(user="ana") == {}
