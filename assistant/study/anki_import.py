"""Importing an Anki package's review history into the study database (``study ingest deck.apkg``).

For each card of the package that Anki has scheduled (not new) and that is in the store:

- **The due date** is Anki's: a review card's ``due`` is a day counted from the collection's
  creation (``col.crt``), a learning card's is a time in epoch seconds; a card in a filtered
  deck keeps its own due in ``odue``. The state is Anki's card type (learning, review,
  relearning) and the lapses are Anki's.
- **The memory state** (FSRS stability and difficulty) is the card's, from its ``data`` field
  (``{"s": ..., "d": ..., "dr": ...}``) when Anki had FSRS on; otherwise the review log is
  replayed with the ``fsrs`` package (through :mod:`assistant.study.fsrs_adapter`). A card with
  neither gets a stability equal to its interval (what FSRS schedules at 90 % retention) and
  the middle difficulty, 5.
- **The reviews** (answers 1 to 4 of types learn, review, relearn and filtered; manual
  reschedules are not reviews) go into the append-only review log, marked with their Anki
  review-log id, so a second import of the same package adds none of them again.

A note with several cards that become one card here (Basic and reversed) brings the schedule
and reviews of its first card (the question side). The study database is opened only when the
package holds cards that are not new and are in the store.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from assistant.study.fsrs_adapter import FsrsScheduler
from assistant.study.records import RATINGS, CardState, ImportedCard, ImportedReview
from ingest.anki_package import AnkiCollection, CardSchedule, Review, read_package
from ingest.cards import Card

#: The parser's format name for Anki packages (:mod:`ingest.parsers.anki_notes`).
PACKAGE_FORMAT = "anki-package"
_STATES = {1: "learning", 2: "review", 3: "relearning"}
#: The state a card was in when answered, by the review's type (0 learn ... 3 filtered).
_STATE_BEFORE = {0: "learning", 1: "review", 2: "relearning", 3: "review"}
_EPOCH_SECONDS = 1_000_000_000  # a due above this is a time in epoch seconds, not a day number
_MIDDLE_DIFFICULTY = 5.0


@dataclass(frozen=True)
class HistoryImport:
    """What importing one package's history did: schedules saved, reviews added, and how
    many scheduled cards of the package were left out (not in the store, or a reverse card)."""

    source: str
    user: str
    cards: int
    reviews: int
    left_out: int

    def message(self) -> str:
        return (
            f"{self.source}: review history for user {self.user!r}: {self.cards} card schedule(s) saved, "
            f"{self.reviews} review(s) added"
            + (f", {self.left_out} scheduled card(s) left out (not in the store)" if self.left_out else "")
        )


class HistoryStore(Protocol):
    """Where the history goes (:class:`assistant.study.Study` fits)."""

    def scheduler(self, user: str) -> FsrsScheduler: ...

    def save_imported(self, user: str, cards: list[ImportedCard]) -> tuple[int, int]: ...


def import_packages(
    sources: Mapping[str, str],
    paths: Mapping[str, Path],
    store_cards: Sequence[Card],
    study: HistoryStore,
    user: str,
    max_bytes: int,
) -> list[HistoryImport]:
    """Import the history of every Anki package among ``sources`` (file name -> format).

    Raises:
        IngestError: when a package cannot be read again.
        StudyError: when the study database refuses the import.
    """
    packages = [name for name, fmt in sources.items() if fmt == PACKAGE_FORMAT and name in paths]
    if not packages:
        return []
    by_id = {c.card_id: c for c in store_cards}
    done = []
    for name in packages:
        collection = read_package(paths[name], max_bytes)
        chosen = [s for s in collection.schedules if _wanted(s, by_id, name)]
        if not chosen:
            if collection.schedules:
                done.append(HistoryImport(name, user, 0, 0, _left_out(collection, chosen)))
            continue  # nothing scheduled: the study database is not opened
        items = imported_cards(collection, chosen, by_id, study.scheduler(user))
        states, added = study.save_imported(user, items)
        done.append(HistoryImport(name, user, states, added, _left_out(collection, chosen)))
    return done


def _wanted(schedule: CardSchedule, cards: Mapping[str, Card], source: str) -> bool:
    card = cards.get(schedule.card_id)
    if card is None or card.source != source:
        return False
    cloze = schedule.card_id != schedule.note_guid  # a Cloze card's id is GUID-cN
    return cloze or schedule.card_ord == 0


def _left_out(collection: AnkiCollection, chosen: Sequence[CardSchedule]) -> int:
    reverse = sum(1 for s in collection.schedules if s.card_id == s.note_guid and s.card_ord != 0)
    return len(collection.schedules) - len(chosen) - reverse


def imported_cards(
    collection: AnkiCollection,
    schedules: Sequence[CardSchedule],
    cards: Mapping[str, Card],
    scheduler: FsrsScheduler,
) -> list[ImportedCard]:
    """The schedule and reviews of each card of ``schedules`` (cards: the store's, by id)."""
    logs: dict[tuple[str, int], list[Review]] = {}
    for review in collection.reviews:
        if 1 <= review.ease <= len(RATINGS) and review.kind in _STATE_BEFORE:
            logs.setdefault((review.card_id, review.card_ord), []).append(review)
    found = []
    for schedule in schedules:
        rated = logs.get((schedule.card_id, schedule.card_ord), [])
        reviews, replayed = _replay(rated, schedule.card_id, scheduler)
        state = _state(schedule, collection.created, rated, replayed, scheduler)
        card = cards[schedule.card_id]
        found.append(ImportedCard(state, card.source, card.content_hash, tuple(reviews)))
    return found


def _replay(
    rated: Sequence[Review], card_id: str, scheduler: FsrsScheduler
) -> tuple[list[ImportedReview], CardState | None]:
    """The log entries of ``rated``, with FSRS's memory state after each (the ``fsrs`` replay)."""
    entries = []
    before: CardState | None = None
    for n, review in enumerate(rated):
        at = _from_ms(review.review_id_ms)
        after = scheduler.review(before, card_id, RATINGS[review.ease - 1], at, max(review.time_ms, 0))
        entries.append(
            ImportedReview(
                anki_revlog_id=review.review_id_ms,
                rating=RATINGS[review.ease - 1],
                reviewed_at=at,
                state_before=None if n == 0 and review.kind == 0 else _STATE_BEFORE[review.kind],
                due_after=at + _interval(review.interval),
                elapsed_s=max(review.time_ms, 0) / 1000,
                stability_after=after.stability,
                difficulty_after=after.difficulty,
            )
        )
        before = after
    return entries, before


def _state(
    schedule: CardSchedule,
    created: int,
    rated: Sequence[Review],
    replayed: CardState | None,
    scheduler: FsrsScheduler,
) -> CardState:
    state = _STATES.get(schedule.kind, "review")
    memory = _memory_state(schedule.data)
    if memory is None and replayed is not None:
        memory = (replayed.stability or 0.0, replayed.difficulty or _MIDDLE_DIFFICULTY)
    if memory is None:
        memory = (float(max(schedule.interval, 1)), _MIDDLE_DIFFICULTY)
    last = _from_ms(rated[-1].review_id_ms) if rated else _last_review_time(schedule.data)
    step = None
    if state != "review":
        step = max(0, scheduler.step_count(state) - schedule.left % 1000)
    return CardState(
        card_id=schedule.card_id,
        due=_due(schedule, created, last),
        state=state,
        stability=memory[0],
        difficulty=memory[1],
        reviews=len(rated),
        lapses=schedule.lapses,
        step=step,
        last_review=last,
    )


def _due(schedule: CardSchedule, created: int, last: datetime | None) -> datetime:
    due = schedule.due
    if schedule.original_deck:  # in a filtered deck: its own due is kept in odue
        due = schedule.original_due
    if due > _EPOCH_SECONDS:
        return datetime.fromtimestamp(due, UTC)
    if due > 0 or (schedule.queue in (2, 3) and due == 0):
        return datetime.fromtimestamp(created, UTC) + timedelta(days=due)
    # no usable due (a filtered deck's order): the last review plus the interval
    return (last or datetime.now(UTC)) + timedelta(days=max(schedule.interval, 0))


def _memory_state(data: str) -> tuple[float, float] | None:
    """FSRS's (stability, difficulty) from a card's ``data`` JSON, when it has a sound one."""
    fields = _data(data)
    s, d = fields.get("s"), fields.get("d")
    if isinstance(s, int | float) and isinstance(d, int | float) and s > 0 and 1 <= d <= 10:
        return float(s), float(d)
    return None


def _last_review_time(data: str) -> datetime | None:
    lrt = _data(data).get("lrt")
    return datetime.fromtimestamp(lrt, UTC) if isinstance(lrt, int | float) and lrt > 0 else None


def _data(data: str) -> dict[str, object]:
    try:
        fields = json.loads(data) if data.strip() else {}
    except ValueError:
        return {}
    return fields if isinstance(fields, dict) else {}


def _interval(ivl: int) -> timedelta:
    """A review log interval: days when positive, seconds when negative."""
    return timedelta(days=ivl) if ivl >= 0 else timedelta(seconds=-ivl)


def _from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)
