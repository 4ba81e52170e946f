"""The query sets, built from the bundled gold files and the cards in the store.

Each set answers a different question and is scored on its own, never pooled:

- ``verbatim``: every card's own question, gold = that card. A sanity check: hit@1 is about
  1.0, and anything less is an indexing bug.
- ``paraphrase``: ``data/paraphrases.jsonl``, questions in students' words, gold = the card
  and every cross-deck duplicate that also answers it. The headline set.
- ``leave-one-out``: each card's question with that card removed from every ranking; gold =
  its labelled duplicates (``data/duplicates.jsonl``). A card without one becomes an
  abstention probe: no remaining card answers it, so the right behaviour is to abstain.
- ``out-of-scope``: ``data/out_of_scope.jsonl``, off-topic questions; scored on abstention only.
- ``uncovered``: ``data/dev_uncovered.jsonl``, on-topic questions no bundled card covers (rotary
  embeddings, LoRA, nucleus sampling ...); scored on abstention, where coverage ``"none"`` or
  ``"partial"`` counts as honest. A development set: the coverage judge was tuned on it.
- ``numeric``: ``data/numeric.jsonl``, worked-example questions whose expected numbers were
  computed with PyTorch's built-ins by ``data/make_numeric.py``, not with the reference.
- ``gold``: the user's own file (:mod:`evals.gold`).

Example:
    >>> built = build_sets(("paraphrase", "out-of-scope"), study.cards(include_practice=True))
    >>> len(built.sets["paraphrase"]), len(built.sets["out-of-scope"])
    (87, 32)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from evals.gold import NonEmpty, StrictFinite, load_gold, read_jsonl
from evals.records import SET_NAMES, Query
from ingest.cards import Card
from ingest.errors import ConfigError

DATA_DIR = Path(__file__).resolve().parent / "data"


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ParaphraseLine(_Line):
    """A line of ``paraphrases.jsonl``."""

    id: NonEmpty
    question: NonEmpty
    relevant: Annotated[list[NonEmpty], Field(min_length=1)]
    paraphrase_of: NonEmpty


class OutOfScopeLine(_Line):
    """A line of ``out_of_scope.jsonl``."""

    id: NonEmpty
    question: NonEmpty


class UncoveredLine(_Line):
    """A line of ``dev_uncovered.jsonl``: an on-topic question no bundled card covers."""

    id: NonEmpty
    question: NonEmpty
    topic: NonEmpty


class DuplicatesLine(_Line):
    """A line of ``duplicates.jsonl``: the other cards that answer ``card_id``'s question."""

    card_id: NonEmpty
    duplicates: list[NonEmpty]


class NumericLine(_Line):
    """A line of ``numeric.jsonl`` (written by ``make_numeric.py``)."""

    id: NonEmpty
    question: NonEmpty
    expected_numbers: Annotated[list[StrictFinite], Field(min_length=1)]
    kind: NonEmpty
    computed_with: NonEmpty


@dataclass(frozen=True)
class QuerySets:
    """The built sets (set name -> queries, in :data:`SET_NAMES` order) and notes on what was skipped."""

    sets: dict[str, list[Query]]
    notes: list[str] = field(default_factory=list)


def load_duplicates(data_dir: Path = DATA_DIR) -> dict[str, tuple[str, ...]]:
    """Card id -> the other cards labelled as answering its question."""
    return {
        row.card_id: tuple(row.duplicates)
        for _, row in read_jsonl(data_dir / "duplicates.jsonl", DuplicatesLine)
    }


def verbatim(cards: Sequence[Card]) -> list[Query]:
    """Every card's own question; gold is the card alone."""
    return [Query("verbatim", c.card_id, c.question, (c.card_id,), c.answer) for c in cards]


def leave_one_out(
    cards: Sequence[Card], duplicates: Mapping[str, Sequence[str]]
) -> tuple[list[Query], list[str]]:
    """Each labelled card held out in turn; gold = its duplicates still in the store.

    Returns:
        The queries, and notes (how many cards have no label and were left out).
    """
    ids = {c.card_id for c in cards}
    queries, unlabelled = [], 0
    for card in cards:
        if card.card_id not in duplicates:
            unlabelled += 1
            continue
        gold = tuple(d for d in duplicates[card.card_id] if d in ids and d != card.card_id)
        queries.append(
            Query(
                "leave-one-out",
                card.card_id,
                card.question,
                gold,
                card.answer,
                bool(gold),
                held_out=card.card_id,
            )
        )
    notes = (
        [f"leave-one-out: {unlabelled} card(s) have no duplicate label and were left out"]
        if unlabelled
        else []
    )
    return queries, notes


