"""Progress figures from the review log and the saved schedules.

Days are UTC calendar days. Only cards currently in the store count as due or toward a deck's
mastery; the review log keeps every review, including those of removed cards.

- **due today**: cards due before the end of today (overdue ones included);
- **forecast**: cards due on each of the coming days (day 0 is today, with the overdue);
- **reviews per day**: the last ``history_days`` days, with how many were rated ``again``;
- **true retention**: of the reviews of cards in the review state (graduated cards, not
  learning steps), the share not rated ``again``, beside the desired retention;
- **mastery per deck**: cards, cards seen, mature cards (in review with a stability of 21 days
  or more, Anki's "mature"), and the mean predicted recall today (0 for an unseen card);
- **most missed**: cards rated ``again`` most often.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from assistant.study.records import CardState, Review
from ingest.cards import Card

#: Stability (days) from which a card in review counts as mature.
MATURE_DAYS = 21.0
#: What the progress views show instead of empty plots while the user has no review.
NO_REVIEWS_MESSAGE = "No reviews yet — answer a card to start your history"


@dataclass(frozen=True)
class DayCount:
    day: str
    count: int


@dataclass(frozen=True)
class DayReviews:
    day: str
    reviews: int
    again: int


@dataclass(frozen=True)
class DeckMastery:
    deck: str
    cards: int
    seen: int
    mature: int
    mean_recall: float


@dataclass(frozen=True)
class MissedCard:
    card_id: str
    source: str
    question: str | None  # None when the card is no longer in the store
    again: int
    reviews: int


@dataclass(frozen=True)
class Progress:
    """Everything ``study progress`` shows, for one user at one moment."""

    user: str
    as_of: str
    due_today: int
    new_available: int
    forecast: tuple[DayCount, ...]
    reviews_per_day: tuple[DayReviews, ...]
    reviews_total: int
    retention: float | None
    retention_n: int
    desired_retention: float
    overrides: int
    override_rate: float | None
    mastery: tuple[DeckMastery, ...]
    most_missed: tuple[MissedCard, ...]

    @property
    def has_history(self) -> bool:
        """True once the user has a review (their own or imported): plots then have data."""
        return self.reviews_total > 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def compute_progress(
    user: str,
    cards: Sequence[Card],
    states: Mapping[str, CardState],
    log: Sequence[Review],
    now: datetime,
    desired_retention: float,
    recall: Callable[[CardState, datetime], float],
    forecast_days: int = 14,
    history_days: int = 30,
    top_missed: int = 10,
) -> Progress:
    """The figures for ``user`` at ``now`` (timezone-aware); ``recall`` gives a state's predicted recall."""
    today = now.date()
    in_store = {c.card_id: c for c in cards if not c.is_practice}
    current = {cid: s for cid, s in states.items() if cid in in_store}
    due_days = Counter(max(0, (s.due.date() - today).days) for s in current.values())
    forecast = tuple(
        DayCount(str(today + timedelta(days=d)), due_days.get(d, 0)) for d in range(forecast_days)
    )
    reviewed = [r for r in log if r.reviewed_at <= now]
    in_review = [r for r in reviewed if r.state_before == "review"]
    passed = sum(1 for r in in_review if r.rating != "again")
    overrides = sum(1 for r in reviewed if r.overridden)
    return Progress(
        user=user,
        as_of=now.isoformat(),
        due_today=due_days.get(0, 0),
        new_available=sum(1 for cid in in_store if cid not in current),
        forecast=forecast,
        reviews_per_day=_per_day(reviewed, today, history_days),
        reviews_total=len(reviewed),
        retention=passed / len(in_review) if in_review else None,
        retention_n=len(in_review),
        desired_retention=desired_retention,
        overrides=overrides,
        override_rate=overrides / len(reviewed) if reviewed else None,
        mastery=_mastery(in_store, current, now, recall),
        most_missed=_most_missed(reviewed, in_store, top_missed),
    )


def _per_day(log: Sequence[Review], today: date, days: int) -> tuple[DayReviews, ...]:
    total: Counter[date] = Counter(r.reviewed_at.date() for r in log)
    again: Counter[date] = Counter(r.reviewed_at.date() for r in log if r.rating == "again")
    first = today - timedelta(days=days - 1)
    span = [first + timedelta(days=d) for d in range(days)]
    return tuple(DayReviews(str(d), total.get(d, 0), again.get(d, 0)) for d in span)


def _mastery(
    in_store: Mapping[str, Card],
    states: Mapping[str, CardState],
    now: datetime,
    recall: Callable[[CardState, datetime], float],
) -> tuple[DeckMastery, ...]:
    decks: dict[str, list[str]] = defaultdict(list)
    for cid, card in in_store.items():
        decks[card.source].append(cid)
    rows = []
    for deck in sorted(decks):
        seen = [states[cid] for cid in decks[deck] if cid in states]
        mature = sum(1 for s in seen if s.state == "review" and (s.stability or 0) >= MATURE_DAYS)
        mean_recall = sum(recall(s, now) for s in seen) / len(decks[deck])
        rows.append(DeckMastery(deck, len(decks[deck]), len(seen), mature, round(mean_recall, 6)))
    return tuple(rows)


def _most_missed(log: Sequence[Review], in_store: Mapping[str, Card], top: int) -> tuple[MissedCard, ...]:
    again: Counter[str] = Counter(r.card_id for r in log if r.rating == "again")
    total: Counter[str] = Counter(r.card_id for r in log)
    source = {r.card_id: r.source for r in log}
    ranked = sorted(again.items(), key=lambda item: (-item[1], item[0]))[:top]
    return tuple(
        MissedCard(cid, source[cid], in_store[cid].question if cid in in_store else None, n, total[cid])
        for cid, n in ranked
    )
