"""The card index: the dense store, its local indexes and the embedder, kept in step.

The local indexes (BM25, and copies of the answerable chunks' vectors and of the answerable
cards) are rebuilt from the store after an ingest that changed something, and saved with the
store's revision.

This is the one object the assistant talks to for ingesting and for raw search.

Example:
    >>> index = CardIndex.from_settings(load_settings(data_dir="/tmp/study"))
    >>> index.ingest([Path("data/cards")]).summary()
    'added 124, updated 0, unchanged 0, removed 0, skipped 0'
"""

from __future__ import annotations

import dataclasses
import hashlib
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.active_model import Serving, pointer_path, read_serving, untuned
from ingest.cards import Card
from ingest.chunk_vectors import ChunkVectors
from ingest.deck_registry import record_ingest
from ingest.embedder import Embedder
from ingest.lexical import LexicalIndex
from ingest.local_cards import LocalCards
from ingest.lock import LOCK_NAME, exclusive
from ingest.parse_options import ParseOptions
from ingest.pipeline import IngestReport, apply, expand_paths, parse_files, plan
from ingest.store import CardStore

if TYPE_CHECKING:
    from ingest.settings import Settings


@dataclass(frozen=True)
class Snapshot:
    """What a question reads locally, all at one store revision.

    ``lexical`` is BM25 over the answerable chunks; ``vectors`` holds the same chunks' embeddings,
    for scoring cards that only BM25 found without asking the store; ``cards`` holds the
    answerable cards, for the hits.
    """

    lexical: LexicalIndex
    vectors: ChunkVectors
    cards: LocalCards
    #: The serving model's id (see :mod:`ingest.active_model`); None for an index not opened from settings.
    model_id: str | None = None

    @property
    def revision(self) -> str:
        return self.lexical.revision


