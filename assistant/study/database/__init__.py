"""The study database, the one package that imports SQLAlchemy: card schedules, the review
log and fitted parameters (tables in :mod:`.schema`, opening in :mod:`.engine`, Anki imports in
:mod:`.anki_history`, the versioned write of a schedule row in :mod:`.state_row`).

Three tables, each keyed by user:

- ``study_card_states``: one row per (user, card) with its FSRS schedule and a ``version``
  that every update bumps (optimistic locking);
- ``study_reviews``: the append-only review log (rating, verdict, score, answer, time taken,
  the rating a grade proposed when the student overrode it, the card's content hash; for a
  review imported from Anki, its Anki review-log id, unique per user and card);
- ``study_parameters``: FSRS parameters fitted by ``study optimize``.

SQLite (the default, ``<data_dir>/study.db``) runs in WAL mode with a busy timeout, and a
review's transaction starts with ``BEGIN IMMEDIATE`` so that two processes reviewing at once
take turns. On PostgreSQL (``postgresql+psycopg://...``) the card's row is read ``FOR
UPDATE``. In both, the update only applies to the version that was read, a conflict is retried,
and a review is committed before :meth:`StudyDatabase.record_review` returns.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from assistant.study.database.anki_history import _import_once
from assistant.study.database.engine import _engine, _reason
from assistant.study.database.schema import (
    _add_revlog_column,
    _Conflict,
    _metadata,
    _review,
    _state,
    _state_values,
    card_states,
    parameters,
    reviews,
)
from assistant.study.database.state_row import save_state_row
from assistant.study.records import CardState, ImportedCard, Review
from ingest.errors import StudyError

_ATTEMPTS = 20
_T = TypeVar("_T")


def database_url(settings_url: str | None, data_dir: Path) -> str:
    """The URL to open: ``STUDY_DATABASE_URL``, else SQLite at ``<data_dir>/study.db``."""
    return settings_url or f"sqlite:///{Path(data_dir) / 'study.db'}"


class StudyDatabase:
    """Card schedules, the review log and fitted parameters, per user.

    Args:
        url: An SQLAlchemy URL: ``sqlite:///path`` or ``postgresql+psycopg://...``.

    Raises:
        ConfigError: when the URL is malformed or names another kind of database.
        StudyError: when the database cannot be opened or its tables created.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _engine(url)
        self._create_tables()

    def _create_tables(self) -> None:
        """Create the tables that are missing, in a write transaction (so two processes take turns)."""
        for attempt in range(5):
            try:
                with self._write() as conn:
                    _metadata.create_all(conn)
                    _add_revlog_column(conn)
                return
            except (OperationalError, IntegrityError) as exc:  # another process is creating them too
                reason = exc
            time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
        raise StudyError(f"cannot open the study database {self._where}: {_reason(reason)}")

    @property
    def _where(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    # -- reading ------------------------------------------------------------------------------

    def state(self, user: str, card_id: str) -> CardState | None:
        """The card's saved schedule for ``user``, or None if it was never reviewed."""
        query = select(card_states).where(card_states.c.user_name == user, card_states.c.card_id == card_id)
        with self._read() as conn:
            row = conn.execute(query).first()
        return _state(row) if row else None

    def states(self, user: str) -> dict[str, CardState]:
        """Every saved schedule of ``user``, by card id."""
        query = select(card_states).where(card_states.c.user_name == user)
        with self._read() as conn:
            return {row.card_id: _state(row) for row in conn.execute(query)}

    def reviews(self, user: str, card_id: str | None = None) -> list[Review]:
        """``user``'s review log (of one card, if named), oldest first."""
        query = select(reviews).where(reviews.c.user_name == user)
        if card_id is not None:
            query = query.where(reviews.c.card_id == card_id)
        with self._read() as conn:
            return [_review(row) for row in conn.execute(query.order_by(reviews.c.reviewed_at, reviews.c.id))]

    def count_reviews(self, user: str) -> int:
        query = select(func.count()).select_from(reviews).where(reviews.c.user_name == user)
        with self._read() as conn:
            return int(conn.execute(query).scalar_one())

    def new_cards_between(self, user: str, start: datetime, end: datetime) -> int:
        """How many cards ``user`` reviewed for the first time in ``[start, end)``."""
        query = (
            select(func.count())
            .select_from(reviews)
            .where(
                reviews.c.user_name == user,
                reviews.c.state_before.is_(None),
                reviews.c.reviewed_at >= start,
                reviews.c.reviewed_at < end,
            )
        )
        with self._read() as conn:
            return int(conn.execute(query).scalar_one())

    def parameters(self, user: str) -> tuple[float, ...] | None:
        """The FSRS parameters fitted for ``user``, or None."""
        query = select(parameters.c.parameters).where(parameters.c.user_name == user)
        with self._read() as conn:
            saved = conn.execute(query).scalar_one_or_none()
        return tuple(float(p) for p in json.loads(saved)) if saved else None

    # -- writing ------------------------------------------------------------------------------

    def record_review(
        self,
        user: str,
        card_id: str,
        schedule: Callable[[CardState | None], CardState],
        entry: dict[str, Any],
    ) -> CardState:
        """Save one review: the card's new schedule and its log entry, in one committed transaction.

        Args:
            user: Whose review.
            card_id: The card.
            schedule: Given the saved state (None for a new card), the state after the review.
                It may be called again if another writer got there first.
            entry: The log entry's fields: ``source``, ``content_hash``, ``rating``,
                ``overridden_from``, ``verdict``, ``score``, ``answer``, ``elapsed_s``. The
                review's time is the new state's ``last_review``.

        Raises:
            StudyError: when the database refuses the write after retries.
        """
        return self._retrying(
            lambda: self._record_once(user, card_id, schedule, entry),
            f"could not save the review of card {card_id!r}",
        )

    def _record_once(
        self,
        user: str,
        card_id: str,
        schedule: Callable[[CardState | None], CardState],
        entry: dict[str, Any],
    ) -> CardState:
        with self._write() as conn:
            query = select(card_states).where(
                card_states.c.user_name == user, card_states.c.card_id == card_id
            )
            row = conn.execute(query.with_for_update()).first()
            before = _state(row) if row else None
            after = schedule(before)
            key = save_state_row(conn, user, card_id, row, _state_values(after))
            conn.execute(
                insert(reviews).values(
                    user_name=user,
                    card_id=card_id,
                    card_key=key,
                    overridden=entry.get("overridden_from") is not None,
                    reviewed_at=after.last_review,
                    state_before=before.state if before else None,
                    due_after=after.due,
                    stability_after=after.stability,
                    difficulty_after=after.difficulty,
                    saved_at=datetime.now(UTC),
                    **entry,
                )
            )
        return after

    def import_history(self, user: str, cards: list[ImportedCard]) -> tuple[int, int]:
        """Save schedules and reviews imported from Anki, in one transaction; returns (schedules
        saved, reviews added).

        A review already imported (same user, card and Anki review-log id) is not added again.
        A card's schedule is saved when it has none yet or when the imported one was reviewed
        later than the saved one; otherwise the saved schedule stays.

        Raises:
            StudyError: when the database refuses the write after retries.
        """

        def once() -> tuple[int, int]:
            with self._write() as conn:
                return _import_once(conn, user, cards)

        return self._retrying(once, "could not import the review history")

    def _retrying(self, attempt_once: Callable[[], _T], failure: str) -> _T:
        """Run one write transaction, again after a conflict, a unique-key race or a busy
        database (SQLite still busy after its timeout; a PostgreSQL deadlock), with backoff.

        Raises:
            StudyError: ``failure`` with the database and the last reason, after the retries.
        """
        reason: BaseException | None = None
        for attempt in range(_ATTEMPTS):
            try:
                return attempt_once()
            except (_Conflict, IntegrityError, OperationalError) as exc:
                reason = exc
            time.sleep(random.uniform(0.005, 0.05) * (attempt + 1))
        why = _reason(reason) if isinstance(reason, DBAPIError) else "kept changing under us"
        raise StudyError(f"{failure} in {self._where}: {why}")

    def save_parameters(self, user: str, fitted: tuple[float, ...], reviews_used: int) -> None:
        """Keep ``fitted`` as ``user``'s FSRS parameters (replacing earlier ones)."""
        values = {
            "parameters": json.dumps(list(fitted)),
            "reviews_used": reviews_used,
            "fitted_at": datetime.now(UTC),
        }
        with self._write() as conn:
            done = conn.execute(update(parameters).where(parameters.c.user_name == user).values(**values))
            if done.rowcount == 0:
                conn.execute(insert(parameters).values(user_name=user, **values))

    # -- connections --------------------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except DBAPIError as exc:
            raise StudyError(f"cannot read the study database {self._where}: {_reason(exc)}") from None

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A connection in a transaction that takes the write lock at once; committed on exit.

        Busy, deadlock and uniqueness errors pass through for :meth:`record_review` to retry.
        """
        try:
            with self.engine.connect().execution_options(study_write=True) as conn, conn.begin():
                yield conn
        except (OperationalError, IntegrityError):
            raise
        except DBAPIError as exc:
            raise StudyError(f"cannot write to the study database {self._where}: {_reason(exc)}") from None
