"""Writing the schedules and reviews imported from an Anki package, once each."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from assistant.study.database.schema import _state_values, _utc, card_states, reviews
from assistant.study.database.state_row import save_state_row
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
        last = _utc(row.last_review) if row is not None else None
        newer = item.state.last_review is not None and (last is None or item.state.last_review > last)
        if row is None or newer:  # the saved schedule stays when it was reviewed later
            key = save_state_row(conn, user, card_id, row, values)
            states_saved += 1
        else:
            key = int(row.id)
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
