"""Opening the study database: the URL checked, SQLite set up for concurrent writers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import (
    create_engine,
    event,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from ingest.errors import ConfigError

_SQLITE_BUSY_MS = 30_000


def _engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise ConfigError(f"STUDY_DATABASE_URL is not a database URL: {exc}") from None
    shown = parsed.render_as_string(hide_password=True)
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"STUDY_DATABASE_URL {shown!r}: only sqlite:/// and postgresql+psycopg:// are supported"
        )
    try:
        engine = create_engine(parsed, pool_pre_ping=backend == "postgresql")
    except (ArgumentError, ValueError) as exc:
        raise ConfigError(f"STUDY_DATABASE_URL {shown!r} is not a database URL: {exc}") from None
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"STUDY_DATABASE_URL {shown!r} needs the driver {exc.name!r}, not installed"
        ) from None
    if backend == "sqlite":
        database = engine.url.database or ""
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        _sqlite_for_concurrency(engine)
    return engine


def _sqlite_for_concurrency(engine: Engine) -> None:
    """WAL, a busy timeout, full sync, and ``BEGIN IMMEDIATE`` for writes (SQLAlchemy's recipe)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let the "begin" hook below issue BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {_SQLITE_BUSY_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("study_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _reason(exc: DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
