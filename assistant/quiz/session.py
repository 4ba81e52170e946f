"""One quiz session as plain, frozen data, and the steps that move it on.

A session is a queue of cards (``sa.due``) and a position in it. Each turn:

1. :func:`show` the current card (the answer's clock starts);
2. :func:`submit` the typed answer: it is graded with ``sa.grade`` (timed), except a practice
   prompt, which has no gold answer and which the student rates;
3. :func:`save` the rating kept or chosen: ``sa.review(..., grade=g)`` commits the review,
   and only then does the session move to the next card.

**Learn-ahead.** When the queue has no other card left, a card in its (re)learning steps that
FSRS makes due within the learn-ahead window (``STUDY_LEARN_AHEAD_MINUTES``, default 20; like
Anki's learn-ahead limit) comes back: the earliest due first, one at a time, so a card answered
Again a minute ago is asked again before the session ends. The session ends when nothing is due
within the window.

Every step returns a new :class:`QuizState` (nothing is changed in place), so a UI can keep one
per visitor in its session state and a terminal loop can keep one in a variable. Times are
``time.monotonic()`` seconds unless a caller passes its own.

Example:
    >>> state = start(sa, n=5)
    >>> state = show(state)
    >>> state = submit(sa, state, "it keeps the softmax out of its flat regions")
    >>> state.grade.verdict, state.grade.rating
    ('partial', 'hard')
    >>> state, saved = save(sa, state, "good")      # an override of "hard", logged as such
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from assistant.study.ratings import parse_rating
from assistant.study.records import DEFAULT_USER, RATINGS
from ingest.errors import StudyError

if TYPE_CHECKING:
    from assistant.api import StudyAssistant
    from assistant.grading.record import Grade
    from assistant.study.records import CardState, DueCard

#: What a student types for "I don't know".
DONT_KNOW = "I don't know"
#: Short keys for the four ratings (the terminal's and the help texts').
RATING_KEYS = {"a": "again", "h": "hard", "g": "good", "e": "easy"}
#: The FSRS states whose short steps the learn-ahead window brings back within a session.
LEARNING_STATES = ("learning", "relearning")


@dataclass(frozen=True)
class Turn:
    """One card answered and saved in this session.

    Attributes:
        card_id: The card.
        question: Its question.
        verdict: The grade's verdict; None for a practice prompt the student rated.
        proposed: The rating the grade proposed; None for a practice prompt.
        rating: The rating saved.
    """

    card_id: str
    question: str
    verdict: str | None
    proposed: str | None
    rating: str

    @property
    def overridden(self) -> bool:
        return self.proposed is not None and self.proposed != self.rating


@dataclass(frozen=True)
class QuizState:
    """Where one session stands.

    Attributes:
        user: The student.
        queue: The cards of the session, in order (``sa.due`` at the start).
        position: The index of the current card in ``queue``.
        shown_at: When the current card was shown (None before :func:`show`).
        answer: What the student typed for the current card (None before :func:`submit`).
        elapsed_s: How long that took.
        grade: The current card's grade (None before :func:`submit` and for practice prompts).
        turns: The cards answered and saved so far.
        deck: The deck the session studies (None: every deck).
        practice: Practice prompts come up too.
        learn_ahead_s: The learn-ahead window in seconds (0: off).
    """

    user: str
    queue: tuple[DueCard, ...]
    position: int = 0
    shown_at: float | None = None
    answer: str | None = None
    elapsed_s: float | None = None
    grade: Grade | None = None
    turns: tuple[Turn, ...] = ()
    deck: str | None = None
    practice: bool = False
    learn_ahead_s: float = 0.0

    @property
    def current(self) -> DueCard | None:
        """The card to answer now, or None when the session is over."""
        return self.queue[self.position] if self.position < len(self.queue) else None

    @property
    def done(self) -> bool:
        return self.current is None

    @property
    def answered(self) -> bool:
        """True once the current card's answer is in (graded, or a practice prompt to rate)."""
        return self.answer is not None

    @property
    def is_practice(self) -> bool:
        card = self.current
        return card is not None and card.card.is_practice


def start(
    sa: StudyAssistant,
    n: int = 20,
    deck: str | None = None,
    user: str | None = None,
    *,
    practice: bool = False,
) -> QuizState:
    """A new session over up to ``n`` cards that are due now (then new ones), for ``user``.

    Practice prompts come up only with ``practice=True``. Once those are done, cards in their
    learning steps due within ``sa.settings.learn_ahead_minutes`` come back (see above).

    Raises:
        StudyError: for a bad ``n`` or user name.
    """
    if not isinstance(n, int) or not 1 <= n <= 500:
        raise StudyError(f"the number of cards must be 1 to 500, got {n!r}")
    queue = sa.due(n, deck, user, practice=practice)
    window = 60.0 * float(sa.settings.learn_ahead_minutes)
    state = QuizState(
        user=user or DEFAULT_USER, queue=tuple(queue), deck=deck, practice=practice, learn_ahead_s=window
    )
    return learn_ahead(sa, state)  # nothing due now: a learning card due within the window


