"""The feedback sentence of an offline grade: what was covered, what was missed, and the card.

Example:
    >>> offline_feedback(decision, card)  # a partial decision: one of two points covered
    'Partly right: you covered 1 of 2 key points. Missed: "which keeps softmax stable." (card: ...)'
"""

from __future__ import annotations

from assistant.grading.decision import Decision
from assistant.grading.record import KeyPoint
from ingest.cards import Card

#: Longest key point quoted in feedback.
_QUOTE_CHARS = 160


def quote(point: KeyPoint) -> str:
    text = " ".join(point.text.split())
    return f'"{text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1] + "…"}"'


def cite(card: Card) -> str:
    return f'(card: {card.source}, "{card.question}")'


def offline_feedback(decision: Decision, card: Card, neighbour: Card | None = None) -> str:
    """One or two sentences for the student, quoting the card's missed or contradicted points."""
    total = len(decision.points)
    covered = len(decision.covered)
    missed = [quote(p) for p in decision.missed][:2]
    where = cite(card)
    if decision.reason == "no answer":
        return f"No answer given. The card says: {quote_all(card)} {where}"
    if decision.reason == "neighbour" and neighbour is not None:
        return (
            f'Not this card: your answer fits another card better ("{neighbour.question}"). '
            f"This card says: {quote_all(card)} {where}"
        )
    if decision.reason == "off topic":
        return f"Not right: your answer is about something else. The card says: {quote_all(card)} {where}"
    contradicted = [quote(p) for p in decision.contradicted][:2]
    if contradicted and decision.verdict != "correct":
        return f"Your answer contradicts the card: {'; '.join(contradicted)} {where}"
    if decision.verdict == "correct":
        extra = f" Not mentioned: {'; '.join(missed)}." if missed else ""
        return f"Correct: you covered {covered} of {total} key points.{extra} {where}"
    if decision.verdict == "partial":
        return (
            f"Partly right: you covered {covered} of {total} key points. Missed: {'; '.join(missed)} {where}"
        )
    return f"Not right. The card says: {quote_all(card)} {where}"


def quote_all(card: Card) -> str:
    return quote(KeyPoint(card.answer, 0, len(card.answer)))
