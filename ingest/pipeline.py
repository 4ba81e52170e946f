"""Incremental ingest: parse sources, diff them against the store, embed only what changed.

For every source file the cards found are compared with what the store holds for that file:

- a card the store lacks is added; one whose content hash differs is updated in place;
- a card whose chunks are incomplete (a killed ingest) is written again;
- a card the file no longer has is removed;
- a file that cannot be read or parsed is skipped with its reason, and its cards already in
  the store are kept.

Chunk ids are deterministic, so writing twice never duplicates anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.cards import Card, Chunk, Problem
from ingest.chunking import chunk_card
from ingest.embedder import Embedder
from ingest.errors import IngestError
from ingest.parse_options import ParseOptions
from ingest.sources import read_source
from ingest.store import CardState, CardStore

#: Chunk texts embedded and written together. It bounds memory on big decks (4,096 vectors of
#: 384 floats are 6 MB) and is large enough for sentence-transformers, which sorts the texts of
#: one call by length, to pad little: a call per 256 cards (about 1,300 texts) encoded 20-30 %
#: slower than one call for the same texts.
WRITE_BATCH_TEXTS = 4096


@dataclass(frozen=True)
class CardDigest:
    """What planning needs of a card: its id and content hash, not its text.

    Planning holds one digest per card; the texts are parsed again, one file at a time, only
    for the cards that must be written. Memory then grows with the number of cards, not with
    the size of the corpus.
    """

    card_id: str
    content_hash: str


@dataclass
class IngestReport:
    """What an ingest did, per card and per problem.

    ``report.added`` (and ``updated``, ``unchanged``, ``removed``, ``skipped``) are counts; the
    card ids behind them are in ``added_ids`` and so on, and ``problems`` says why each skipped
    file or row was skipped.

    Attributes:
        added_ids, updated_ids, unchanged_ids, removed_ids: card ids in each state.
        problems: files and rows that did not become cards, with reasons.
        warnings: things worth knowing that lost nothing.
        sources: file name → detected format, for every file read.
        review_history: one line per Anki package whose review history the study mode imported.
    """

    added_ids: list[str] = field(default_factory=list)
    updated_ids: list[str] = field(default_factory=list)
    unchanged_ids: list[str] = field(default_factory=list)
    removed_ids: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    #: file name → path it was read from (to parse it again when writing)
    paths: dict[str, Path] = field(default_factory=dict)
    review_history: list[str] = field(default_factory=list)

    added = property(lambda self: len(self.added_ids))
    updated = property(lambda self: len(self.updated_ids))
    unchanged = property(lambda self: len(self.unchanged_ids))
    removed = property(lambda self: len(self.removed_ids))
    skipped = property(lambda self: len(self.problems))

    @property
    def changed(self) -> bool:
        """True when the store's content changed."""
        return bool(self.added_ids or self.updated_ids or self.removed_ids)

    def counts(self) -> dict[str, int]:
        """``{"added": n, "updated": n, "unchanged": n, "removed": n, "skipped": n}``."""
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "skipped": self.skipped,
        }

    def to_dict(self) -> dict[str, object]:
        """JSON-ready view: counts, the ids behind them, and every problem with its reason."""
        return {
            **self.counts(),
            "added_ids": self.added_ids,
            "updated_ids": self.updated_ids,
            "removed_ids": self.removed_ids,
            "problems": [str(p) for p in self.problems],
            "warnings": [str(p) for p in self.warnings],
            "sources": self.sources,
            **({"review_history": self.review_history} if self.review_history else {}),
        }

    def summary(self) -> str:
        """One line: ``added 3, updated 0, unchanged 115, removed 0, skipped 1``."""
        return ", ".join(f"{k} {v}" for k, v in self.counts().items())