def show(state: QuizState, now: float | None = None) -> QuizState:
    """The current card shown: its answer's clock starts now."""
    return dataclasses.replace(
        state, shown_at=time.monotonic() if now is None else now, answer=None, elapsed_s=None, grade=None
    )


def submit(sa: StudyAssistant, state: QuizState, answer: str, now: float | None = None) -> QuizState:
    """The current card answered: graded against the card (timed), or, for a practice prompt,
    kept for the student to rate. ``?`` stands for "I don't know".

    Raises:
        StudyError: when the session is over.
        GradingError: when grading fails (see ``sa.grade``).
    """
    card = state.current
    if card is None:
        raise StudyError("the quiz is over: there is no card to answer")
    text = (answer or "").strip()
    if text == "?":
        text = DONT_KNOW
    now = time.monotonic() if now is None else now
    elapsed = max(0.0, now - state.shown_at) if state.shown_at is not None else None
    grade = None
    if not card.card.is_practice:
        grade = sa.grade(card.card_id, text, elapsed_s=elapsed, user=state.user)
    return dataclasses.replace(state, answer=text, elapsed_s=elapsed, grade=grade)


def choose_rating(state: QuizState, choice: str | None) -> str:
    """The rating to save: the grade's when ``choice`` is empty, else ``choice`` (a rating or
    one of :data:`RATING_KEYS`).

    Raises:
        StudyError: for an unknown choice, or no choice for a practice prompt (no grade to keep).
    """
    key = (choice or "").strip().lower()
    if not key:
        if state.grade is None:
            raise StudyError("a practice prompt has no grade to keep: rate it again, hard, good or easy")
        return state.grade.rating
    return parse_rating(RATING_KEYS.get(key, key))


def save(sa: StudyAssistant, state: QuizState, choice: str | None = None) -> tuple[QuizState, CardState]:
    """Save the current card's review (committed before this returns) and move to the next card.

    Args:
        sa: The assistant.
        state: A state whose current card has been answered.
        choice: The rating: empty keeps the grade's, else a rating or a key (``a``/``h``/``g``/``e``).

    Raises:
        StudyError: when nothing is answered yet, for a bad rating, or when the database refuses.
    """
    card = state.current
    if card is None or not state.answered:
        raise StudyError("answer the card before rating it")
    rating = choose_rating(state, choice)
    saved = sa.review(
        card.card_id,
        rating,
        answer=state.answer,
        grade=state.grade,
        user=state.user,
        elapsed_s=state.elapsed_s,
    )
    grade = state.grade
    turn = Turn(
        card.card_id,
        card.question,
        grade.verdict if grade else None,
        grade.rating if grade else None,
        rating,
    )
    after = dataclasses.replace(
        state,
        position=state.position + 1,
        shown_at=None,
        answer=None,
        elapsed_s=None,
        grade=None,
        turns=(*state.turns, turn),
    )
    return learn_ahead(sa, after), saved


def learn_ahead(sa: StudyAssistant, state: QuizState, now: datetime | None = None) -> QuizState:
    """``state`` with the next learning card appended when its queue is used up: of the user's
    cards in a (re)learning step (of the session's deck) due by ``now`` plus the learn-ahead
    window, the earliest due. Unchanged while cards are left, or when nothing is due that soon."""
    if not state.done or state.learn_ahead_s <= 0:
        return state
    horizon = (now or datetime.now(UTC)) + timedelta(seconds=state.learn_ahead_s)
    soon = [
        d
        for d in sa.due(500, state.deck, state.user, practice=state.practice, now=horizon)
        if d.state is not None and d.state.state in LEARNING_STATES
    ]  # due ones come first, earliest due first
    if not soon:
        return state
    return dataclasses.replace(state, queue=(*state.queue, soon[0]))


def skip(state: QuizState) -> QuizState:
    """The next card, leaving the current one unreviewed (it could not be graded)."""
    return dataclasses.replace(
        state, position=state.position + 1, shown_at=None, answer=None, elapsed_s=None, grade=None
    )


def summary(state: QuizState) -> str:
    """The session in two lines: what was answered and how it was rated."""
    turns = state.turns
    verdicts = Counter(t.verdict for t in turns)
    ratings = Counter(t.rating for t in turns)
    overrides = sum(t.overridden for t in turns)
    first = (
        f"Session over: {len(turns)} card(s) reviewed and saved for {state.user}: "
        f"{verdicts['correct']} correct, {verdicts['partial']} partial, {verdicts['wrong']} wrong, "
        f"{verdicts[None]} self-rated."
    )
    second = "Ratings: " + ", ".join(f"{r} {ratings[r]}" for r in RATINGS) + f"; {overrides} override(s)."
    return f"{first}\n{second}"


def to_dict(state: QuizState) -> dict[str, Any]:
    """The session's counts, JSON-ready (for tests and the UI)."""
    return {
        "user": state.user,
        "cards": len(state.queue),
        "position": state.position,
        "turns": [dataclasses.asdict(t) for t in state.turns],
    }
