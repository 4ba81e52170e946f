"""Chroma behind one adapter that speaks cards and chunks.

Each chunk is one Chroma record with id ``"{card_id}#{index}"``. Every chunk's metadata carries
its text and what finding and checking a card's chunks needs: the card's id, source and kind,
its ``content_hash`` and ``n_chunks``, from which a re-ingest tells unchanged, changed and
half-written cards apart. Chunk 0 also carries the whole card. The collection's metadata holds
a ``revision`` token that changes with every write, so the local indexes know when they are
stale without reading the store.

The chunk's text is metadata, not a Chroma document: embedded (and in ``chroma run``) Chroma
indexes every document for full-text search, which nothing here asks for (BM25 is
:mod:`ingest.lexical`), and its collection ``Schema`` switch for that index does not stop the
writes. Upserting 4,096 chunks took 3.3 s with documents and the card on every chunk, 2.1 s
with the text as metadata and the card on chunk 0 only (median of 5, into a store of up to 20k
chunks). Stores written before this, with documents and the card on every chunk, read the same.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ingest.cards import Card, Chunk
from ingest.errors import StoreError

_PAGE = 5000
#: Chunks are read back by id in pages this small. Through a server a page arrives as JSON and
#: its vectors become 384 Python floats per chunk before they are an array; embedded, the page's
#: metadata and documents cross over from Rust. Rebuilding the local indexes of a 10k-card store
#: (51k chunks) from pages of 5,000 read by offset peaked 493 MB above where it started through
#: a server and 499 MB embedded; by id in pages of 500 it peaks 147 and 222 MB above, and is
#: faster (6.8 s against 9.0 through a server, 5.5 against 7.1 embedded). Not by offset: Chroma
#: steps over the skipped rows one by one (0.55 us each), which many small pages would repeat.
_READ_PAGE = 500
#: Above this many practice-prompt chunks, the dense search filters them out in Chroma instead.
_MAX_LEFT_OUT = 1000
#: The fields of a card's record that every chunk carries; chunk 0 carries the whole record.
_CHUNK_FIELDS = ("card_id", "source", "kind")
#: The others (question, answer, meta, lint), taken from the record itself.
_CARD_ONLY_FIELDS = tuple(k for k in Card("", "", "", "").to_record() if k not in _CHUNK_FIELDS)


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as read back from the store.

    ``card`` is the whole card on chunk 0 and None on the others, which carry only its id and kind.
    """

    chunk_id: str
    card_id: str
    kind: str
    index: int
    n_chunks: int
    content_hash: str
    text: str
    card: Card | None = None
    vector: np.ndarray | None = None  # read only when asked for

    @property
    def is_practice(self) -> bool:
        """True for a chunk of a practice prompt (a question with no answer)."""
        return self.kind == "practice"


@dataclass(frozen=True)
class CardState:
    """What the store holds for one card: enough to decide whether to re-embed it."""

    content_hash: str
    complete: bool
    chunk_ids: tuple[str, ...]


def _connect(data_dir: Path, host: str | None, port: int) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if host:
            return chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
        (data_dir / "chroma").mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=chroma_settings)
    except Exception as exc:  # chromadb raises ValueError, ConnectionError, OSError ...
        where = f"Chroma server at {host}:{port}" if host else f"Chroma store in {data_dir}"
        raise StoreError(f"cannot open the {where}: {exc}".splitlines()[0]) from None


def collection_names(data_dir: Path, host: str | None = None, port: int = 8000) -> list[str]:
    """The names of the store's collections (none is created)."""
    client = _connect(data_dir, host, port)
    try:
        return [c if isinstance(c, str) else c.name for c in client.list_collections()]
    except Exception as exc:  # network errors, server errors ...
        raise StoreError(f"cannot list the collections of the Chroma store: {exc}".splitlines()[0]) from None


