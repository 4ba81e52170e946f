"""The answerable chunks' vectors, copied out of the store into a memory-mapped file.

Scoring a card that only BM25 found needs the vectors of its chunks. Read from Chroma they
cost a request per batch of cards: 2.4 ms embedded and 7 ms through a server (median, 10k
cards), most of it the vectors travelling as JSON, and a question may read three batches. Read
from this copy they cost a few pages of the disk cache. Like the lexical index, the copy is
written from the store after an ingest that changed something, saved next to the store's data
and tagged with the store's revision; a copy for another revision is never loaded.

The file is written a row at a time and read through ``numpy.memmap``, so neither writing nor
reading it holds all the vectors in memory.

Layout of the saved folder::

    vectors.f32    float32, shape (n_chunks, dim), C order, rows in ``ids`` order
    chunks.json    {"revision": ..., "ids": [...], "dim": ...}
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ingest.atomic_folder import FolderWriter, read_saved
from ingest.errors import StoreError

_DTYPE = np.float32


class ChunkVectors:
    """Chunk vectors by chunk id, and each card's best similarities to a question.

    Example:
        >>> with ChunkVectors.writer(Path("/tmp/v"), "r1") as out:
        ...     out.add("a#0", np.array([1.0, 0.0]))
        ...     out.add("a#1", np.array([0.6, 0.8]))
        >>> out.vectors.similarities(["a"], np.array([0.0, 1.0]))
        {'a': [0.8, 0.0]}
    """

    def __init__(self, chunk_ids: list[str], matrix: np.ndarray, revision: str) -> None:
        if len(chunk_ids) != len(matrix):
            raise ValueError(f"{len(chunk_ids)} chunk ids for {len(matrix)} vectors")
        self.chunk_ids = chunk_ids
        self.revision = revision
        self._matrix = matrix  # (n_chunks, dim)
        self._rows: dict[str, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.chunk_ids)

    @property
    def matrix(self) -> np.ndarray:
        """The vectors, a row per chunk in ``chunk_ids`` order (memory-mapped: index rows, don't copy)."""
        return self._matrix

    def similarities(self, card_ids: Iterable[str], embedding: np.ndarray) -> dict[str, list[float]]:
        """For each card: the cosine similarities of its two chunks nearest ``embedding``, best first.

        Args:
            card_ids: The cards; a card with no chunk here is left out of the result.
            embedding: The question's unit vector, shape ``(dim,)``.
        """
        if self._rows is None:
            by_card: dict[str, list[int]] = {}
            for row, chunk_id in enumerate(self.chunk_ids):
                by_card.setdefault(chunk_id.rsplit("#", 1)[0], []).append(row)
            self._rows = by_card
        found = {cid: self._rows[cid] for cid in dict.fromkeys(card_ids) if cid in self._rows}
        if not found:
            return {}
        wanted = [row for rows in found.values() for row in rows]
        sims = self._matrix[wanted] @ np.asarray(embedding, dtype=_DTYPE)  # (len(wanted),)
        out: dict[str, list[float]] = {}
        at = 0
        for cid, rows in found.items():
            best = sorted((float(s) for s in sims[at : at + len(rows)]), reverse=True)
            out[cid] = best[:2]
            at += len(rows)
        return out

    @classmethod
    def _open(cls, directory: Path, ids: list[str], dim: int, revision: str) -> ChunkVectors:
        if not ids:
            return cls([], np.zeros((0, dim), dtype=_DTYPE), revision)
        matrix = np.memmap(directory / VectorWriter.data_name, dtype=_DTYPE, mode="r", shape=(len(ids), dim))
        return cls(ids, matrix, revision)

    @staticmethod
    def writer(directory: Path, revision: str) -> VectorWriter:
        """A writer that saves vectors added one by one into ``directory`` when it closes."""
        return VectorWriter(directory, revision)

    @classmethod
    def load(cls, directory: Path, revision: str) -> ChunkVectors | None:
        """The saved vectors if they were written for ``revision``, else None."""
        return read_saved(
            directory,
            VectorWriter.index_name,
            revision,
            f"chunk vectors in {directory} are unreadable",
            lambda saved: cls._open(directory, list(saved["ids"]), int(saved["dim"]), revision),
        )


class VectorWriter(FolderWriter):
    """Writes vectors to a temporary folder as they come; closing moves it into place
    (see :class:`ingest.atomic_folder.FolderWriter`)."""

    data_name = "vectors.f32"
    index_name = "chunks.json"

    def __init__(self, directory: Path, revision: str) -> None:
        super().__init__(directory, revision)
        self.dim = 0
        self.vectors: ChunkVectors | None = None

    def add(self, chunk_id: str, vector: np.ndarray) -> None:
        """Append one chunk's vector (every vector must have the first one's length)."""
        row = np.ascontiguousarray(vector, dtype=_DTYPE).reshape(-1)
        if not self.ids:
            self.dim = len(row)
        elif len(row) != self.dim:
            raise StoreError(f"chunk {chunk_id} has a vector of {len(row)} numbers, not {self.dim}")
        self._append(row.tobytes())
        self.ids.append(chunk_id)

    def _index(self) -> dict[str, object]:
        return {"ids": self.ids, "dim": self.dim}

    def _opened(self, folder: Path) -> None:
        self.vectors = ChunkVectors._open(folder, self.ids, self.dim, self.revision)
