"""The chunk vectors' file: written a row at a time, memory-mapped back, scored per card."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ingest.chunk_vectors import ChunkVectors
from ingest.errors import StoreError
from tests.support.threads import errors_of_concurrent_calls

#: Card a has three chunks, b one, c two. Every number is exact in float32, and so are the
#: similarities to the question vectors used below.
ROWS = [
    ("a#0", [1.0, 0.0, 0.0]),
    ("a#1", [0.5, 0.75, 0.0]),
    ("b#0", [0.0, 0.0, 1.0]),
    ("a#2", [0.25, 0.5, 0.5]),
    ("c#0", [0.0, 1.0, 0.0]),
    ("c#1", [0.5, 0.5, 0.5]),
]


def write(directory: Path, revision: str = "r1", rows: list[tuple[str, list[float]]] = ROWS) -> ChunkVectors:
    with ChunkVectors.writer(directory, revision) as out:
        for chunk_id, vector in rows:
            out.add(chunk_id, np.array(vector))
    assert out.vectors is not None
    return out.vectors


def test_each_card_gets_its_two_best_chunks_in_the_order_asked(tmp_path: Path) -> None:
    vectors = write(tmp_path / "vectors")
    q = np.array([0.0, 1.0, 0.0], dtype=np.float32)
    assert vectors.similarities(["c", "a", "b", "missing", "a"], q) == {
        "c": [1.0, 0.5],
        "a": [0.75, 0.5],  # a#1, a#2; a#0 scores 0
        "b": [0.0],  # one chunk, one similarity
    }
    assert vectors.similarities([], q) == {}
    assert vectors.similarities(["missing"], q) == {}


def test_saved_vectors_load_back_exactly_for_their_revision_only(tmp_path: Path) -> None:
    write(tmp_path / "vectors", "r1")
    loaded = ChunkVectors.load(tmp_path / "vectors", "r1")
    assert loaded is not None
    assert loaded.chunk_ids == [c for c, _ in ROWS] and loaded.revision == "r1"
    assert np.array_equal(np.asarray(loaded._matrix), np.array([v for _, v in ROWS], dtype=np.float32))
    assert isinstance(loaded._matrix, np.memmap)  # read from disk, not held in memory
    assert ChunkVectors.load(tmp_path / "vectors", "r2") is None
    assert ChunkVectors.load(tmp_path / "nothing-here", "r1") is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vectors"]  # no temporary folder left


def test_no_vectors_at_all(tmp_path: Path) -> None:
    vectors = write(tmp_path / "vectors", rows=[])
    loaded = ChunkVectors.load(tmp_path / "vectors", "r1")
    assert loaded is not None and len(vectors) == len(loaded) == 0
    assert loaded.similarities(["a"], np.ones(3, dtype=np.float32)) == {}


def test_a_failed_write_keeps_what_was_saved(tmp_path: Path) -> None:
    write(tmp_path / "vectors", "r1")
    with (
        pytest.raises(RuntimeError, match="store went away"),
        ChunkVectors.writer(tmp_path / "vectors", "r2") as out,
    ):
        out.add("a#0", np.ones(3))
        raise RuntimeError("store went away")
    assert ChunkVectors.load(tmp_path / "vectors", "r2") is None
    loaded = ChunkVectors.load(tmp_path / "vectors", "r1")
    assert loaded is not None and len(loaded) == len(ROWS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vectors"]


def test_a_vector_of_another_length_is_refused_by_chunk_id(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"chunk b#0 has a vector of 2 numbers, not 3"):
        write(tmp_path / "vectors", rows=[("a#0", [1.0, 0.0, 0.0]), ("b#0", [1.0, 0.0])])
    assert not (tmp_path / "vectors").exists()


def test_a_damaged_file_is_an_error_naming_the_folder(tmp_path: Path) -> None:
    write(tmp_path / "vectors")
    data = tmp_path / "vectors" / "vectors.f32"
    data.write_bytes(data.read_bytes()[:20])  # cut short
    with pytest.raises(StoreError, match=r"chunk vectors in .*vectors are unreadable"):
        ChunkVectors.load(tmp_path / "vectors", "r1")
    (tmp_path / "vectors" / "chunks.json").write_text("{not json")
    with pytest.raises(StoreError, match=r"chunk vectors in .*vectors are unreadable"):
        ChunkVectors.load(tmp_path / "vectors", "r1")


def test_racing_writes_leave_one_whole_save_and_every_writer_its_own_vectors(tmp_path: Path) -> None:
    """Two threads rewrite the folder 40 times each, for two revisions with different vectors."""
    scale = {"even": 1.0, "odd": 0.5}

    def write_many(revision: str) -> None:
        rows = [(c, [x * scale[revision] for x in v]) for c, v in ROWS]
        for _ in range(40):
            got = write(tmp_path / "vectors", revision, rows)
            # whichever write landed, this writer reads back what it wrote
            assert got.revision == revision
            assert float(got._matrix[0, 0]) == scale[revision]

    assert errors_of_concurrent_calls(write_many, scale) == []
    landed = [v for r in scale if (v := ChunkVectors.load(tmp_path / "vectors", r)) is not None]
    assert len(landed) == 1
    assert float(landed[0]._matrix[0, 0]) == scale[landed[0].revision]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vectors"]
