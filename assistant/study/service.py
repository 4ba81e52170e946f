"""The study core behind ``sa.due``, ``sa.review``, ``sa.card_state``, ``sa.progress`` and ``study optimize``.

A quiz loop is: :meth:`Study.due` -> show ``item.question`` -> grade the typed answer ->
:meth:`Study.review` with the rating (the grade's, or the student's override) and the grade.
Each review is committed to the database before :meth:`Study.review` returns.

The database is opened on first use, so creating a :class:`Study` costs nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any, Protocol

from assistant.study.database import StudyDatabase, database_url
from assistant.study.fsrs_adapter import (
    DEFAULT_PARAMETERS,
    FsrsScheduler,
    counted_reviews,
    fit_parameters,
    minimum_fit_reviews,
    to_utc,
)
from assistant.study.progress import Progress, compute_progress
from assistant.study.queue import QueueFilter, build_queue
from assistant.study.ratings import parse_rating
from assistant.study.records import DEFAULT_USER, CardState, DueCard, ImportedCard, Review
from ingest.cards import Card
from ingest.errors import StudyError
from ingest.settings import Settings

_MAX_USER_CHARS = 200
_MAX_ANSWER_CHARS = 20_000


class CardCatalog(Protocol):
    """Where the cards come from: the store (:class:`ingest.index.CardIndex` fits)."""

    def cards(self, include_practice: bool = False) -> list[Card]: ...


@dataclass(frozen=True)
class OptimizeResult:
    """What ``study optimize`` did.

    Attributes:
        user: Whose log was used.
        reviews: Reviews in the log.
        counted: Reviews the optimizer learns from (a day or more after the card's previous one).
        needed: How many counted reviews the optimizer needs.
        fitted: True when new parameters were fitted and saved.
        parameters: The parameters now in use for the user.
        message: One sentence for the student.
    """

    user: str
    reviews: int
    counted: int
    needed: int
    fitted: bool
    parameters: tuple[float, ...]
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


class Study:
    """Scheduling, storage and progress of study, per user.

    Args:
        settings: The settings (database URL, desired retention, daily new limit, fuzzing).
        catalog: The cards currently in the store.
    """

    def __init__(self, settings: Settings, catalog: CardCatalog) -> None:
        self.settings = settings
        self.catalog = catalog
        self._db: StudyDatabase | None = None
        self._schedulers: dict[str, FsrsScheduler] = {}
        self._lock = threading.Lock()

    @property
    def db(self) -> StudyDatabase:
        """The study database, opened on first use."""
        with self._lock:
            if self._db is None:
                self._db = StudyDatabase(database_url(self.settings.database_url, self.settings.data_dir))
            return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def scheduler(self, user: str) -> FsrsScheduler:
        """``user``'s scheduler: their fitted parameters if ``study optimize`` saved some, else FSRS's."""
        if user not in self._schedulers:
            self._schedulers[user] = FsrsScheduler(
                self.settings.desired_retention, self.db.parameters(user), fuzz=self.settings.fuzz_intervals
            )
        return self._schedulers[user]

    # -- the loop -----------------------------------------------------------------------------

    def due(
        self,
        n: int = 20,
        deck: str | None = None,
        user: str | None = None,
        *,
        tag: str | None = None,
        kind: str | None = None,
        practice: bool = False,
        now: datetime | None = None,
    ) -> list[DueCard]:
        """Up to ``n`` cards to study now: due ones first, then new ones within today's new-card limit."""
        user = check_user(user)
        where = QueueFilter(deck=deck, tag=tag, kind=kind, practice=practice)
        now = to_utc(now or datetime.now(UTC))
        start = datetime.combine(now.date(), time.min, tzinfo=UTC)
        introduced = self.db.new_cards_between(user, start, start + timedelta(days=1))
        cards = self.catalog.cards(include_practice=where.practice or where.kind == "practice")
        allowed = self.settings.new_per_day - introduced
        return build_queue(cards, self.db.states(user), where, n, allowed, now)

    def review(
        self,
        card_id: str,
        rating: object,
        answer: str | None = None,
        grade: object | None = None,
        user: str | None = None,
        *,
        elapsed_s: float | None = None,
        at: datetime | None = None,
    ) -> CardState:
        """Save a review of ``card_id`` rated ``rating`` and return the card's new schedule.

        Args:
            card_id: A card in the store.
            rating: ``"again"``, ``"hard"``, ``"good"``, ``"easy"`` or an ``fsrs.Rating``.
            answer: What the student typed.
            grade: The grade the answer got (anything with ``verdict``, ``score`` and
                ``rating``); when its rating differs from ``rating``, the review is logged as
                an override of it.
            user: The student (default :data:`DEFAULT_USER`).
            elapsed_s: Seconds the student took (default: the grade's ``elapsed_s``, if any).
            at: When the review happened (default: now).

        Raises:
            StudyError: for an unknown card, a bad rating, or a database that refuses the write.
        """
        user = check_user(user)
        rating = parse_rating(rating)
        card = self.card(card_id)
        proposed = getattr(grade, "rating", None)
        proposed = parse_rating(proposed) if proposed is not None else None
        if elapsed_s is None:
            elapsed_s = getattr(grade, "elapsed_s", None)
        if elapsed_s is not None and not elapsed_s >= 0:
            raise StudyError(f"elapsed_s must be a number of seconds >= 0, got {elapsed_s!r}")
        if answer is not None and len(answer) > _MAX_ANSWER_CHARS:
            answer = answer[:_MAX_ANSWER_CHARS]
        moment = to_utc(at) if at is not None else None
        score = getattr(grade, "score", None)
        entry = {
            "source": card.source,
            "content_hash": card.content_hash,
            "rating": rating,
            "overridden_from": proposed if proposed is not None and proposed != rating else None,
            "verdict": _text_or_none(getattr(grade, "verdict", None)),
            "score": float(score) if score is not None else None,
            "answer": answer,
            "elapsed_s": float(elapsed_s) if elapsed_s is not None else None,
        }
        scheduler = self.scheduler(user)
        duration_ms = round(elapsed_s * 1000) if elapsed_s is not None else None

        def schedule(before: CardState | None) -> CardState:
            # "now" is read with the card's row locked, so concurrent reviews log in time order
            when = moment or datetime.now(UTC)
            return scheduler.review(before, card_id, rating, when, duration_ms)

        return self.db.record_review(user, card_id, schedule, entry)

    def saved_states(self, user: str | None = None) -> dict[str, CardState]:
        """Every saved schedule of the user, by card id; none, without creating a database,
        where the default SQLite study database does not exist yet."""
        user = check_user(user)
        if self._db is None and self.settings.database_url is None:
            url = database_url(None, self.settings.data_dir)
            if not Path(url.removeprefix("sqlite:///")).exists():
                return {}
        return self.db.states(user)

    def card_state(self, card_id: str, user: str | None = None) -> CardState | None:
        """The card's saved schedule for the user, or None if they never reviewed it."""
        return self.db.state(check_user(user), card_id)

    def save_imported(self, user: str | None, cards: list[ImportedCard]) -> tuple[int, int]:
        """Save schedules and reviews imported from Anki (see :mod:`assistant.study.anki_import`);
        returns (schedules saved, reviews added). Reviews already imported are not added again."""
        return self.db.import_history(check_user(user), cards)

    def history(self, user: str | None = None, card_id: str | None = None) -> list[Review]:
        """The user's review log (of one card, if named), oldest first."""
        return self.db.reviews(check_user(user), card_id)

    def card(self, card_id: str) -> Card:
        """The card with this id in the store (practice prompts included).

        Raises:
            StudyError: when no card in the store has that id.
        """
        for card in self.catalog.cards(include_practice=True):
            if card.card_id == card_id:
                return card
        raise StudyError(f"card {card_id!r} is not in the store (removed from its deck, or never ingested)")

    # -- progress and fitting -----------------------------------------------------------------

    def progress(self, user: str | None = None, now: datetime | None = None) -> Progress:
        """Due today, forecast, reviews per day, true retention, mastery per deck, most missed."""
        user = check_user(user)
        now = to_utc(now or datetime.now(UTC))
        scheduler = self.scheduler(user)
        return compute_progress(
            user,
            self.catalog.cards(include_practice=False),
            self.db.states(user),
            self.db.reviews(user),
            now,
            self.settings.desired_retention,
            scheduler.retrievability,
        )

    def optimize(self, user: str | None = None) -> OptimizeResult:
        """Fit FSRS's parameters to the user's review log and keep them, if there is enough of it.

        With too little data the optimizer would return its defaults; then nothing is saved, and
        the result says how many more reviews are needed.
        """
        user = check_user(user)
        log = self.db.reviews(user)
        rows = [(r.card_key, r.rating, r.reviewed_at, _ms(r.elapsed_s)) for r in log]
        counted, needed = counted_reviews(rows), minimum_fit_reviews()
        current = self.scheduler(user).parameters
        if counted < needed:
            kept = (
                "the default parameters" if current == DEFAULT_PARAMETERS else "the parameters fitted before"
            )
            message = (
                f"too little data to optimize: {counted} of the {needed} reviews the FSRS optimizer needs "
                f"(reviews at least a day after the card's previous one; {len(log)} reviews in all); "
                f"keeping {kept}"
            )
            return OptimizeResult(user, len(log), counted, needed, False, current, message)
        fitted = fit_parameters(rows)
        self.db.save_parameters(user, fitted, counted)
        self._schedulers.pop(user, None)
        message = (
            f"fitted FSRS parameters to {counted} reviews ({len(log)} in all); they schedule from now on"
        )
        return OptimizeResult(user, len(log), counted, needed, True, fitted, message)


def check_user(user: str | None) -> str:
    """The user name to use: ``user`` stripped, or :data:`DEFAULT_USER`.

    Raises:
        StudyError: for a blank or overlong name.
    """
    if user is None:
        return DEFAULT_USER
    name = user.strip() if isinstance(user, str) else ""
    if not name or len(name) > _MAX_USER_CHARS:
        raise StudyError(f"user name {user!r} must be 1 to {_MAX_USER_CHARS} characters")
    return name


def _text_or_none(value: object) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def _ms(seconds: float | None) -> int | None:
    return round(seconds * 1000) if seconds is not None else None


__all__: Sequence[str] = ["Study", "OptimizeResult", "CardCatalog", "check_user"]
