"""What every parser shares: turning raw question/answer text into a cleaned :class:`Card`."""

from __future__ import annotations

from collections.abc import Mapping

from ingest.cards import Card, stable_card_id
from ingest.clean import clean_text, suspect_defects


def build_card(
    source: str,
    question: str,
    answer: str,
    *,
    kind: str = "flashcard",
    metadata: Mapping[str, str] | None = None,
    uuid: str | None = None,
) -> Card:
    """Clean ``question`` and ``answer`` and wrap them in a :class:`Card` with lint notes.

    Args:
        source: File name of the deck.
        question: Raw question text.
        answer: Raw answer text; empty for a practice prompt (``kind="practice"``).
        kind: Card kind.
        metadata: Extra fields the source carries.
        uuid: The source's own id, used as ``card_id`` when given.
    """
    q, q_notes = clean_text(question)
    a, a_notes = clean_text(answer)
    lint = [f"question: {n}" for n in q_notes] + [f"answer: {n}" for n in a_notes]
    lint += [f"answer: {n}" for n in suspect_defects(a)] if a else []
    lint += [f"question: {n}" for n in suspect_defects(q) if "lower-case" not in n]
    meta = dict(metadata or {})
    if uuid:
        meta["uuid"] = uuid
    return Card(
        card_id=uuid or stable_card_id(source, q),
        source=source,
        question=q,
        answer=a,
        kind=kind,
        metadata=meta,
        lint=tuple(lint),
    )


def non_empty_lines(text: str) -> list[tuple[int, str]]:
    """``(line_number, stripped_line)`` for every line with text, numbered from 1."""
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