class CardIndex:
    """Dense + lexical index over the cards, with incremental ingest."""

    def __init__(
        self,
        store: CardStore,
        embedder: Embedder,
        state_dir: Path,
        max_file_bytes: int,
        options: ParseOptions | None = None,
    ) -> None:
        self.store = store
        self.options = options or ParseOptions()
        self.embedder = embedder
        self.state_dir = state_dir
        self.max_file_bytes = max_file_bytes
        self._snapshot: Snapshot | None = None
        #: The model and collection serving, and the pointer that names them (from settings only).
        self.serving: Serving | None = None
        self.settings: Settings | None = None
        self._pointer_seen: tuple[int, int] | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> CardIndex:
        """Open (or create) the index the settings describe, with the model and collection that
        serve now (see :mod:`ingest.active_model`)."""
        pointer = pointer_path(settings)
        seen = _stat(pointer)
        serving = read_serving(pointer) or untuned(settings)
        index = cls(*_open(settings, serving), settings.max_file_bytes, ParseOptions.from_settings(settings))
        index.serving, index.settings, index._pointer_seen = serving, settings, seen
        return index

    @property
    def lock_path(self) -> Path:
        """The lock that ingests and switches of this store take (one for all its collections)."""
        if self.settings is not None:
            return pointer_path(self.settings).with_suffix(".lock")
        return self.state_dir / LOCK_NAME

    def follow_pointer(self) -> bool:
        """Re-open the store and model if another switch landed since; True when it did."""
        if self.settings is None:
            return False
        pointer = pointer_path(self.settings)
        seen = _stat(pointer)
        if seen == self._pointer_seen:
            return False
        serving = read_serving(pointer) or untuned(self.settings)
        self._pointer_seen = seen
        if serving == self.serving:
            return False
        self.switch_to(serving)
        return True

    def switch_to(self, serving: Serving) -> None:
        """Serve from ``serving``'s collection and model from now on (in this process)."""
        assert self.settings is not None, "only an index opened from settings can switch"
        self.store, self.embedder, self.state_dir = _open(self.settings, serving)
        self.serving = serving
        self._snapshot = None

    # -- ingest -------------------------------------------------------------------------------

    def ingest(
        self, paths: Iterable[Path], progress: bool = False, options: ParseOptions | None = None
    ) -> IngestReport:
        """Bring the store in line with the cards in ``paths`` (files or folders).

        Only the named sources are touched; cards of other sources stay as they are.
        ``options`` (default: the index's own) say how to parse them.
        """
        options = options or self.options
        report = IngestReport()
        on_wait = (
            (lambda: print("another ingest is running; waiting for it...", file=sys.stderr))
            if progress
            else None
        )
        with exclusive(self.lock_path, on_wait=on_wait):
            self.follow_pointer()
            parsed = parse_files(expand_paths(paths, report), self.max_file_bytes, report, options)
            todo = plan(self.store, parsed, report)
            if todo.write or todo.delete:
                # Mark the store dirty before writing: if this process dies half way, the saved
                # local indexes no longer match the revision and are rebuilt on next use.
                self.store.bump_revision()
                bar = _progress_bar(todo.n_write) if progress and todo.write else None
                update = bar.update if bar else None
                apply(self.store, self.embedder, todo, report.paths, self.max_file_bytes, update, options)
                if bar:
                    bar.close()
                self.store.bump_revision()
                self.refresh_snapshot()
            record_ingest(self.store, report)  # the decks read: path, format, time
        return report

    # -- local indexes ------------------------------------------------------------------------

    @property
    def snapshot(self) -> Snapshot:
        """The BM25 index, chunk vectors and cards at the store's current revision (loaded or rebuilt).

        The store's revision is read once, so all three belong to the same revision.
        """
        self.follow_pointer()
        revision = self.store.revision
        if self._snapshot is None or self._snapshot.revision != revision:
            lexical = LexicalIndex.load(self._lexical_dir, revision)
            vectors = ChunkVectors.load(self._vectors_dir, revision) if lexical else None
            cards = LocalCards.load(self._cards_dir, revision) if vectors else None
            saved = Snapshot(lexical, vectors, cards) if lexical and vectors and cards else None
            built = saved or self._rebuild(revision)
            model_id = self.serving.model_id if self.serving else None
            self._snapshot = dataclasses.replace(built, model_id=model_id)
        return self._snapshot

    @property
    def last_snapshot(self) -> Snapshot:
        """The snapshot last read (no request to the store), or the current one if none was read yet.

        For work that follows a search at once (the coverage judge reads the vocabulary the
        search just used), so that it need not ask the store for its revision again.
        """
        return self._snapshot or self.snapshot

    @property
    def lexical(self) -> LexicalIndex:
        """The BM25 index at the store's current revision."""
        return self.snapshot.lexical

    def refresh_snapshot(self) -> None:
        """Make sure the saved local indexes match the store (after a write)."""
        self._snapshot = None
        _ = self.snapshot

    def _rebuild(self, revision: str) -> Snapshot:
        """All three local indexes from one read of the store's answerable chunks."""
        practice = 0
        with (
            ChunkVectors.writer(self._vectors_dir, revision) as vectors,
            LocalCards.writer(self._cards_dir, revision) as cards,
        ):

            def answerable() -> Iterator[tuple[str, str]]:
                nonlocal practice
                for c in self.store.iter_chunks(with_vectors=True):
                    if c.is_practice:
                        practice += 1
                    else:
                        assert c.vector is not None
                        vectors.add(c.chunk_id, c.vector)
                        if c.card is not None:
                            cards.add(c.card)
                        yield c.chunk_id, c.text

            lexical = LexicalIndex.build(answerable(), revision)
        lexical.left_out = practice
        lexical.save(self._lexical_dir)
        assert vectors.vectors is not None and cards.cards is not None
        return Snapshot(lexical, vectors.vectors, cards.cards)

    @property
    def _lexical_dir(self) -> Path:
        return self.state_dir / "lexical"

    @property
    def _vectors_dir(self) -> Path:
        return self.state_dir / "vectors"

    @property
    def _cards_dir(self) -> Path:
        return self.state_dir / "cards"

    # -- reading ------------------------------------------------------------------------------

    def cards(self, include_practice: bool = False) -> list[Card]:
        """Every card in the store; practice prompts only when asked for."""
        self.follow_pointer()
        return [c for c in self.store.cards() if include_practice or not c.is_practice]

    def is_empty(self) -> bool:
        """True when nothing has been ingested yet."""
        return self.store.count_chunks() == 0


def _open(settings: Settings, serving: Serving) -> tuple[CardStore, Embedder, Path]:
    """The store, embedder and local-index folder of ``serving``."""
    store = CardStore(
        settings.data_dir,
        serving.collection,
        settings.chroma_host,
        settings.chroma_port,
        serving.model_id,
        registry=settings.collection,
    )
    embedder = Embedder(serving.model, settings.embedding_batch_size)
    where = hashlib.sha1(store.location.encode()).hexdigest()[:12]
    return store, embedder, settings.data_dir / "state" / f"{serving.collection}-{where}"


def _stat(path: Path) -> tuple[int, int] | None:
    """When the file last changed and its inode (a rename over it changes the inode), or None."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_mtime_ns, st.st_ino


def _progress_bar(total: int):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    return tqdm(total=total, desc="embedding cards", unit="card", file=sys.stderr)
