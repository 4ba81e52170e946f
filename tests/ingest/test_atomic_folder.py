"""Saving a folder by one rename (the races are in test_lexical and test_chunk_vectors)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from ingest.atomic_folder import move_into_place, temporary_beside


def test_a_folder_lands_and_then_replaces_the_one_before(tmp_path: Path) -> None:
    target = tmp_path / "state" / "index"
    first = temporary_beside(target)
    assert first.parent == target.parent and first.name.startswith("index.tmp-") and not any(first.iterdir())
    (first / "data").write_text("one")
    assert move_into_place(first, target)
    second = temporary_beside(target)
    (second / "data").write_text("two")
    assert move_into_place(second, target)
    assert (target / "data").read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["index"]  # no temporary or old folder left


def test_folders_left_by_dead_saves_are_removed_by_the_next_save(tmp_path: Path) -> None:
    target = tmp_path / "state" / "index"
    target.mkdir(parents=True)
    hours_ago = time.time() - 2 * 3600
    old = ("index.tmp-dead", "index.old-dead", "index.tmp-writing", "other.tmp-dead")
    for name in (*old, "index.tmp-fresh"):
        (tmp_path / "state" / name).mkdir()
    # A live save's folder can be old, but the file it appends to is not.
    (tmp_path / "state" / "index.tmp-writing" / "vectors.f32").write_bytes(b"rows")
    for name in old:
        os.utime(tmp_path / "state" / name, (hours_ago, hours_ago))
    new = temporary_beside(target)
    left = sorted(p.name for p in target.parent.iterdir())
    assert left == sorted(["index", "index.tmp-writing", "index.tmp-fresh", "other.tmp-dead", new.name])