class CardStore:
    """The dense index: cards' chunks and their embeddings in a Chroma collection.

    Example:
        >>> store = CardStore(Path("/tmp/study"), collection="cards")
        >>> store.count_chunks()
        0
    """

    def __init__(
        self,
        data_dir: Path,
        collection: str,
        host: str | None = None,
        port: int = 8000,
        model_id: str | None = None,
        registry: str | None = None,
    ) -> None:
        self.location = f"http://{host}:{port}/{collection}" if host else f"{data_dir}/{collection}"
        self._client = _connect(data_dir, host, port)
        self._name = collection
        #: The collection the deck registry is named after: the base collection, which a tuned
        #: model's re-embedded collection shares (see :mod:`ingest.retune`).
        self._registry_base = registry or collection
        self._collection = self._call(
            self._client.get_or_create_collection,
            name=collection,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"revision": "empty", **({"model": model_id} if model_id else {})},
        )
        #: The model whose vectors the collection holds (None: not recorded, a store written before).
        self.model_id: str | None = (self._collection.metadata or {}).get("model")
        if model_id and self.model_id is not None and self.model_id != model_id:
            why = f"holds vectors of model {self.model_id!r}, not {model_id!r}"
            raise StoreError(f"Chroma collection {self.location} {why}")

    @property
    def name(self) -> str:
        """The collection's name."""
        return self._name

    def collection_names(self) -> list[str]:
        """The names of every collection of the store (of this one's client)."""
        return [c if isinstance(c, str) else c.name for c in self._call(self._client.list_collections)]

    def drop_collection(self, name: str) -> None:
        """Delete another collection of the same client (never this one)."""
        if name == self._name:
            raise StoreError(f"refusing to drop the collection in use, {self.location}")
        self._call(self._client.delete_collection, name=name)

    def _call(self, fn: Any, /, **kwargs: Any) -> Any:
        try:
            return fn(**kwargs)
        except StoreError:
            raise
        except Exception as exc:  # network errors, server errors, a deleted collection ...
            raise StoreError(f"Chroma store {self.location} failed: {exc}".splitlines()[0]) from None

    # -- reading ------------------------------------------------------------------------------

    def count_chunks(self) -> int:
        """Number of chunk records."""
        return int(self._call(self._collection.count))

    @property
    def revision(self) -> str:
        """Token that changes whenever the store's content changes."""
        meta = self._call(self._client.get_collection, name=self._name).metadata or {}
        return str(meta.get("revision", "empty"))

    def card_states(self, source: str) -> dict[str, CardState]:
        """For every card of ``source``: its stored hash and whether all its chunks are there."""
        chunks: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for meta in self._metadatas(where={"source": source}):
            chunks[meta["card_id"]].append((meta["chunk_index"], meta["n_chunks"], meta["content_hash"]))
        states = {}
        for card_id, found in chunks.items():
            hashes = {h for _, _, h in found}
            indices = sorted(i for i, _, _ in found)
            complete = len(hashes) == 1 and all(n == len(found) for _, n, _ in found)
            complete = complete and indices == list(range(len(found)))
            ids = tuple(f"{card_id}#{i}" for i in indices)
            states[card_id] = CardState(next(iter(hashes)), complete, ids)
        return states

    def sources_of(self, card_ids: Sequence[str]) -> dict[str, str]:
        """The source each of ``card_ids`` is stored under (ids not stored are left out)."""
        found: dict[str, str] = {}
        for i in range(0, len(card_ids), _PAGE):
            ids = [f"{cid}#0" for cid in card_ids[i : i + _PAGE]]
            got = self._call(self._collection.get, ids=ids, include=["metadatas"])
            for meta in got["metadatas"]:
                found[meta["card_id"]] = meta["source"]
        return found

    def iter_chunks(self, with_vectors: bool = False) -> Iterator[StoredChunk]:
        """Every stored chunk, a page at a time; with its embedding when ``with_vectors``.

        The ids are listed first and the chunks then read by id, so no read skips rows by offset
        and each holds one small page. A chunk deleted after its id was listed is left out.
        """
        include = ["metadatas", "documents", "embeddings"] if with_vectors else ["metadatas", "documents"]
        for listed in self._id_pages():
            for start in range(0, len(listed), _READ_PAGE):
                ids = listed[start : start + _READ_PAGE]
                got = self._call(self._collection.get, ids=ids, include=include)
                row = {cid: k for k, cid in enumerate(got["ids"])}
                vectors = np.asarray(got["embeddings"], dtype=np.float32) if with_vectors else None
                for cid in ids:  # in listing order, which Chroma's reply by id need not keep
                    if (k := row.get(cid)) is not None:
                        vector = None if vectors is None else vectors[k]
                        yield _stored_chunk(cid, got["metadatas"][k], got["documents"][k], vector)

    def _id_pages(self) -> Iterator[list[str]]:
        """Every chunk id, in pages of ``_PAGE``."""
        for got in self._pages(include=[]):
            yield got["ids"]

    def cards(self) -> list[Card]:
        """Every card in the store (practice prompts included), in source then id order."""
        cards = [c.card for c in self.iter_chunks() if c.card is not None]
        return sorted(cards, key=lambda c: (c.source, c.card_id))

    def query(self, embedding: np.ndarray, n: int) -> list[tuple[StoredChunk, float]]:
        """The ``n`` nearest answerable chunks with their cosine similarity."""
        got = self._call(
            self._collection.query,
            query_embeddings=[embedding.tolist()],
            n_results=n,
            where={"kind": {"$ne": "practice"}},
            include=["metadatas", "documents", "distances"],
        )
        rows = zip(got["ids"][0], got["metadatas"][0], got["documents"][0], got["distances"][0], strict=True)
        return [(_stored_chunk(cid, meta, doc), 1.0 - float(dist)) for cid, meta, doc, dist in rows]

    def nearest_cards(
        self, embedding: np.ndarray, n: int, answerable: Collection[str] | None = None, left_out: int = 0
    ) -> tuple[list[tuple[str, list[float]]], float]:
        """Cards of the ``n`` nearest answerable chunks, best card first.

        Only ids and distances cross the boundary (no metadata): this is the hot path of every
        question, and the hits' cards are read from the local copy (``ingest.local_cards``).

        Args:
            embedding: The question's embedding.
            n: How many chunks to look at.
            answerable: The ids of the answerable chunks, when the caller knows them (the
                lexical index does), and ``left_out`` how many others there are. Then the
                search asks for ``n + left_out`` chunks with no filter and drops the others
                itself: a metadata filter makes Chroma's search tens of times slower. Without
                them, or with very many others, Chroma filters out practice prompts.

        Returns:
            Each card id with the similarities of its chunks among the ``n`` (best first, at
            most two), and the similarity of the ``n``-th chunk: a chunk left out is no closer.
        """
        keep = answerable if left_out <= _MAX_LEFT_OUT else None
        got = self._call(
            self._collection.query,
            query_embeddings=[embedding.tolist()],
            n_results=n + left_out if keep is not None else n,
            include=["distances"],
            **({} if keep is not None else {"where": {"kind": {"$ne": "practice"}}}),
        )
        rows = list(zip(got["ids"][0], got["distances"][0], strict=True))
        if keep is not None:
            rows = [row for row in rows if row[0] in keep][:n]
        cards: dict[str, list[float]] = {}
        for chunk_id, dist in rows:
            sims = cards.setdefault(chunk_id.rsplit("#", 1)[0], [])
            if len(sims) < 2:
                sims.append(1.0 - float(dist))
        floor = 1.0 - float(rows[-1][1]) if rows else -1.0
        return list(cards.items()), floor

    def _metadatas(self, where: dict[str, Any]) -> Iterator[dict[str, Any]]:
        for got in self._pages(where=where, include=["metadatas"]):
            yield from got["metadatas"]

    def _pages(self, **query: Any) -> Iterator[dict[str, Any]]:
        """Chroma's ``get`` for ``query``, ``_PAGE`` records at a time by offset."""
        offset = 0
        while True:
            got = self._call(self._collection.get, limit=_PAGE, offset=offset, **query)
            yield got
            if len(got["ids"]) < _PAGE:
                return
            offset += _PAGE

    # -- writing ------------------------------------------------------------------------------

    def upsert(
        self,
        cards: dict[str, Card],
        chunks: Sequence[Chunk],
        embeddings: np.ndarray,
        stored: Collection[str] = (),
    ) -> None:
        """Write ``chunks`` (of ``cards``) with their embeddings; existing ids are overwritten.

        Chroma merges the metadata of an id it has with the new, so for the cards in ``stored``
        (cards the store may hold already) the card's fields are cleared from chunks 1.., where
        a store written before held them.
        """
        if not chunks:
            return
        for i in range(0, len(chunks), _PAGE):  # under Chroma's largest batch (5,461)
            page = chunks[i : i + _PAGE]
            self._call(
                self._collection.upsert,
                ids=[c.chunk_id for c in page],
                # As an array: Chroma hands arrays on as they are (base64 to a server), while
                # a list would be 384 Python floats per chunk that Chroma turns back into arrays.
                embeddings=np.asarray(embeddings[i : i + _PAGE], dtype=np.float32),
                metadatas=[_chunk_metadata(cards[c.card_id], c, c.card_id in stored) for c in page],
            )

    def delete_chunks(self, chunk_ids: Iterable[str]) -> None:
        """Delete chunks by id."""
        ids = list(chunk_ids)
        for i in range(0, len(ids), _PAGE):
            batch = ids[i : i + _PAGE]
            self._call(self._collection.delete, ids=batch)

    def delete_cards(self, card_ids: Iterable[str]) -> None:
        """Delete every chunk of each card."""
        ids = list(card_ids)
        for i in range(0, len(ids), 500):
            batch = ids[i : i + 500]
            self._call(self._collection.delete, where={"card_id": {"$in": batch}})

    def bump_revision(self) -> str:
        """Mark the content as changed; returns the new revision token."""
        token = uuid.uuid4().hex
        model = {"model": self.model_id} if self.model_id else {}
        self._call(self._collection.modify, metadata={"revision": token, **model})
        return token

    # -- decks (see ingest.decks) ---------------------------------------------------------------

    def iter_cards(self) -> Iterator[Card]:
        """Every card, read from its chunk 0 alone: one record per card, no texts of other chunks."""
        for meta in self._metadatas(where={"chunk_index": 0}):
            yield Card.from_record(meta)

    def delete_source_cards(self, source: str, card_ids: Sequence[str]) -> None:
        """Delete the chunks of ``source`` that belong to ``card_ids``, 500 cards a request, so
        that a request cut short leaves each card whole or gone; chunks of other sources stay."""
        for i in range(0, len(card_ids), 500):
            where = {"$and": [{"source": source}, {"card_id": {"$in": list(card_ids[i : i + 500])}}]}
            self._call(self._collection.delete, where=where)

    def deck_rows(self) -> dict[str, dict[str, Any]] | None:
        """The deck registry's rows by deck name; None when no deck was ever recorded in this store.

        The registry is a companion collection beside the cards' (one record per deck, a
        one-number placeholder vector), so every client of a Chroma server sees the same one.
        """
        from chromadb.errors import NotFoundError

        try:
            registry = self._client.get_collection(name=self._registry_name)
        except NotFoundError:
            return None
        except Exception as exc:  # network errors, server errors ...
            raise StoreError(f"Chroma store {self.location} failed: {exc}".splitlines()[0]) from None
        got = self._call(registry.get, include=["metadatas"])
        return {name: dict(meta or {}) for name, meta in zip(got["ids"], got["metadatas"], strict=True)}

    def put_deck_rows(self, rows: dict[str, dict[str, Any]]) -> None:
        """Write registry rows; Chroma merges a row's fields into the deck's, so every row holds
        every field."""
        if rows:
            registry = self._registry()
            names = list(rows)
            self._call(
                registry.upsert,
                ids=names,
                embeddings=[[1.0]] * len(names),
                metadatas=[rows[n] for n in names],
            )

    def delete_deck_row(self, name: str) -> None:
        """Remove a deck's registry row (the registry itself stays, empty or not)."""
        self._call(self._registry().delete, ids=[name])

    @property
    def _registry_name(self) -> str:
        return f"{self._registry_base}.deck-registry"

    def _registry(self) -> Any:
        return self._call(
            self._client.get_or_create_collection, name=self._registry_name, embedding_function=None
        )

    # -- copying (re-embedding into another collection) ----------------------------------------

    def iter_records(self) -> Iterator[tuple[list[str], list[dict[str, Any]]]]:
        """Every chunk's id and metadata, as it is stored, in pages of at most ``_READ_PAGE``."""
        for listed in self._id_pages():
            for start in range(0, len(listed), _READ_PAGE):
                ids = listed[start : start + _READ_PAGE]
                got = self._call(self._collection.get, ids=ids, include=["metadatas", "documents"])
                # a store written before the text was metadata holds it as the document
                metas = [
                    {"text": doc or "", **meta}
                    for meta, doc in zip(got["metadatas"], got["documents"], strict=True)
                ]
                yield list(got["ids"]), metas

    def content_hashes(self) -> dict[str, str]:
        """Chunk id -> the content hash of its card, for every stored chunk."""
        found: dict[str, str] = {}
        for got in self._pages(include=["metadatas"]):
            found.update(
                {cid: m["content_hash"] for cid, m in zip(got["ids"], got["metadatas"], strict=True)}
            )
        return found

    def write_records(self, ids: list[str], metadatas: list[dict[str, Any]], embeddings: np.ndarray) -> None:
        """Write chunks as they are, with new embeddings (the copy of :meth:`iter_records`)."""
        for i in range(0, len(ids), _PAGE):
            self._call(
                self._collection.upsert,
                ids=ids[i : i + _PAGE],
                embeddings=np.asarray(embeddings[i : i + _PAGE], dtype=np.float32),
                metadatas=metadatas[i : i + _PAGE],
            )


def _chunk_metadata(card: Card, chunk: Chunk, stored: bool = False) -> dict[str, Any]:
    if chunk.index == 0:
        head: dict[str, Any] = dict(card.to_record())
    else:
        head = {key: getattr(card, key) for key in _CHUNK_FIELDS}
        if stored:  # None deletes the key
            head |= {key: None for key in _CARD_ONLY_FIELDS}
    return {
        **head,
        "content_hash": card.content_hash,
        "chunk_index": chunk.index,
        "n_chunks": chunk.total,
        "text": chunk.text,
    }


def _stored_chunk(
    chunk_id: str, meta: dict[str, Any], document: str | None, vector: Any = None
) -> StoredChunk:
    index = int(meta["chunk_index"])
    return StoredChunk(
        chunk_id,
        meta["card_id"],
        meta["kind"],
        index,
        int(meta["n_chunks"]),
        meta["content_hash"],
        # a store written before the text was metadata holds it as the document
        meta.get("text", document or ""),
        Card.from_record(meta) if index == 0 else None,
        None if vector is None else np.asarray(vector, dtype=np.float32),
    )
