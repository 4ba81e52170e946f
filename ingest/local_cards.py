"""The answerable cards, copied out of the store into a file read by offset.

A question's hits are cards, and reading five of them from Chroma is a request of its own: 1.2 ms
embedded and 2 ms through a server on loopback (median, 50k cards), a network round trip more
against a server across a network. Read from this copy they cost a few pages of the disk cache.
Like the lexical index and the chunk vectors, the copy is written from the store after an ingest
that changed something, in the same read, and tagged with the store's revision; a copy for
another revision is never loaded. So a question's hits come from the same revision as the BM25
scores and the vectors that ranked them.

The file is written a card at a time and read through ``mmap``, so neither writing nor reading
it holds all the cards in memory; only the ids and their offsets are loaded.

Layout of the saved folder::

    cards.jsonl    one JSON object per card, the fields of ``Card.to_record``
    index.json     {"revision": ..., "ids": [...], "offsets": [...]}, card i at offsets[i]
"""

from __future__ import annotations

import json
import mmap
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ingest.atomic_folder import FolderWriter, read_saved
from ingest.cards import Card
from ingest.errors import StoreError


class LocalCards:
    """Cards by id, read from a saved copy.

    Example:
        >>> with LocalCards.writer(Path("/tmp/c"), "r1") as out:
        ...     out.add(Card("a", "deck.csv", "What is a head?", "One attention."))
        >>> out.cards.get(["a", "b"])["a"].question
        'What is a head?'
    """

    def __init__(
        self, card_ids: list[str], offsets: list[int], data: bytes | mmap.mmap, revision: str
    ) -> None:
        if len(offsets) != len(card_ids) + 1:
            raise ValueError(f"{len(offsets)} offsets for {len(card_ids)} cards (need one more)")
        self.card_ids = card_ids
        self.revision = revision
        self._offsets = offsets
        self._data = data
        self._rows: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.card_ids)

    def get(self, card_ids: Iterable[str]) -> dict[str, Card]:
        """The cards with these ids (ids not here are left out)."""
        if self._rows is None:
            self._rows = {cid: row for row, cid in enumerate(self.card_ids)}
        found = {}
        for cid in card_ids:
            row = self._rows.get(cid)
            if row is not None:
                found[cid] = _card(self._data[self._offsets[row] : self._offsets[row + 1]], cid)
        return found

    @classmethod
    def _open(cls, directory: Path, ids: list[str], offsets: list[int], revision: str) -> LocalCards:
        if not ids:
            return cls([], [0], b"", revision)
        with open(directory / CardWriter.data_name, "rb") as f:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        if len(data) != offsets[-1]:
            raise StoreError(f"local cards in {directory} are cut short: {len(data)} bytes of {offsets[-1]}")
        return cls(ids, offsets, data, revision)

    @staticmethod
    def writer(directory: Path, revision: str) -> CardWriter:
        """A writer that saves cards added one by one into ``directory`` when it closes."""
        return CardWriter(directory, revision)

    @classmethod
    def load(cls, directory: Path, revision: str) -> LocalCards | None:
        """The saved cards if they were written for ``revision``, else None."""

        def open_saved(saved: dict[str, Any]) -> LocalCards:
            return cls._open(directory, list(saved["ids"]), [int(o) for o in saved["offsets"]], revision)

        unreadable = f"local cards in {directory} are unreadable"
        return read_saved(directory, CardWriter.index_name, revision, unreadable, open_saved)


class CardWriter(FolderWriter):
    """Writes cards to a temporary folder as they come; closing moves it into place
    (see :class:`ingest.atomic_folder.FolderWriter`)."""

    data_name = "cards.jsonl"
    index_name = "index.json"

    def __init__(self, directory: Path, revision: str) -> None:
        super().__init__(directory, revision)
        self.offsets: list[int] = [0]
        self.cards: LocalCards | None = None

    def add(self, card: Card) -> None:
        """Append one card."""
        line = json.dumps(card.to_record(), ensure_ascii=False).encode() + b"\n"
        self._append(line)
        self.ids.append(card.card_id)
        self.offsets.append(self.offsets[-1] + len(line))

    def _index(self) -> dict[str, object]:
        return {"ids": self.ids, "offsets": self.offsets}

    def _opened(self, folder: Path) -> None:
        self.cards = LocalCards._open(folder, self.ids, self.offsets, self.revision)


def _card(line: bytes, card_id: str) -> Card:
    """The card saved as ``line``."""
    try:
        card = Card.from_record(json.loads(line))
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreError(f"local card {card_id} is unreadable: {exc!r}") from None
    if card.card_id != card_id:
        raise StoreError(f"local card {card_id} is unreadable: its line holds card {card.card_id}")
    return card
