"""The deck registry: what a deck's cards do not say about it, kept beside the store.

A card records its deck's name (its ``source``) but not the path the file was read from, its
format or when it was last ingested. Those are one row per deck in a companion collection of
the Chroma store (:meth:`ingest.store.CardStore.deck_rows`), so every client of a Chroma server
sees the same rows. Each ingest writes the rows of the files it read once its cards are
written, inside the ingest lock: a killed ingest leaves the rows of the last ingest that
finished, and the cards it wrote are counted from the store all the same
(:func:`ingest.decks.list_decks`).

The registry also tells a *fresh* store, one that holds nothing and never held a deck, from
one emptied by removing every deck: the bundled decks are loaded into a fresh store only.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ingest.pipeline import IngestReport
    from ingest.store import CardStore

#: A row's ``state``: the deck is in the store, or a removal of it has begun.
IN_STORE, REMOVING = "in-store", "removing"


def record_ingest(store: CardStore, report: IngestReport, now: datetime | None = None) -> None:
    """Write the rows of the files an ingest read: path, format and time.

    A file that could not be read keeps the row of its last ingest (its cards stay in the
    store too). An ingest that read no file writes nothing, so a fresh store stays fresh.
    """
    when = timestamp(now or datetime.now(UTC))
    store.put_deck_rows(
        {
            name: {
                "path": str(report.paths[name].resolve()),
                "format": fmt,
                "ingested_at": when,
                "state": IN_STORE,
            }
            for name, fmt in report.sources.items()
        }
    )


def is_fresh(store: CardStore) -> bool:
    """True when the store holds nothing and no deck was ever recorded in it."""
    return store.count_chunks() == 0 and store.deck_rows() is None


def field(rows: dict[str, dict[str, Any]], name: str, key: str) -> str | None:
    """A field of the deck's row, None when unknown (no row, or recorded as ``""``)."""
    value = rows.get(name, {}).get(key)
    return str(value) if value else None


def timestamp(moment: datetime) -> str:
    """``moment`` as ISO 8601 in UTC to the second: ``2026-12-06T02:52:26Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