def paraphrases(cards: Sequence[Card], data_dir: Path = DATA_DIR) -> tuple[list[Query], list[str]]:
    """The bundled paraphrases whose cards are all in the store."""
    by_id = {c.card_id: c for c in cards}
    queries, missing = [], 0
    for _, row in read_jsonl(data_dir / "paraphrases.jsonl", ParaphraseLine):
        if row.paraphrase_of not in by_id or any(r not in by_id for r in row.relevant):
            missing += 1
            continue
        source = by_id[row.paraphrase_of]
        queries.append(Query("paraphrase", row.id, row.question, tuple(row.relevant), source.answer))
    notes = (
        [f"paraphrase: {missing} question(s) name cards not in the store and were left out"]
        if missing
        else []
    )
    return queries, notes


def out_of_scope(data_dir: Path = DATA_DIR) -> list[Query]:
    """Off-topic questions: the right answer is to abstain."""
    rows = read_jsonl(data_dir / "out_of_scope.jsonl", OutOfScopeLine)
    return [Query("out-of-scope", row.id, row.question, answerable=False) for _, row in rows]


def uncovered(data_dir: Path = DATA_DIR) -> list[Query]:
    """On-topic questions that no bundled card covers: the right answer declines (or names the gap)."""
    rows = read_jsonl(data_dir / "dev_uncovered.jsonl", UncoveredLine)
    return [Query("uncovered", row.id, row.question, answerable=False) for _, row in rows]


def numeric(data_dir: Path = DATA_DIR) -> list[Query]:
    """Worked-example questions with their expected numbers."""
    rows = read_jsonl(data_dir / "numeric.jsonl", NumericLine)
    return [
        Query("numeric", row.id, row.question, expected_numbers=tuple(row.expected_numbers))
        for _, row in rows
    ]


def _build_one(
    name: str, answered: Sequence[Card], cards: Sequence[Card], gold_file: Path | None, data_dir: Path
) -> tuple[list[Query], list[str]]:
    if name == "verbatim":
        return verbatim(answered), []
    if name == "paraphrase":
        return paraphrases(answered, data_dir)
    if name == "leave-one-out":
        return leave_one_out(answered, load_duplicates(data_dir))
    if name == "out-of-scope":
        return out_of_scope(data_dir), []
    if name == "uncovered":
        return uncovered(data_dir), []
    if name == "numeric":
        return numeric(data_dir), []
    assert gold_file is not None
    return load_gold(gold_file, cards), []


def build_sets(
    names: Sequence[str],
    cards: Sequence[Card],
    gold_file: Path | None = None,
    data_dir: Path = DATA_DIR,
    strict: bool = True,
) -> QuerySets:
    """Build the named sets over the store's ``cards`` (practice prompts included or not).

    Args:
        names: Sets to build, from :data:`SET_NAMES`.
        cards: Every card in the store.
        gold_file: The user's gold file, for the ``gold`` set.
        data_dir: Where the bundled files are.
        strict: Raise when a set ends up empty (the user named it); otherwise skip it with a
            note (it was a default, e.g. the bundled paraphrases over a store of other decks).

    Raises:
        ConfigError: If a name is unknown, ``gold`` is asked for without a file, a bundled
            file is malformed, or (``strict``) a set ends up empty.
    """
    unknown = [n for n in names if n not in SET_NAMES]
    if unknown:
        raise ConfigError(f"unknown query set(s) {unknown}; known: {', '.join(SET_NAMES)}")
    if "gold" in names and gold_file is None:
        raise ConfigError("the gold set needs a file: --gold FILE")
    answered = [c for c in cards if not c.is_practice]
    built: dict[str, list[Query]] = {}
    notes: list[str] = []
    for name in (n for n in SET_NAMES if n in names):
        built[name], more = _build_one(name, answered, cards, gold_file, data_dir)
        notes += more
        if not built[name]:
            if strict:
                raise ConfigError(f"query set {name!r} is empty for the cards in this store")
            del built[name]
            notes.append(f"{name}: no question applies to the cards in this store; set skipped")
    return QuerySets(built, notes)
