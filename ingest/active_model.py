"""Which model and collection serve: one small file, replaced in one step.

A ranking reads the vectors of one collection, and questions are embedded by the model that
wrote them. Both are named together in the pointer file, so they change together: a re-embed
into a new collection (:mod:`ingest.retune`) writes the pointer only when that collection is
complete and its local indexes are saved. The file is written beside its place and renamed over
it (``os.replace``), so a reader sees the old pointer or the new one, never a mix, and a process
killed at any moment leaves the previous model and collection serving.

With no pointer (a store never tuned) the settings' model serves the settings' collection.

Layout (``{data_dir}/state/serving-{collection}-{key}.json``)::

    {"collection": "cards-t1a2b3c4d5e6", "model": "/data/models/1a2b...", "model_id": "1a2b...",
     "base_model": "all-MiniLM-L6-v2", "switched": "2026-12-06T03:00:00+00:00",
     "base_threshold": 0.42}
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import StoreError

if TYPE_CHECKING:
    from ingest.settings import Settings

#: The model id recorded for a collection written by an untuned model.
BASE_PREFIX = "base:"


@dataclass(frozen=True)
class Serving:
    """The model and collection that answer questions."""

    collection: str
    model: str  # a name or path sentence-transformers loads
    model_id: str  # ``base:<name>`` or a tuned model's id
    base_model: str
    switched: str = ""
    #: The base model's coverage threshold on this deck (:mod:`ingest.deck_threshold`), taken
    #: from its vectors before the switch: the coverage judge's second opinion compares the
    #: base model's similarity with it. None for the base model, or a pointer written before.
    base_threshold: float | None = None

    @property
    def tuned(self) -> bool:
        return not self.model_id.startswith(BASE_PREFIX)

    def describe(self) -> str:
        """One line for ``study doctor`` and ``study eval``."""
        if self.tuned:
            tuned = f"tuned on this deck ({self.model_id}, {self.switched})"
            return f"{self.base_model} {tuned}, collection {self.collection}"
        return f"{self.base_model} (not tuned), collection {self.collection}"


def base_model_id(model_name: str) -> str:
    return f"{BASE_PREFIX}{Path(model_name).name.lower()}"


def pointer_path(settings: Settings) -> Path:
    """Where the pointer of the settings' store and base collection lives."""
    where = f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else "embedded"
    key = hashlib.sha1(f"{where}/{settings.collection}/{settings.embedding_model}".encode()).hexdigest()[:12]
    return settings.data_dir / "state" / f"serving-{settings.collection}-{key}.json"


def untuned(settings: Settings) -> Serving:
    """What serves a store that was never tuned: the settings' model and collection."""
    model = settings.embedding_model
    return Serving(settings.collection, model, base_model_id(model), model)


def read_serving(path: Path) -> Serving | None:
    """The pointer at ``path``, or None when there is none.

    Raises:
        StoreError: when the file is there but cannot be read.
    """
    try:
        return Serving(**json.loads(path.read_text()))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError) as exc:
        raise StoreError(f"the serving-model pointer {path} is unreadable: {exc}") from None


def write_serving(path: Path, serving: Serving) -> None:
    """Replace the pointer at ``path`` in one step (write beside it, flush, rename over it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w") as out:
            json.dump(asdict(serving), out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
