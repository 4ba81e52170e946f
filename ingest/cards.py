"""The records ingest produces: cards, practice prompts, chunks and parse results.

A :class:`Card` is one question with its answer, as written in a source file. Its ``card_id`` is
the source's UUID where it has one, otherwise a stable hash of the source name and the
normalised question, so that re-ingesting the same file always yields the same ids.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: Kinds of card. Practice prompts have no answer and are never used as gold.
KINDS = ("flashcard", "multiple-choice", "note", "practice")


def normalise_question(question: str) -> str:
    """Lower-case and collapse whitespace: the form used for ids and for matching gold questions."""
    return re.sub(r"\s+", " ", question).strip().casefold()


def stable_card_id(source: str, question: str) -> str:
    """A stable id from the source file name and the normalised question.

    Example:
        >>> a = stable_card_id("deck.txt", "What is  attention?")
        >>> a == stable_card_id("deck.txt", "what is attention?")
        True
    """
    digest = hashlib.sha1(f"{source}\n{normalise_question(question)}".encode()).hexdigest()
    return f"{source.rsplit('.', 1)[0][:24]}-{digest[:12]}"


@dataclass(frozen=True)
class Card:
    """One question and its answer from a source file.

    Attributes:
        card_id: UUID from the source, or :func:`stable_card_id`.
        source: File name of the deck the card came from (citations name it).
        question: Cleaned question text.
        answer: Cleaned answer text; empty for a practice prompt.
        kind: One of :data:`KINDS`.
        metadata: Whatever the source carries (uuid, level, code, title, line, hint ...).
        lint: Repairs made while cleaning and suspected extraction defects.
    """

    card_id: str
    source: str
    question: str
    answer: str
    kind: str = "flashcard"
    metadata: Mapping[str, str] = field(default_factory=dict)
    lint: tuple[str, ...] = ()

    @property
    def is_practice(self) -> bool:
        """True for a question with no answer: kept for practice, never used as gold."""
        return self.kind == "practice"

    @property
    def content_hash(self) -> str:
        """Hash of everything stored for the card; a change means the card is re-embedded."""
        payload = json.dumps(
            [self.question, self.answer, self.kind, sorted(self.metadata.items()), list(self.lint)],
            ensure_ascii=False,
        )
        return hashlib.sha1(payload.encode()).hexdigest()

    def to_record(self) -> dict[str, str]:
        """The card as flat text fields, as the store and its local copy keep it.

        ``metadata`` and ``lint`` are JSON in the fields ``meta`` and ``lint`` (a Chroma
        metadata value must be a scalar).
        """
        return {
            "card_id": self.card_id,
            "source": self.source,
            "question": self.question,
            "answer": self.answer,
            "kind": self.kind,
            "meta": json.dumps(dict(self.metadata), ensure_ascii=False, sort_keys=True),
            "lint": json.dumps(list(self.lint), ensure_ascii=False),
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Card:
        """The card :meth:`to_record` wrote (``meta`` and ``lint`` may be missing).

        Raises:
            KeyError, TypeError or ValueError: when the record is not one :meth:`to_record` wrote.
        """
        return cls(
            card_id=record["card_id"],
            source=record["source"],
            question=record["question"],
            answer=record["answer"],
            kind=record["kind"],
            metadata=json.loads(record.get("meta") or "{}"),
            lint=tuple(json.loads(record.get("lint") or "[]")),
        )


@dataclass(frozen=True)
class Chunk:
    """A piece of a card that is embedded on its own; it always carries the card's question.

    Attributes:
        chunk_id: ``"{card_id}#{index}"``.
        card_id: The card it points back to.
        index: 0 is the question on its own; 1.. hold the question with a part of the answer.
        total: How many chunks the card has.
        text: The text that is embedded and indexed lexically.
    """

    chunk_id: str
    card_id: str
    index: int
    total: int
    text: str


@dataclass(frozen=True)
class Problem:
    """Something in a source that could not become a card (a broken row, say).

    ``skipped`` is False for a warning that lost nothing (a count that differs from the one the
    file's header claims, say).
    """

    source: str
    line: int | None
    reason: str
    skipped: bool = True

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class ParseResult:
    """What a parser found in one file: cards (practice prompts included) and problems."""

    format: str
    cards: tuple[Card, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def answered(self) -> tuple[Card, ...]:
        """The cards that have an answer."""
        return tuple(c for c in self.cards if not c.is_practice)
