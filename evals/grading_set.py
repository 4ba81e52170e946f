"""The hand-graded answer sets: ``data/grading.jsonl`` (evaluation) and ``data/dev_grading.jsonl``
(development, the only data the grader's thresholds and the cosine baseline were chosen on).

Each line is one student answer to one bundled card, graded by hand::

    {"id": "g001", "card_id": "07e12560-...", "answer": "You add the sublayer input back ...",
     "label": "correct", "category": "paraphrase"}

``label`` is ``correct``, ``partial`` or ``wrong``; ``category`` says what kind of answer it is
(:data:`CATEGORIES`). The two files use different cards.

Example:
    >>> items = load_graded(GRADING_FILE)
    >>> len(items), items[0].label
    (164, 'correct')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from evals.gold import NonEmpty, read_jsonl
from ingest.cards import Card
from ingest.errors import ConfigError

DATA_DIR = Path(__file__).resolve().parent / "data"
GRADING_FILE = DATA_DIR / "grading.jsonl"
DEV_GRADING_FILE = DATA_DIR / "dev_grading.jsonl"

#: What kind of answer a line holds.
CATEGORIES = (
    "paraphrase",  # correct, in other words
    "typo",  # correct, in other words, with typos
    "formula",  # a formula or table card answered with the formula
    "missing",  # misses a key part
    "misconception",  # a wrong idea on the same topic
    "neighbour",  # the answer to a neighbouring card
    "stuffing",  # the card's own words in a wrong or negated claim
    "idk",  # "I don't know"
    "empty",  # nothing typed
)

Label = Literal["correct", "partial", "wrong"]


class GradedLine(BaseModel):
    """One line of a grading file."""

    model_config = ConfigDict(extra="forbid")

    id: NonEmpty
    card_id: NonEmpty
    answer: Annotated[str, Field(strict=True, max_length=4000)]
    label: Label
    category: Literal[CATEGORIES]  # type: ignore[valid-type]


@dataclass(frozen=True)
class GradedAnswer:
    """A hand-graded answer, with its card."""

    id: str
    card: Card
    answer: str
    label: Label
    category: str


def load_graded(path: Path, cards: Mapping[str, Card]) -> list[GradedAnswer]:
    """The lines of ``path`` with their cards.

    Raises:
        ConfigError: for a malformed line, or a card id not in ``cards`` (naming the lines).
    """
    rows = read_jsonl(path, GradedLine)
    missing = [f"line {n}: unknown card {row.card_id!r}" for n, row in rows if row.card_id not in cards]
    if missing:
        raise ConfigError(f"{path}: " + "; ".join(missing[:5]))
    return [GradedAnswer(row.id, cards[row.card_id], row.answer, row.label, row.category) for _, row in rows]
