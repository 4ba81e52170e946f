"""Writing the schedules and reviews imported from an Anki package, once each."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from sqlalchemy import (
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection

from assistant.study.database.schema import _Conflict, _state_values, _utc, card_states, reviews
from assistant.study.records import ImportedCard


def _import_once(conn: Connection, user: str, cards: list[ImportedCard]) -> tuple[int, int]:
    saved = {
        row.card_id: row
        for row in conn.execute(
            select(
                card_states.c.id, card_states.c.card_id, card_states.c.version, card_states.c.last_review
            ).where(card_states.c.user_name == user)
        )
    }
    query = select(reviews.c.card_id, reviews.c.anki_revlog_id).where(
        reviews.c.user_name == user, reviews.c.anki_revlog_id.is_not(None)
    )
    done = {(card_id, rid) for card_id, rid in conn.execute(query)}
    states_saved = reviews_added = 0
    now = datetime.now(UTC)
    for item in cards:
        card_id, values = item.state.card_id, _state_values(item.state)
        row = saved.get(card_id)
        if row is None:
            inserted = conn.execute(
                insert(card_states).values(user_name=user, card_id=card_id, version=1, **values)
            )
            assert inserted.inserted_primary_key is not None
            key = int(inserted.inserted_primary_key[0])
            states_saved += 1
        else:
            key = int(row.id)
            last = _utc(row.last_review)
            if item.state.last_review is not None and (last is None or item.state.last_review > last):
                changed = conn.execute(
                    update(card_states)
                    .where(card_states.c.id == row.id, card_states.c.version == row.version)
                    .values(version=row.version + 1, **values)
                )
                if changed.rowcount != 1:
                    raise _Conflict(card_id)
                states_saved += 1
        new = [r for r in item.reviews if (card_id, r.anki_revlog_id) not in done]
        if new:
            conn.execute(
                insert(reviews),
                [
                    {
                        "user_name": user,
                        "card_id": card_id,
                        "card_key": key,
                        "source": item.source,
                        "content_hash": item.content_hash,
                        "overridden": False,
                        "saved_at": now,
                        **dataclasses.asdict(r),
                    }
                    for r in new
                ],
            )
            reviews_added += len(new)
    return states_saved, reviews_added