def expand_paths(paths: Iterable[Path], report: IngestReport) -> list[Path]:
    """Files named directly plus the regular, non-hidden files inside named folders."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        elif path.is_file():
            files.append(path)
        else:
            report.problems.append(Problem(str(path), None, "no such file or folder"))
    return files


def parse_files(
    files: Sequence[Path], max_bytes: int, report: IngestReport, options: ParseOptions | None = None
) -> dict[str, list[CardDigest]]:
    """Card digests per source file name; unreadable files and broken rows go into ``report``."""
    parsed: dict[str, list[CardDigest]] = {}
    seen: dict[str, str] = {}
    for path in files:
        try:
            result, notes = read_source(path, max_bytes, options)
        except IngestError as exc:
            reason = str(exc).removeprefix(f"{path}: ")
            report.problems.append(Problem(str(path), None, reason))
            continue
        if path.name in parsed:
            report.problems.append(Problem(str(path), None, f"another file named {path.name} was read first"))
            continue
        report.sources[path.name] = result.format
        report.paths[path.name] = path
        report.warnings += [Problem(str(path), None, n, skipped=False) for n in notes]
        for problem in result.problems:
            (report.problems if problem.skipped else report.warnings).append(problem)
        cards = []
        for card in result.cards:
            if card.card_id in seen:
                first = seen[card.card_id]
                why = f"duplicate card id {card.card_id} (first seen in {first}): {card.question[:60]!r}"
                report.problems.append(Problem(path.name, None, why))
                continue
            seen[card.card_id] = path.name
            cards.append(CardDigest(card.card_id, card.content_hash))
        parsed[path.name] = cards
    return parsed


@dataclass
class Plan:
    """The writes an ingest will make."""

    #: source → ids of its cards to (re)write
    write: dict[str, set[str]] = field(default_factory=dict)
    delete: list[str] = field(default_factory=list)
    #: chunk ids stored now for each card that will be rewritten
    old_chunks: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def n_write(self) -> int:
        """How many cards will be written."""
        return sum(len(ids) for ids in self.write.values())


def plan(store: CardStore, parsed: dict[str, list[CardDigest]], report: IngestReport) -> Plan:
    """Decide per card: the cards to (re)write and the card ids to delete."""
    todo = Plan()
    elsewhere = store.sources_of([c.card_id for cards in parsed.values() for c in cards])
    leftover: dict[str, CardState] = {}  # stored cards their source no longer has
    for source, cards in parsed.items():
        states = store.card_states(source)
        for card in cards:
            owner = elsewhere.get(card.card_id, source)
            if owner != source and owner not in parsed:
                why = f"card id {card.card_id} is already stored from {owner}; this copy is skipped"
                report.problems.append(Problem(source, None, why))
                continue
            state = states.pop(card.card_id, None)
            if state is None:
                report.added_ids.append(card.card_id)
            elif state.complete and state.content_hash == card.content_hash:
                report.unchanged_ids.append(card.card_id)
                continue
            else:
                report.updated_ids.append(card.card_id)
                todo.old_chunks[card.card_id] = state.chunk_ids
            todo.write.setdefault(source, set()).add(card.card_id)
        leftover.update(states)
    written = {cid for ids in todo.write.values() for cid in ids}
    for card_id, state in leftover.items():
        if card_id in written:
            # Moved to another file read in this run: rewritten there, not deleted.
            if card_id in report.added_ids:
                report.added_ids.remove(card_id)
                report.updated_ids.append(card_id)
            todo.old_chunks[card_id] = (*todo.old_chunks.get(card_id, ()), *state.chunk_ids)
        else:
            todo.delete.append(card_id)
    report.removed_ids += todo.delete
    return todo


def apply(
    store: CardStore,
    embedder: Embedder,
    todo: Plan,
    paths: dict[str, Path],
    max_bytes: int,
    progress: Callable[[int], None] | None = None,
    options: ParseOptions | None = None,
) -> None:
    """Parse each planned source again, then chunk, embed and write its cards in batches;
    finally delete what is gone.

    A rewritten card's new chunks are written before its leftover old chunks are deleted, so
    a card is never missing from the store, even for a moment. Only one file's cards and one
    batch of embeddings are in memory at a time.
    """
    for batch in _batches(_planned_cards(todo, paths, max_bytes, options), embedder):
        _write_batch(store, embedder, batch, todo.old_chunks)
        if progress:
            progress(len(batch))
    store.delete_cards(todo.delete)


def _planned_cards(
    todo: Plan, paths: dict[str, Path], max_bytes: int, options: ParseOptions | None
) -> Iterator[Card]:
    """The cards to write, each source parsed again when its turn comes."""
    for source, ids in todo.write.items():
        result, _ = read_source(paths[source], max_bytes, options)
        yield from (c for c in result.cards if c.card_id in ids)


def _batches(cards: Iterable[Card], embedder: Embedder) -> Iterator[list[tuple[Card, list[Chunk]]]]:
    """The cards with their chunks, in batches of at least ``WRITE_BATCH_TEXTS`` chunks (the
    last may hold fewer).

    A batch runs on from one source into the next: a batch ending with each file made half the
    encode calls of a 10k-card ingest (1,000 cards a file) about 1,000 texts long.
    """
    batch: list[tuple[Card, list[Chunk]]] = []
    size = 0
    for card in cards:
        chunks = chunk_card(card, embedder.count_tokens, embedder.max_tokens)
        batch.append((card, chunks))
        size += len(chunks)
        if size >= WRITE_BATCH_TEXTS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _write_batch(
    store: CardStore,
    embedder: Embedder,
    batch: list[tuple[Card, list[Chunk]]],
    old_chunks: dict[str, tuple[str, ...]],
) -> None:
    chunks = [ch for _, card_chunks in batch for ch in card_chunks]
    vectors = embedder.encode([ch.text for ch in chunks])
    store.upsert({card.card_id: card for card, _ in batch}, chunks, vectors, stored=old_chunks.keys())
    new_ids = {ch.chunk_id for ch in chunks}
    store.delete_chunks(
        [cid for card, _ in batch for cid in old_chunks.get(card.card_id, ()) if cid not in new_ids]
    )
