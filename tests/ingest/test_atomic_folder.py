"""Saving a folder by one rename (the races are in test_lexical and test_chunk_vectors)."""

from __future__ import annotations

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
