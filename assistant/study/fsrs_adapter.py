"""The one module that imports ``fsrs`` (py-fsrs): scheduling a review, retrievability, fitting.

Nothing here writes a scheduler: :class:`FsrsScheduler` keeps an ``fsrs.Scheduler`` and turns
the project's :class:`CardState` into an ``fsrs.Card`` and back, so that for the same ratings
and review times the saved schedule is exactly the package's.

Example:
    >>> from datetime import datetime, timezone
    >>> at = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
    >>> s = FsrsScheduler(desired_retention=0.9, fuzz=False).review(None, "c1", "good", at)
    >>> s.state, s.due.isoformat()
    ('learning', '2026-01-05T09:10:00+00:00')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from fsrs import Card, Rating, ReviewLog, Scheduler, State
from fsrs.scheduler import DEFAULT_PARAMETERS as _DEFAULTS

from assistant.study.records import RATINGS, STATES, CardState

#: FSRS's default parameters, used until ``study optimize`` fits a user's own.
DEFAULT_PARAMETERS: tuple[float, ...] = tuple(_DEFAULTS)


def to_utc(moment: datetime) -> datetime:
    """``moment`` in UTC with ``datetime.UTC`` as its tzinfo (FSRS insists); naive means UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


class FsrsScheduler:
    """One user's FSRS scheduler.

    Args:
        desired_retention: The recall probability reviews are scheduled for.
        parameters: FSRS's 21 parameters (default: the package's defaults).
        fuzz: Spread intervals of 3 days or more at random, as FSRS does by default.
    """

    def __init__(
        self, desired_retention: float, parameters: Sequence[float] | None = None, fuzz: bool = True
    ) -> None:
        self.parameters = tuple(parameters) if parameters is not None else DEFAULT_PARAMETERS
        self._scheduler = Scheduler(
            parameters=self.parameters, desired_retention=desired_retention, enable_fuzzing=fuzz
        )

    def review(
        self,
        before: CardState | None,
        card_id: str,
        rating: str,
        at: datetime,
        duration_ms: int | None = None,
    ) -> CardState:
        """The card's state after a review rated ``rating`` at ``at`` (``before`` None: a new card)."""
        card = _to_fsrs(before)
        after, _ = self._scheduler.review_card(
            card, Rating(RATINGS.index(rating) + 1), to_utc(at), duration_ms
        )
        lapsed = before is not None and before.state == "review" and rating == "again"
        return _from_fsrs(
            after,
            card_id,
            reviews=(before.reviews if before else 0) + 1,
            lapses=(before.lapses if before else 0) + int(lapsed),
        )

    def step_count(self, state: str) -> int:
        """How many learning steps (``"learning"``) or relearning steps (``"relearning"``) there are."""
        if state == "learning":
            return len(self._scheduler.learning_steps)
        return len(self._scheduler.relearning_steps) if state == "relearning" else 0

    def retrievability(self, state: CardState, at: datetime) -> float:
        """The predicted probability of recalling the card at ``at`` (0 before any review)."""
        return float(self._scheduler.get_card_retrievability(_to_fsrs(state), to_utc(at)))


def _to_fsrs(state: CardState | None) -> Card:
    if state is None:
        return Card(card_id=1)  # a new card; an explicit id spares fsrs's 1 ms sleep
    return Card(
        card_id=1,
        state=State(STATES.index(state.state) + 1),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=to_utc(state.due),
        last_review=to_utc(state.last_review) if state.last_review else None,
    )


def _from_fsrs(card: Card, card_id: str, reviews: int, lapses: int) -> CardState:
    return CardState(
        card_id=card_id,
        due=card.due,
        state=STATES[int(card.state) - 1],
        stability=card.stability,
        difficulty=card.difficulty,
        reviews=reviews,
        lapses=lapses,
        step=card.step,
        last_review=card.last_review,
    )


# -- fitting ----------------------------------------------------------------------------------

#: One review for the optimizer: (the card's integer key, rating, when, milliseconds taken or None).
FitReview = tuple[int, str, datetime, int | None]


def minimum_fit_reviews() -> int:
    """How many counted reviews the ``fsrs`` optimizer needs before it fits anything (its batch size)."""
    from fsrs import optimizer

    return int(optimizer.mini_batch_size)


def counted_reviews(reviews: Iterable[FitReview]) -> int:
    """How many of ``reviews`` the optimizer learns from, counted as it counts them.

    Per card, of its first 64 reviews (the optimizer's ``max_seq_len``), those at least a whole
    day after the card's previous review.
    """
    from fsrs import optimizer

    per_card: dict[int, list[datetime]] = {}
    for key, _, at, _ in reviews:
        per_card.setdefault(key, []).append(to_utc(at))
    counted = 0
    for times in per_card.values():
        times = sorted(times)[: int(optimizer.max_seq_len)]
        counted += sum(1 for a, b in zip(times, times[1:], strict=False) if (b - a).days > 0)
    return counted


def fit_parameters(reviews: Iterable[FitReview]) -> tuple[float, ...]:
    """FSRS parameters fitted to ``reviews`` by the ``fsrs`` optimizer (needs ``fsrs[optimizer]``)."""
    from fsrs import Optimizer

    logs = [
        ReviewLog(
            card_id=key,
            rating=Rating(RATINGS.index(rating) + 1),
            review_datetime=to_utc(at),
            review_duration=ms,
        )
        for key, rating, at, ms in reviews
    ]
    return tuple(float(p) for p in Optimizer(logs).compute_optimal_parameters())
