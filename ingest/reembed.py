"""Copying a collection's chunks into another, embedded by another model.

After a tune, every chunk is embedded again by the tuned model into a new collection; the
serving one is only read. The copy can be resumed: a chunk already in the target with its
card's current content hash is kept, one whose card changed is written again, and one whose
card is gone is deleted. So a copy killed half way is finished by the next, and never mixes in
a vector of the old model (the target holds only vectors the new model wrote).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import numpy as np

from ingest.embedder import Embedder
from ingest.store import CardStore

#: Chunks embedded and written together: small enough that a killed copy keeps most of its work
#: and the progress bar moves, large enough that sentence-transformers pads little.
BATCH_TEXTS = 512


def copy_reembedded(
    source: CardStore,
    target: CardStore,
    embedder: Embedder,
    progress: bool = False,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Bring ``target`` in line with ``source``, embedding with ``embedder``; returns chunks written."""
    have = target.content_hashes()
    seen: set[str] = set()
    ids: list[str] = []
    metas: list[dict[str, Any]] = []
    written = 0
    bar = _bar(source.count_chunks() - len(have)) if progress else None

    def flush() -> None:
        nonlocal written
        if ids:
            vectors = embedder.encode([m["text"] for m in metas])
            target.write_records(ids, metas, np.asarray(vectors))
            written += len(ids)
            if bar:
                bar.update(len(ids))
            if on_batch:
                on_batch(len(ids))
            ids.clear()
            metas.clear()

    for page_ids, page_metas in source.iter_records():
        for cid, meta in zip(page_ids, page_metas, strict=True):
            seen.add(cid)
            if have.get(cid) != meta["content_hash"]:
                ids.append(cid)
                metas.append(meta)
            if len(ids) >= BATCH_TEXTS:
                flush()
    flush()
    target.delete_chunks([cid for cid in have if cid not in seen])
    if bar:
        bar.close()
    return written


def _bar(total: int):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    return tqdm(total=max(total, 0), desc="re-embedding chunks", unit="chunk", file=sys.stderr)
