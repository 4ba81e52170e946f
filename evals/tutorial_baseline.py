"""The LangChain tutorial recipe as a baseline: split the raw files, embed, Chroma, top-k chunks.

The recipe, as LangChain's RAG tutorial builds it, with the sizes the issue names:

1. read each deck file as plain text: no parser, no cleaning, no card structure;
2. split with ``RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)``;
3. embed the chunks with all-MiniLM-L6-v2 (the run's one loaded model, through
   :class:`MiniLMEmbeddings`, a LangChain ``Embeddings`` adapter);
4. store them in ``langchain_chroma.Chroma``: a fresh collection in a temporary directory,
   Chroma's default (L2) space, which on unit vectors orders exactly as cosine does;
5. ``similarity_search_with_score(question, k=3 * depth)`` chunks.

Mapping chunks back to cards, so that the recipe can be scored against card ids: a chunk
belongs to the card whose question and answer share the most word 3-grams with it (lower-cased,
punctuation and articles dropped, as in :func:`evals.metrics.normalize_tokens`); ties go to the
card that comes first in the store's order. A chunk that shares no 3-gram with any card (a file
header, page navigation) belongs to none and is skipped. A card takes the rank of its best
chunk, and its score is that chunk's cosine similarity, ``1 - d / 2`` for the squared L2
distance ``d`` of unit vectors.

Example:
    >>> baseline = TutorialBaseline(deck_files, cards, embedder, workdir)
    >>> [r.card_id for r in baseline.search("why scale by sqrt(d_k)?", pool=30)][:3]
    ['...', '...', '...']
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from evals.metrics import normalize_tokens
from evals.records import Ranked
from ingest.cards import Card

if TYPE_CHECKING:
    from ingest.embedder import Embedder

CHUNK_SIZE = 500
CHUNK_OVERLAP = 50
SHINGLE = 3


class MiniLMEmbeddings(Embeddings):
    """The project's :class:`Embedder` seen as LangChain ``Embeddings`` (unit-length vectors)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [list(map(float, v)) for v in self.embedder.encode(list(texts))]

    def embed_query(self, text: str) -> list[float]:
        return [float(x) for x in self.embedder.encode([text])[0]]


def shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    """The word ``n``-grams of ``text`` after :func:`normalize_tokens`."""
    tokens = normalize_tokens(text)
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def map_chunks(chunks: Sequence[str], cards: Sequence[Card]) -> list[str | None]:
    """For each chunk, the id of the card sharing the most 3-grams with it, or ``None``.

    Example:
        >>> cards = [Card("a", "s", "What is attention?", "A weighted sum of values."),
        ...          Card("b", "s", "What is layer norm?", "It normalises each token.")]
        >>> map_chunks(["what is layer norm? It normalises", "Name | Mastery"], cards)
        ['b', None]
    """
    card_shingles = [(c.card_id, shingles(f"{c.question} {c.answer}")) for c in cards]
    mapped: list[str | None] = []
    for chunk in chunks:
        own = shingles(chunk)
        best_id, best = None, 0
        for card_id, theirs in card_shingles:
            overlap = len(own & theirs)
            if overlap > best:
                best_id, best = card_id, overlap
        mapped.append(best_id)
    return mapped


class TutorialBaseline:
    """The recipe over ``files``, scored against ``cards``.

    Args:
        files: The raw deck files.
        cards: The store's answerable cards (the mapping's targets).
        embedder: The loaded embedding model (shared with the rest of the run).
        workdir: An empty temporary directory for Chroma's files.
    """

    def __init__(
        self, files: Sequence[Path], cards: Sequence[Card], embedder: Embedder, workdir: Path
    ) -> None:
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
        documents = splitter.create_documents(texts, metadatas=[{"source": p.name} for p in files])
        for i, doc in enumerate(documents):
            doc.metadata["chunk"] = i
        self.files = tuple(files)
        self.chunk_cards = map_chunks([d.page_content for d in documents], cards)
        self._store: Any = None
        if documents:
            self._store = Chroma.from_documents(
                documents,
                embedding=MiniLMEmbeddings(embedder),
                ids=[f"chunk-{i}" for i in range(len(documents))],
                collection_name="langchain-tutorial",
                persist_directory=str(workdir),
                client_settings=ChromaSettings(anonymized_telemetry=False),
            )

    @property
    def n_chunks(self) -> int:
        return len(self.chunk_cards)

    @property
    def n_unmapped(self) -> int:
        """Chunks that belong to no card."""
        return sum(c is None for c in self.chunk_cards)

    def search(self, question: str, pool: int) -> tuple[Ranked, ...]:
        """Cards of the ``pool`` nearest chunks, each at the rank of its best chunk."""
        if self._store is None:
            return ()
        found = self._store.similarity_search_with_score(question, k=min(pool, self.n_chunks))
        ranked: dict[str, Ranked] = {}
        for doc, distance in found:
            card_id = self.chunk_cards[int(doc.metadata["chunk"])]
            if card_id is not None and card_id not in ranked:
                cosine = 1.0 - float(distance) / 2.0
                ranked[card_id] = Ranked(card_id, cosine, cosine)
        return tuple(ranked.values())

    def describe(self) -> dict[str, Any]:
        """The recipe's settings and what it built, for the report's provenance."""
        return {
            "splitter": "langchain_text_splitters.RecursiveCharacterTextSplitter",
            "chunk_size": CHUNK_SIZE,
            "chunk_overlap": CHUNK_OVERLAP,
            "vector_store": "langchain_chroma.Chroma (temporary directory, default L2 space)",
            "files": [p.name for p in self.files],
            "chunks": self.n_chunks,
            "chunks_mapped_to_no_card": self.n_unmapped,
            "cards_reachable": len({c for c in self.chunk_cards if c is not None}),
            "mapping": f"card sharing the most word {SHINGLE}-grams with the chunk",
        }
