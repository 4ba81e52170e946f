"""The Study tab's handlers: plain functions over the assistant and one session's
:class:`~assistant.quiz.session.QuizState` (kept per visitor in a ``gr.State``).

No Gradio here. Each handler takes the state and plain values and returns a :class:`StudyView`:
the new state and what the tab shows. The turn is the quiz's (:mod:`assistant.quiz.session`):
the card's question; the typed answer, graded against the card; the grade, with the key points
covered and missed marked on the card's own answer; the rating kept or overridden (Again, Hard,
Good, Easy), saved with ``sa.review`` before the next card is shown.

``lock`` is the UI's :class:`~ui.store_lock.StoreLock`: grading, explaining and saving read the
store, so they hold it for reading like a chat does.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.quiz import session
from assistant.quiz.explain import explain
from assistant.quiz.session import QuizState
from assistant.study.progress import NO_REVIEWS_MESSAGE
from assistant.study.records import RATINGS
from ingest.errors import StudyAssistantError
from ui import render

if TYPE_CHECKING:
    from assistant.api import StudyAssistant
    from assistant.grading.record import Grade, KeyPoint
    from ui.store_lock import StoreLock

#: The deck choice that means every deck.
ALL_DECKS = "all decks"
#: matplotlib's pyplot is not thread-safe: one session draws its plots at a time.
_PLOT_LOCK = threading.Lock()


@dataclass(frozen=True)
class StudyView:
    """What the tab shows after an event.

    Attributes:
        state: The session's new state (None before a session starts).
        card: The card's question, as Markdown (or what to do next).
        grade: The grade, as HTML (empty before an answer).
        status: One line on what just happened (saved, an error, the session summary).
        can_answer: True while the current card waits for an answer.
        can_rate: True while the answered card waits for its rating.
        proposed: The rating the grade proposes (the **Keep** button's), None for a practice prompt.
        can_explain: True after a miss (an answer that was not correct).
    """

    state: QuizState | None
    card: str
    grade: str = ""
    status: str = ""
    can_answer: bool = False
    can_rate: bool = False
    proposed: str | None = None
    can_explain: bool = False
    plots: list[str] = field(default_factory=list)


def _shared(lock: StoreLock | None) -> AbstractContextManager[None]:
    return lock.reading() if lock is not None else nullcontext()


def deck_choices(sa: StudyAssistant) -> list[str]:
    """:data:`ALL_DECKS`, then each deck of the store."""
    return [ALL_DECKS, *sorted({c.source for c in sa.cards(include_practice=True)})]


def start(
    sa: StudyAssistant,
    user: str,
    deck: str | None,
    n: int,
    practice: bool,
    *,
    lock: StoreLock | None = None,
) -> StudyView:
    """A new session for ``user``: up to ``n`` due (then new) cards of ``deck``; the first card shown."""
    try:
        with _shared(lock):
            state = session.start(sa, int(n), None if deck in (None, "", ALL_DECKS) else deck, user,
                                  practice=bool(practice))  # fmt: skip
    except StudyAssistantError as exc:
        return StudyView(None, "", status=render.error_html(str(exc)))
    if state.done:
        return StudyView(state, "**Nothing to study now**: no card is due and today's new cards are done.")
    return _card_view(session.show(state), f"Session started for **{render.escape_tags(user)}**.")


def answer(
    sa: StudyAssistant, state: QuizState | None, text: str, *, lock: StoreLock | None = None
) -> StudyView:
    """Grade the typed answer (``?`` or the **I don't know** button: "I don't know")."""
    if state is None or state.done:
        return StudyView(state, "Press **Start** to begin a session.")
    if state.answered:
        return _graded_view(state, "Rate this card first.")
    try:
        with _shared(lock):
            graded = session.submit(sa, state, text)
    except StudyAssistantError as exc:
        return _card_view(state, render.error_html(str(exc)))
    if graded.grade is None:
        return _graded_view(graded, "A practice prompt: rate yourself.")
    return _graded_view(graded, "")


def rate(
    sa: StudyAssistant, state: QuizState | None, choice: str | None, *, lock: StoreLock | None = None
) -> StudyView:
    """Save the answered card's review with the rating kept (``choice`` empty) or chosen, then
    show the next card (or the session's summary)."""
    if state is None or state.done:
        return StudyView(state, "Press **Start** to begin a session.")
    if not state.answered:
        return _card_view(state, "Answer the card first.")
    try:
        with _shared(lock):
            after, saved = session.save(sa, state, choice)
    except StudyAssistantError as exc:
        return _graded_view(state, render.error_html(str(exc)))
    turn = after.turns[-1]
    note = f" (you changed it from {turn.proposed})" if turn.overridden else ""
    line = f"Saved **{turn.rating}**{note}; next review {saved.due:%Y-%m-%d %H:%M} UTC."
    if after.done:
        summary = session.summary(after).replace("\n", "  \n")
        return StudyView(
            after, "**Session over.** Press **Start** for another.", status=f"{line}  \n{summary}"
        )
    return _card_view(session.show(after), line)


def explanation_markdown(
    sa: StudyAssistant, state: QuizState | None, *, lock: StoreLock | None = None
) -> str:
    """After a miss: the missed card first, the cited answer to its question, and a worked
    example when the card is numeric (:mod:`assistant.quiz.explain`)."""
    grade = state.grade if state is not None else None
    if grade is None:
        return ""
    from assistant.examples.render import to_markdown

    try:
        with _shared(lock):
            e = explain(sa, grade.card, grade)
    except StudyAssistantError as exc:
        return render.error_html(str(exc))
    card = e.card
    parts = [
        f"**The card** · `{card.source}`  \n**{render.escape_tags(card.question)}**\n\n"
        f"{render.escape_tags(card.answer)}",
        f"**Explanation**\n\n{render.escape_tags(e.answer.text)}",
    ]
    if e.answer.citations:
        parts.append(
            "\n".join(f"{c.n}. {render.escape_tags(c.question)} · `{c.source}`" for c in e.answer.citations)
        )
    if e.example is not None:
        parts.append(f"**Worked example ({e.kind})**\n\n{to_markdown(e.example).rstrip()}")
    return "\n\n".join(parts) + "\n"


def progress_plots(sa: StudyAssistant, user: str, media_dir: Path) -> list[str]:
    """The user's progress plots (forecast, reviews, retention, mastery) as PNG files; none
    while the user has no review (see :func:`progress_view`)."""
    return progress_view(sa, user, media_dir)[0]


def progress_view(sa: StudyAssistant, user: str, media_dir: Path) -> tuple[list[str], str]:
    """The user's progress plots as PNG files, and the note shown in their place: a new user
    with no review gets no (empty) plots but :data:`NO_REVIEWS_MESSAGE`; the note is empty
    once there is data."""
    from assistant.study.progress_html import plots

    with _PLOT_LOCK:
        images = plots(sa.progress(user))  # none while the user has no review
    if not images:
        return [], f"**{NO_REVIEWS_MESSAGE}**"
    media_dir.mkdir(parents=True, exist_ok=True)
    uid = render.new_uid()
    paths = []
    for name, png in images.items():
        path = media_dir / f"progress-{uid}-{name}.png"
        path.write_bytes(png)
        paths.append(str(path))
    return paths, ""


# -- rendering ----------------------------------------------------------------------------------


def _card_view(state: QuizState, status: str) -> StudyView:
    due = state.current
    assert due is not None
    if due.card.is_practice:
        kind = "practice prompt: you rate it"
    else:
        kind = "new" if due.state is None else due.state.state
    card = (
        f"Card {state.position + 1} of {len(state.queue)} · `{due.card.source}` · {kind}\n\n"
        f"### {render.escape_tags(due.question)}"
    )
    return StudyView(state, card, status=status, can_answer=True)


def _graded_view(state: QuizState, status: str) -> StudyView:
    view = _card_view(state, status)
    grade = state.grade
    body = grade_html(grade) if grade is not None else _practice_html(state)
    return StudyView(
        state,
        view.card,
        body,
        status,
        can_answer=False,
        can_rate=True,
        proposed=grade.rating if grade else None,
        can_explain=grade is not None and grade.verdict != "correct",
    )


def _practice_html(state: QuizState) -> str:
    return (
        '<div class="study-grade"><p>A practice prompt has no answer to grade against. '
        f"Your answer: <q>{html.escape(state.answer or '')}</q>. Rate yourself below.</p></div>"
    )


def grade_html(grade: Grade) -> str:
    """The grade: verdict, score, proposed rating, feedback, and the card's answer with the
    covered points marked ``<mark class="kp-covered">`` and the missed ones ``kp-missed``."""
    card = grade.card
    warnings = "".join(f'<p class="study-warning">{html.escape(w)}</p>' for w in grade.warnings)
    return (
        f'<div class="study-grade verdict-{grade.verdict}">'
        f'<p class="study-verdict"><b>{grade.verdict.capitalize()}</b> · score {grade.score:.2f} · '
        f"rating <b>{grade.rating}</b> · {len(grade.covered)} of {len(grade.covered) + len(grade.missed)} "
        "key points covered</p>"
        f'<p class="study-feedback">{html.escape(grade.feedback)}</p>'
        f'<div class="study-card"><p class="study-cite">The card · {html.escape(card.source)} · '
        f"{html.escape(card.question)}</p>"
        f'<p class="study-answer">{marked_answer(card.answer, grade.covered, grade.missed)}</p></div>'
        '<p class="study-legend"><mark class="kp-covered kp-legend">covered</mark> '
        '<mark class="kp-missed kp-legend">missed</mark></p>'
        f"{warnings}</div>"
    )


def marked_answer(text: str, covered: Sequence[KeyPoint], missed: Sequence[KeyPoint]) -> str:
    """``text`` as HTML with each key point's span marked (covered or missed); overlapping spans
    keep the first."""
    spans = sorted(
        [(p.start, p.end, "kp-covered") for p in covered] + [(p.start, p.end, "kp-missed") for p in missed]
    )
    out, at = [], 0
    for start, end, cls in spans:
        if start < at or not 0 <= start < end <= len(text):
            continue
        out.append(html.escape(text[at:start]))
        out.append(f'<mark class="{cls}">{html.escape(text[start:end])}</mark>')
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out).replace("\n", "<br>")


__all__ = [
    "ALL_DECKS",
    "NO_REVIEWS_MESSAGE",
    "RATINGS",
    "StudyView",
    "answer",
    "deck_choices",
    "explanation_markdown",
    "grade_html",
    "marked_answer",
    "progress_plots",
    "progress_view",
    "rate",
    "start",
]
