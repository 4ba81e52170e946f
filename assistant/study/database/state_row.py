"""Saving a card's schedule row: insert the first one, or bump its version when it changes.

Every write of ``card_states`` goes through :func:`save_state_row`, whether a review made it or
an Anki import did. The update names the version it read, so a write that raced another one
changes no row and raises :class:`~assistant.study.database.schema._Conflict`; the caller's
transaction is then retried from the read.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import insert, update
from sqlalchemy.engine import Connection

from assistant.study.database.schema import _Conflict, card_states


class ReadRow(Protocol):
    """What the writer needs of the row it read: its key and its version."""

    id: int
    version: int


def save_state_row(
    conn: Connection, user: str, card_id: str, read: ReadRow | None, values: dict[str, Any]
) -> int:
    """Write ``values`` as the schedule of ``user``'s card; returns the row's key.

    Args:
        read: The row read earlier in this transaction, or None when the card had none.

    Raises:
        _Conflict: when another writer changed the row since it was read.
    """
    if read is None:
        result = conn.execute(
            insert(card_states).values(user_name=user, card_id=card_id, version=1, **values)
        )
        inserted = result.inserted_primary_key
        assert inserted is not None
        return int(inserted[0])
    changed = conn.execute(
        update(card_states)
        .where(card_states.c.id == read.id, card_states.c.version == read.version)
        .values(version=read.version + 1, **values)
    )
    if changed.rowcount != 1:
        raise _Conflict(card_id)
    return int(read.id)
