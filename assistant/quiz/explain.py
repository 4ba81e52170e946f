"""The explanation after a miss: the missed card first, a cited answer through ``sa.ask``, and,
where the card is numeric, a worked example from the local PyTorch reference.

"Numeric" here means two things at once: the card's answer holds a formula (a key point the
grader marked as one, or an ``=`` in the answer), and the card is one of the cards that explain
a worked-example kind (``sa.examples.concept_hits(kind)``, the same cards a "work through ..."
answer cites). The example is that kind's, with its default numbers, as ``study example KIND``
prints it.

Example:
    >>> e = explain(sa, grade.card, grade)
    >>> e.answer.citations[0].card_id == grade.card.card_id, e.kind
    (True, 'attention')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.errors import ToolError

if TYPE_CHECKING:
    from assistant.answers import Answer
    from assistant.api import StudyAssistant
    from assistant.examples.record import WorkedExample
    from assistant.grading.record import Grade
    from ingest.cards import Card


@dataclass(frozen=True)
class Explanation:
    """What "explain" shows.

    Attributes:
        card: The missed card (shown first).
        answer: The cited answer to the card's question (``sa.ask``).
        kind: The worked-example kind that follows, or None when the card is not numeric.
        example: That worked example.
    """

    card: Card
    answer: Answer
    kind: str | None = None
    example: WorkedExample | None = None

    @property
    def cites_card_first(self) -> bool:
        """True when the answer's first citation is the missed card."""
        return bool(self.answer.citations) and self.answer.citations[0].card_id == self.card.card_id


def has_formula(card: Card, grade: Grade | None = None) -> bool:
    """True when the card's answer holds a formula: a key point marked as one, or an ``=``."""
    points = (*grade.covered, *grade.missed) if grade is not None else ()
    return any(p.formula for p in points) or "=" in card.answer


def example_kind(sa: StudyAssistant, card: Card, grade: Grade | None = None) -> str | None:
    """The worked-example kind that illustrates this card, if it is numeric (see the module)."""
    if not has_formula(card, grade):
        return None
    from assistant.examples.catalog import kind_names

    for kind in kind_names():
        try:
            hits = sa.examples.concept_hits(kind)
        except ToolError:
            continue
        if any(h.card_id == card.card_id for h in hits):
            return kind
    return None


def explain(sa: StudyAssistant, card: Card, grade: Grade | None = None) -> Explanation:
    """Explain ``card``: the cited answer to its question, then its worked example if numeric.

    Raises:
        RetrievalError: when the card's question is blank.
    """
    answer = sa.ask(card.question)
    kind = example_kind(sa, card, grade)
    example = None
    if kind is not None:
        try:
            example = sa.example(kind)
        except ToolError:
            kind = None
    return Explanation(card, answer, kind, example)


def to_text(explanation: Explanation) -> str:
    """The explanation as plain text (the terminal's): the card, the answer, its sources, the example."""
    from assistant.examples.render import to_markdown

    card, answer = explanation.card, explanation.answer
    lines = [f"The card ({card.source}): {card.question}", indent(card.answer), ""]
    lines += ["Explanation:", answer.text]
    if answer.citations:
        lines.append("")
        lines += [f"[{c.n}] {c.question} ({c.source})" for c in answer.citations]
    if explanation.example is not None:
        lines += ["", f"Worked example ({explanation.kind}):", to_markdown(explanation.example).rstrip()]
    return "\n".join(lines)


def indent(text: str, prefix: str = "  ") -> str:
    return "\n".join(prefix + line for line in text.strip().splitlines())
