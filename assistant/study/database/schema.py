"""The study database's tables, and how their rows become records (part of the one SQLAlchemy adapter)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Double,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    inspect,
)
from sqlalchemy.engine import Connection, Row

from assistant.study.records import CardState, Review

_metadata = MetaData()

card_states = Table(
    "study_card_states",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_name", String(200), nullable=False),
    Column("card_id", String(300), nullable=False),
    Column("state", String(12), nullable=False),
    Column("step", Integer),
    Column("stability", Double),
    Column("difficulty", Double),
    Column("due", DateTime(timezone=True), nullable=False),
    Column("last_review", DateTime(timezone=True)),
    Column("reviews", Integer, nullable=False),
    Column("lapses", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    UniqueConstraint("user_name", "card_id", name="uq_study_card_states_user_card"),
    Index("ix_study_card_states_user_due", "user_name", "due"),
)

reviews = Table(
    "study_reviews",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_name", String(200), nullable=False),
    Column("card_id", String(300), nullable=False),
    Column("card_key", Integer, nullable=False),
    Column("source", String(500), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("rating", String(8), nullable=False),
    Column("overridden", Boolean, nullable=False),
    Column("overridden_from", String(8)),
    Column("verdict", String(12)),
    Column("score", Double),
    Column("answer", Text),
    Column("elapsed_s", Double),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
    Column("state_before", String(12)),
    Column("due_after", DateTime(timezone=True), nullable=False),
    Column("stability_after", Double),
    Column("difficulty_after", Double),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Column("anki_revlog_id", BigInteger),
    Index("ix_study_reviews_user_time", "user_name", "reviewed_at"),
    Index("ix_study_reviews_user_card", "user_name", "card_id"),
)
#: An Anki review is imported once per user and card (NULLs, the reviews made here, never clash).
_imported_once = Index(
    "uq_study_reviews_user_card_revlog",
    reviews.c.user_name,
    reviews.c.card_id,
    reviews.c.anki_revlog_id,
    unique=True,
)

parameters = Table(
    "study_parameters",
    _metadata,
    Column("user_name", String(200), primary_key=True),
    Column("parameters", Text, nullable=False),
    Column("reviews_used", Integer, nullable=False),
    Column("fitted_at", DateTime(timezone=True), nullable=False),
)


class _Conflict(Exception):
    """Another writer changed the card's row between our read and our write."""


def _add_revlog_column(conn: Connection) -> None:
    """Add ``anki_revlog_id`` to a review log made before Anki imports existed."""
    if "anki_revlog_id" not in {c["name"] for c in inspect(conn).get_columns(reviews.name)}:
        conn.exec_driver_sql(f"ALTER TABLE {reviews.name} ADD COLUMN anki_revlog_id BIGINT")
    _imported_once.create(conn, checkfirst=True)


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


_STATE_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review", "reviews", "lapses")
_TIMES = {"due", "last_review", "reviewed_at", "due_after"}


def _state_values(state: CardState) -> dict[str, Any]:
    return {name: getattr(state, name) for name in _STATE_FIELDS}


def _fields(row: Row[Any], names: Iterable[str]) -> dict[str, Any]:
    """The row's columns of these names, times in UTC (SQLite gives them back without a zone)."""
    values = row._mapping
    return {name: _utc(values[name]) if name in _TIMES else values[name] for name in names}


def _state(row: Row[Any]) -> CardState:
    return CardState(card_id=row.card_id, **_fields(row, _STATE_FIELDS))


def _review(row: Row[Any]) -> Review:
    names = [f.name for f in dataclasses.fields(Review) if f.name != "user"]
    return Review(user=row.user_name, **_fields(row, names))
