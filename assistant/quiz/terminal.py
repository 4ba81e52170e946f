"""``study quiz``: the quiz loop in the terminal.

Each card: its question; the student's answer (``?`` for "I don't know", ``q`` to quit); the
grade (verdict, score, rating, the card's key points covered and missed, feedback citing the
card); then the rating prompt: Enter keeps the grade's rating, ``a``/``h``/``g``/``e`` choose
another (logged as an override), ``x`` explains the card after a miss. The review is saved
before the next card is shown. ``q``, end of input (Ctrl-D) and Ctrl-C end the session with
its summary; every review saved so far stays saved, and the card in progress is not saved.

Reading and writing go through two functions, so tests can drive the loop without a terminal
(the real terminal is driven through a pty by the tests of ``study quiz``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant.quiz import session
from assistant.quiz.explain import explain, indent, to_text
from assistant.quiz.session import QuizState
from ingest.errors import StudyAssistantError

if TYPE_CHECKING:
    from assistant.api import StudyAssistant
    from assistant.grading.record import Grade
    from assistant.study.records import CardState

Read = Callable[[str], str]
Write = Callable[[str], None]

QUIT = {"q", ":q", "quit"}
EXPLAIN = {"x", "explain"}
ANSWER_PROMPT = "answer> "
RATING_PROMPT = "rating> "


class Quit(Exception):
    """The student asked to stop."""


def run(sa: StudyAssistant, state: QuizState, read: Read, write: Write) -> int:
    """Quiz until the queue is empty or the student quits; returns the exit code (0; 130 after Ctrl-C)."""
    if state.done:
        write("Nothing to study now: no card is due and today's new cards are done (or none match).")
        return 0
    write(
        f"Quiz for {state.user}: {len(state.queue)} card(s). Type your answer and press Enter; "
        '"?" means I don\'t know, "q" quits.'
    )
    loop = _Loop(sa, state, read, write)
    code = 0
    try:
        while not loop.state.done:
            loop.turn()
    except (Quit, EOFError):
        write("")
    except KeyboardInterrupt:
        write("")
        code = 130
    if loop.state.answered:
        write("(the card in progress was not saved)")
    write(session.summary(loop.state))
    return code


class _Loop:
    """The loop's state between prompts (kept here so that quitting mid-turn still sees it)."""

    def __init__(self, sa: StudyAssistant, state: QuizState, read: Read, write: Write) -> None:
        self.sa, self.state, self.read, self.write = sa, state, read, write

    def turn(self) -> None:
        due = self.state.current
        assert due is not None
        if due.card.is_practice:
            status = "practice prompt: rate yourself"
        else:
            status = "new" if due.state is None else due.state.state
        self.write("")
        self.write(f"[{self.state.position + 1}/{len(self.state.queue)}] {due.card.source} · {status}")
        self.write(f"Q: {due.question}")
        self.state = session.show(self.state)
        answer = self.read(ANSWER_PROMPT)
        if answer.strip().lower() in QUIT:
            raise Quit
        try:
            self.state = session.submit(self.sa, self.state, answer)
        except StudyAssistantError as exc:
            self.write(f"study: {exc}; skipping this card")
            self.state = session.skip(self.state)
            return
        if self.state.grade is not None:
            self.write(grade_text(self.state.grade))
        self.rate()

    def rate(self) -> None:
        self.write(_rating_help(self.state))
        while True:
            choice = self.read(RATING_PROMPT).strip().lower()
            if choice in QUIT:
                raise Quit
            grade = self.state.grade
            if choice in EXPLAIN and grade is not None and grade.verdict != "correct":
                try:
                    self.write(to_text(explain(self.sa, grade.card, grade)))
                except StudyAssistantError as exc:
                    self.write(f"study: cannot explain: {exc}")
                self.write(_rating_help(self.state))
                continue
            try:
                after, saved = session.save(self.sa, self.state, choice)
            except StudyAssistantError as exc:
                self.write(f"study: {exc}")
                self.write(_rating_help(self.state))
                continue
            self.state = after
            self.write(saved_text(after.turns[-1].rating, saved))
            return


def grade_text(grade: Grade) -> str:
    """The grade as the terminal shows it."""
    lines = [f"{grade.verdict.upper()} (score {grade.score:.2f}) -> {grade.rating}"]
    lines.append("covered:" if grade.covered else "covered: none")
    lines += [indent(f"+ {p.text}", "  ") for p in grade.covered]
    lines.append("missed:" if grade.missed else "missed: none")
    lines += [indent(f"- {p.text}", "  ") for p in grade.missed]
    lines.append(grade.feedback)
    lines += [f"warning: {w}" for w in grade.warnings]
    return "\n".join(lines)


def _rating_help(state: QuizState) -> str:
    grade = state.grade
    if grade is None:
        return "Rate yourself: a = again, h = hard, g = good, e = easy; q quits."
    keep = f"Enter keeps {grade.rating}; a/h/g/e = again/hard/good/easy"
    explain_hint = "; x explains" if grade.verdict != "correct" else ""
    return f"{keep}{explain_hint}; q quits."


def saved_text(rating: str, saved: CardState) -> str:
    return f"saved: {rating}; next review {saved.due:%Y-%m-%d %H:%M} UTC ({saved.state})"
