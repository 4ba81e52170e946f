"""The versioned write of a schedule row: insert, bump, and refuse a stale version."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, select

from assistant.study.database.schema import _Conflict, _metadata, card_states
from assistant.study.database.state_row import save_state_row

DUE = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)


def values(stability: float) -> dict[str, object]:
    return {
        "state": "review",
        "step": None,
        "stability": stability,
        "difficulty": 5.0,
        "due": DUE,
        "last_review": DUE,
        "reviews": 1,
        "lapses": 0,
    }


def test_insert_then_bump_then_refuse_a_stale_version(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    _metadata.create_all(engine)
    with engine.begin() as conn:
        key = save_state_row(conn, "ana", "c1", None, values(1.0))
        first = conn.execute(select(card_states)).one()
        assert (first.id, first.version, first.stability) == (key, 1, 1.0)

        assert save_state_row(conn, "ana", "c1", first, values(2.0)) == key
        second = conn.execute(select(card_states)).one()
        assert (second.version, second.stability) == (2, 2.0)

        with pytest.raises(_Conflict):
            save_state_row(conn, "ana", "c1", first, values(3.0))  # read at version 1, now 2
        assert conn.execute(select(card_states.c.stability)).scalar_one() == 2.0
