"""Fixtures for the ingest tests: copies of the seed decks and an index on a throw-away store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ingest.index import CardIndex
from ingest.store import CardStore
from tests.ingest.decks import copy_seeds
from tests.ingest.fakes import FakeEmbedder


@pytest.fixture
def cards_dir(tmp_path: Path) -> Path:
    """A writable copy of the five seed decks."""
    return copy_seeds(tmp_path / "cards")


@pytest.fixture
def make_index(tmp_path: Path) -> Callable[..., CardIndex]:
    """Build a :class:`CardIndex` over a real embedded Chroma store in ``tmp_path`` and a fake embedder.

    Calling it again reopens the same store and state (as a second process would).
    """

    def make(max_file_bytes: int = 5_000_000, **store_kwargs: Any) -> CardIndex:
        store = CardStore(tmp_path / "data", "cards", **store_kwargs)
        return CardIndex(store, FakeEmbedder(), tmp_path / "state", max_file_bytes)  # type: ignore[arg-type]

    return make


@pytest.fixture
def index(make_index: Callable[..., CardIndex]) -> CardIndex:
    """An empty index with a fresh :class:`FakeEmbedder` (``index.embedder.encoded`` counts)."""
    return make_index()
